/** Immutable, versioned, content-addressed package records (issue 5 §2). */
import { CrosscheckError } from '../errors/crosscheck-error.js';
import type BetterSqlite3 from 'better-sqlite3';
import { canonicalize } from '../../../shared/format/jcs.js';
import { diffDocuments, formatDiff } from '../../../shared/package/package-diff.js';
import type { PackageDiff, PackageRecord } from '../../../shared/package/record-types.js';
import type { PackageDoc } from '../../../shared/package/package-types.js';
import { sha256Hex } from '../crypto/sha256.js';
import { appendCustody, type CustodyRecord } from './custody.js';
import { hasPackageTables } from './package-schema.js';

type Db = BetterSqlite3.Database;

export type { PackageDiff, PackageRecord };

export interface SavedPackage {
  record: PackageRecord;
  /** False when identical content was already stored (same id): nothing new was written but custody. */
  created: boolean;
  custody: CustodyRecord;
}

/** A PackageRecordError: a CrosscheckError whose code is one of these (shared/errors/error-codes.ts). */
export class PackageRecordError extends CrosscheckError {
  declare readonly code: 'PACKAGE_NOT_FOUND' | 'PACKAGE_SCOPE_MISMATCH';

  constructor(code: 'PACKAGE_NOT_FOUND' | 'PACKAGE_SCOPE_MISMATCH', message: string) {
    super(code, message);
    this.name = 'PackageRecordError';
  }
}

/** The canonical bytes of a package and their SHA-256, which is the package id. */
export function packageBytes(doc: PackageDoc): { bytes: Buffer; id: string } {
  const bytes = Buffer.from(canonicalize(doc), 'utf8');
  return { bytes, id: sha256Hex(bytes) };
}

const COLUMNS = 'id, scope, agent_id, version, period_from, period_to, generated_at, generated_by, entries';

/** What a package says, without when and by whom it was generated: two generations over unchanged evidence compare equal. */
function substance(doc: PackageDoc): string {
  const { generated_at: _at, generated_by: _by, ...rest } = doc;
  return canonicalize(rest);
}

/**
 * The newest version of the same scope (the same agent, or the organisation; within the engagement
 * when one is given) if it says exactly what `doc` says: regenerating over unchanged evidence
 * returns it instead of minting a new version.
 */
function unchangedLatest(db: Db, doc: PackageDoc, agentId: string | null, engagementId: number | undefined): PackageRecord | undefined {
  const inEngagement = engagementId === undefined ? '' : ' AND id IN (SELECT package_id FROM package_engagements WHERE engagement_id = ?)';
  const row = db
    .prepare(`SELECT ${COLUMNS}, body FROM packages WHERE scope = ? AND agent_id IS ?${inEngagement} ORDER BY version DESC LIMIT 1`)
    .get(doc.scope.kind, agentId, ...(engagementId === undefined ? [] : [engagementId])) as (PackageRecord & { body: Buffer }) | undefined;
  if (row === undefined) return undefined;
  const { body, ...record } = row;
  const previous = JSON.parse(Buffer.from(body).toString('utf8')) as PackageDoc;
  return substance(previous) === substance(doc) ? record : undefined;
}

/**
 * Stores a package once (by content) and records the generation in the custody log, atomically.
 * A generation that says what the newest version of its scope already says mints no new version:
 * the custody log records it against that version (`unchanged: true`).
 */
export function savePackage(db: Db, doc: PackageDoc, opts: { actor?: string; ts?: string; engagementId?: number } = {}): SavedPackage {
  const { bytes, id } = packageBytes(doc);
  const agentId = doc.scope.kind === 'agent' ? doc.scope.agent_id : null;
  return db.transaction((): SavedPackage => {
    let record = db.prepare(`SELECT ${COLUMNS} FROM packages WHERE id = ?`).get(id) as PackageRecord | undefined;
    const unchanged = record === undefined ? unchangedLatest(db, doc, agentId, opts.engagementId) : undefined;
    if (unchanged !== undefined) record = unchanged;
    const created = record === undefined;
    if (record === undefined) {
      // Versions count within the engagement: one client's packages never number another's.
      const inEngagement = opts.engagementId === undefined ? '' : ' AND id IN (SELECT package_id FROM package_engagements WHERE engagement_id = ?)';
      const max = db
        .prepare(`SELECT MAX(version) AS v FROM packages WHERE scope = ? AND agent_id IS ?${inEngagement}`)
        .get(doc.scope.kind, agentId, ...(opts.engagementId === undefined ? [] : [opts.engagementId])) as { v: number | null };
      record = {
        id,
        scope: doc.scope.kind,
        agent_id: agentId,
        version: (max.v ?? 0) + 1,
        period_from: doc.period.from,
        period_to: doc.period.to,
        generated_at: doc.generated_at,
        generated_by: doc.generated_by,
        entries: doc.population.entries,
      };
      db.prepare(`INSERT INTO packages (${COLUMNS}, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
        record.id,
        record.scope,
        record.agent_id,
        record.version,
        record.period_from,
        record.period_to,
        record.generated_at,
        record.generated_by,
        record.entries,
        bytes,
      );
    }
    if (opts.engagementId !== undefined) {
      db.prepare('INSERT OR IGNORE INTO package_engagements (package_id, engagement_id) VALUES (?, ?)').run(record.id, opts.engagementId);
    }
    const custody = appendCustody(db, {
      ts: opts.ts ?? doc.generated_at,
      actor: opts.actor ?? doc.generated_by,
      action: 'package.generated',
      subject: record.id,
      exports: doc.exports.map((e) => e.export_id),
      detail: {
        scope: doc.scope.kind,
        agent_id: agentId,
        version: record.version,
        period: doc.period,
        entries: doc.population.entries,
        new_record: created,
        ...(unchanged !== undefined ? { unchanged: true } : {}),
      },
    });
    return { record, created, custody };
  })();
}

/** Records, newest first, optionally only one agent's (or only org packages with `org: true`). */
export function listPackages(db: Db, filter: { agentId?: string; org?: boolean; engagementId?: number } = {}): PackageRecord[] {
  if (!hasPackageTables(db)) return [];
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (filter.agentId !== undefined) {
    where.push('agent_id = ?');
    params.push(filter.agentId);
  } else if (filter.org === true) where.push("scope = 'org'");
  if (filter.engagementId !== undefined) {
    where.push('id IN (SELECT package_id FROM package_engagements WHERE engagement_id = ?)');
    params.push(filter.engagementId);
  }
  return db.prepare(`SELECT ${COLUMNS} FROM packages ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY rowid DESC`).all(...params) as PackageRecord[];
}

/**
 * The versions of a record's scope (its agent, or the organisation) within the engagement it was
 * made in, newest first: another client's packages of the same scope never show as its versions.
 */
export function packageVersions(db: Db, record: PackageRecord): PackageRecord[] {
  const link = db.prepare('SELECT engagement_id AS id FROM package_engagements WHERE package_id = ? ORDER BY engagement_id LIMIT 1').get(record.id) as { id: number } | undefined;
  const scope = record.agent_id !== null ? { agentId: record.agent_id } : { org: true };
  return listPackages(db, link === undefined ? scope : { ...scope, engagementId: link.id }).filter((r) => r.scope === record.scope);
}

/** The stored row of package `id` with `columns`, or PACKAGE_NOT_FOUND. */
function packageRow<T>(db: Db, id: string, columns: string): T {
  if (!hasPackageTables(db)) throw new PackageRecordError('PACKAGE_NOT_FOUND', `no package ${id} in the store`);
  const row = db.prepare(`SELECT ${columns} FROM packages WHERE id = ?`).get(id) as T | undefined;
  if (row === undefined) throw new PackageRecordError('PACKAGE_NOT_FOUND', `no package ${id} in the store`);
  return row;
}

/**
 * A package's record without its body (naming an export file, listing): no read, hash or parse
 * of a body that can run to megabytes. Whoever uses the content calls getPackage, which checks it.
 */
export function getPackageRecord(db: Db, id: string): PackageRecord {
  return packageRow<PackageRecord>(db, id, COLUMNS);
}

/** One record with its stored document; the bytes are re-hashed so a tampered body is refused. */
export function getPackage(db: Db, id: string): { record: PackageRecord; doc: PackageDoc; bytes: Buffer } {
  const row = packageRow<PackageRecord & { body: Buffer }>(db, id, `${COLUMNS}, body`);
  const { body, ...record } = row;
  const bytes = Buffer.from(body);
  if (sha256Hex(bytes) !== id) throw new PackageRecordError('PACKAGE_NOT_FOUND', `package ${id} does not match its content hash`);
  return { record, doc: JSON.parse(bytes.toString('utf8')) as PackageDoc, bytes };
}

/** Readable diff between two versions of the same agent's (or the org's) package. */
export function diffPackages(db: Db, fromId: string, toId: string): PackageDiff {
  const a = getPackage(db, fromId);
  const b = getPackage(db, toId);
  if (a.record.scope !== b.record.scope || a.record.agent_id !== b.record.agent_id) {
    throw new PackageRecordError('PACKAGE_SCOPE_MISMATCH', 'a diff compares two versions for the same agent (or two org packages)');
  }
  const changes = diffDocuments(a.doc, b.doc);
  const header = `package v${a.record.version} (${a.record.id.slice(0, 12)}) \u2192 v${b.record.version} (${b.record.id.slice(0, 12)})\n`;
  return { from: a.record, to: b.record, changes, text: header + formatDiff(changes) };
}
