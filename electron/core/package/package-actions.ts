/**
 * The three package commands as plain functions returning text and an exit code, so the CLI
 * (`crosscheck package | custody verify | verify-binder`) and the app's handlers only parse
 * arguments and print. Exit codes follow spec §9: 0 good, 2 verification failed, 3 could not run.
 */
import type { PackageFrameworkChoice } from '../../../shared/frameworks/package-frameworks.js';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import { loadOrCreateAuditorKey, parsePublicKey, publicKeyText } from '../binder/auditor-key.js';
import { verifyBinder, type BinderVerification } from '../binder/verify-binder.js';
import { PackageBuildError } from './build-package.js';
import { verifyCustody, type CustodyVerification } from './custody.js';
import { generatePackage, type GenerateResult } from './generate.js';
import { engagementScope, getEngagement } from '../engagement/engagements.js';

type Db = BetterSqlite3.Database;

export interface ActionOutcome<T> {
  exitCode: 0 | 1 | 2 | 3;
  /** What a person reads (stdout for 0/1/2, the one stderr line for 3). */
  text: string;
  value: T | null;
}

export interface PackageActionOptions {
  agentId?: string;
  org?: boolean;
  /** With `org`: which organisation, needed only when the store holds several. */
  orgId?: string;
  /** The engagement the package is made in: its exports, period and notes (default: the organisation's). */
  engagement?: string;
  from?: string;
  to?: string;
  jsonPath?: string;
  pdfPath?: string;
  binderPath?: string;
  /** The app's data folder: where the auditor key lives (created on first binder). */
  dataDir: string;
  generatedBy: string;
  /** Generation time; the CLI passes the clock or `--generated-at`, never read here. */
  generatedAt: string;
  /** Where to write the exportable public key next to a binder (default: `<binder>.pub.json`). */
  publicKeyPath?: string;
  /** `--framework soc2|iso27001|all`: readiness, and for Annex A the SoA and gaps, in the package. */
  frameworks?: PackageFrameworkChoice;
  /** `--mapping <file>`: the platform's own mapping, checked and put in the package. */
  mapping?: { fileName: string; text: string };
}

/** `crosscheck package (--agent <id> | --org) [--from T --to T] [--pdf] [--json] [--binder]`. */
export async function packageAction(db: Db, o: PackageActionOptions): Promise<ActionOutcome<GenerateResult>> {
  if ((o.agentId === undefined) === (o.org !== true)) {
    return { exitCode: 3, text: 'give exactly one of --agent <id> or --org', value: null };
  }
  try {
    const key = o.binderPath !== undefined ? loadOrCreateAuditorKey(o.dataDir, o.generatedBy) : undefined;
    const e = o.engagement !== undefined ? packageEngagement(db, o.engagement, o.orgId) : null;
    const scope = o.agentId !== undefined ? { kind: 'agent' as const, agentId: o.agentId } : { kind: 'org' as const, orgId: o.orgId ?? e?.orgId };
    const res = await generatePackage(db, {
      scope: e ? { ...scope, exportRefs: e.exportRefs } : scope,
      ...(e ? { engagementId: e.id } : {}),
      from: o.from ?? e?.period?.from,
      to: o.to ?? e?.period?.to,
      generatedAt: o.generatedAt,
      generatedBy: o.generatedBy,
      jsonPath: o.jsonPath,
      pdfPath: o.pdfPath,
      binderPath: o.binderPath,
      key,
      ...(o.frameworks !== undefined ? { frameworks: o.frameworks } : {}),
      ...(o.mapping !== undefined ? { mapping: o.mapping } : {}),
    });
    const lines = [
      `package ${res.packageId} (version ${res.record.version}${res.created ? '' : ', identical content already recorded'})`,
      `scope: ${res.doc.scope.kind === 'agent' ? `agent ${res.doc.scope.agent_name ?? ''} ${res.doc.scope.agent_id}` : 'organisation'}`,
      `period: ${res.doc.period.from} – ${res.doc.period.to}`,
      `entries: ${res.doc.population.entries}, calls: ${res.doc.execution.totals.calls}, exports: ${res.doc.exports.length}, findings: ${res.doc.findings.length}`,
      `custody: #${res.custody.seq} ${res.custody.hash}`,
    ];
    const fw = res.doc.frameworks;
    if (fw?.readiness.iso27001) lines.push(`ISO/IEC 27001 readiness: ${fw.readiness.iso27001.overall.shown}`);
    if (fw?.readiness.soc2) lines.push(`SOC 2 readiness: ${fw.readiness.soc2.overall.shown}`);
    for (const [what, file] of Object.entries(res.written)) lines.push(`${what}: ${file}`);
    if (key !== undefined && o.binderPath !== undefined) {
      const pubPath = o.publicKeyPath ?? `${o.binderPath}.pub.json`;
      writeFileSync(pubPath, publicKeyText(key));
      lines.push(`public key: ${pubPath} (key id ${key.keyId})`);
    }
    return { exitCode: 0, text: `${lines.join('\n')}\n`, value: res };
  } catch (e) {
    if (e instanceof PackageBuildError) return { exitCode: 3, text: e.message, value: null };
    throw e;
  }
}

/** The engagement a package is made in: its exports and period, and the one organisation it covers. */
function packageEngagement(db: Db, id: string, orgId: string | undefined): { id: number; orgId: string | undefined; exportRefs: number[]; period: { from: string; to: string } | null } {
  const e = getEngagement(db, id);
  if (orgId !== undefined && !e.orgs.some((o) => o.orgId === orgId)) {
    throw new PackageBuildError('PACKAGE_AMBIGUOUS_ORG', `engagement ${e.id} (${e.name}) does not cover organisation ${orgId}`);
  }
  const sc = engagementScope(db, e.id);
  return { id: Number(e.id), orgId: orgId ?? (e.orgs.length === 1 ? e.orgs[0]!.orgId : undefined), exportRefs: sc.exportRefs, period: sc.period };
}

/** `crosscheck custody verify`: recomputes the custody chain. */
export function custodyVerifyAction(db: Db): ActionOutcome<CustodyVerification> {
  const v = verifyCustody(db);
  const text = v.ok
    ? `custody log OK: ${v.entries} records, head ${v.head}\n`
    : `custody log BROKEN:\n${v.problems.map((p) => `  #${p.seq}: ${p.problem}`).join('\n')}\n`;
  return { exitCode: v.ok ? 0 : 2, text, value: v };
}

/** `crosscheck verify-binder <zip> --key <pub>`: offline check of a binder. */
export async function verifyBinderAction(zipPath: string, keyPath: string): Promise<ActionOutcome<BinderVerification>> {
  let raw: Buffer;
  try {
    raw = parsePublicKey(readFileSync(keyPath, 'utf8')).raw;
  } catch (e) {
    return { exitCode: 3, text: `cannot read the public key ${keyPath}: ${(e as Error).message}`, value: null };
  }
  try {
    if (!statSync(zipPath).isFile()) throw new Error('not a file');
  } catch (e) {
    return { exitCode: 3, text: `cannot read ${zipPath}: ${(e as Error).message}`, value: null };
  }
  const v = await verifyBinder(zipPath, raw);
  const text = v.ok
    ? `binder OK: ${v.files.length} files, SHA256SUMS signed by ${v.signedBy ?? 'the given key'} (key id ${v.keyId})\n`
    : `binder FAILED (key id ${v.keyId}):\n${v.problems.map((p) => `  ${p.problem}${p.file === null ? '' : ` ${p.file}`}: ${p.detail}`).join('\n')}\n`;
  return { exitCode: v.ok ? 0 : 2, text, value: v };
}
