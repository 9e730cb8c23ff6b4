/** Section 1: the execution graph — totals, figures, operations, escalations, drift, suspensions. */
import type { ReactElement } from 'react';
import { Text } from '@react-pdf/renderer';
import type { PackageDoc } from '../../../../shared/package/package-types.js';
import { type Column, H2_HEIGHT, NOTE_HEIGHT, PAGE_BREAK, h, heading, kv, n, s, shortId, table, ts, type PdfSection } from '../kit/primitives.js';
import type { TextMeasure} from '../kit/long-table.js';
import { pagedTable } from '../kit/long-table.js';
import { barChart, timelineChart } from '../kit/charts.js';
import { selectIndices } from '../../sampling/sample-math.js';

export function executionSection(doc: PackageDoc, tm: TextMeasure): ReactElement[] {
  const x = doc.execution;
  const printed = printedEscalations(doc);
  const act = (a: typeof x.first_action): string => (a === null ? '-' : `${a.ts}  ${a.action_type}  (seq ${a.seq})`);
  return [
    heading(EXECUTION_SECTION),
    kv([
      ['Entries', n(x.totals.entries)],
      ['Connector calls', n(x.totals.calls)],
      ['Agents', n(x.totals.agents)],
      ['Connectors used', x.connectors_used.join(', ') || '-'],
      ['First action', act(x.first_action)],
      ['Last action', act(x.last_action)],
      ['Verdicts', `PERMIT ${n(x.verdicts.PERMIT)} · ESCALATE ${n(x.verdicts.ESCALATE)} · DENY ${n(x.verdicts.DENY)}`],
      ['Statuses', `success ${n(x.statuses.success)} · error ${n(x.statuses.error)} · blocked ${n(x.statuses.blocked)} · escalated ${n(x.statuses.escalated)}`],
      ['Escalations', `${n(x.escalations.requested)} requested: ${n(x.escalations.approved)} approved, ${n(x.escalations.denied)} denied, ${n(x.escalations.expired)} expired, ${n(x.escalations.pending)} pending`],
      ['Drift', `${n(x.drift.events)} events · suspensions ${n(x.suspensions.suspended)} · resumptions ${n(x.suspensions.resumed)}`],
    ]),
    h(Text, { style: s.h2 }, 'Calls over time by verdict'),
    timelineChart(doc) ?? h(Text, { style: s.muted }, 'No connector calls.'),
    h(Text, { style: s.h2 }, 'Calls per connector by verdict'),
    barChart(doc) ?? h(Text, { style: s.muted }, 'No connector calls.'),
    h(Text, { style: s.h2 }, 'Operations by action type'),
    table(
      [
        { title: 'Action type', flex: 3 },
        { title: 'Entries', flex: 1, align: 'right' },
      ],
      Object.entries(x.by_action_type).map(([k, v]) => [k, n(v)]),
    ),
    h(Text, { style: s.h2 }, 'Per-connector operations'),
    table(
      [
        { title: 'Connector', flex: 2 },
        { title: 'Operation', flex: 2.6 },
        { title: 'Access', flex: 1 },
        { title: 'Calls', flex: 1, align: 'right' },
        { title: 'Permit', flex: 1, align: 'right' },
        { title: 'Escalate', flex: 1.1, align: 'right' },
        { title: 'Deny', flex: 1, align: 'right' },
        { title: 'Errors', flex: 1, align: 'right' },
      ],
      x.operations.map((o) => [o.connector, o.operation, o.access, n(o.calls), n(o.permit), n(o.escalate), n(o.deny), n(o.error)]),
      { what: 'operations' },
    ),
    PAGE_BREAK,
    h(Text, { style: s.h2 }, 'Escalations and their outcomes'),
    ...(printed.note ? [h(Text, { style: s.note }, printed.note)] : []),
    h(Text, { style: s.note }, 'Every escalation of the period: the agent whose call was escalated (requester), the operation, its risk score, the reviewer and how long the decision took, and the seq of the call that ran under the approval (Ran). Ids are cut to their first block; the package JSON holds them in full with connector, approval and rule.'),
    ...pagedTable(
      [
        { title: 'Requested (UTC)', flex: 2.9 },
        { title: 'Requester', flex: 2.3 },
        { title: 'Operation', flex: 3.0 },
        { title: 'Risk', flex: 0.8, align: 'right' },
        { title: 'Outcome', flex: 1.4 },
        { title: 'Reviewer', flex: 1.2, mono: true },
        { title: 'Took', flex: 1.3, align: 'right' },
        { title: 'Ran', flex: 0.9, align: 'right' },
      ],
      printed.rows.map((r) => escalationCells(doc, r)),
      H2_HEIGHT + NOTE_HEIGHT * (printed.note ? 4 : 2),
      tm,
      { what: 'escalations', limit: ESCALATIONS_PRINTED + 1 },
    ),
    PAGE_BREAK,
    h(Text, { style: s.h2 }, 'Drift'),
    ...pagedTable(
      [
        { title: 'Time', flex: 2.4 },
        { title: 'Seq', flex: 0.8, align: 'right' },
        { title: 'Types', flex: 3.4 },
        { title: 'Severity', flex: 1.1 },
        { title: 'Response', flex: 1.1 },
      ],
      x.drift.rows.map((r) => [ts(r.ts), String(r.seq), r.drift_types.join(', '), r.severity, r.response]),
      H2_HEIGHT,
      tm,
      { what: 'drift events' },
    ),
    ...suspensionsBlock(doc, tm),
  ];
}

/** Suspensions follow the drift table; more than a page of them start a page of their own and are cut into pages. */
export function suspensionsBlock(doc: PackageDoc, tm: TextMeasure): ReactElement[] {
  const cols: Column[] = [
    { title: 'Time', flex: 2.4 },
    { title: 'Seq', flex: 0.8, align: 'right' },
    { title: 'Event', flex: 1.2 },
    { title: 'Reason', flex: 1 },
    { title: 'Agent', flex: 3.2 },
  ];
  const rows = doc.execution.suspensions.rows.map((r) => [ts(r.ts), String(r.seq), r.action, r.reason ?? '-', r.agent_id === null ? '-' : (doc.agent_names[r.agent_id] ?? shortId(r.agent_id))]);
  const title = h(Text, { style: s.h2 }, 'Suspensions and resumptions');
  if (rows.length <= SUSPENSIONS_INLINE) return [title, table(cols, rows, { what: 'events' })];
  return [PAGE_BREAK, title, ...pagedTable(cols, rows, H2_HEIGHT, tm, { what: 'events' })];
}

/** One escalation as the table prints it: times to the second, ids to their first block. */
export function escalationCells(doc: PackageDoc, r: PackageDoc['execution']['escalations']['rows'][number]): string[] {
  return [
    r.requested_ts.slice(0, 19).replace('T', ' '),
    r.agent_id === null ? '-' : (doc.agent_names[r.agent_id] ?? shortId(r.agent_id)),
    r.operation ?? '-',
    r.risk_score === null ? '-' : String(r.risk_score),
    r.outcome,
    r.reviewer_id === null ? '-' : shortId(r.reviewer_id),
    r.decided_ts === null ? '-' : duration(Date.parse(r.decided_ts) - Date.parse(r.requested_ts)),
    r.executed_seq === null ? '-' : String(r.executed_seq),
  ];
}

/** 3h05m, 12m40s, 9s. */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  const sec = Math.round(ms / 1000);
  if (sec < 60) return `${sec}s`;
  const min = Math.floor(sec / 60);
  if (min < 60) return `${min}m${String(sec % 60).padStart(2, '0')}s`;
  return `${Math.floor(min / 60)}h${String(min % 60).padStart(2, '0')}m`;
}

/** Escalations printed in full up to this many; beyond, a labelled random selection of this many (the package JSON holds them all). */
export const ESCALATIONS_PRINTED = 250;

/**
 * The escalations the PDF prints: all of them up to ESCALATIONS_PRINTED; beyond, a random selection
 * of that many without replacement, in log order, drawn with the sampling PRNG (docs/sampling.md)
 * from the population's leaf digest as seed, so anyone can re-derive which rows were printed.
 */
export function printedEscalations(doc: PackageDoc): { rows: PackageDoc['execution']['escalations']['rows']; note: string | null } {
  const all = doc.execution.escalations.rows;
  if (all.length <= ESCALATIONS_PRINTED) return { rows: all, note: null };
  const picked = selectIndices(all.length, ESCALATIONS_PRINTED, 'random', doc.population.leaf_digest);
  return {
    rows: picked.map((i) => all[i]!),
    note: `A random selection of ${n(ESCALATIONS_PRINTED)} of the ${n(all.length)} escalations, in log order: drawn without replacement with crosscheck-sha256-ctr/1 (docs/sampling.md) from the population's leaf digest as seed. The totals above count every one; the package JSON and the binder list them all.`,
  };
}

/** Up to this many suspension rows flow on under the drift table. */
export const SUSPENSIONS_INLINE = 40;

/** Section execution: its anchor, title and body. */
export const EXECUTION_SECTION: PdfSection = { id: 'execution', title: '1. Execution graph', render: (ctx) => executionSection(ctx.doc, ctx.tm) };
