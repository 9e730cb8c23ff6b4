/** Exports: the imported exports with status, the import form, the report, continuity and trusted keys. */
import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { ExportSummary, FileRef } from '../../../../shared/api/view-types.js';
import { SEVERITY_ORDER } from '../../../../shared/report/finding-kinds.js';
import { useApi, useClient, useRevision } from '../../api-context.js';
import { StatusBadge } from '../../components/badges.js';
import { Empty, ErrorBanner, Loading } from '../../components/states.js';
import { useImport } from '../../import-context.js';
import { formatCount, formatListTs, formatTs, shortId } from '../../logic/format.js';
import type { Route } from '../../logic/routes.js';
import { formatHash } from '../../logic/routes.js';
import { layoutTimeline } from '../../logic/timeline.js';
import { uploadFile } from '../../transport.js';
import { VoidExportPanel } from '../../engagement/void-export-panel.js';
import type { ApiError } from '../../../../shared/api/result.js';

export function ExportsScreen({
  route,
  onDesktopImport,
}: {
  route: Route;
  onDesktopImport: (() => Promise<void>) | null;
}) {
  const list = useApi('exports.list', {});
  const selected = route.params.export ?? (list.state === 'ready' ? list.value[0]?.exportRef : undefined);
  return (
    <section
      className="screen"
      data-testid="screen-exports"
      data-ready={list.state === 'ready' ? 'true' : 'false'}
    >
      <header className="screen-head">
        <h1>Exports</h1>
      </header>
      <ImportForm onDesktopImport={onDesktopImport} />
      {list.state === 'loading' && <Loading />}
      {list.state === 'error' && <ErrorBanner error={list.error} onRetry={list.reload} />}
      {list.state === 'ready' && list.value.length === 0 && (
        <Empty title="No exports yet">
          Import a signed export bundle (.zip) with the keyring you received out of band.
        </Empty>
      )}
      {list.state === 'ready' && list.value.length > 0 && (
        <>
          <ExportTable rows={list.value} selected={selected} />
          {selected && <ReportPanel exportRef={selected} />}
          <ContinuityPanel />
        </>
      )}
      <KeysPanel />
    </section>
  );
}

function ImportForm({ onDesktopImport }: { onDesktopImport: (() => Promise<void>) | null }) {
  const { start, job } = useImport();
  const bundleRef = useRef<HTMLInputElement>(null);
  const keyringRef = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const busy = uploading !== null || job?.state === 'running';

  if (onDesktopImport) {
    return (
      <div className="import-form">
        <button
          type="button"
          data-testid="import-open"
          disabled={busy}
          onClick={() => void onDesktopImport()}
        >
          Import export…
        </button>
        <span className="hint">or drop a bundle (.zip) onto the window</span>
      </div>
    );
  }

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const bundle = bundleRef.current?.files?.[0];
    const keyring = keyringRef.current?.files?.[0];
    if (!bundle) {
      setError('Choose the export bundle (.zip) first.');
      return;
    }
    try {
      setUploading(0);
      const bundleId = await uploadFile(bundle, (f) => setUploading(f));
      let keyringRef2: FileRef | undefined;
      if (keyring) keyringRef2 = { kind: 'upload', id: await uploadFile(keyring) };
      setUploading(null);
      await start({ kind: 'upload', id: bundleId }, keyringRef2, bundle.name);
      if (bundleRef.current) bundleRef.current.value = '';
      if (keyringRef.current) keyringRef.current.value = '';
    } catch (err) {
      setUploading(null);
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <form className="import-form" data-testid="import-form" onSubmit={(e) => void onSubmit(e)}>
      <label>
        Bundle (.zip)
        <input ref={bundleRef} type="file" accept=".zip,application/zip" data-testid="import-bundle" />
      </label>
      <label>
        Keyring (.json, optional if keys are trusted)
        <input ref={keyringRef} type="file" accept=".json,application/json" data-testid="import-keyring" />
      </label>
      <button type="submit" data-testid="import-submit" disabled={busy}>
        Import
      </button>
      {uploading !== null && (
        <span className="upload-progress">
          Uploading <progress max={1} value={uploading} />
        </span>
      )}
      {error && (
        <span role="alert" className="inline-error" data-testid="import-error">
          {error}
        </span>
      )}
    </form>
  );
}

function ExportTable({ rows, selected }: { rows: ExportSummary[]; selected: string | undefined }) {
  return (
    <div className="table-scroll">
      <table className="grid" data-testid="exports-table">
        <caption className="sr-only">Imported exports</caption>
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Export</th>
            <th scope="col">Origin</th>
            <th scope="col">Seq range</th>
            <th scope="col">Period</th>
            <th scope="col" className="num">
              Entries
            </th>
            <th scope="col">Findings</th>
            <th scope="col">Imported</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.exportRef}
              data-testid="export-row"
              data-export-ref={r.exportRef}
              data-status={r.status}
              data-voided={r.voided ? 'true' : 'false'}
              aria-selected={r.exportRef === selected}
            >
              <td>
                <StatusBadge status={r.status} />
                {r.voided && <div className="small muted">voided</div>}
                {r.superseded && <div className="small muted">re-verified since</div>}
              </td>
              <td>
                <a
                  href={formatHash('exports', [], { export: r.exportRef })}
                  title={r.exportId ?? 'unreadable manifest'}
                  className="mono"
                  data-testid="export-open"
                >
                  #{r.exportRef} {shortId(r.exportId)}
                </a>
                {r.sourceName && (
                  <div className="muted small ellipsis" title={`Imported from ${r.sourceName}`}>
                    {r.sourceName}
                  </div>
                )}
              </td>
              <td>
                <div className="ellipsis origin-cell" title={r.origin ?? undefined}>
                  {r.origin ?? '(unreadable manifest)'}
                </div>
                {r.orgName && <div className="muted small">{r.orgName}</div>}
              </td>
              <td className="mono nowrap">{r.firstSeq === null ? '—' : `${r.firstSeq}–${r.lastSeq}`}</td>
              <td className="nowrap small">
                {formatTs(r.periodFrom)}
                <br />→ {formatTs(r.periodTo)}
              </td>
              <td className="num">{formatCount(r.entries)}</td>
              <td data-testid="finding-counts">
                {r.findingTotal === 0 ? (
                  <span className="muted">none</span>
                ) : (
                  SEVERITY_ORDER.filter((s) => r.findings[s] > 0).map((s) => (
                    <a
                      key={s}
                      className={`chip sev-text-${s}`}
                      data-testid={`count-${s}`}
                      href={formatHash('findings', [], { export: r.exportRef, by: 'severity' })}
                    >
                      {formatCount(r.findings[s])} {s}
                    </a>
                  ))
                )}
              </td>
              <td className="nowrap small" title={r.importedAt}>
                {formatListTs(r.importedAt)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ReportPanel({ exportRef }: { exportRef: string }) {
  const rep = useApi('exports.report', { exportRef });
  return (
    <section
      className="panel"
      data-testid="report-panel"
      data-ready={rep.state === 'ready' ? 'true' : 'false'}
      aria-label="Verification report"
    >
      <h2>Verification report</h2>
      {rep.state === 'loading' && <Loading />}
      {rep.state === 'error' && <ErrorBanner error={rep.error} onRetry={rep.reload} />}
      {rep.state === 'ready' && (
        <>
          <div className="report-head">
            <StatusBadge status={rep.value.summary.status} />
            <span>
              continuity <strong data-testid="report-continuity">{rep.value.summary.continuity}</strong>
            </span>
            <span>tail pinned: {rep.value.summary.tailPinned ? 'yes' : 'no'}</span>
            <span>
              evaluation: {formatCount(rep.value.report.evaluation.calls)} calls,{' '}
              {formatCount(rep.value.report.evaluation.agreed)} agreed,{' '}
              {formatCount(rep.value.report.evaluation.disagreed)} disagreed
              {rep.value.report.evaluation.skipped
                ? ` (skipped: ${rep.value.report.evaluation.skipped})`
                : ''}
            </span>
            <a href={formatHash('findings', [], { export: exportRef })} data-testid="report-findings">
              Findings ({formatCount(rep.value.summary.findingTotal)})
            </a>
            <a href={formatHash('trail', [], { exportRef })}>Entries</a>
          </div>
          <VoidExportPanel summary={rep.value.summary} />
          <table className="grid checks">
            <thead>
              <tr>
                <th scope="col">Check</th>
                <th scope="col">Result</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {rep.value.checks.map((c) => (
                <tr key={c.id} data-testid="check-row" data-check={c.id} data-status={c.status}>
                  <td className="mono">{c.id}</td>
                  <td>
                    <span className={`badge check-${c.status}`}>{c.status}</span>
                  </td>
                  <td>{c.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function ContinuityPanel() {
  const tl = useApi('exports.continuity', {});
  return (
    <section className="panel" data-testid="continuity-panel" aria-label="Continuity">
      <h2>Continuity</h2>
      {tl.state === 'loading' && <Loading />}
      {tl.state === 'error' && <ErrorBanner error={tl.error} onRetry={tl.reload} />}
      {tl.state === 'ready' && tl.value.length === 0 && <Empty title="No origins yet" />}
      {tl.state === 'ready' &&
        tl.value.map((o) => (
          <div key={o.origin} className="timeline" data-testid="timeline">
            <div className="timeline-origin">
              <span className="mono ellipsis" title={o.origin}>
                {o.origin}
              </span>
              <span className="muted">trusted size {formatCount(o.storedSize)}</span>
            </div>
            <div className="timeline-track" role="list">
              {layoutTimeline(o.segments).map((b, i) => (
                <div
                  key={i}
                  role="listitem"
                  tabIndex={0}
                  className={`timeline-bar ${b.segment.kind === 'gap' ? 'gap' : `status-${(b.segment.status ?? 'VALID').toLowerCase()}`}`}
                  style={{ left: `${b.left}%`, width: `${b.width}%` }}
                  data-testid={b.segment.kind === 'gap' ? 'timeline-gap' : 'timeline-export'}
                  title={`${b.segment.kind === 'gap' ? 'GAP: never seen' : `export #${b.segment.exportRef ?? ''} ${b.segment.exportId ?? ''}`} · seq ${b.segment.firstSeq}–${b.segment.lastSeq} · ${formatTs(b.segment.from)} → ${formatTs(b.segment.to)}`}
                />
              ))}
            </div>
            <ul className="timeline-legend">
              {o.segments.map((s, i) => (
                <li key={i} className={s.kind === 'gap' ? 'gap-text' : ''}>
                  {s.kind === 'gap' ? 'Gap' : `#${s.exportRef ?? ''} ${shortId(s.exportId)}`} · seq{' '}
                  {s.firstSeq}–{s.lastSeq} · {formatTs(s.from)} → {formatTs(s.to)}
                </li>
              ))}
            </ul>
          </div>
        ))}
    </section>
  );
}

function KeysPanel() {
  const keys = useApi('keys.list', {});
  const client = useClient();
  const { bump } = useRevision();
  const fileRef = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const addFile = async () => {
    const file = fileRef.current?.files?.[0];
    if (!file) return;
    setError(null);
    // The keyring is small JSON: read it here and send its text, the same on both transports.
    const text = await file.text();
    const r = await client.call('keys.add', { keyring: text });
    if (!r.ok) setError(r.error);
    else bump();
    if (fileRef.current) fileRef.current.value = '';
  };

  const remove = async (keyId: string, name: string) => {
    const r = await client.call('keys.remove', { keyId, name });
    if (!r.ok) setError(r.error);
    else bump();
  };

  return (
    <section className="panel" data-testid="keys-panel" aria-label="Trusted keys">
      <h2>Trusted keys</h2>
      <label className="inline">
        Add a keyring file
        <input
          ref={fileRef}
          type="file"
          accept=".json,application/json"
          data-testid="keys-add"
          onChange={() => void addFile()}
        />
      </label>
      {error && <ErrorBanner error={error} />}
      {keys.state === 'loading' && <Loading />}
      {keys.state === 'error' && <ErrorBanner error={keys.error} onRetry={keys.reload} />}
      {keys.state === 'ready' && keys.value.length === 0 && (
        <Empty title="No trusted keys">Add the keyring you received out of band.</Empty>
      )}
      {keys.state === 'ready' && keys.value.length > 0 && (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key ID</th>
              <th scope="col">Roles</th>
              <th scope="col">Valid from</th>
              <th scope="col">Valid until</th>
              <th scope="col">Revoked</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.value.map((k) => (
              <tr key={`${k.keyId}-${k.name}`} data-testid="key-row" data-key-name={k.name}>
                <td>{k.name}</td>
                <td className="mono" title={k.publicKey}>
                  {k.keyId}
                </td>
                <td>{k.roles.join(', ')}</td>
                <td>{formatTs(k.validFrom)}</td>
                <td>{formatTs(k.validUntil)}</td>
                <td>{formatTs(k.revokedAt)}</td>
                <td>
                  <button
                    type="button"
                    className="danger"
                    data-testid="key-remove"
                    onClick={() => void remove(k.keyId, k.name)}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
