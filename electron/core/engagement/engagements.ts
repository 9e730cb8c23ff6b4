/**
 * Engagements in the store: created, renamed and scoped by the auditor (history kept), created on
 * first import of an organisation, and the scope (exports, period) every query of one engagement
 * is computed within.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { canonicalize } from '../../../shared/format/jcs.js';
import type { EngagementHistoryRow, EngagementView, FrameworkId } from '../../../shared/engagement/engagement-types.js';
import { isFrameworkId } from '../../../shared/engagement/engagement-types.js';
import { CrosscheckError } from '../errors/crosscheck-error.js';

type Db = BetterSqlite3.Database;

interface EngagementRow {
  id: number;
  name: string;
  period_from: string | null;
  period_to: string | null;
  frameworks: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

/** Who and when, for every change an auditor makes. */
export interface Actor {
  by: string;
  at: string;
}

export interface EngagementInput {
  name: string;
  orgIds?: string[];
  periodFrom?: string | null;
  periodTo?: string | null;
  frameworks?: FrameworkId[];
}

/** What one engagement's queries are computed within. */
export interface EngagementScope {
  id: number;
  /** Exports placed in the engagement and not voided, ascending. */
  exportRefs: number[];
  /** Exports placed here and voided (kept, shown only as voided). */
  voidedRefs: number[];
  period: { from: string; to: string } | null;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function hasTables(db: Db): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'engagements'").get() !== undefined;
}

function parseId(id: number | string): number {
  const n = typeof id === 'number' ? id : /^\d{1,12}$/.test(id.trim()) ? Number(id.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw new CrosscheckError('BAD_ARGUMENTS', `"${String(id)}" is not an engagement id (crosscheck engagement list shows them)`);
  return n;
}

function checkPeriod(from: string | null | undefined, to: string | null | undefined): void {
  for (const [flag, v] of [['from', from], ['to', to]] as const) {
    if (v !== null && v !== undefined && !TIMESTAMP.test(v)) {
      throw new CrosscheckError('BAD_ARGUMENTS', `the period's ${flag} "${v}" is not a timestamp like 2026-01-01T00:00:00.000Z`);
    }
  }
  if (from && to && from > to) throw new CrosscheckError('BAD_ARGUMENTS', `the period starts (${from}) after it ends (${to})`);
}

function checkFrameworks(fw: readonly string[]): FrameworkId[] {
  if (fw.length === 0) throw new CrosscheckError('BAD_ARGUMENTS', 'an engagement needs at least one framework in scope (soc2, iso27001)');
  for (const f of fw) if (!isFrameworkId(f)) throw new CrosscheckError('BAD_ARGUMENTS', `unknown framework "${f}" (soc2 or iso27001)`);
  return [...new Set(fw)].sort() as FrameworkId[];
}

function history(db: Db, id: number, actor: Actor, action: string, detail: Record<string, unknown>): void {
  db.prepare('INSERT INTO engagement_history (engagement_id, at, by, action, detail) VALUES (?, ?, ?, ?, ?)').run(id, actor.at, actor.by, action, canonicalize(detail));
}

function toView(db: Db, r: EngagementRow): EngagementView {
  const orgs = db
    .prepare<[number], { org_id: string; org_name: string | null }>('SELECT org_id, org_name FROM engagement_orgs WHERE engagement_id = ? ORDER BY org_id')
    .all(r.id)
    .map((o) => ({ orgId: o.org_id, orgName: o.org_name }));
  const counts = db
    .prepare<[number], { n: number; voided: number; lo: string | null; hi: string | null }>(
      `SELECT count(*) AS n, count(v.export_ref) AS voided,
              min(CASE WHEN v.export_ref IS NULL THEN x.period_from END) AS lo,
              max(CASE WHEN v.export_ref IS NULL THEN x.period_to END) AS hi
       FROM engagement_exports e JOIN exports x ON x.id = e.export_ref LEFT JOIN export_voids v ON v.export_ref = e.export_ref
       WHERE e.engagement_id = ?`,
    )
    .get(r.id)!;
  let frameworks: FrameworkId[];
  try {
    frameworks = (JSON.parse(r.frameworks) as string[]).filter(isFrameworkId);
  } catch {
    frameworks = ['soc2'];
  }
  return {
    id: String(r.id),
    name: r.name,
    orgs,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    span: counts.lo && counts.hi ? { from: counts.lo, to: counts.hi } : null,
    frameworks,
    exports: counts.n - counts.voided,
    voided: counts.voided,
    createdAt: r.created_at,
    createdBy: r.created_by,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

/** Every engagement, oldest first. */
export function listEngagements(db: Db): EngagementView[] {
  if (!hasTables(db)) return [];
  return db.prepare<[], EngagementRow>('SELECT * FROM engagements ORDER BY id').all().map((r) => toView(db, r));
}

/** One engagement, or a NOT_FOUND error naming the id. */
export function getEngagement(db: Db, id: number | string): EngagementView {
  const n = parseId(id);
  const row = hasTables(db) ? db.prepare<[number], EngagementRow>('SELECT * FROM engagements WHERE id = ?').get(n) : undefined;
  if (!row) throw new CrosscheckError('NOT_FOUND', `no engagement ${n} in the store (crosscheck engagement list shows them)`);
  return toView(db, row);
}

/** The changes made to one engagement, oldest first. */
export function engagementHistory(db: Db, id: number | string): EngagementHistoryRow[] {
  const n = getEngagementId(db, id);
  return db
    .prepare<[number], { at: string; by: string; action: string; detail: string }>('SELECT at, by, action, detail FROM engagement_history WHERE engagement_id = ? ORDER BY id')
    .all(n)
    .map((r) => ({ at: r.at, by: r.by, action: r.action, detail: JSON.parse(r.detail) as Record<string, unknown> }));
}

function getEngagementId(db: Db, id: number | string): number {
  return Number(getEngagement(db, id).id);
}

function insertEngagement(db: Db, input: EngagementInput, orgNames: Map<string, string | null>, actor: Actor, action: string): number {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) throw new CrosscheckError('BAD_ARGUMENTS', 'an engagement needs a name of 1 to 200 characters');
  checkPeriod(input.periodFrom, input.periodTo);
  const frameworks = checkFrameworks(input.frameworks ?? ['soc2']);
  const id = Number(
    db
      .prepare(
        'INSERT INTO engagements (name, period_from, period_to, frameworks, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(name, input.periodFrom ?? null, input.periodTo ?? null, JSON.stringify(frameworks), actor.at, actor.by, actor.at, actor.by).lastInsertRowid,
  );
  const org = db.prepare('INSERT INTO engagement_orgs (engagement_id, org_id, org_name) VALUES (?, ?, ?)');
  for (const orgId of input.orgIds ?? []) org.run(id, orgId, orgNames.get(orgId) ?? null);
  history(db, id, actor, action, { name, orgIds: input.orgIds ?? [], periodFrom: input.periodFrom ?? null, periodTo: input.periodTo ?? null, frameworks });
  return id;
}

/** The name the store's exports give an organisation id, if any export named it. */
function knownOrgNames(db: Db, orgIds: readonly string[]): Map<string, string | null> {
  const out = new Map<string, string | null>();
  const q = db.prepare<[string], { n: string | null }>('SELECT max(org_name) AS n FROM exports WHERE org_id = ?');
  for (const id of orgIds) out.set(id, q.get(id)?.n ?? null);
  return out;
}

/** Creates an engagement (the auditor's own, before or after importing its exports). */
export function createEngagement(db: Db, input: EngagementInput, actor: Actor): EngagementView {
  const id = db.transaction(() => insertEngagement(db, input, knownOrgNames(db, input.orgIds ?? []), actor, 'created'))();
  return getEngagement(db, id);
}

export interface EngagementPatch {
  name?: string;
  periodFrom?: string | null;
  periodTo?: string | null;
  frameworks?: FrameworkId[];
  addOrgIds?: string[];
}

/** Renames or re-scopes an engagement; each change is recorded with who and when. */
export function updateEngagement(db: Db, id: number | string, patch: EngagementPatch, actor: Actor): EngagementView {
  const current = getEngagement(db, id);
  const n = Number(current.id);
  const next = {
    name: patch.name !== undefined ? patch.name.trim() : current.name,
    periodFrom: patch.periodFrom !== undefined ? patch.periodFrom : current.periodFrom,
    periodTo: patch.periodTo !== undefined ? patch.periodTo : current.periodTo,
    frameworks: patch.frameworks !== undefined ? checkFrameworks(patch.frameworks) : current.frameworks,
  };
  if (next.name.length === 0 || next.name.length > 200) throw new CrosscheckError('BAD_ARGUMENTS', 'an engagement needs a name of 1 to 200 characters');
  checkPeriod(next.periodFrom, next.periodTo);
  db.transaction(() => {
    db.prepare('UPDATE engagements SET name = ?, period_from = ?, period_to = ?, frameworks = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(
      next.name,
      next.periodFrom,
      next.periodTo,
      JSON.stringify(next.frameworks),
      actor.at,
      actor.by,
      n,
    );
    const names = knownOrgNames(db, patch.addOrgIds ?? []);
    const org = db.prepare('INSERT OR IGNORE INTO engagement_orgs (engagement_id, org_id, org_name) VALUES (?, ?, ?)');
    for (const o of patch.addOrgIds ?? []) org.run(n, o, names.get(o) ?? null);
    const changed: Record<string, unknown> = {};
    if (next.name !== current.name) changed.name = { from: current.name, to: next.name };
    if (next.periodFrom !== current.periodFrom) changed.periodFrom = { from: current.periodFrom, to: next.periodFrom };
    if (next.periodTo !== current.periodTo) changed.periodTo = { from: current.periodTo, to: next.periodTo };
    if (canonicalize(next.frameworks) !== canonicalize(current.frameworks)) changed.frameworks = { from: current.frameworks, to: next.frameworks };
    if (patch.addOrgIds?.length) changed.addOrgIds = patch.addOrgIds;
    history(db, n, actor, 'updated', changed);
  })();
  return getEngagement(db, n);
}

/**
 * The engagement an import lands in, inside the import's transaction: the one named, else the
 * oldest naming the export's organisation, else a new one created for it (its first import).
 */
export function engagementForImport(db: Db, org: { id: string; name: string } | null, explicit: number | string | undefined, actor: Actor): number {
  if (explicit !== undefined) {
    const id = getEngagementId(db, explicit);
    if (!org) return id;
    const orgs = db.prepare<[number], { org_id: string }>('SELECT org_id FROM engagement_orgs WHERE engagement_id = ?').all(id).map((r) => r.org_id);
    // One client's export never lands in another client's engagement by a slip of the id.
    if (orgs.length > 0 && !orgs.includes(org.id)) {
      throw new CrosscheckError(
        'BAD_ARGUMENTS',
        `this export is from organisation ${org.id} (${org.name}); engagement ${id} covers ${orgs.join(', ')}. Import it without --engagement, or add the organisation to the engagement first`,
      );
    }
    if (orgs.length === 0) {
      db.prepare('INSERT INTO engagement_orgs (engagement_id, org_id, org_name) VALUES (?, ?, ?)').run(id, org.id, org.name);
      history(db, id, actor, 'organisation added by import', { orgId: org.id });
    }
    return id;
  }
  if (org) {
    const found = db.prepare<[string], { id: number }>('SELECT engagement_id AS id FROM engagement_orgs WHERE org_id = ? ORDER BY engagement_id LIMIT 1').get(org.id);
    if (found) return found.id;
    return insertEngagement(db, { name: org.name || org.id, orgIds: [org.id] }, new Map([[org.id, org.name]]), actor, 'created on first import');
  }
  const unattributed = db.prepare<[], { id: number }>("SELECT id FROM engagements WHERE name = 'Unattributed imports' ORDER BY id LIMIT 1").get();
  if (unattributed) return unattributed.id;
  return insertEngagement(db, { name: 'Unattributed imports' }, new Map(), actor, 'created for an export with no readable organisation');
}

/** Places an export in an engagement (called once, inside the import that recorded it). */
export function placeExport(db: Db, exportRef: number, engagementId: number, actor: Actor): void {
  db.prepare('INSERT INTO engagement_exports (export_ref, engagement_id, placed_at, placed_by) VALUES (?, ?, ?, ?)').run(exportRef, engagementId, actor.at, actor.by);
  history(db, engagementId, actor, 'export placed', { exportRef });
}

/** The engagement an export belongs to, or null for none (a store written before engagements). */
export function engagementOfExport(db: Db, exportRef: number): number | null {
  if (!hasTables(db)) return null;
  return db.prepare<[number], { id: number }>('SELECT engagement_id AS id FROM engagement_exports WHERE export_ref = ?').get(exportRef)?.id ?? null;
}

/** The void of an export, if it was voided. */
export function exportVoid(db: Db, exportRef: number): { reason: string; voidedAt: string; voidedBy: string } | null {
  if (!hasTables(db)) return null;
  const r = db.prepare<[number], { reason: string; voided_at: string; voided_by: string }>('SELECT reason, voided_at, voided_by FROM export_voids WHERE export_ref = ?').get(exportRef);
  return r ? { reason: r.reason, voidedAt: r.voided_at, voidedBy: r.voided_by } : null;
}

/**
 * A verification superseded by a newer one of the same archive in the same engagement (a
 * re-import with another keyring): kept in the export's history, left out of every count so
 * nothing is counted twice. Only within the engagement: the same archive imported into another
 * client's engagement never changes what this one shows.
 */
const SUPERSEDED = `SELECT 1 FROM exports x0 JOIN imports i0 ON i0.id = x0.import_id, exports x1 JOIN imports i1 ON i1.id = x1.import_id
  WHERE x0.id = e.export_ref AND i1.archive_sha256 = i0.archive_sha256 AND x1.id > x0.id
    AND NOT EXISTS (SELECT 1 FROM export_voids v1 WHERE v1.export_ref = x1.id)
    AND EXISTS (SELECT 1 FROM engagement_exports e1 WHERE e1.export_ref = x1.id AND e1.engagement_id = e.engagement_id)`;

/** The exports, period and id one engagement's views are computed within. */
export function engagementScope(db: Db, id: number | string): EngagementScope {
  const e = getEngagement(db, id);
  const n = Number(e.id);
  const rows = db
    .prepare<[number], { ref: number; voided: number }>(
      `SELECT e.export_ref AS ref, (v.export_ref IS NOT NULL) AS voided FROM engagement_exports e LEFT JOIN export_voids v ON v.export_ref = e.export_ref
       WHERE e.engagement_id = ? AND NOT EXISTS (${SUPERSEDED}) ORDER BY e.export_ref`,
    )
    .all(n);
  const from = e.periodFrom ?? e.span?.from ?? null;
  const to = e.periodTo ?? e.span?.to ?? null;
  return {
    id: n,
    exportRefs: rows.filter((r) => r.voided === 0).map((r) => r.ref),
    voidedRefs: rows.filter((r) => r.voided === 1).map((r) => r.ref),
    period: from && to ? { from, to } : null,
  };
}

/**
 * The engagement a command reads when none is named: the only one, else an error listing them
 * (one client's data never shows in another's by default).
 */
export function defaultEngagement(db: Db): number {
  const all = listEngagements(db);
  if (all.length === 1) return Number(all[0]!.id);
  if (all.length === 0) throw new CrosscheckError('NOT_FOUND', 'the store holds no engagement yet; import an export first');
  throw new CrosscheckError(
    'BAD_ARGUMENTS',
    `the store holds ${all.length} engagements; name one with --engagement <id> (${all.map((e) => `${e.id} "${e.name}"`).join(', ')})`,
  );
}

/**
 * The engagement a package made without one belongs to (CLI, older callers): the oldest naming
 * its organisation, else the store's only engagement, else none (the package then carries the
 * default responsibility text).
 */
export function engagementForOrg(db: Db, orgId: string | undefined): number | null {
  if (!hasTables(db)) return null;
  if (orgId !== undefined) {
    const r = db.prepare<[string], { id: number }>('SELECT engagement_id AS id FROM engagement_orgs WHERE org_id = ? ORDER BY engagement_id LIMIT 1').get(orgId);
    if (r) return r.id;
  }
  const all = db.prepare<[], { id: number }>('SELECT id FROM engagements ORDER BY id LIMIT 2').all();
  return all.length === 1 ? all[0]!.id : null;
}
