/** The crosswalk both ways: one control's counterparts in the other framework, each a link that switches to it. */
import type { CatalogsView } from '../../../../shared/frameworks/frameworks-view.js';
import { invertRelation } from '../../../../shared/frameworks/crosswalk.js';
import type { FrameworkId } from '../../../../shared/engagement/engagement-types.js';
import { formatHash } from '../../logic/routes.js';

function label(framework: FrameworkId, id: string): string {
  return framework === 'iso27001' ? `A.${id}` : id;
}

export function CrosswalkPanel({
  catalogs,
  framework,
  control,
}: {
  catalogs: CatalogsView;
  framework: FrameworkId;
  control: string;
}) {
  const other: FrameworkId = framework === 'soc2' ? 'iso27001' : 'soc2';
  const otherCatalog = catalogs.catalogs.find((c) => c.framework === other)!;
  const own = catalogs.catalogs
    .find((c) => c.framework === framework)!
    .controls.find((c) => c.id === control);
  const pairs =
    framework === 'soc2'
      ? catalogs.crosswalk.filter((p) => p.soc2 === control).map((p) => ({ id: p.iso, relation: p.relation }))
      : catalogs.crosswalk
          .filter((p) => p.iso === control)
          .map((p) => ({ id: p.soc2, relation: invertRelation(p.relation) }));
  const source = framework === 'soc2' ? catalogs.sources.find((s) => s.soc2 === control) : undefined;
  if (!own) return null;
  return (
    <section
      className="panel crosswalk"
      aria-label="Crosswalk"
      data-testid="crosswalk"
      data-control={control}
    >
      <h2>
        {label(framework, control)} {own.licensedTitle ?? own.title}
      </h2>
      {own.text !== null && (
        <p className="licensed-text" data-testid="licensed-text">
          {own.text}
        </p>
      )}
      {pairs.length === 0 ? (
        <p data-testid="no-counterpart">
          {framework === 'soc2'
            ? `No ISO counterpart: ${catalogs.noCounterpart}.`
            : 'No SOC 2 counterpart in the crosswalk.'}
        </p>
      ) : (
        <>
          <p className="muted">
            In {other === 'iso27001' ? 'ISO/IEC 27001:2022 Annex A' : 'SOC 2'} (relation read from{' '}
            {label(framework, control)}){source ? ` — shared subject: ${source.basis}` : ''}:
          </p>
          <ul className="counterparts" data-testid="counterparts">
            {pairs.map((p) => {
              const c = otherCatalog.controls.find((x) => x.id === p.id);
              return (
                <li key={p.id}>
                  <a
                    href={formatHash('frameworks', [], { framework: other, control: p.id })}
                    data-testid={`counterpart-${p.id}`}
                  >
                    {label(other, p.id)}
                  </a>{' '}
                  <span className={`badge rel-${p.relation}`}>{p.relation}</span>{' '}
                  {c?.licensedTitle ?? c?.title}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
