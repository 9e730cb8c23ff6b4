/**
 * Frameworks: SOC 2 and ISO/IEC 27001:2022 side by side — readiness per theme (formula shown), the
 * crosswalk both ways, the Statement of Applicability (filter, sort, edit from the keyboard), the
 * gap analysis and the check of the platform's own mapping. Every number links to what is behind it.
 */
import { useState } from 'react';
import type { FrameworksView } from '../../../../shared/frameworks/frameworks-view.js';
import { isFrameworkId, type FrameworkId } from '../../../../shared/engagement/engagement-types.js';
import { useApi, useClient } from '../../api-context.js';
import { CoverageBadge } from '../../components/badges.js';
import { ErrorBanner, Loading } from '../../components/states.js';
import { formatHash, type Route } from '../../logic/routes.js';
import { CatalogImport } from './catalog-import.js';
import { CrosswalkPanel } from './crosswalk-panel.js';
import { GapsPanel } from './gaps-panel.js';
import { MappingPanel } from './mapping-panel.js';
import { ReadinessChart } from './readiness-chart.js';
import type { SoaPatchIn } from './soa-editor.js';
import {
  filterSortSoa,
  soaViewFromParams,
  soaViewToParams,
  type SoaFilter,
  type SoaSort,
} from './soa-logic.js';
import { SoaTable } from './soa-table.js';

function navigate(screen: 'frameworks', rest: string[], params: Record<string, string | undefined>): void {
  window.location.hash = formatHash(screen, rest, params);
}

const LABELS: Record<FrameworkId, string> = { soc2: 'SOC 2', iso27001: 'ISO/IEC 27001:2022' };

function Soc2Table({
  view,
  only,
  catalogsCrosswalk,
}: {
  view: FrameworksView;
  only: string[];
  catalogsCrosswalk: { soc2: string; iso: string }[];
}) {
  const lines = view.coverage.soc2.filter((l) => only.length === 0 || only.includes(l.criterion));
  return (
    <table className="grid" data-testid="soc2-table" data-rows={lines.length}>
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
          <th scope="col">ISO/IEC 27001:2022 Annex A</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l) => {
          const iso = catalogsCrosswalk.filter((p) => p.soc2 === l.criterion).map((p) => p.iso);
          return (
            <tr key={l.criterion} data-testid={`soc2-row-${l.criterion}`}>
              <th scope="row">
                <a
                  href={formatHash('frameworks', [], { framework: 'soc2', control: l.criterion })}
                  data-testid={`soc2-open-${l.criterion}`}
                >
                  {l.criterion}
                </a>{' '}
                {l.title}
              </th>
              <td>
                <CoverageBadge status={l.status} />
              </td>
              <td className="num">
                {l.evidence > 0 ? (
                  <a href={formatHash('trail', [], { controls: l.criterion, framework: 'soc2' })}>
                    {l.evidence}
                  </a>
                ) : (
                  '0'
                )}
              </td>
              <td className="num">
                {l.findings > 0 ? (
                  <a
                    href={formatHash('trail', [], {
                      controls: l.criterion,
                      framework: 'soc2',
                      withFindings: '1',
                    })}
                  >
                    {l.findings}
                  </a>
                ) : (
                  '0'
                )}
              </td>
              <td>
                {iso.length === 0 ? (
                  <span className="muted">no ISO counterpart</span>
                ) : (
                  iso.map((id) => `A.${id}`).join(', ')
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function SoaFilters({ filter, onChange }: { filter: SoaFilter; onChange: (f: SoaFilter) => void }) {
  return (
    <div className="filters soa-filters" role="search">
      <input
        type="search"
        placeholder="Filter: id, title, justification"
        aria-label="Filter the SoA"
        data-testid="soa-filter-text"
        value={filter.text}
        onChange={(e) => onChange({ ...filter, text: e.target.value })}
      />
      <select
        aria-label="Theme"
        data-testid="soa-filter-theme"
        value={filter.theme}
        onChange={(e) => onChange({ ...filter, theme: e.target.value })}
      >
        <option value="">All themes</option>
        <option value="A.5">A.5 Organisational</option>
        <option value="A.6">A.6 People</option>
        <option value="A.7">A.7 Physical</option>
        <option value="A.8">A.8 Technological</option>
      </select>
      <select
        aria-label="Applicability"
        data-testid="soa-filter-applicable"
        value={filter.applicable}
        onChange={(e) => onChange({ ...filter, applicable: e.target.value as SoaFilter['applicable'] })}
      >
        <option value="">Applicable or not</option>
        <option value="yes">Applicable</option>
        <option value="no">Excluded</option>
      </select>
      <label>
        <input
          type="checkbox"
          data-testid="soa-filter-flagged"
          checked={filter.flagged}
          onChange={(e) => onChange({ ...filter, flagged: e.target.checked })}
        />{' '}
        Flagged only
      </label>
      {filter.only.length > 0 && (
        <button
          type="button"
          className="link"
          data-testid="soa-filter-clear-only"
          onClick={() => onChange({ ...filter, only: [] })}
        >
          Showing {filter.only.length} drilled-down control(s) — show all
        </button>
      )}
    </div>
  );
}

export function FrameworksScreen({ route }: { route: Route }) {
  const framework: FrameworkId = isFrameworkId(route.params.framework ?? '')
    ? (route.params.framework as FrameworkId)
    : 'iso27001';
  const loaded = useApi('frameworks.view', {});
  const catalogs = useApi('frameworks.catalogs', {});
  const client = useClient();
  const [edited, setEdited] = useState<FrameworksView | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const { filter, sort, desc } = soaViewFromParams(route.params);
  const control = route.params.control ?? null;
  // A drill-down to no control shows none ("none"); SOC 2 ids are read apart from Annex A ids.
  const only = route.params.only === 'none' ? ['none'] : filter.only;
  const soc2Only =
    route.params.only === 'none'
      ? ['none']
      : (route.params.only ?? '').split(',').filter((x) => /^[A-Z]{1,3}\d+\.\d+$/.test(x));
  const view =
    edited !== null && loaded.state === 'ready' && edited.engagementId === loaded.value.engagementId
      ? edited
      : loaded.state === 'ready'
        ? loaded.value
        : null;
  const setView = (f: SoaFilter, s: SoaSort, d: boolean) =>
    navigate('frameworks', [], { framework, control: control ?? undefined, ...soaViewToParams(f, s, d) });
  const save = async (controlId: string, p: SoaPatchIn): Promise<string | null> => {
    const r = await client.call('soa.edit', { controlId, ...p });
    if (!r.ok) return r.error.message;
    setEdited(r.value);
    setEditing(null);
    return null;
  };
  return (
    <section
      className="screen"
      data-testid="screen-frameworks"
      data-framework={framework}
      data-ready={view !== null && catalogs.state === 'ready' ? 'true' : 'false'}
    >
      <header className="screen-head">
        <h1>Frameworks</h1>
        <span className="muted">
          Readiness, crosswalk and Statement of Applicability, from this engagement’s verified exports
          (docs/frameworks.md)
        </span>
      </header>
      <nav className="framework-tabs" aria-label="Framework">
        {(['soc2', 'iso27001'] as const).map((f) => (
          <a
            key={f}
            href={formatHash('frameworks', [], { framework: f })}
            data-testid={`fw-tab-${f}`}
            aria-current={f === framework ? 'page' : undefined}
          >
            {LABELS[f]}
          </a>
        ))}
      </nav>
      {(loaded.state === 'loading' || catalogs.state === 'loading') && <Loading />}
      {loaded.state === 'error' && <ErrorBanner error={loaded.error} onRetry={loaded.reload} />}
      {catalogs.state === 'error' && <ErrorBanner error={catalogs.error} onRetry={catalogs.reload} />}
      {view !== null && catalogs.state === 'ready' && (
        <>
          <ReadinessChart readiness={view.readiness[framework]} />
          {control !== null && (
            <CrosswalkPanel catalogs={catalogs.value} framework={framework} control={control} />
          )}
          {framework === 'iso27001' ? (
            <section className="panel" aria-label="Statement of Applicability">
              <h2>Statement of Applicability</h2>
              <p className="muted">
                Drafted from the evidence; your edits are kept with who and when, and written to the custody
                log. Arrow keys move between rows, Enter edits.
              </p>
              <CatalogImport framework="iso27001" licensed={catalogs.value.catalogs[1]!.licensed} />
              <SoaFilters filter={{ ...filter, only }} onChange={(f) => setView(f, sort, desc)} />
              <SoaTable
                rows={filterSortSoa(view.soa, { ...filter, only }, sort, desc)}
                editing={editing}
                sort={sort}
                desc={desc}
                onSort={(s) => setView({ ...filter, only }, s, s === sort ? !desc : false)}
                onEdit={setEditing}
                onSave={save}
              />
            </section>
          ) : (
            <section className="panel" aria-label="SOC 2 criteria">
              <h2>SOC 2 criteria and their Annex A counterparts</h2>
              <CatalogImport framework="soc2" licensed={catalogs.value.catalogs[0]!.licensed} />
              {soc2Only.length > 0 && (
                <button
                  type="button"
                  className="link"
                  onClick={() => navigate('frameworks', [], { framework })}
                >
                  Showing {soc2Only.length} drilled-down criteria — show all
                </button>
              )}
              <Soc2Table view={view} only={soc2Only} catalogsCrosswalk={catalogs.value.crosswalk} />
            </section>
          )}
          {framework === 'iso27001' && <GapsPanel gaps={view.gaps} />}
          <MappingPanel />
        </>
      )}
    </section>
  );
}
