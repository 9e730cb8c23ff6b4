/** `crosscheck explain (<bundle> --keyring <file> | [--store <dir>] [--engagement <id>] --export <id>) --seq N [--json]`. */
import { CrosscheckError } from '../../core/errors/crosscheck-error.js';
import { explainFromBundle, type EntryExplanation } from '../../core/explain/explain-entry.js';
import { explainFromStore } from '../../services/queries/explain-queries.js';
import { formatTrace } from '../../../shared/evaluate/explain.js';
import { intFlag, loadKeyring, requireBundlePath, parseCommand } from '../cli-support.js';
import { chooseEngagement, withReadStore } from '../store-access.js';
import { readScope } from '../read-scope.js';

const USAGE = 'crosscheck explain (<bundle> --keyring <file> | [--store <dir>] [--engagement <id>] --export <id>) --seq N [--json]';

function text(x: EntryExplanation): string {
  const out: string[] = [];
  out.push(`Entry ${x.seq} of export ${x.exportId ?? '(unknown)'} — integrity ${x.integrity}`);
  out.push(`  action   ${x.entry?.action_type ?? '(not a JSON object)'} by ${x.entry?.actor?.type ?? '?'} ${x.entry?.actor?.id ?? ''} at ${x.entry?.ts ?? '?'}`);
  out.push(`  leaf     ${x.leafHash}`);
  out.push(`  prev     ${x.entry?.prev ?? '?'}`);
  out.push(`  line     ${x.line.length > 400 ? `${x.line.slice(0, 400)}…` : x.line}`);
  out.push('');
  if (x.trace) out.push(formatTrace(x.trace).trimEnd(), '');
  else out.push('(not a connector call: it is replayed into the state as recorded and checked for its actor\'s rights)', '');
  out.push(x.findings.length ? `Findings on this entry: ${x.findings.length}` : 'Findings on this entry: none');
  for (const f of x.findings) out.push(`  ${f.severity.toUpperCase().padEnd(8)} ${f.kind} [${f.controls.join(', ')}]\n           ${f.message}`);
  return `${out.join('\n')}\n`;
}

export async function explainCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(
    args,
    { keyring: { type: 'string' }, store: { type: 'string' }, engagement: { type: 'string' }, export: { type: 'string' }, seq: { type: 'string' }, json: { type: 'boolean' } },
    args.length > 0 && !args[0]!.startsWith('--') ? 1 : 0,
    USAGE,
  );
  if (values.seq === undefined) throw new CrosscheckError('BAD_ARGUMENTS', `--seq is required — usage: ${USAGE}`);
  const seq = intFlag(values.seq, '--seq', 0);
  let x: EntryExplanation;
  if (positionals.length === 1) {
    if (values.keyring === undefined) throw new CrosscheckError('BAD_ARGUMENTS', `--keyring is required with a bundle — usage: ${USAGE}`);
    const { keyring } = loadKeyring(values.keyring as string);
    requireBundlePath(positionals[0]!);
    x = await explainFromBundle(positionals[0]!, keyring, seq);
  } else {
    if (values.export === undefined) throw new CrosscheckError('BAD_ARGUMENTS', `give a bundle, or --export <id> with --store — usage: ${USAGE}`);
    const raw = values.export as string;
    // Within one engagement (its voided exports included), like every other read: an export id
    // from another client's engagement is not found here.
    x = await withReadStore(values.store as string | undefined, (s) =>
      explainFromStore(s, /^\d+$/.test(raw) ? Number(raw) : raw, seq, readScope(s, chooseEngagement(s, values.engagement)).exports),
    );
  }
  process.stdout.write(values.json ? `${JSON.stringify(x, null, 2)}\n` : text(x));
  return 0;
}
