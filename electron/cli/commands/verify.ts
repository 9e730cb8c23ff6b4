/** `crosscheck verify <bundle> --keyring <file> [--json] [--store <dir>] [--no-eval]` (spec §9). */
import { verifyBundle } from '../../core/verify/verify-bundle.js';
import { boundHeapGrowth } from '../../core/verify/heap-growth.js';
import { exitCodeFor } from '../../core/verify/report-status.js';
import { formatReportText } from '../../../shared/report/report-text.js';
import { loadKeyring, parseCommand, requireBundlePath, requireString } from '../cli-support.js';
import { withContinuityView } from '../store-access.js';

const USAGE = 'crosscheck verify <bundle> --keyring <file> [--json] [--store <dir>]';

export async function verifyCommand(args: string[]): Promise<number> {
  boundHeapGrowth();
  const { values, positionals } = parseCommand(
    args,
    { keyring: { type: 'string' }, json: { type: 'boolean' }, store: { type: 'string' }, 'no-eval': { type: 'boolean' } },
    1,
    USAGE,
  );
  const bundle = positionals[0]!;
  const { keyring } = loadKeyring(requireString(values.keyring, '--keyring', USAGE));
  requireBundlePath(bundle);
  const result = await withContinuityView(values.store as string | undefined, (continuity) =>
    verifyBundle(bundle, { keyring, continuity, evaluate: values['no-eval'] !== true }),
  );
  process.stdout.write(values.json ? `${JSON.stringify(result.report, null, 2)}\n` : formatReportText(result.report));
  return exitCodeFor(result.report);
}
