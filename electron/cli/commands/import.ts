/** `crosscheck import <bundle> --keyring <file> [--store <dir>] [--json]`: verify and store in one transaction. */
import path from 'node:path';
import { importBundle } from '../../core/import/import-bundle.js';
import { boundHeapGrowth } from '../../core/verify/heap-growth.js';
import {
  interruptSignal,
  loadKeyring,
  parseCommand,
  progressBar,
  requireBundlePath,
  requireString,
} from '../cli-support.js';
import { withWritableStore } from '../store-access.js';

const USAGE = 'crosscheck import <bundle> --keyring <file> [--engagement <id>] [--store <dir>] [--json]';

export async function importCommand(args: string[]): Promise<number> {
  boundHeapGrowth();
  const { values, positionals } = parseCommand(
    args,
    { keyring: { type: 'string' }, store: { type: 'string' }, engagement: { type: 'string' }, json: { type: 'boolean' } },
    1,
    USAGE,
  );
  const bundle = positionals[0]!;
  const keyringFile = requireString(values.keyring, '--keyring', USAGE);
  const { keyring } = loadKeyring(keyringFile);
  requireBundlePath(bundle);
  const { signal, dispose } = interruptSignal();
  const bar = progressBar('importing');
  try {
    const result = await withWritableStore(values.store as string | undefined, (store) =>
      importBundle(store, bundle, {
        keyring,
        keyringName: path.basename(keyringFile),
        ...(values.engagement !== undefined ? { engagement: values.engagement as string } : {}),
        // The command holds the store alone while it runs: a new origin is written once, not
        // through the WAL and a checkpoint.
        exclusive: true,
        signal,
        onProgress: (p) => bar.update(p.bytesRead, p.totalBytes, p.entries),
      }),
    );
    bar.end();
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify({ status: result.status, export_ref: result.exportRef, export_id: result.exportId, integrity: result.integrity, trusted: result.trusted, new_entries: result.newEntries, engagement_id: result.engagementId, message: result.message }, null, 2)}\n`,
      );
    } else {
      const r = result.report;
      process.stdout.write(`${result.message}${result.engagementId !== null ? ` (engagement ${result.engagementId})` : ''}\n`);
      if (result.status === 'imported') {
        process.stdout.write(
          `  integrity ${r.integrity.status}, continuity ${r.integrity.continuity}, ${r.findings.length} finding(s); ${r.evaluation.calls} calls re-decided, ${r.evaluation.disagreed} disagree\n`,
        );
      }
    }
    if (result.integrity !== 'VALID') return 2;
    return result.report.findings.some(
      (f) => f.severity === 'critical' || f.severity === 'high' || f.severity === 'medium',
    )
      ? 1
      : 0;
  } finally {
    bar.end();
    dispose();
  }
}
