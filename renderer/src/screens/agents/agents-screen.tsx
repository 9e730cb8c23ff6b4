/** Agents: the registry, and per agent declared intent vs observed behaviour, diagrams and timeline. */
import { useApi } from '../../api-context.js';
import { MermaidDiagram } from '../../components/mermaid-diagram.js';
import { Empty, ErrorBanner, Loading } from '../../components/states.js';
import { formatCount, shortId } from '../../logic/format.js';
import type { Route } from '../../logic/routes.js';
import { formatHash } from '../../logic/routes.js';
import { AgentTimeline } from './agent-timeline.js';

export function AgentsScreen({ route }: { route: Route }) {
  const agentId = route.rest[0];
  return agentId ? <AgentDetailView agentId={agentId} /> : <AgentList />;
}

function AgentList() {
  const list = useApi('agents.list', {});
  return (
    <section className="screen" data-testid="screen-agents" data-ready={list.state === 'ready' ? 'true' : 'false'}>
      <header className="screen-head">
        <h1>Agents</h1>
      </header>
      {list.state === 'loading' && <Loading />}
      {list.state === 'error' && <ErrorBanner error={list.error} onRetry={list.reload} />}
      {list.state === 'ready' && list.value.length === 0 && <Empty title="No agents">Import an export to see its agents.</Empty>}
      {list.state === 'ready' && list.value.length > 0 && (
        <table className="grid" data-testid="agents-table">
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">Version</th>
              <th scope="col" className="num">Calls</th>
              <th scope="col" className="num">Drift events</th>
              <th scope="col" className="num">Findings</th>
            </tr>
          </thead>
          <tbody>
            {list.value.map((a) => (
              <tr key={a.agentId} data-testid="agent-row" data-agent-id={a.agentId} data-drift={a.driftEvents}>
                <td>
                  <a href={formatHash('agents', [a.agentId])} data-testid="agent-open">
                    {a.name}
                  </a>{' '}
                  <span className="muted mono">{shortId(a.agentId)}</span>
                </td>
                <td>
                  <span className={`badge agent-${a.status}`}>{a.status}</span>
                </td>
                <td className="num">{a.version ?? '—'}</td>
                <td className="num">{formatCount(a.calls)}</td>
                <td className={`num${a.driftEvents > 0 ? ' sev-text-medium' : ''}`}>{formatCount(a.driftEvents)}</td>
                <td className={`num${a.findings > 0 ? ' sev-text-high' : ''}`}>
                  {a.findings > 0 ? <a href={formatHash('findings', [], { by: 'agent' })}>{formatCount(a.findings)}</a> : 0}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const DIMENSION_TITLES = { systems: 'Systems (connectors)', actions: 'Actions (operations)', data_types: 'Data types' } as const;

function AgentDetailView({ agentId }: { agentId: string }) {
  const d = useApi('agents.get', { agentId });
  return (
    <section className="screen" data-testid="agent-detail" data-ready={d.state === 'ready' ? 'true' : 'false'}>
      <header className="screen-head">
        <a href={formatHash('agents')} className="back">
          ← Agents
        </a>
      </header>
      {d.state === 'loading' && <Loading />}
      {d.state === 'error' && <ErrorBanner error={d.error} onRetry={d.reload} />}
      {d.state === 'ready' && (
        <>
          <h1>
            {d.value.summary.name} <span className={`badge agent-${d.value.summary.status}`}>{d.value.summary.status}</span>
          </h1>
          <p className="muted">
            {formatCount(d.value.summary.calls)} calls · {formatCount(d.value.summary.driftEvents)} drift events · {formatCount(d.value.summary.findings)} findings ·{' '}
            <a href={formatHash('trail', [], { agentId })}>entries</a>
          </p>
          <h2>Declared intent vs observed behaviour</h2>
          {!d.value.intentDeclared && <p className="inline-error">No intent was declared for this agent: everything it did is outside.</p>}
          <div className="intent-grid" data-testid="intent-grid">
            {d.value.comparisons.map((c) => (
              <div key={c.dimension} className="intent-col">
                <h3>{DIMENSION_TITLES[c.dimension]}</h3>
                <p className="muted">Declared: {c.declared === null ? 'none' : c.declared.length === 0 ? '(empty)' : c.declared.join(', ')}</p>
                <ul className="plain">
                  {c.observed.map((o) => (
                    <li key={o.value} className={o.outside ? 'outside' : ''} data-testid={o.outside ? 'observed-outside' : 'observed-inside'}>
                      <span className="mono">{o.value}</span> <span className="muted">×{formatCount(o.count)}</span>
                      {o.outside && <span className="badge sev sev-high">outside intent</span>}
                    </li>
                  ))}
                  {c.observed.length === 0 && <li className="muted">nothing observed</li>}
                </ul>
              </div>
            ))}
          </div>
          <div className="diagrams">
            <div>
              <h2>Execution graph</h2>
              <MermaidDiagram source={d.value.executionGraph} label="Execution graph: agent to connectors and operations" testId="diagram-execution" />
            </div>
            <div>
              <h2>Data flow</h2>
              <MermaidDiagram source={d.value.dataFlow} label="Data flow: data types to systems" testId="diagram-dataflow" />
            </div>
          </div>
          <h2>Timeline</h2>
          {d.value.timelineTotal > d.value.timeline.length && (
            <p className="muted" data-testid="timeline-capped">
              Showing the first {formatCount(d.value.timeline.length)} of {formatCount(d.value.timelineTotal)} events;{' '}
              <a href={formatHash('trail', [], { agentId })}>all entries of this agent</a>.
            </p>
          )}
          <AgentTimeline agentId={agentId} events={d.value.timeline} />
        </>
      )}
    </section>
  );
}
