/** Immutable, versioned, content-addressed package records (issue 5 §2). */
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

export class PackageRecordError extends Error {
  constructor(
    readonly code: 'PACKAGE_NOT_FOUND' | 'PACKAGE_SCOPE_MISMATCH',
    message: string,
  ) {
    super(message);
    this.name = 'PackageRecordError';
  }
}

/** The canonical bytes of a package and their SHA-256, which is the package id. */
export function packageBytes(doc: PackageDoc): { bytes: Buffer; id: string } {
  const bytes = Buffer.from(canonicalize(doc), 'utf8');
  return { bytes, id: sha256Hex(bytes) };
}

const COLUMNS = 'id, scope, agent_id, version, period_from, period_to, generated_at, generated_by, entries';

/** Stores a package once (by content) and records the generation in the custody log, atomically. */
export function savePackage(db: Db, doc: PackageDoc, opts: { actor?: string; ts?: string } = {}): SavedPackage {
  const { bytes, id } = packageBytes(doc);
  const agentId = doc.scope.kind === 'agent' ? doc.scope.agent_id : null;
  return db.transaction((): SavedPackage => {
    let record = db.prepare(`SELECT ${COLUMNS} FROM packages WHERE id = ?`).get(id) as PackageRecord | undefined;
    const created = record === undefined;
    if (record === undefined) {
      const max = db
        .prepare('SELECT MAX(version) AS v FROM packages WHERE scope = ? AND agent_id IS ?')
        .get(doc.scope.kind, agentId) as { v: number | null };
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
    const custody = appendCustody(db, {
      ts: opts.ts ?? doc.generated_at,
      actor: opts.actor ?? doc.generated_by,
      action: 'package.generated',
      subject: id,
      exports: doc.exports.map((e) => e.export_id),
      detail: {
        scope: doc.scope.kind,
        agent_id: agentId,
        version: record.version,
        period: doc.period,
        entries: doc.population.entries,
        new_record: created,
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
