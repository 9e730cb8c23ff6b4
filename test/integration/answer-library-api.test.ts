/**
 * The answer library through the contract on a real store, as the app's library screen uses it:
 * a team entry added and a built-in edited (over the browser's transport, as under serve) flow
 * into the next read and fill of a customer's workbook; a stale edit is refused; every revision
 * says who, when and what changed. A CSV's Evidence listing is a second download under serve; a
 * workbook's preview for mapping its columns, and the mapping remembered for the same template.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodName } from '../../shared/api/contract.js';
import type { Result } from '../../shared/api/result.js';
import type {
  FilledQuestionnaireFile,
  QuestionnaireView,
  WorkbookPreview,
} from '../../shared/questionnaire/questionnaire-types.js';
import type {
  LibraryListEntry,
  LibraryListing,
  LibraryRevision,
} from '../../shared/questionnaire/library-types.js';
import { sampleWorkbook } from '../../electron/core/questionnaire/sample-workbook.js';
import { openWorkbook, type XlsxWorkbook } from '../../electron/core/questionnaire/workbook.js';
import { listCustody } from '../../electron/core/package/custody.js';
import { dispatch } from '../../electron/services/dispatch.js';
import { createServices, type Services } from '../../electron/services/services.js';
import { demoStore } from '../support/demo-store.js';
import { removeDir, tempDir } from '../support/bundle-files.js';

let dir: string;
let services: Services;
let q: QuestionnaireView;
const http = { transport: 'http' as const };
const ipc = { transport: 'ipc' as const };
let clock = 0;

async function call<T>(method: MethodName, args: unknown, ctx: { transport: 'ipc' | 'http' } = http) {
  return (await dispatch(services.handlers, method, args, ctx)) as Result<T>;
}
async function value<T>(method: MethodName, args: unknown, ctx: { transport: 'ipc' | 'http' } = http) {
  const r = await call<T>(method, args, ctx);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value;
}
const item = (v: QuestionnaireView, id: string) => v.items.find((i) => i.questionId === id)!;

beforeAll(async () => {
  dir = tempDir('cc-answer-library-api-');
  const store = demoStore(dir, 'alib', 600);
  services = await createServices({
    storeDir: store,
    user: 'grc-lead',
    now: () => new Date(Date.UTC(2026, 11, 3, 9, clock++)),
  });
  const workbook = path.join(dir, 'customer.xlsx');
  // 14 questions: the 12 sample ones and two of our own wording that no built-in answers.
  writeFileSync(workbook, await sampleWorkbook('caiq', 14));
  q = await value<QuestionnaireView>(
    'questionnaires.add',
    { engagementId: '1', file: { kind: 'path', path: workbook }, fileName: 'customer.xlsx' },
    ipc,
  );
}, 120_000);

afterAll(async () => {
  await services.close();
  removeDir(dir);
});

describe('answerLibrary.*', () => {
  it('lists the built-ins as shipped with the rules an entry may rest on', async () => {
    const l = await value<LibraryListing>('answerLibrary.list', {});
    expect(l.entries.length).toBe(21);
    expect(new Set(l.entries.map((e) => e.origin))).toEqual(new Set(['builtin']));
    expect(l.rules.map((r) => r.id)).toContain('AC-1');
    expect(l.rules.find((r) => r.id === 'AC-1')!.question.length).toBeGreaterThan(10);
  });

  it('a team entry added in the app answers the next read and fill of the workbook', async () => {
    expect(item(q, 'LOG-21.1').match.by).not.toBe('id');
    const e = await value<LibraryListEntry>('answerLibrary.save', {
      question: 'Is capacity planned and reviewed?',
      answer: 'yes',
      narrative: 'Capacity is planned each quarter by the platform team (plan CP-2026).',
      caiq: ['LOG-21.1'],
      sig: ['Z.13'],
      keywords: ['capacity planning'],
    });
    expect(e).toMatchObject({ key: 'U-1', origin: 'team', revision: 1, updatedBy: 'grc-lead' });
    const v = await value<QuestionnaireView>('questionnaires.get', {
      engagementId: '1',
      questionnaireId: q.id,
    });
    expect(item(v, 'LOG-21.1').match).toMatchObject({ entryKey: 'U-1', by: 'id', confidence: 1 });
    expect(item(v, 'LOG-21.1').final).toMatchObject({
      answer: 'yes',
      narrative: 'Capacity is planned each quarter by the platform team (plan CP-2026).',
    });
    const f = await value<FilledQuestionnaireFile>('questionnaires.export', {
      engagementId: '1',
      questionnaireId: q.id,
    });
    expect(f.evidence).toBeNull();
    const sent = services.downloads.take(f.downloadId!);
    const filled = (await openWorkbook(sent.path)) as XlsxWorkbook;
    sent.done();
    const sheet = filled.sheets.find((s) => s.name === 'CAIQv4')!;
    const row = [...sheet.grid.entries()].find(([, c]) => c.get(0) === 'LOG-21.1')![1];
    expect(row.get(2)).toBe('Yes');
    expect(row.get(4)).toContain('plan CP-2026');
  });

  it('editing a built-in changes the next answer and puts its earlier review out of date', async () => {
    const before = item(q, 'IAM-16.1');
    expect(before.match.entryKey).toBe('AC-1');
    await value('questionnaires.review', {
      engagementId: '1',
      questionnaireId: q.id,
      item: before.item,
      action: 'accept',
    });
    const shipped = (await value<LibraryListing>('answerLibrary.list', {})).entries.find(
      (x) => x.key === 'AC-1',
    )!;
    const e = await value<LibraryListEntry>('answerLibrary.save', {
      key: 'AC-1',
      expectRevision: 0,
      question: 'Is each automated agent held to its declared scope?',
      rule: 'AC-1',
      narrative: 'Agents run under per-agent service accounts.',
      caiq: shipped.caiq,
      sig: ['H.4'],
      keywords: shipped.keywords,
    });
    expect(e).toMatchObject({ key: 'AC-1', origin: 'edited', revision: 1, sig: ['H.4'], answer: null });
    const v = await value<QuestionnaireView>('questionnaires.get', {
      engagementId: '1',
      questionnaireId: q.id,
    });
    const after = item(v, 'IAM-16.1');
    // The team's words lead; what the evidence says (the planted scope violation) still follows.
    expect(after.final.narrative).toMatch(/^Agents run under per-agent service accounts\. /);
    expect(after.final.answer).toBe(before.final.answer);
    expect(after.flags).toMatchObject({ changedSinceReview: true, reviewed: false });
  });

  it('a save made on an older revision is refused instead of undoing the other edit', async () => {
    const r = await call('answerLibrary.save', {
      key: 'AC-1',
      expectRevision: 0,
      question: 'Is each agent limited?',
      rule: 'AC-1',
    });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/revision 1/) },
    });
    const bad = await call('answerLibrary.save', { question: 'Anything at all?' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    const noWhy = await call('answerLibrary.save', { question: 'Are badges checked?', rule: 'not:' });
    expect(noWhy).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    const unknown = await call('answerLibrary.history', { key: 'NOPE-1' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('keeps every revision with who, when and which fields it changed', async () => {
    const edited = (await value<LibraryListing>('answerLibrary.list', {})).entries.find(
      (x) => x.key === 'AC-1',
    )!;
    await value('answerLibrary.save', {
      key: 'AC-1',
      expectRevision: 1,
      question: edited.question,
      rule: 'AC-1',
      narrative: edited.narrative,
      caiq: edited.caiq,
      sig: ['H.4', 'H.5'],
      keywords: edited.keywords,
    });
    const h = await value<LibraryRevision[]>('answerLibrary.history', { key: 'AC-1' });
    expect(h.map((r) => [r.revision, r.by])).toEqual([
      [1, 'grc-lead'],
      [2, 'grc-lead'],
    ]);
    expect(h[0]!.changed).toEqual(['question', 'sig', 'narrative']);
    expect(h[1]!.changed).toEqual(['sig']);
    expect(h[1]!.at > h[0]!.at).toBe(true);
    const l = await value<LibraryListing>('answerLibrary.list', {});
    expect(l.entries.filter((e) => e.origin !== 'builtin').map((e) => [e.key, e.origin])).toEqual([
      ['AC-1', 'edited'],
      ['U-1', 'team'],
    ]);
  });
});

describe('a CSV questionnaire under serve', () => {
  it('offers the filled CSV and its Evidence CSV as two downloads, both custody-logged', async () => {
    const csv = path.join(dir, 'vendor.csv');
    writeFileSync(
      csv,
      'Question ID,Question,CSP CAIQ Answer,CSP Implementation Description\n' +
        'LOG-09.1,Are audit logs protected against tampering and checked for integrity?,,\n' +
        'IAM-14.1,Is multi-factor authentication required for remote access?,,\n',
    );
    const c = await value<QuestionnaireView>(
      'questionnaires.add',
      { engagementId: '1', file: { kind: 'path', path: csv }, fileName: 'vendor.csv' },
      ipc,
    );
    const f = await value<FilledQuestionnaireFile>('questionnaires.export', {
      engagementId: '1',
      questionnaireId: c.id,
    });
    expect(f).toMatchObject({ name: 'vendor-filled.csv', path: null });
    expect(f.evidence).toMatchObject({ name: 'vendor-filled-evidence.csv', path: null });
    expect(f.evidence!.downloadId).not.toBe(f.downloadId);
    const main = services.downloads.take(f.downloadId!);
    const evidence = services.downloads.take(f.evidence!.downloadId!);
    const rows = readFileSync(main.path, 'utf8').split(/\r?\n/);
    const listing = readFileSync(evidence.path, 'utf8');
    main.done();
    evidence.done();
    expect(rows[1]).toMatch(/^LOG-09\.1,.*,Yes,/);
    expect(listing.split(/\r?\n/)[0]).toMatch(/question/i);
    expect(listing).toContain('LOG-09.1');
    expect(Buffer.byteLength(listing)).toBe(f.evidence!.bytes);
    const rec = listCustody(services.store.db, {}).find((r) => r.subject === `questionnaire:${f.sha256}`);
    expect(rec?.detail).toMatchObject({ evidence_csv_sha256: f.evidence!.sha256 });
  });

  it('writes the Evidence CSV beside the file the desktop app chose', async () => {
    const list = await value<{ id: string; fileName: string }[]>('questionnaires.list', {
      engagementId: '1',
    });
    const c = list.find((x) => x.fileName === 'vendor.csv')!;
    const dest = path.join(dir, 'out', 'answers.csv');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(path.dirname(dest), { recursive: true });
    const f = await value<FilledQuestionnaireFile>(
      'questionnaires.export',
      { engagementId: '1', questionnaireId: c.id, dest: { kind: 'path', path: dest } },
      ipc,
    );
    expect(f.evidence).toMatchObject({
      path: path.join(dir, 'out', 'answers-evidence.csv'),
      downloadId: null,
    });
    expect(readFileSync(f.evidence!.path!, 'utf8')).toContain('IAM-14.1');
  });
});

describe('questionnaires.preview and a mapping given once', () => {
  it('previews an unrecognised layout; the mapping it is added with reads the same template under another name', async () => {
    const header = 'Ref,Text,Reply,Why\n';
    const a = path.join(dir, 'acme-vendor-review.csv');
    writeFileSync(a, `${header}Q1,Are activity logs protected against tampering?,,\n`);
    const p = await value<WorkbookPreview>(
      'questionnaires.preview',
      { file: { kind: 'path', path: a } },
      ipc,
    );
    expect(p).toMatchObject({ fileName: 'acme-vendor-review.csv', detected: false });
    expect(p.sheets[0]).toMatchObject({ headerGuess: 1, columns: ['A', 'B', 'C', 'D'] });
    expect(p.sheets[0]!.rows[0]).toEqual(['Ref', 'Text', 'Reply', 'Why']);
    const refused = await call(
      'questionnaires.add',
      { engagementId: '1', file: { kind: 'path', path: a } },
      ipc,
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    await value(
      'questionnaires.add',
      {
        engagementId: '1',
        file: { kind: 'path', path: a },
        columns: 'id=A,question=B,answer=C,notes=D,header=1',
      },
      ipc,
    );
    const b = path.join(dir, 'globex-2027.csv');
    writeFileSync(b, `${header}G1,Is multi-factor authentication required?,,\nG2,Are audit logs signed?,,\n`);
    expect(
      (await value<WorkbookPreview>('questionnaires.preview', { file: { kind: 'path', path: b } }, ipc))
        .detected,
    ).toBe(true);
    const v = await value<QuestionnaireView>(
      'questionnaires.add',
      { engagementId: '1', file: { kind: 'path', path: b } },
      ipc,
    );
    expect(v.items.map((i) => i.questionId)).toEqual(['G1', 'G2']);
  });

  it('refuses a bad workbook in the preview as in a fill', async () => {
    const bad = path.join(dir, 'locked.xlsx');
    writeFileSync(bad, Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)]));
    const r = await call('questionnaires.preview', { file: { kind: 'path', path: bad } }, ipc);
    expect(r).toMatchObject({ ok: false, error: { message: expect.stringMatching(/password-protected/) } });
    const http = await call(
      'questionnaires.preview',
      { file: { kind: 'path', path: bad } },
      { transport: 'http' },
    );
    expect(http).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
