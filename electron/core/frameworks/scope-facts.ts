/**
 * One pass over an engagement's accepted lines for everything the frameworks conclude: entries
 * per action type with their seq span per run (the evidence), the findings with kinds, severities
 * and seqs, and what the re-evaluation re-performed. Coverage of both frameworks and the SoA draft
 * come from the same facts, so they cannot disagree and the log is read once.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { FrameworkId } from '../../../shared/engagement/engagement-types.js';
import { concludeCoverage, type FindingTally } from '../../../shared/frameworks/conclude.js';
import type { CoverageLine, FrameworkDef } from '../../../shared/frameworks/framework-coverage.js';
import { ISO27001_FRAMEWORK } from '../../../shared/frameworks/iso27001-coverage.js';
import { ISO27001_FINDING_GROUPS } from '../../../shared/frameworks/iso27001-evidence-map.js';
import type { SoaEvidence, SoaFinding } from '../../../shared/frameworks/soa.js';
import { SOC2_FRAMEWORK } from '../../../shared/frameworks/soc2-coverage.js';
import { isFindingKind, kindGroup } from '../../../shared/report/finding-kinds.js';
import { acceptedRuns } from '../engagement/accepted-runs.js';
import { documentCounts } from '../engagement/documents.js';
import { engagementScope } from '../engagement/engagements.js';

type Db = BetterSqlite3.Database;

/** Seqs kept per finding group: enough to cite, bounded for a log with many findings. */
const SEQS_KEPT = 50;

interface ActionRun {
  origin: string;
  logId: number;
  actionType: string;
  count: number;
  minSeq: number;
  maxSeq: number;
}

interface FindingRow {
  kind: string;
  severity: string;
  controls: string;
  n: number;
  seqs: string | null;
}

export interface ScopeFacts {
  engagementId: number;
  actionCounts: Record<string, number>;
  actionRuns: ActionRun[];
  /** Accepted export ids per origin log. */
  exportsByLog: Map<number, string[]>;
  findings: FindingRow[];
  acceptedExports: number;
  reEvaluatedCalls: number;
}

/** Reads the facts of one engagement's scope (its accepted, non-voided, current exports). */
export function scopeFacts(db: Db, engagementId: number): ScopeFacts {
  const exportRefs = engagementScope(db, engagementId).exportRefs;
  const refs = JSON.stringify(exportRefs);
  // min/max of the rowid keep the query on the narrow (action_type, id) index (5× faster than the
  // rowid range over the wide rows, measured at 200k entries); the seq span is then
  // read at the two ends, as an origin log holds its lines in seq order.
  const stats = db.prepare<
    [number, number, number, number],
    { a: string; n: number; lo: number; hi: number }
  >(
    'SELECT action_type AS a, count(*) AS n, min(id) AS lo, max(id) AS hi FROM entries INDEXED BY entries_action WHERE id >= ((? << 40) + ?) AND id <= ((? << 40) + ?) AND action_type IS NOT NULL GROUP BY action_type',
  );
  const seqAt = db.prepare<[number], { seq: number | null }>('SELECT seq FROM entries WHERE id = ?');
  const actionCounts: Record<string, number> = {};
  const actionRuns: ActionRun[] = [];
  for (const run of acceptedRuns(db, exportRefs)) {
    for (const r of stats.all(run.logId, run.from, run.logId, run.to)) {
      actionCounts[r.a] = (actionCounts[r.a] ?? 0) + r.n;
      actionRuns.push({
        origin: run.origin,
        logId: run.logId,
        actionType: r.a,
        count: r.n,
        minSeq: seqAt.get(r.lo)?.seq ?? 0,
        maxSeq: seqAt.get(r.hi)?.seq ?? 0,
      });
    }
  }
  const exportsByLog = new Map<number, string[]>();
  for (const x of db
    .prepare<[string], { log_id: number; export_id: string | null; id: number }>(
      'SELECT log_id, export_id, id FROM exports WHERE trusted = 1 AND id IN (SELECT value FROM json_each(?)) ORDER BY id',
    )
    .all(refs)) {
    const list = exportsByLog.get(x.log_id) ?? [];
    list.push(x.export_id ?? `#${x.id}`);
    exportsByLog.set(x.log_id, list);
  }
  // Seqs ordered so the kept ones are the first in the log.
  const findings = db
    .prepare<[{ refs: string; kept: number }], FindingRow>(
      `SELECT kind, severity, controls, count(*) AS n,
              (SELECT group_concat(s, ',') FROM (SELECT f2.seq AS s FROM findings f2 WHERE f2.kind = f.kind AND f2.severity = f.severity AND f2.controls = f.controls
                 AND f2.seq IS NOT NULL AND f2.export_ref IN (SELECT value FROM json_each(@refs)) ORDER BY f2.seq LIMIT @kept)) AS seqs
       FROM findings f WHERE export_ref IN (SELECT value FROM json_each(@refs)) GROUP BY kind, severity, controls ORDER BY kind, severity`,
    )
    .all({ refs, kept: SEQS_KEPT });
  const accepted = db
    .prepare<[string], { n: number; calls: number | null }>(
      'SELECT count(*) AS n, sum(calls) AS calls FROM exports WHERE trusted = 1 AND id IN (SELECT value FROM json_each(?))',
    )
    .get(refs)!;
  return {
    engagementId,
    actionCounts,
    actionRuns,
    exportsByLog,
    findings,
    acceptedExports: accepted.n,
    reEvaluatedCalls: accepted.calls ?? 0,
  };
}

/** The conclusions of one framework from the facts (with the auditor's documents). */
export function factsCoverage(db: Db, facts: ScopeFacts, framework: FrameworkId): CoverageLine[] {
  const tallies: FindingTally[] = facts.findings.map((f) => ({ controls: f.controls, kind: f.kind, n: f.n }));
  return concludeCoverage(
    framework,
    {
      actionCounts: facts.actionCounts,
      acceptedExports: facts.acceptedExports,
      reEvaluatedCalls: facts.reEvaluatedCalls,
      documents: documentCounts(db, facts.engagementId, framework),
    },
    tallies,
  );
}

function defOf(framework: FrameworkId): FrameworkDef {
  return framework === 'iso27001' ? ISO27001_FRAMEWORK : SOC2_FRAMEWORK;
}

/** Where each control's evidence lies: counts by action type, exports, seq spans per origin. */
export function factsEvidence(facts: ScopeFacts, framework: FrameworkId): Map<string, SoaEvidence> {
  const out = new Map<string, SoaEvidence>();
  const def = defOf(framework);
  for (const c of def.catalog) {
    const types = new Set(
      def.pairings.filter((p) => p.criterion === c.id && p.relation !== 'disputed').map((p) => p.actionType),
    );
    const runs = facts.actionRuns.filter((r) => types.has(r.actionType));
    if (runs.length === 0) continue;
    const byType = new Map<string, number>();
    const byOrigin = new Map<
      string,
      { origin: string; fromSeq: number; toSeq: number; count: number; logId: number }
    >();
    for (const r of runs) {
      byType.set(r.actionType, (byType.get(r.actionType) ?? 0) + r.count);
      const key = `${r.logId}`;
      const o = byOrigin.get(key);
      if (o) {
        o.fromSeq = Math.min(o.fromSeq, r.minSeq);
        o.toSeq = Math.max(o.toSeq, r.maxSeq);
        o.count += r.count;
      } else
        byOrigin.set(key, {
          origin: r.origin,
          fromSeq: r.minSeq,
          toSeq: r.maxSeq,
          count: r.count,
          logId: r.logId,
        });
    }
    const exports = [
      ...new Set([...byOrigin.values()].flatMap((o) => facts.exportsByLog.get(o.logId) ?? [])),
    ];
    out.set(c.id, {
      count: [...byType.values()].reduce((s, n) => s + n, 0),
      actionTypes: [...byType]
        .map(([actionType, count]) => ({ actionType, count }))
        .sort((a, b) => b.count - a.count || (a.actionType < b.actionType ? -1 : 1)),
      exports,
      runs: [...byOrigin.values()].map(({ origin, fromSeq, toSeq, count }) => ({
        origin,
        fromSeq,
        toSeq,
        count,
      })),
    });
  }
  return out;
}

/** Findings against each control of a framework, by kind and severity, with their seqs. */
export function factsFindings(facts: ScopeFacts, framework: FrameworkId): Map<string, SoaFinding[]> {
  const out = new Map<string, Map<string, SoaFinding>>();
  for (const f of facts.findings) {
    let controls: readonly string[];
    if (framework === 'iso27001')
      controls = ISO27001_FINDING_GROUPS[isFindingKind(f.kind) ? kindGroup(f.kind) : 'other'];
    else {
      try {
        controls = JSON.parse(f.controls) as string[];
      } catch {
        controls = [];
      }
    }
    const seqs = f.seqs === null ? [] : f.seqs.split(',').map(Number);
    for (const c of controls) {
      const m = out.get(c) ?? new Map<string, SoaFinding>();
      const key = `${f.kind}|${f.severity}`;
      const cur = m.get(key);
      if (cur) {
        cur.count += f.n;
        cur.seqs = [...new Set([...cur.seqs, ...seqs])].sort((a, b) => a - b).slice(0, SEQS_KEPT);
      } else m.set(key, { kind: f.kind, severity: f.severity, count: f.n, seqs });
      out.set(c, m);
    }
  }
  return new Map([...out].map(([c, m]) => [c, [...m.values()]]));
}
