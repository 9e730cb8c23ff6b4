/** Findings grouped by kind, severity, agent or SOC 2 criterion, each opening its explanation trace. */
import type { FindingGrouping } from '../../../../shared/api/view-types.js';
import { useApi } from '../../api-context.js';
import { SeverityBadge } from '../../components/badges.js';
import { Empty, ErrorBanner, Loading } from '../../components/states.js';
import { formatCount, formatTs, prettyJson, shortId } from '../../logic/format.js';
import type { Route } from '../../logic/routes.js';
import { formatHash } from '../../logic/routes.js';

const GROUPINGS: { by: FindingGrouping; label: string }[] = [
  { by: 'kind', label: 'Kind' },
  { by: 'severity', label: 'Severity' },
  { by: 'agent', label: 'Agent' },
  { by: 'control', label: 'SOC 2 criterion' },
];

function groupingOf(v: string | undefined): FindingGrouping {
  return v === 'severity' || v === 'agent' || v === 'control' ? v : 'kind';
}

export function FindingsScreen({ route }: { route: Route }) {
  const findingId = route.rest[0];
  if (findingId) return <FindingDetailView findingId={findingId} back={route.params} />;
  const by = groupingOf(route.params.by);
  const exportId = route.params.export;
  return <FindingGroups by={by} exportId={exportId} />;
}

function FindingGroups({ by, exportId }: { by: FindingGrouping; exportId: string | undefined }) {
  const groups = useApi('findings.groups', exportId ? { by, exportRef: exportId } : { by });
  const total = groups.state === 'ready' ? groups.value.reduce((s, g) => s + g.count, 0) : 0;
  return (
    <section className="screen" data-testid="screen-findings" data-ready={groups.state === 'ready' ? 'true' : 'false'}>
      <header className="screen-head">
        <h1>Findings</h1>
        {exportId && (
          <span className="chip">
            export #{exportId} <a href={formatHash('findings', [], { by })} aria-label="Show all exports">×</a>
          </span>
        )}
      </header>
      <div className="tabs" role="tablist" aria-label="Group findings by">
        {GROUPINGS.map((g) => (
          <a
            key={g.by}
            role="tab"
            aria-selected={g.by === by}
            href={formatHash('findings', [], { by: g.by, export: exportId })}
            data-testid={`group-by-${g.by}`}
          >
            {g.label}
          </a>
        ))}
      </div>
      {groups.state === 'loading' && <Loading />}
      {groups.state === 'error' && <ErrorBanner error={groups.error} onRetry={groups.reload} />}
      {groups.state === 'ready' && total === 0 && <Empty title="No findings">Every check passed and every re-evaluated decision agreed.</Empty>}
      {groups.state === 'ready' && total > 0 && (
        <div className="groups">
          {groups.value.map((g, gi) => (
            <details key={g.key} className="group" data-testid="finding-group" data-group={g.key} open={gi < 6}>
              <summary>
                <SeverityBadge severity={g.worst} /> <strong>{g.label}</strong> <span className="muted">{formatCount(g.count)}</span>
              </summary>
              <table className="grid">
                <thead>
                  <tr>
                    <th scope="col">Severity</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Seq</th>
                    <th scope="col">Agent</th>
                    <th scope="col">Controls</th>
                    <th scope="col">Message</th>
                  </tr>
                </thead>
                <tbody>
                  {g.findings.map((f) => (
                    <tr key={f.id} data-testid="finding-row" data-kind={f.kind}>
                      <td>
                        <SeverityBadge severity={f.severity} />
                      </td>
                      <td>
                        <a href={formatHash('findings', [f.id])} data-testid="finding-open">
                          {f.kind}
                        </a>
                      </td>
                      <td className="mono">{f.seq ?? '—'}</td>
                      <td className="ellipsis">{f.agentName ?? shortId(f.agentId)}</td>
                      <td>{f.controls.join(', ')}</td>
                      <td className="message">{f.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {g.findings.length < g.count && <p className="muted">Showing the first {formatCount(g.findings.length)}.</p>}
            </details>
          ))}
        </div>
      )}
    </section>
  );
}

function FindingDetailView({ findingId, back }: { findingId: string; back: Record<string, string> }) {
  const d = useApi('findings.get', { findingId });
  return (
    <section className="screen" data-testid="finding-detail" data-ready={d.state === 'ready' ? 'true' : 'false'}>
      <header className="screen-head">
        <a href={formatHash('findings', [], back)} className="back">
          ← Findings
        </a>
      </header>
      {d.state === 'loading' && <Loading />}
      {d.state === 'error' && <ErrorBanner error={d.error} onRetry={d.reload} />}
      {d.state === 'ready' && (
        <>
          <h1>
            <SeverityBadge severity={d.value.finding.severity} /> <span data-testid="finding-kind">{d.value.finding.kind}</span>
          </h1>
          <p className="lead">{d.value.finding.message}</p>
          <dl className="kv inline-kv">
            <dt>Group</dt>
            <dd>{d.value.finding.group}</dd>
            <dt>Controls</dt>
            <dd>{d.value.finding.controls.join(', ') || '—'}</dd>
            <dt>Export</dt>
            <dd className="mono">
              <a href={formatHash('exports', [], { export: d.value.finding.exportRef })}>#{d.value.finding.exportRef}</a> {shortId(d.value.finding.exportId)}
            </dd>
            <dt>Agent</dt>
            <dd>{d.value.finding.agentName ?? d.value.finding.agentId ?? '—'}</dd>
          </dl>
          <h2>Recorded vs expected</h2>
          <div className="side-by-side" data-testid="finding-trace">
            <div>
              <h3>Recorded by the platform</h3>
              <pre className="code" data-testid="trace-recorded">
                {prettyJson(d.value.recorded)}
              </pre>
            </div>
            <div>
              <h3>Expected by Crosscheck</h3>
              <pre className="code" data-testid="trace-expected">
                {prettyJson(d.value.expected)}
              </pre>
            </div>
          </div>
          {d.value.trace.length > 0 && (
            <>
              <h2>Decision ladder</h2>
              <ul className="ladder" data-testid="trace-ladder">
                {d.value.trace.map((s, i) => (
                  <li key={i} className={s.decided ? 'decided' : ''} data-decided={s.decided ? 'true' : 'false'}>
                    <strong>{s.step}</strong> — {s.outcome}
                    {s.decided && <span className="badge decided-badge">decided</span>}
                  </li>
                ))}
              </ul>
            </>
          )}
          {d.value.decidedBy && (
            <p data-testid="trace-decided-by">
              Decided by: <strong>{d.value.decidedBy}</strong>
            </p>
          )}
          <h2>Entries</h2>
          {d.value.entries.length === 0 ? (
            <p className="muted">This finding concerns the export as a whole, not one entry.</p>
          ) : (
            <ul className="plain">
              {d.value.entries.map((e) => (
                <li key={e.ref}>
                  <a href={formatHash('trail', [], { entry: e.ref, text: e.id })} data-testid="finding-entry-link">
                    seq {e.seq} · {e.actionType} · {formatTs(e.ts)}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
