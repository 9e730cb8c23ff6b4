/**
 * A customer's workbook coming in through the app: headers Crosscheck does not recognise are
 * mapped once in a dialog over the first rows, and the next workbook of that template (under
 * another name) is read by itself; bad workbooks (password-protected, macro-enabled, corrupt,
 * empty, a zip bomb) are refused with one clear error and nothing is stored.
 */
import { writeFileSync } from 'node:fs';
import { deflateRawSync, crc32 } from 'node:zlib';
import { sampleWorkbook } from '../../electron/core/questionnaire/sample-workbook.js';
import { readWorkbookArchive, zipParts } from '../../electron/core/questionnaire/workbook-zip.js';
import { writeRawZip } from '../support/raw-zip.js';
import { expect, importViaUi, screenshot, test } from './support/app-fixture.js';

const HEADER = 'Ref,Text,Reply,Why\n';

test('columns mapped once in the app are remembered for the layout', async ({
  page,
  app,
  bundles,
}, testInfo) => {
  const first = testInfo.outputPath('acme-review.csv');
  writeFileSync(
    first,
    `${HEADER}Q1,Are activity logs protected against tampering?,,\nQ2,Is multi-factor authentication required for remote access?,,\n`,
  );
  await page.goto(app.url);
  await importViaUi(page, bundles.clean);
  await page.getByTestId('nav-questionnaires').click();
  await page.getByTestId('questionnaire-upload').setInputFiles(first);
  await expect(page.getByTestId('q-mapping')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('q-mapping-header')).toHaveValue('1');
  await expect(page.getByTestId('q-mapping-preview')).toContainText('Are activity logs protected');
  await expect(page.getByTestId('q-mapping-save')).toBeDisabled();
  await page.getByTestId('q-mapping-id').selectOption('A');
  await page.getByTestId('q-mapping-question').selectOption('B');
  await page.getByTestId('q-mapping-answer').selectOption({ label: 'C — Reply' });
  await page.getByTestId('q-mapping-notes').selectOption('D');
  await screenshot(page, '44-questionnaire-mapping');
  await page.getByTestId('q-mapping-save').click();
  await expect(page.getByTestId('q-progress')).toHaveText('0 of 2 reviewed', { timeout: 20_000 });
  await expect(page.getByTestId('q-item-0')).toContainText('Q1');
  await expect(page.getByTestId('q-item-0')).toContainText('Yes');

  // Another customer's copy of the same template: no dialog this time.
  const second = testInfo.outputPath('globex-2027.csv');
  writeFileSync(second, `${HEADER}G1,Are audit logs signed and verified?,,\n`);
  await page.getByTestId('nav-questionnaires').click();
  await expect(page.getByTestId('screen-questionnaires')).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('questionnaire-upload').setInputFiles(second);
  await expect(page.getByTestId('q-progress')).toHaveText('0 of 1 reviewed', { timeout: 20_000 });
  await expect(page.getByTestId('q-item-0')).toContainText('G1');
});

test('bad workbooks are refused with one clear error and nothing is stored', async ({
  page,
  app,
  bundles,
}, testInfo) => {
  const parts = (await readWorkbookArchive(await sampleWorkbook('caiq'), 'sample.xlsx')).parts;
  const zeros = Buffer.alloc(64 * 1024 * 1024);
  const bomb = testInfo.outputPath('bomb.xlsx');
  writeRawZip(bomb, [
    { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
    {
      name: 'xl/worksheets/sheet1.xml',
      data: Buffer.alloc(0),
      deflated: { data: deflateRawSync(zeros, { level: 9 }), crc: crc32(zeros) },
      size: zeros.length,
    },
  ]);
  const cases: [string, Buffer | null, RegExp][] = [
    [
      'locked.xlsx',
      Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(1024)]),
      /password-protected/,
    ],
    [
      'macros.xlsm',
      await zipParts(new Map(parts).set('xl/vbaProject.bin', Buffer.from('VBA'))),
      /macro-enabled/,
    ],
    ['broken.xlsx', Buffer.from('PK\u0003\u0004 this is not really a zip archive at all'), /corrupt/],
    ['empty.xlsx', Buffer.alloc(0), /empty/],
    ['bomb.xlsx', null, /zip bomb/],
  ];
  await page.goto(app.url);
  await importViaUi(page, bundles.clean);
  await page.getByTestId('nav-questionnaires').click();
  await expect(page.getByTestId('screen-questionnaires')).toHaveAttribute('data-ready', 'true');
  for (const [name, bytes, why] of cases) {
    const file = bytes === null ? bomb : testInfo.outputPath(name);
    if (bytes !== null) writeFileSync(file, bytes);
    await page.getByTestId('questionnaire-upload').setInputFiles(file);
    const error = page.getByTestId('questionnaire-add-error');
    await expect(error).toContainText(why, { timeout: 20_000 });
    await expect(error).toContainText('nothing was written');
    await expect(page.getByTestId('q-mapping')).toHaveCount(0);
  }
  await screenshot(page, '45-questionnaire-refused');
  await page.reload();
  await expect(page.getByTestId('screen-questionnaires')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('questionnaire-row')).toHaveCount(0);
});
