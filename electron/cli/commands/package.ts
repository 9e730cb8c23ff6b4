/**
 * `crosscheck package (--agent <id> | --org) [--from T --to T] [--store <dir>] [--pdf out.pdf] [--json out.json] [--binder out.zip]`,
 * `crosscheck custody verify [--store <dir>]` and `crosscheck verify-binder <zip> --key <pub>`.
 */
import os from 'node:os';
import path from 'node:path';
import { CrosscheckError } from '../../core/errors/crosscheck-error.js';
import { custodyVerifyAction, packageAction, verifyBinderAction, type ActionOutcome } from '../../core/package/package-actions.js';
import { defaultStoreDir } from '../../core/store/store-dir.js';
import { parseTimestamp } from '../../../shared/format/timestamps.js';
import { PACKAGE_FRAMEWORK_CHOICES, type PackageFrameworkChoice } from '../../../shared/frameworks/package-frameworks.js';
import { parseCommand, readFileArg, requireString } from '../cli-support.js';
import { withReadStore, withWritableStore } from '../store-access.js';

const USAGE = 'crosscheck package (--agent <id> | --org [--org-id <id>]) [--engagement <id>] [--from T --to T] [--store <dir>] [--pdf out.pdf] [--json out.json] [--binder out.zip] [--framework soc2|iso27001|all [--mapping vendor.csv]]';

function emit<T>(o: ActionOutcome<T>): number {
  if (o.exitCode === 3) throw new CrosscheckError('BAD_ARGUMENTS', o.text.trim());
  process.stdout.write(o.text);
  return o.exitCode;
}

function timeFlag(v: unknown, flag: string): string | undefined {
  if (v === undefined) return undefined;
  if (parseTimestamp(v) === null) throw new CrosscheckError('BAD_ARGUMENTS', `${flag} takes a timestamp like 2026-03-18T00:00:00.000Z, not "${String(v)}"`);
  return v as string;
}

export async function packageCommand(args: string[]): Promise<number> {
  const { values } = parseCommand(
    args,
    {
      agent: { type: 'string' },
      org: { type: 'boolean' },
      'org-id': { type: 'string' },
      engagement: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      store: { type: 'string' },
      pdf: { type: 'string' },
      json: { type: 'string' },
      binder: { type: 'string' },
      'generated-at': { type: 'string' },
      by: { type: 'string' },
      framework: { type: 'string' },
      mapping: { type: 'string' },
    },
    0,
    USAGE,
  );
  if ((values.agent === undefined) === (values.org !== true)) throw new CrosscheckError('BAD_ARGUMENTS', `give exactly one of --agent <id> or --org — usage: ${USAGE}`);
  const framework = values.framework as string | undefined;
  if (framework !== undefined && !(PACKAGE_FRAMEWORK_CHOICES as readonly string[]).includes(framework)) {
    throw new CrosscheckError('BAD_ARGUMENTS', `--framework takes soc2, iso27001 or all, not "${framework}"`);
  }
  let mapping: { fileName: string; text: string } | undefined;
  if (typeof values.mapping === 'string') {
    if (framework === undefined) throw new CrosscheckError('BAD_ARGUMENTS', '--mapping checks the platform’s mapping into a package made with --framework soc2|iso27001|all');
    mapping = { fileName: path.basename(values.mapping), text: readFileArg(values.mapping).toString('utf8') };
  }
  const storeDir = (values.store as string | undefined) ?? defaultStoreDir();
  const generatedAt = timeFlag(values['generated-at'], '--generated-at') ?? new Date().toISOString();
  // Reading first proves the store exists: packaging never creates an empty store.
  await withReadStore(storeDir, () => undefined);
  return withWritableStore(storeDir, async (store) =>
    emit(
      await packageAction(store.db, {
        agentId: values.agent as string | undefined,
        org: values.org === true,
        orgId: values['org-id'] as string | undefined,
        engagement: values.engagement as string | undefined,
        from: timeFlag(values.from, '--from'),
        to: timeFlag(values.to, '--to'),
        jsonPath: values.json as string | undefined,
        pdfPath: values.pdf as string | undefined,
        binderPath: values.binder as string | undefined,
        dataDir: storeDir,
        generatedBy: (values.by as string | undefined) ?? os.userInfo().username,
        generatedAt,
        ...(framework !== undefined ? { frameworks: framework as PackageFrameworkChoice } : {}),
        ...(mapping !== undefined ? { mapping } : {}),
      }),
    ),
  );
}

export async function custodyCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'verify') throw new CrosscheckError('BAD_ARGUMENTS', 'usage: crosscheck custody verify [--store <dir>]');
  const { values } = parseCommand(rest, { store: { type: 'string' } }, 0, 'crosscheck custody verify [--store <dir>]');
  return withReadStore(values.store as string | undefined, (store) => emit(custodyVerifyAction(store.db)));
}

export async function verifyBinderCommand(args: string[]): Promise<number> {
  const usage = 'crosscheck verify-binder <zip> --key <pub>';
  const { values, positionals } = parseCommand(args, { key: { type: 'string' } }, 1, usage);
  return emit(await verifyBinderAction(positionals[0]!, requireString(values.key, '--key', usage)));
}
