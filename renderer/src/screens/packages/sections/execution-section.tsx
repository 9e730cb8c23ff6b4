/** 1. Execution graph: totals, first and last action, verdicts, escalations, drift, operations. */
import type { PackageDoc } from '../../../../../shared/package/package-types.js';
import { Head } from '../../../components/table-head.js';
import { formatCount, formatTs } from '../../../logic/format.js';
import { Section } from './section.js';

export function ExecutionSection({ doc }: { doc: PackageDoc }) {
  const x = doc.execution;
  return (
    <Section title="1. Execution graph" testId="pkg-execution">
      <dl className="kv">
        <dt>Entries</dt>
        <dd data-testid="pkg-entries">{formatCount(x.totals.entries)}</dd>
        <dt>Calls</dt>
        <dd data-testid="pkg-calls">{formatCount(x.totals.calls)}</dd>
        <dt>Connectors</dt>
        <dd>{x.connectors_used.join(', ') || '—'}</dd>
        <dt>First action</dt>
        <dd>
          {x.first_action
            ? `${formatTs(x.first_action.ts)} (seq ${x.first_action.seq}, ${x.first_action.action_type})`
            : '—'}
        </dd>
        <dt>Last action</dt>
        <dd>
          {x.last_action
            ? `${formatTs(x.last_action.ts)} (seq ${x.last_action.seq}, ${x.last_action.action_type})`
            : '—'}
        </dd>
        <dt>Verdicts</dt>
        <dd>
          PERMIT {formatCount(x.verdicts.PERMIT)} · ESCALATE {formatCount(x.verdicts.ESCALATE)} · DENY{' '}
          {formatCount(x.verdicts.DENY)}
        </dd>
        <dt>Escalations</dt>
        <dd data-testid="pkg-escalations">
          {formatCount(x.escalations.requested)} requested: {formatCount(x.escalations.approved)} approved,{' '}
          {formatCount(x.escalations.denied)} denied, {formatCount(x.escalations.expired)} expired,{' '}
          {formatCount(x.escalations.pending)} pending
        </dd>
        <dt>Drift</dt>
        <dd>
          {formatCount(x.drift.events)} events · {formatCount(x.suspensions.suspended)} suspensions,{' '}
          {formatCount(x.suspensions.resumed)} resumptions
        </dd>
      </dl>
      <div className="table-scroll">
        <table className="grid" data-testid="pkg-operations">
          <Head
            cols={['Connector', 'Operation', 'Access', 'Calls', 'Permit', 'Escalate', 'Deny']}
            num={['Calls', 'Permit', 'Escalate', 'Deny']}
          />
          <tbody>
            {x.operations.map((o) => (
              <tr key={`${o.connector} ${o.operation}`}>
                <td>{o.connector}</td>
                <td className="mono">{o.operation}</td>
                <td>{o.access}</td>
                <td className="num">{formatCount(o.calls)}</td>
                <td className="num">{formatCount(o.permit)}</td>
                <td className="num">{formatCount(o.escalate)}</td>
                <td className="num">{formatCount(o.deny)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}
