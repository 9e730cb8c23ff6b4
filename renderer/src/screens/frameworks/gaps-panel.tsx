/** The gap analysis: controls by kind of gap, and the auditor's gap categories open or closed. */
import { GAP_KIND_TITLES, type GapAnalysis, type GapKind } from '../../../../shared/frameworks/readiness.js';
import { formatHash } from '../../logic/routes.js';

export function GapsPanel({ gaps }: { gaps: GapAnalysis }) {
  const link = (ids: string[]) =>
    formatHash('frameworks', [], { framework: 'iso27001', only: ids.join(',') || 'none' });
  return (
    <section className="panel" aria-label="Gap analysis" data-testid="gaps">
      <h2>Gap analysis</h2>
      <ul className="gap-kinds">
        {(Object.keys(GAP_KIND_TITLES) as GapKind[]).map((k) => {
          const ids = gaps.gaps.filter((g) => g.kind === k).map((g) => g.control);
          return (
            <li key={k} data-testid={`gap-${k}`} data-count={ids.length}>
              {GAP_KIND_TITLES[k]}:{' '}
              {ids.length === 0 ? 'none' : <a href={link(ids)}>{ids.length} control(s)</a>}
              {ids.length > 0 && ids.length <= 12 && (
                <span className="muted"> — {ids.map((id) => `A.${id}`).join(', ')}</span>
              )}
            </li>
          );
        })}
      </ul>
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">Gap category</th>
            <th scope="col">Open</th>
            <th scope="col">Closed</th>
          </tr>
        </thead>
        <tbody>
          {gaps.categories.map((c) => (
            <tr key={c.id} data-testid={`gap-category-${c.id}`} data-open={c.open.length}>
              <th scope="row">{c.title}</th>
              <td>
                {c.open.length === 0 ? (
                  '—'
                ) : (
                  <a href={link(c.open)}>{c.open.map((id) => `A.${id}`).join(', ')}</a>
                )}
              </td>
              <td className="muted">{c.closed.map((id) => `A.${id}`).join(', ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
