/** One recorded package on screen: its header, links to earlier versions, exports and every section. */
import { useRef } from 'react';
import type { PackageView } from '../../../../shared/api/view-types.js';
import { useApi } from '../../api-context.js';
import { ErrorBanner, Loading } from '../../components/states.js';
import { formatTs } from '../../logic/format.js';
import { formatHash } from '../../logic/routes.js';
import { ExportButtons } from './export-buttons.js';
import { PACKAGE_SECTIONS } from './sections/registry.js';

export function PackageDetail({ packageId }: { packageId: string }) {
  const loaded = useApi('packages.get', { packageId });
  // A refresh after an export (custody grew) keeps the page, and the export's outcome, on screen.
  const last = useRef<{ id: string; view: PackageView } | null>(null);
  if (loaded.state === 'ready') last.current = { id: packageId, view: loaded.value };
  const kept = last.current?.id === packageId ? last.current.view : null;
  const p = loaded.state === 'loading' && kept ? { ...loaded, state: 'ready' as const, value: kept } : loaded;
  return (
    <section
      className="screen"
      data-testid="package-detail"
      data-ready={p.state === 'ready' ? 'true' : 'false'}
    >
      <header className="screen-head">
        <a href={formatHash('packages')} className="back">
          ← Packages
        </a>
        <h1>
          Package{' '}
          {p.state === 'ready'
            ? `v${p.value.record.version} · ${p.value.doc.scope.kind === 'agent' ? (p.value.doc.scope.agent_name ?? p.value.doc.scope.agent_id) : p.value.doc.org.name}`
            : ''}
        </h1>
      </header>
      {p.state === 'loading' && <Loading />}
      {p.state === 'error' && <ErrorBanner error={p.error} onRetry={p.reload} />}
      {p.state === 'ready' && <PackageBody view={p.value} />}
    </section>
  );
}

function PackageBody({ view }: { view: PackageView }) {
  const { record, doc, versions } = view;
  const earlier = versions.filter((v) => v.version < record.version);
  return (
    <>
      <p className="muted" data-testid="package-id">
        {doc.org.name} · {formatTs(doc.period.from)} – {formatTs(doc.period.to)} · generated{' '}
        {formatTs(doc.generated_at)} by {doc.generated_by} · id <span className="mono">{record.id}</span>
      </p>
      {earlier.length > 0 && (
        <p>
          Compare with{' '}
          {earlier.map((v) => (
            <a
              key={v.id}
              className="chip"
              href={formatHash('packages', ['diff'], { from: v.id, to: record.id })}
              data-testid="package-diff-link"
            >
              v{v.version}
            </a>
          ))}
        </p>
      )}
      <ExportButtons record={record} />
      {PACKAGE_SECTIONS.map(({ id, Component }) => (
        <Component key={id} view={view} />
      ))}
    </>
  );
}
