/**
 * The audit trail queries. Entries are keyed by rowid = (log << 40) | pos, so the unfiltered
 * list and an export's range are rowid ranges, and offsets into them are arithmetic, not scans.
 */
import type { EntryFilter } from '../../../shared/api/contract.js';
import { ApiFailure } from '../../../shared/api/result.js';
import type { EntryPage, Facets } from '../../../shared/api/view-types.js';
import { SOC2_EVIDENCE_MAP } from '../../../shared/frameworks/soc2-evidence-map.js';
import { ISO27001_EVIDENCE_MAP } from '../../../shared/frameworks/iso27001-evidence-map.js';
import type { Store } from '../../core/store/store.js';
import type { DerivedCache, LogInfo } from './derived-cache.js';
import type { StoredEntry } from './entry-rows.js';
import { indexable, indexTerm } from '../search-index.js';
import { ENTRY_SELECT, toEntryRow } from './entry-rows.js';

interface Where {
  clauses: string[];
  params: (string | number)[];
}

/** A contiguous rowid span: one log's positions [from, to]. */
interface Span {
  logId: number;
  from: number;
  to: number;
}

function spanCount(s: Span): number {
  return s.to - s.from + 1;
}

/** The logs (and position ranges) a filter can touch, in rowid order. */
function spansFor(filter: EntryFilter, cache: DerivedCache): Span[] {
  if (filter.exportRef !== undefined) {
    const x = cache.exports().find((e) => String(e.ref) === filter.exportRef);
    if (!x || x.posFirst === null || x.posLast === null) return [];
    return [{ logId: x.logId, from: x.posFirst, to: x.posLast }];
  }
  // Evidence for a criterion is accepted lines only: quarantined copies are kept, not counted.
  const logs = filter.controls ? cache.logs().filter((l) => l.kind === 'origin') : cache.logs();
  // Every run of every log holds a row at each position, so offsets map straight to rowids.
  return logs.flatMap((l: LogInfo) => l.runs.map(([from, to]) => ({ logId: l.logId, from, to })));
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function buildWhere(filter: EntryFilter, spans: Span[], useIndex: boolean, cache: DerivedCache): Where {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  if (spans.length > 0) {
    clauses.push(`(${spans.map(() => '(e.id >= ((? << 40) + ?) AND e.id <= ((? << 40) + ?))').join(' OR ')})`);
    for (const s of spans) params.push(s.logId, s.from, s.logId, s.to);
  } else {
    clauses.push('0');
  }
  if (filter.agentId) {
    clauses.push('e.agent_id = ?');
    params.push(filter.agentId);
  }
  if (filter.actionType) {
    clauses.push('e.action_type = ?');
    params.push(filter.actionType);
  }
  if (filter.actorType) {
    clauses.push('e.actor_type = ?');
    params.push(filter.actorType);
  }
  if (filter.controls) {
    // The Controls screen's evidence: Crosscheck's accepted pairings, as the count it shows.
    const pairings = filter.framework === 'iso27001' ? ISO27001_EVIDENCE_MAP : SOC2_EVIDENCE_MAP;
    const types = [...new Set(pairings.filter((p) => p.criterion === filter.controls && p.relation !== 'disputed').map((p) => p.actionType))];
    clauses.push(types.length ? `e.action_type IN (${types.map(() => '?').join(', ')})` : '0');
    params.push(...types);
  }
  if (filter.verdict) {
    clauses.push('e.verdict = ?');
    params.push(filter.verdict);
  }
  if (filter.status) {
    clauses.push('e.status = ?');
    params.push(filter.status);
  }
  if (filter.from) {
    clauses.push('e.ts >= ?');
    params.push(filter.from);
  }
  if (filter.to) {
    clauses.push('e.ts <= ?');
    params.push(filter.to);
  }
  if (filter.text) {
    const term = filter.text.toLowerCase().trim();
    if (useIndex) {
      const hits = indexHits(term, null);
      clauses.push(`e.id IN (${hits.sql})`);
      params.push(...hits.params);
    } else {
      clauses.push("e.id IN (SELECT s.id FROM entry_search s WHERE s.text LIKE ? ESCAPE '\\')");
      params.push(`%${escapeLike(term)}%`);
    }
  }
  if (filter.withFindings) {
    // Only this scope's findings: another engagement's export of the same log may flag the line too.
    const f = cache.exportFilter('f.export_ref');
    clauses.push(`EXISTS (SELECT 1 FROM findings f JOIN exports x ON x.id = f.export_ref WHERE x.log_id = e.log_id AND f.seq = e.seq AND ${f.sql})`);
    params.push(...f.params);
  }
  return { clauses, params };
}

/**
 * The rowids (as `id`, ascending) the trigram index gives for a term, within `span` when given.
 * A term the index holds only the head of (a long id prefix) is checked against the stored text.
 */
function indexHits(term: string, span: { sql: string; params: number[] } | null): { sql: string; params: (string | number)[] } {
  const t = indexTerm(term);
  const within = span ? ` AND ${span.sql}` : '';
  if (t.like === null) return { sql: `SELECT f.rowid AS id FROM si.fts AS f WHERE f.fts MATCH ?${within}`, params: [t.phrase, ...(span?.params ?? [])] };
  return {
    sql: `SELECT f.rowid AS id FROM si.fts AS f JOIN entry_search AS s ON s.id = f.rowid WHERE f.fts MATCH ?${within} AND s.text LIKE ? ESCAPE '\\'`,
    params: [t.phrase, ...(span?.params ?? []), t.like],
  };
}

/** Only text and the span/export constraint: the trigram index answers alone, rowids in order. */
function onlyText(filter: EntryFilter): boolean {
  return Object.entries(filter).every(([k, v]) => k === 'exportRef' || k === 'text' || v === undefined || v === false || v === '');
}

function spanSql(spans: Span[], col: string): { sql: string; params: number[] } {
  if (spans.length === 0) return { sql: '0', params: [] };
  return {
    sql: `(${spans.map(() => `(${col} >= ((? << 40) + ?) AND ${col} <= ((? << 40) + ?))`).join(' OR ')})`,
    params: spans.flatMap((s) => [s.logId, s.from, s.logId, s.to]),
  };
}

/** Only the span/export constraint: the offset can then be computed instead of scanned. */
function onlySpans(filter: EntryFilter): boolean {
  return Object.entries(filter).every(([k, v]) => k === 'exportRef' || v === undefined || v === false || v === '');
}

export function queryEntries(store: Store, cache: DerivedCache, filter: EntryFilter, offset: number, limit: number): EntryPage {
  const started = performance.now();
  const spans = spansFor(filter, cache);
  let rows: StoredEntry[];
  let total: number;
  let textSearch: EntryPage['textSearch'] = null;
  if (onlySpans(filter)) {
    total = spans.reduce((s, x) => s + spanCount(x), 0);
    rows = [];
    // Walk the spans to the one holding `offset`, then read rowid ranges directly.
    let skip = offset;
    let need = Math.min(limit, Math.max(0, total - offset));
    for (const s of spans) {
      if (need === 0) break;
      const n = spanCount(s);
      if (skip >= n) {
        skip -= n;
        continue;
      }
      const from = s.from + skip;
      const to = Math.min(s.to, from + need - 1);
      const got = store
        .prepare<[number, number, number, number], StoredEntry>(`${ENTRY_SELECT} WHERE id >= ((? << 40) + ?) AND id <= ((? << 40) + ?) ORDER BY id`)
        .all(s.logId, from, s.logId, to);
      rows.push(...got);
      need -= got.length;
      skip = 0;
    }
  } else if (filter.text && onlyText(filter) && cache.indexReady() && indexable(filter.text.trim())) {
    // Straight from the index: count and page over FTS rowids, then read just the page's rows.
    textSearch = 'index';
    const hits = indexHits(filter.text.toLowerCase().trim(), spanSql(spans, 'f.rowid'));
    total = cache.remember(`fts-count:${JSON.stringify(filter)}`, () =>
      store.prepare<(string | number)[], { n: number }>(`SELECT count(*) AS n FROM (${hits.sql})`).get(...hits.params)!.n,
    );
    rows = store
      .prepare<(string | number)[], StoredEntry>(
        `SELECT e.log_id AS log_id, e.pos AS pos, e.seq AS seq, e.ts AS ts, e.agent_id AS agent_id, e.actor_type AS actor_type, e.actor_id AS actor_id,
                e.action_type AS action_type, e.verdict AS verdict, e.status AS status, e.line AS line
         FROM (${hits.sql} ORDER BY id LIMIT ? OFFSET ?) AS hit
         JOIN entries AS e ON e.id = hit.id ORDER BY e.id`,
      )
      .all(...hits.params, limit, offset);
  } else {
    textSearch = filter.text ? (cache.indexReady() && indexable(filter.text.trim()) ? 'index' : 'scan') : null;
    const where = buildWhere(filter, spans, textSearch === 'index', cache);
    const sqlWhere = where.clauses.length ? `WHERE ${where.clauses.join(' AND ')}` : '';
    const key = `count:${textSearch ?? ''}:${JSON.stringify(filter)}`;
    total = cache.remember(key, () => store.prepare<(string | number)[], { n: number }>(`SELECT count(*) AS n FROM entries e ${sqlWhere}`).get(...where.params)!.n);
    rows = store
      .prepare<(string | number)[], StoredEntry>(
        `SELECT e.log_id AS log_id, e.pos AS pos, e.seq AS seq, e.ts AS ts, e.agent_id AS agent_id, e.actor_type AS actor_type, e.actor_id AS actor_id,
                e.action_type AS action_type, e.verdict AS verdict, e.status AS status, e.line AS line
         FROM entries e WHERE e.id IN (SELECT e.id FROM entries e ${sqlWhere} ORDER BY e.id LIMIT ? OFFSET ?) ORDER BY e.id`,
      )
      .all(...where.params, limit, offset);
  }
  return { total, offset, rows: rows.map((r) => toEntryRow(r, cache)), elapsedMs: performance.now() - started, textSearch };
}

export function entryFacets(store: Store, cache: DerivedCache): Facets {
  return cache.remember('facets', () => {
    // The derived index's tallies name every action type and agent without a pass over the entries.
    const indexed = cache.searchIndexed();
    const span = cache.spanFilter('id');
    const actionTypes = store
      .prepare<number[], { a: string }>(
        indexed
          ? "SELECT DISTINCT action_type AS a FROM si.action_counts WHERE action_type <> '(unparsable)' ORDER BY action_type"
          : `SELECT DISTINCT action_type AS a FROM entries WHERE action_type IS NOT NULL AND ${span.sql} ORDER BY action_type`,
      )
      .all(...(indexed ? [] : span.params))
      .map((r) => r.a);
    const agentIds = store
      .prepare<number[], { a: string }>(
        indexed ? "SELECT DISTINCT agent_id AS a FROM si.action_counts WHERE agent_id <> ''" : `SELECT DISTINCT agent_id AS a FROM entries WHERE agent_id IS NOT NULL AND ${span.sql}`,
      )
      .all(...(indexed ? [] : span.params))
      .map((r) => r.a);
    const agents = agentIds
      .map((agentId) => ({ agentId, name: cache.agentName(agentId) ?? agentId }))
      .sort((a, b) => a.name.localeCompare(b.name));
    const xf = cache.exportFilter('id');
    const exports = store
      .prepare<string[], { id: number; export_id: string | null; integrity: string; first_seq: number | null; last_seq: number | null }>(
        `SELECT id, export_id, integrity, first_seq, last_seq FROM exports WHERE ${xf.sql} ORDER BY id`,
      )
      .all(...xf.params)
      .map((x) => ({
        exportRef: String(x.id),
        label: `#${x.id} ${x.export_id ? x.export_id.slice(0, 8) : '(unreadable)'} ${x.integrity} seq ${x.first_seq ?? '?'}–${x.last_seq ?? '?'}`,
      }));
    // Two statements: SQLite answers a lone min() or max() from the index end, both together by a scan.
    const range = {
      lo: store.prepare<number[], { v: string | null }>(`SELECT min(ts) AS v FROM entries WHERE ${span.sql}`).get(...span.params)!.v,
      hi: store.prepare<number[], { v: string | null }>(`SELECT max(ts) AS v FROM entries WHERE ${span.sql}`).get(...span.params)!.v,
    };
    return {
      exports,
      agents,
      actionTypes,
      verdicts: ['PERMIT', 'ESCALATE', 'DENY'],
      statuses: ['success', 'error', 'blocked', 'escalated'],
      timeRange: range.lo && range.hi ? { from: range.lo, to: range.hi } : null,
    };
  });
}

export function requireEntry(store: Store, logId: number, pos: number): StoredEntry {
  const row = store
    .prepare<[number, number], StoredEntry>(`${ENTRY_SELECT} WHERE id = ((? << 40) + ?)`)
    .get(logId, pos);
  if (!row) throw new ApiFailure('NOT_FOUND', `no entry ${logId}:${pos} in the store`);
  return row;
}

/**
 * Where one entry stands in a filtered list (the offset `entries.query` would show it at), or
 * null when the filter leaves it out: a `?entry=` link scrolls the list to it.
 */
export function locateEntry(store: Store, cache: DerivedCache, filter: EntryFilter, logId: number, pos: number): { index: number | null } {
  const id = logId * 2 ** 40 + pos;
  const spans = spansFor(filter, cache);
  const useIndex = !!filter.text && cache.indexReady() && indexable(filter.text.trim());
  const where = buildWhere(filter, spans, useIndex, cache);
  const sqlWhere = where.clauses.join(' AND ');
  const inList = store.prepare<(string | number)[], { one: number }>(`SELECT 1 AS one FROM entries e WHERE e.id = ? AND ${sqlWhere}`).get(id, ...where.params);
  if (!inList) return { index: null };
  const before = store.prepare<(string | number)[], { n: number }>(`SELECT count(*) AS n FROM entries e WHERE e.id < ? AND ${sqlWhere}`).get(id, ...where.params)!.n;
  return { index: before };
}
