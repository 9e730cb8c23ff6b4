/** Controls: SOC 2 coverage per criterion with evidence, findings, status and drill-down. */
import { useApi } from '../api-context.js';
import { CoverageBadge } from '../components/badges.js';
import { Empty, ErrorBanner, Loading } from '../components/states.js';
import { formatCount } from '../logic/format.js';
import type { Route } from '../logic/routes.js';
import { formatHash } from '../logic/routes.js';

export function ControlsScreen({ route }: { route: Route }) {
  const cov = useApi('controls.coverage', {});
  const open = route.params.criterion;
  return (
    <section className="screen" data-testid="screen-controls" data-ready={cov.state === 'ready' ? 'true' : 'false'}>
      <header className="screen-head">
        <h1>Controls</h1>
        <span className="muted">SOC 2 evidence from entries by action type (spec §10) and findings by criterion</span>
      </header>
      {cov.state === 'loading' && <Loading />}
      {cov.state === 'error' && <ErrorBanner error={cov.error} onRetry={cov.reload} />}
      {cov.state === 'ready' && cov.value.length === 0 && <Empty title="No criteria" />}
      {cov.state === 'ready' && cov.value.length > 0 && (
        <table className="grid" data-testid="controls-table">
          <thead>
            <tr>
              <th scope="col">Criterion</th>
              <th scope="col">Title</th>
              <th scope="col" className="num">Evidence</th>
              <th scope="col" className="num">Findings</th>
              <th scope="col">Status</th>
              <th scope="col">Evidence by action type</th>
            </tr>
          </thead>
          <tbody>
            {cov.value.map((c) => (
              <tr key={c.criterion} data-testid="control-row" data-criterion={c.criterion} aria-selected={open === c.criterion}>
                <td>
                  <strong>{c.criterion}</strong>
                </td>
                <td>{c.title}</td>
                <td className="num">
                  {c.evidence > 0 ? (
                    <a href={formatHash('trail', [], { controls: c.criterion })} data-testid="control-evidence">
                      {formatCount(c.evidence)}
                    </a>
                  ) : (
                    0
                  )}
                </td>
                <td className="num">
                  {c.findings > 0 ? <a href={formatHash('findings', [], { by: 'control' })}>{formatCount(c.findings)}</a> : 0}
                </td>
                <td>
                  <CoverageBadge status={c.status} />
                </td>
                <td className="action-types">
                  {c.actionTypes.map((a) => (
                    <a key={a.actionType} className="chip" href={formatHash('trail', [], { actionType: a.actionType })}>
                      {a.actionType} <span className="muted">{formatCount(a.count)}</span>
                    </a>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
