/**
 * Controls: all 61 SOC 2 criteria of the engagement, grouped as the TSC are, each with its
 * conclusion, the rule that gave it, its evidence (accepted events only), the tests Crosscheck
 * re-performed, and the platform's pairings we do not accept.
 */
import type { ControlCoverage, CoverageStatus } from '../../../../shared/api/view-types.js';
import { useApi } from '../../api-context.js';
import { CoverageBadge } from '../../components/badges.js';
import { ErrorBanner, Loading } from '../../components/states.js';
import type { Route } from '../../logic/routes.js';
import { ControlRow } from './control-row.js';
import { formatHash } from '../../logic/routes.js';
import { useEngagement } from '../../engagement/engagement-context.js';
import { isFrameworkId, type FrameworkId } from '../../../../shared/engagement/engagement-types.js';

const SUMMARY_ORDER: CoverageStatus[] = ['exceptions', 'tested', 'evidenced', 'documented', 'not_evidenced', 'needs_document'];

function groups(lines: ControlCoverage[]): { id: string; title: string; lines: ControlCoverage[] }[] {
  const out: { id: string; title: string; lines: ControlCoverage[] }[] = [];
  for (const l of lines) {
    const last = out[out.length - 1];
    if (last && last.id === l.group) last.lines.push(l);
    else out.push({ id: l.group, title: l.groupTitle, lines: [l] });
  }
  return out;
}

const FRAMEWORK_LABELS: Record<FrameworkId, string> = { soc2: 'SOC 2 Trust Services Criteria', iso27001: 'ISO/IEC 27001:2022 Annex A' };

export function ControlsScreen({ route }: { route: Route }) {
  const { current } = useEngagement();
  const inScope: FrameworkId[] = current?.frameworks.length ? current.frameworks : ['soc2'];
  const asked = route.params.framework;
  const framework: FrameworkId = asked !== undefined && isFrameworkId(asked) ? asked : inScope.includes('soc2') ? 'soc2' : inScope[0]!;
  const cov = useApi('controls.coverage', { framework });
  const open = route.params.criterion;
  return (
    <section className="screen" data-testid="screen-controls" data-framework={framework} data-ready={cov.state === 'ready' ? 'true' : 'false'}>
      <header className="screen-head">
        <h1>Controls</h1>
        <span className="muted">{FRAMEWORK_LABELS[framework]}: what this engagement’s verified exports show, by the rule in docs/coverage.md</span>
      </header>
      <nav className="framework-tabs" aria-label="Framework">
        {(['soc2', 'iso27001'] as const).map((f) => (
          <a
            key={f}
            href={formatHash('controls', [], { framework: f })}
            data-testid={`framework-${f}`}
            aria-current={f === framework ? 'page' : undefined}
            title={inScope.includes(f) ? 'In the engagement’s scope' : 'Not in the engagement’s scope (shown for reference)'}
          >
            {FRAMEWORK_LABELS[f]}
            {inScope.includes(f) ? '' : ' (not in scope)'}
          </a>
        ))}
      </nav>
      {cov.state === 'loading' && <Loading />}
      {cov.state === 'error' && <ErrorBanner error={cov.error} onRetry={cov.reload} />}
      {cov.state === 'ready' && (
        <>
          <div className="controls-summary" data-testid="controls-summary">
            {SUMMARY_ORDER.map((s) => (
              <span key={s} data-testid={`summary-${s}`} data-count={cov.value.filter((c) => c.status === s).length}>
                <CoverageBadge status={s} /> {cov.value.filter((c) => c.status === s).length}
              </span>
            ))}
          </div>
          {groups(cov.value).map((g) => (
            <section key={g.id} className="controls-group" aria-label={g.title}>
              <h2>
                {g.id} {g.title}
              </h2>
              <table className="grid" data-testid="controls-table">
                <thead>
                  <tr>
                    <th scope="col">Criterion</th>
                    <th scope="col">Conclusion</th>
                    <th scope="col" className="num">
                      Evidence
                    </th>
                    <th scope="col" className="num">
                      Findings
                    </th>
                    <th scope="col">Evidence by action type · tests re-performed</th>
                  </tr>
                </thead>
                <tbody>
                  {g.lines.map((c) => (
                    <ControlRow key={c.criterion} line={c} selected={open === c.criterion} framework={framework} />
                  ))}
                </tbody>
              </table>
            </section>
          ))}
        </>
      )}
    </section>
  );
}
