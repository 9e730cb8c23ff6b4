/** `crosscheck demo --out <dir> [--entries N] [--seed S] [--first-seq S] [--plant <kind>] [--no-zip]`. */
import { CrosscheckError } from '../../core/errors/crosscheck-error.js';
import { generateDemo, isPlantKind, PLANTABLE_KINDS } from '../../core/demo/generate-demo.js';
import { intFlag, parseCommand, requireString } from '../cli-support.js';

const USAGE = 'crosscheck demo --out <dir> [--entries N] [--seed S] [--first-seq S] [--plant <kind>] [--no-zip]';

export async function demoCommand(args: string[]): Promise<number> {
  const { values } = parseCommand(
    args,
    { out: { type: 'string' }, entries: { type: 'string' }, seed: { type: 'string' }, 'first-seq': { type: 'string' }, plant: { type: 'string' }, 'no-zip': { type: 'boolean' }, json: { type: 'boolean' } },
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
  let result;
  try {
    result = await generateDemo({ outDir, entries, seed: (values.seed as string | undefined) ?? '1', firstSeq, plant: plant ?? null, zip: values['no-zip'] !== true });
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
