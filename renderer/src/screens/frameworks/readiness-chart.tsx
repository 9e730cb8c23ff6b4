/** Readiness and progress per theme as bars, each number a link to the controls behind it. */
import type { Readiness, ReadinessFigure } from '../../../../shared/frameworks/readiness.js';
import { formatHash } from '../../logic/routes.js';

function pct(n: number | null): string {
  return n === null ? 'n/a' : `${(n * 100).toFixed(1)}%`;
}

function Row({ f, framework }: { f: ReadinessFigure; framework: string }) {
  const only = (ids: string[]) => formatHash('frameworks', [], { framework, only: ids.join(',') || 'none' });
  return (
    <tr data-testid={`readiness-${f.group}`} data-ready={f.ready} data-applicable={f.applicable}>
      <th scope="row">
        {f.group === 'all' ? 'All' : f.group} <span className="muted">{f.title}</span>
      </th>
      <td className="bar-cell">
        <div className="bar" role="img" aria-label={`readiness ${pct(f.readiness)}`}>
          <div className="bar-fill ready" style={{ width: `${(f.readiness ?? 0) * 100}%` }} />
        </div>
        <div className="bar thin" role="img" aria-label={`progress ${pct(f.progress)}`}>
          <div className="bar-fill progress" style={{ width: `${f.progress * 100}%` }} />
        </div>
      </td>
      <td className="num">
        <a href={only(f.controls.ready)} data-testid="readiness-ready-link">
          {f.ready}
        </a>{' '}
        ÷{' '}
        <a href={only([...f.controls.ready, ...f.controls.notReady])} data-testid="readiness-applicable-link">
          {f.applicable}
        </a>{' '}
        = <strong>{pct(f.readiness)}</strong>
      </td>
      <td className="num">
        {f.assessed} ÷ {f.total} = {pct(f.progress)}
      </td>
      <td className="num">
        {f.excluded > 0 ? <a href={only(f.controls.excluded)}>{f.excluded} excluded</a> : '—'}
      </td>
    </tr>
  );
}

export function ReadinessChart({ readiness }: { readiness: Readiness }) {
  return (
    <section className="panel" aria-label="Readiness" data-testid="readiness">
      <h2>Readiness</h2>
      <p className="muted formula" data-testid="readiness-formula">
        {readiness.formula}. Kept apart from {readiness.progressFormula}.
      </p>
      <table className="grid readiness">
        <thead>
          <tr>
            <th scope="col">Theme</th>
            <th scope="col">Readiness (bar) · progress (thin bar)</th>
            <th scope="col" className="num">
              Ready ÷ applicable
            </th>
            <th scope="col" className="num">
              Assessed ÷ all
            </th>
            <th scope="col" className="num">
              Excluded
            </th>
          </tr>
        </thead>
        <tbody>
          <Row f={readiness.overall} framework={readiness.framework} />
          {readiness.groups.map((g) => (
            <Row key={g.group} f={g} framework={readiness.framework} />
          ))}
        </tbody>
      </table>
    </section>
  );
}
