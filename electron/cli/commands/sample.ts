/**
 * `crosscheck sample …` draws a reproducible sample of one control's population into a workpaper;
 * `crosscheck sample verify <workpaper>` re-derives it from a store (exit 0 match, 2 mismatch).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { isFrameworkId } from '../../../shared/engagement/engagement-types.js';
import { CrosscheckError } from '../../core/errors/crosscheck-error.js';
import { isStratifyBy } from '../../core/sampling/stratified.js';
import { drawSample, verifyWorkpaper, type Workpaper } from '../../core/sampling/workpaper.js';
import { saveWorkpaper } from '../../core/sampling/testing.js';
import { renderWorkpaper } from '../../core/pdf/workpaper-renderer.js';
import { workpaperXlsx } from '../../core/sampling/workpaper-xlsx.js';
import { intFlag, parseCommand, requireString } from '../cli-support.js';
import { chooseEngagement, withReadStore, withWritableStore } from '../store-access.js';
import { osUser } from '../../core/os-user.js';

export const SAMPLE_USAGE = [
  'crosscheck sample --control <id> --seed S --out <workpaper.json> [--framework soc2|iso27001] [--engagement <id>] [--method random|systematic|stratified --stratify agent|month|environment] [--size N --reason "…"] [--confidence 0.95] [--tolerable 0.05] [--pdf <workpaper.pdf>] [--xlsx <workpaper.xlsx>] [--store <dir>]',
  'crosscheck sample verify <workpaper.json> [--store <dir>]',
].join('\n       ');

function fraction(v: unknown, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!(n > 0 && n < 1))
    throw new CrosscheckError(
      'BAD_ARGUMENTS',
      `${flag} takes a fraction between 0 and 1 (e.g. 0.95), not "${String(v)}"`,
    );
  return n;
}

export async function sampleCommand(args: string[]): Promise<number> {
  if (args[0] === 'verify') {
    const { values, positionals } = parseCommand(
      args.slice(1),
      { store: { type: 'string' } },
      1,
      SAMPLE_USAGE,
    );
    let w: Workpaper;
    try {
      w = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as Workpaper;
    } catch (e) {
      throw new CrosscheckError(
        'FILE_UNREADABLE',
        `cannot read the workpaper ${positionals[0]!}: ${(e as Error).message}`,
      );
    }
    const check = await withReadStore(values.store as string | undefined, (s) => verifyWorkpaper(s.db, w));
    if (check.ok)
      process.stdout.write(
        `workpaper matches the store: population ${w.population.size} (digest ${w.population.digest}), ${w.items.length} items re-drawn from seed "${w.selection.seed}"\n`,
      );
    else
      process.stdout.write(
        `workpaper does NOT match the store:\n${check.problems.map((p) => `  ${p}`).join('\n')}\n`,
      );
    return check.ok ? 0 : 2;
  }
  const { values } = parseCommand(
    args,
    {
      control: { type: 'string' },
      framework: { type: 'string' },
      engagement: { type: 'string' },
      seed: { type: 'string' },
      method: { type: 'string' },
      stratify: { type: 'string' },
      size: { type: 'string' },
      reason: { type: 'string' },
      confidence: { type: 'string' },
      tolerable: { type: 'string' },
      out: { type: 'string' },
      pdf: { type: 'string' },
      xlsx: { type: 'string' },
      store: { type: 'string' },
    },
    0,
    SAMPLE_USAGE,
  );
  const control = requireString(values.control, '--control', SAMPLE_USAGE);
  const seed = requireString(values.seed, '--seed', SAMPLE_USAGE);
  const out = requireString(values.out, '--out', SAMPLE_USAGE);
  const framework = (values.framework as string | undefined) ?? 'soc2';
  if (!isFrameworkId(framework))
    throw new CrosscheckError('BAD_ARGUMENTS', `--framework "${framework}" is not one of soc2, iso27001`);
  const method = (values.method as string | undefined) ?? 'random';
  if (method !== 'random' && method !== 'systematic' && method !== 'stratified')
    throw new CrosscheckError(
      'BAD_ARGUMENTS',
      `--method takes random, systematic or stratified, not "${method}"`,
    );
  const stratify = values.stratify as string | undefined;
  if (stratify !== undefined && !isStratifyBy(stratify))
    throw new CrosscheckError(
      'BAD_ARGUMENTS',
      `--stratify takes agent, month or environment, not "${stratify}"`,
    );
  if (method === 'stratified' && stratify === undefined)
    throw new CrosscheckError(
      'BAD_ARGUMENTS',
      '--method stratified needs --stratify agent|month|environment',
    );
  const size = values.size === undefined ? undefined : intFlag(values.size, '--size', 0);
  await withReadStore(values.store as string | undefined, () => undefined);
  const by = osUser();
  const at = new Date().toISOString();
  const { w, sha, id } = await withWritableStore(values.store as string | undefined, (s) => {
    const engagement = chooseEngagement(s, values.engagement);
    if (engagement === null) throw new CrosscheckError('NOT_FOUND', 'the store holds no engagement yet');
    const w = drawSample(s.db, {
      engagementId: engagement,
      framework,
      control,
      seed,
      method,
      ...(stratify !== undefined && isStratifyBy(stratify) ? { stratify } : {}),
      ...(size !== undefined ? { size } : {}),
      ...(values.reason !== undefined ? { reason: values.reason as string } : {}),
      ...(fraction(values.confidence, '--confidence') !== undefined
        ? { confidence: fraction(values.confidence, '--confidence')! }
        : {}),
      ...(fraction(values.tolerable, '--tolerable') !== undefined
        ? { tolerable: fraction(values.tolerable, '--tolerable')! }
        : {}),
      generatedAt: at,
      generatedBy: by,
    });
    const saved = saveWorkpaper(s.db, w, { by, at });
    return { w, sha: saved.sha256, id: saved.id };
  });
  writeFileSync(out, `${JSON.stringify(w, null, 2)}\n`);
  const pdf = values.pdf as string | undefined;
  if (pdf !== undefined)
    writeFileSync(pdf, await renderWorkpaper({ workpaper: w, sha256: sha, tested: null }));
  const xlsx = values.xlsx as string | undefined;
  if (xlsx !== undefined) writeFileSync(xlsx, await workpaperXlsx({ workpaper: w, sha256: sha, tested: null }));
  process.stdout.write(
    `${w.population.title}: population ${w.population.size} (digest ${w.population.digest})\n` +
      `sample ${w.items.length} by ${w.selection.method} selection${w.selection.strata ? ` by ${w.selection.stratify} (${w.selection.strata.map((x) => `${x.key} ${x.n}/${x.size}`).join(', ')})` : ''}, ${w.selection.prng}, seed "${w.selection.seed}"; size rule: ${w.size.rule}\n` +
      `${w.risk_items.length} risk-based addition(s) (items with findings) listed apart\n` +
      (pdf !== undefined ? `workpaper PDF ${pdf}\n` : '') +
      (xlsx !== undefined ? `workpaper spreadsheet ${xlsx}\n` : '') +
      `workpaper ${out} (sha256 ${sha}, recorded in the custody log; workpaper ${id} in the store for testing)\n`,
  );
  return 0;
}
