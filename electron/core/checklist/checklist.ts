/**
 * The audit-prep checklist of one engagement, checked from the store (docs/checklist.md): each
 * trail item is evaluated on the engagement's verified exports and entries, with the evidence it
 * rests on; the items the trail cannot answer are evidenced by attached documents with a note.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type {
  Checklist,
  ChecklistDocument,
  ChecklistItem,
  ChecklistStatus,
} from '../../../shared/checklist/checklist-types.js';
import {
  CHECKLIST_ITEMS,
  checklistItemDef,
  type ChecklistItemDef,
} from '../../../shared/checklist/checklist-items.js';
import { USER_ONLY_ACTIONS } from '../../../shared/evaluate/rbac.js';
import { CrosscheckError } from '../errors/crosscheck-error.js';
import { appendCustody } from '../package/custody.js';
import { acceptedRuns, type AcceptedRun } from '../engagement/accepted-runs.js';
import { checkDocument, storeDocumentBytes } from '../engagement/documents.js';
import { engagementScope, getEngagement, type Actor } from '../engagement/engagements.js';

type Db = BetterSqlite3.Database;

const DAY_MS = 86_400_000;

/** Action types only an authenticated user may take (spec §3.1, actor "user"; the evaluator's own table). */
export const ADMIN_ACTIONS: readonly string[] = USER_ONLY_ACTIONS;

const GAP_KINDS = ['seq_gap', 'time_gap', 'export_gap'];
const CONTINUITY_KINDS = [
  'frontier_mismatch',
  'export_gap',
  'overlap_conflict',
  'rollback',
  'state_mismatch',
];
const ROLE_KINDS = ['unauthorized_actor', 'approval_by_unauthorized_role', 'self_approval'];
const KILL_SWITCH_KINDS = ['suspended_agent_permitted', 'suspension_missing'];

interface ExportRow {
  id: number;
  export_id: string | null;
  origin: string | null;
  integrity: string;
  continuity: string;
  trusted: number;
  period_from: string | null;
  period_to: string | null;
  first_seq: number | null;
  log_id: number;
}

interface Facts {
  exports: ExportRow[];
  runs: AcceptedRun[];
  findings: Map<string, { n: number; seq: number | null }>;
  period: { from: string; to: string } | null;
  /** Entries of the given action types in the accepted runs, in log order. */
  entries(
    types: readonly string[],
    extra?: string,
  ): {
    pos: number;
    ts: string | null;
    agent_id: string | null;
    actor_type: string | null;
    action_type: string;
    x: string | null;
  }[];
}

function facts(db: Db, engagementId: number): Facts {
  const sc = engagementScope(db, engagementId);
  const refs = JSON.stringify(sc.exportRefs);
  const exports = db
    .prepare<[string], ExportRow>(
      `SELECT x.id, x.export_id, x.origin, x.integrity, x.continuity, x.trusted, x.period_from, x.period_to, x.first_seq, x.log_id
       FROM exports x JOIN logs l ON l.id = x.log_id WHERE l.kind = 'origin' AND x.id IN (SELECT value FROM json_each(?)) ORDER BY x.log_id, x.pos_first`,
    )
    .all(refs);
  const findings = new Map<string, { n: number; seq: number | null }>();
  for (const f of db
    .prepare<[string], { kind: string; n: number; seq: number | null }>(
      'SELECT kind, count(*) AS n, min(seq) AS seq FROM findings WHERE export_ref IN (SELECT value FROM json_each(?)) GROUP BY kind',
    )
    .all(refs)) {
    findings.set(f.kind, { n: f.n, seq: f.seq });
  }
  const runs = acceptedRuns(db, sc.exportRefs);
  return {
    exports,
    runs,
    findings,
    period: sc.period,
    entries(types, extra) {
      const q = db.prepare<
        (number | string)[],
        {
          pos: number;
          ts: string | null;
          agent_id: string | null;
          actor_type: string | null;
          action_type: string;
          x: string | null;
        }
      >(
        `SELECT pos, ts, agent_id, actor_type, action_type, ${extra ?? 'NULL'} AS x FROM entries
         WHERE id >= ((? << 40) + ?) AND id <= ((? << 40) + ?) AND action_type IN (SELECT value FROM json_each(?)) ORDER BY id`,
      );
      return runs.flatMap((r) => q.all(r.logId, r.from, r.logId, r.to, JSON.stringify(types)));
    },
  };
}

function findingLines(f: Facts, kinds: readonly string[]): string[] {
  return kinds.flatMap((k) => {
    const x = f.findings.get(k);
    return x ? [`${x.n} ${k} finding(s)${x.seq !== null ? `, first at seq ${x.seq}` : ''}`] : [];
  });
}

type Verdict = { status: ChecklistStatus; evidence: string[] };

/** The verified exports and the earliest and latest time their periods reach. */
function trustedSpan(f: Facts): { trusted: ExportRow[]; lo: string | undefined; hi: string | undefined } {
  const trusted = f.exports.filter((x) => x.trusted === 1);
  const times = (k: 'period_from' | 'period_to'): string[] =>
    trusted
      .map((x) => x[k])
      .filter((t): t is string => t !== null)
      .sort();
  return { trusted, lo: times('period_from')[0], hi: times('period_to').at(-1) };
}

function periodCoverage(f: Facts): Verdict {
  if (f.exports.length === 0)
    return { status: 'not_evidenced', evidence: ['the engagement holds no export'] };
  const evidence: string[] = [];
  let failed = false;
  const bad = f.exports.filter((x) => x.trusted !== 1);
  for (const x of bad)
    evidence.push(
      `export ${x.export_id ?? x.id} did not verify (integrity ${x.integrity}): its entries are not evidence`,
    );
  if (bad.length > 0) failed = true;
  const perLog = new Map<number, AcceptedRun[]>();
  for (const r of f.runs) perLog.set(r.logId, [...(perLog.get(r.logId) ?? []), r]);
  for (const runs of perLog.values()) {
    for (let i = 1; i < runs.length; i++) {
      evidence.push(
        `log ${runs[i]!.origin}: positions ${runs[i - 1]!.to + 1}–${runs[i]!.from - 1} are in no accepted export`,
      );
      failed = true;
    }
  }
  const gaps = findingLines(f, GAP_KINDS);
  if (gaps.length > 0) failed = true;
  evidence.push(...gaps);
  const { trusted, lo, hi } = trustedSpan(f);
  if (lo === undefined || hi === undefined)
    return { status: 'fail', evidence: [...evidence, 'no verified export covers any period'] };
  evidence.push(`${trusted.length} verified export(s) cover ${lo} – ${hi}`);
  if (f.period && (f.period.from < lo || f.period.to > hi)) {
    evidence.push(`the engagement period ${f.period.from} – ${f.period.to} is not covered`);
    failed = true;
  }
  return { status: failed ? 'fail' : 'pass', evidence };
}

function continuity(f: Facts): Verdict {
  if (f.exports.length === 0)
    return { status: 'not_evidenced', evidence: ['the engagement holds no export'] };
  const counts = new Map<string, number>();
  for (const x of f.exports) counts.set(x.continuity, (counts.get(x.continuity) ?? 0) + 1);
  const evidence = [
    `continuity of the ${f.exports.length} export(s): ${[...counts].map(([k, v]) => `${k} ${v}`).join(', ')}`,
  ];
  const broken = f.exports.filter((x) => x.continuity === 'gap' || x.continuity === 'conflict');
  for (const x of broken) evidence.push(`export ${x.export_id ?? x.id}: continuity ${x.continuity}`);
  const kinds = findingLines(f, CONTINUITY_KINDS);
  evidence.push(...kinds);
  return { status: broken.length > 0 || kinds.length > 0 ? 'fail' : 'pass', evidence };
}

function retention(f: Facts): Verdict {
  const { trusted, lo, hi } = trustedSpan(f);
  if (lo === undefined || hi === undefined)
    return { status: 'not_evidenced', evidence: ['no verified export'] };
  const days = Math.floor((Date.parse(hi) - Date.parse(lo)) / DAY_MS);
  const fromStart = trusted.some((x) => x.first_seq === 0)
    ? '; the trail starts at the log’s first entry (seq 0)'
    : '';
  const evidence = [`the verified trail spans ${days} day(s), ${lo} – ${hi}${fromStart}`];
  if (days >= 365) return { status: 'pass', evidence };
  return {
    status: 'not_evidenced',
    evidence: [...evidence, 'a trail shorter than 365 days cannot show the retention setting'],
  };
}

function adminAuthenticated(f: Facts): Verdict {
  const rows = f.entries(ADMIN_ACTIONS);
  if (rows.length === 0)
    return { status: 'not_evidenced', evidence: ['no administrative action in the verified entries'] };
  const byType = new Map<string, number>();
  for (const r of rows) byType.set(r.actor_type ?? '(none)', (byType.get(r.actor_type ?? '(none)') ?? 0) + 1);
  const evidence = [
    `${rows.length} administrative action(s) by actor type: ${[...byType].map(([k, v]) => `${k} ${v}`).join(', ')}`,
  ];
  const off = rows.filter((r) => r.actor_type !== 'user');
  if (off.length > 0) {
    evidence.push(
      `first by a non-user actor: ${off[0]!.action_type} at seq ${off[0]!.pos} (${off[0]!.actor_type ?? 'no actor type'})`,
    );
    return { status: 'fail', evidence };
  }
  return { status: 'pass', evidence };
}

function rbacRoles(f: Facts): Verdict {
  const created = f.entries(['user.created'], "json_extract(CAST(line AS TEXT), '$.data.user.role')");
  const changed = f.entries(['user.role_changed'], "json_extract(CAST(line AS TEXT), '$.data.role')");
  const tally = (rows: { x: string | null }[]): string => {
    const m = new Map<string, number>();
    for (const r of rows) m.set(r.x ?? '(none)', (m.get(r.x ?? '(none)') ?? 0) + 1);
    return (
      [...m]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none'
    );
  };
  const evidence = [
    `users created in the period: ${created.length} (roles: ${tally(created)})`,
    `role changes: ${changed.length} (to: ${tally(changed)})`,
  ];
  const kinds = findingLines(f, ROLE_KINDS);
  evidence.push(...kinds);
  if (kinds.length > 0) return { status: 'fail', evidence };
  if (f.runs.length === 0) return { status: 'not_evidenced', evidence };
  return {
    status: 'pass',
    evidence: [...evidence, 'no action or approval by a role that lacks the right, no self-approval'],
  };
}

function killSwitch(f: Facts): Verdict {
  const rows = f.entries(['agent.suspended', 'agent.resumed']);
  const open = new Map<string, number>();
  let suspensions = 0;
  let recovered = 0;
  for (const r of rows) {
    const agent = r.agent_id ?? '(none)';
    if (r.action_type === 'agent.suspended') {
      suspensions++;
      open.set(agent, r.pos);
    } else if (open.has(agent)) {
      recovered++;
      open.delete(agent);
    }
  }
  const evidence = [
    `${suspensions} suspension(s), ${recovered} followed by a resumption, ${open.size} agent(s) still suspended at the end`,
  ];
  const kinds = findingLines(f, KILL_SWITCH_KINDS);
  evidence.push(...kinds);
  if (kinds.length > 0) return { status: 'fail', evidence };
  if (recovered === 0)
    return {
      status: 'not_evidenced',
      evidence: [
        ...evidence,
        'no suspension followed by a resumption: activation and recovery are not shown',
      ],
    };
  return { status: 'pass', evidence };
}

const EVALUATORS: Record<string, (f: Facts) => Verdict> = {
  'period-coverage': periodCoverage,
  continuity,
  retention,
  'admin-authenticated': adminAuthenticated,
  'rbac-roles': rbacRoles,
  'kill-switch': killSwitch,
};

function documentsOf(db: Db, engagementId: number): Map<string, ChecklistDocument[]> {
  const out = new Map<string, ChecklistDocument[]>();
  const has =
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'checklist_documents'").get() !==
    undefined;
  if (!has) return out;
  for (const r of db
    .prepare<
      [number],
      {
        item_id: string;
        file_name: string;
        sha256: string;
        note: string;
        attached_at: string;
        attached_by: string;
      }
    >(
      'SELECT item_id, file_name, sha256, note, attached_at, attached_by FROM checklist_documents WHERE engagement_id = ? ORDER BY id',
    )
    .all(engagementId)) {
    out.set(r.item_id, [
      ...(out.get(r.item_id) ?? []),
      {
        fileName: r.file_name,
        sha256: r.sha256,
        note: r.note,
        attachedAt: r.attached_at,
        attachedBy: r.attached_by,
      },
    ]);
  }
  return out;
}

function evaluateItem(def: ChecklistItemDef, f: Facts, docs: ChecklistDocument[]): ChecklistItem {
  const trail: Verdict =
    def.source === 'trail'
      ? EVALUATORS[def.id]!(f)
      : { status: 'not_evidenced', evidence: ['the audit trail cannot answer this item'] };
  const docLines = docs.map(
    (d) =>
      `document ${d.fileName} (sha256 ${d.sha256.slice(0, 16)}…, ${d.attachedBy}, ${d.attachedAt})${d.note ? `: ${d.note}` : ''}`,
  );
  // A document evidences what the trail could not settle; it never overrides what the trail shows failed.
  const status: ChecklistStatus = trail.status === 'not_evidenced' && docs.length > 0 ? 'pass' : trail.status;
  return {
    id: def.id,
    title: def.title,
    source: def.source,
    status,
    evidence: [...trail.evidence, ...docLines],
    documents: docs,
  };
}

/** Evaluates every checklist item of an engagement from the store. */
export function evaluateChecklist(db: Db, engagementId: number | string): Checklist {
  const e = getEngagement(db, engagementId);
  const id = Number(e.id);
  const f = facts(db, id);
  const docs = documentsOf(db, id);
  return {
    engagement: { id, name: e.name },
    period: f.period,
    items: CHECKLIST_ITEMS.map((def) => evaluateItem(def, f, docs.get(def.id) ?? [])),
  };
}

export interface ChecklistDocumentInput {
  engagementId: number | string;
  itemId: string;
  fileName: string;
  bytes: Buffer;
  note?: string;
}

/** Attaches a document (with its note) to a checklist item; the attachment is hashed into the custody log. */
export function attachChecklistDocument(db: Db, input: ChecklistDocumentInput, actor: Actor): Checklist {
  const e = getEngagement(db, input.engagementId);
  if (!checklistItemDef(input.itemId))
    throw new CrosscheckError(
      'BAD_ARGUMENTS',
      `"${input.itemId}" is not a checklist item (${CHECKLIST_ITEMS.map((i) => i.id).join(', ')})`,
    );
  const { name, note, sha256 } = checkDocument(input.fileName, input.bytes, input.note);
  if (note.length === 0)
    throw new CrosscheckError(
      'BAD_ARGUMENTS',
      'a document evidencing a checklist item needs a note saying what it shows',
    );
  db.transaction(() => {
    storeDocumentBytes(db, sha256, input.bytes, actor.at);
    db.prepare(
      'INSERT INTO checklist_documents (engagement_id, item_id, sha256, file_name, note, attached_at, attached_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(Number(e.id), input.itemId, sha256, name, note, actor.at, actor.by);
    appendCustody(db, {
      ts: actor.at,
      actor: actor.by,
      action: 'document.attached',
      subject: `document:${sha256}`,
      exports: [],
      detail: {
        engagement_id: Number(e.id),
        checklist_item: input.itemId,
        file_name: name,
        size: input.bytes.length,
        note,
      },
    });
  })();
  return evaluateChecklist(db, e.id);
}
