/**
 * `crosscheck demo --out <dir> [--entries N] [--seed S] [--first-seq S] [--plant <kind>] [--no-zip]
 * [--calls <share>] [--agents N] [--rules-per-agent N] [--configs-per-agent N]`.
 */
import { CrosscheckError } from '../../core/errors/crosscheck-error.js';
import { generateDemo, isPlantKind, PLANTABLE_KINDS, type DemoMix } from '../../core/demo/generate-demo.js';
import { intFlag, parseCommand, requireString } from '../cli-support.js';

const USAGE =
  'crosscheck demo --out <dir> [--entries N] [--seed S] [--first-seq S] [--plant <kind>] [--no-zip] [--calls <share 0–1>] [--agents N] [--rules-per-agent N] [--configs-per-agent N]';

export async function demoCommand(args: string[]): Promise<number> {
  const { values } = parseCommand(
    args,
    { out: { type: 'string' }, entries: { type: 'string' }, seed: { type: 'string' }, 'first-seq': { type: 'string' }, plant: { type: 'string' }, 'no-zip': { type: 'boolean' }, json: { type: 'boolean' },
      calls: { type: 'string' }, agents: { type: 'string' }, 'rules-per-agent': { type: 'string' }, 'configs-per-agent': { type: 'string' } },
    0,
    USAGE,
  );
  const outDir = requireString(values.out, '--out', USAGE);
  const entries = intFlag(values.entries, '--entries', 2000);
  if (entries < 1) throw new CrosscheckError('BAD_ARGUMENTS', '--entries must be at least 1');
  const firstSeq = intFlag(values['first-seq'], '--first-seq', 0);
  const plant = values.plant as string | undefined;
  if (plant !== undefined && !isPlantKind(plant)) {
    throw new CrosscheckError('BAD_ARGUMENTS', `--plant "${plant}" is not plantable; one of: ${PLANTABLE_KINDS.join(', ')}`);
  }
  const mix: DemoMix = {};
  if (values.calls !== undefined) {
    const share = Number(values.calls);
    if (typeof values.calls !== 'string' || !/^(0(\.\d+)?|1(\.0+)?)$/.test(values.calls) || !(share > 0)) throw new CrosscheckError('BAD_ARGUMENTS', `--calls takes a share in (0, 1], not "${String(values.calls)}"`);
    mix.callShare = share;
  }
  if (values.agents !== undefined) mix.agents = intFlag(values.agents, '--agents', 0);
  if (values['rules-per-agent'] !== undefined) mix.extraRulesPerAgent = intFlag(values['rules-per-agent'], '--rules-per-agent', 0);
  if (values['configs-per-agent'] !== undefined) mix.extraConfigsPerAgent = intFlag(values['configs-per-agent'], '--configs-per-agent', 0);
  let result;
  try {
    result = await generateDemo({
      outDir,
      entries,
      seed: (values.seed as string | undefined) ?? '1',
      firstSeq,
      plant: plant ?? null,
      zip: values['no-zip'] !== true,
      ...(Object.keys(mix).length ? { mix } : {}),
    });
  } catch (e) {
    if (e instanceof RangeError) throw new CrosscheckError('BAD_ARGUMENTS', e.message);
    throw e;
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ bundle: result.bundleDir, zip: result.zipPath, keyring: result.keyringPath, expected: result.expectedPath, previous: result.previousDir }, null, 2)}\n`);
  } else {
    const ex = result.expected;
    process.stdout.write(
      `wrote ${ex.export.range.count} entries (seq ${ex.export.range.first_seq}–${ex.export.range.last_seq}) of ${ex.export.org.name}\n` +
        `  bundle   ${result.bundleDir}\n${result.zipPath ? `  zip      ${result.zipPath}\n` : ''}  keyring  ${result.keyringPath}\n  expected ${result.expectedPath} (${ex.integrity}, ${ex.findings.length} planted finding(s))\n` +
        (result.previousDir ? `  previous ${result.previousDir} (import it first: the plant needs two exports)\n` : '') +
        `verify with: crosscheck verify ${result.bundleDir} --keyring ${result.keyringPath}\n`,
    );
  }
  return 0;
}
