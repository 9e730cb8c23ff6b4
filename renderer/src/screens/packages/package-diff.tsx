/**
 * Two versions of one package compared: by section in words first (figures that moved, rows
 * added or removed, answers changed), the raw JSON paths behind a disclosure per section.
 */
import { useState } from 'react';
import type { DiffSection } from '../../../../shared/package/diff-summary.js';
import { summarizeDiff } from '../../../../shared/package/diff-summary.js';
import type { DiffChange } from '../../../../shared/package/package-diff.js';
import { useApi } from '../../api-context.js';
import { Empty, ErrorBanner, Loading } from '../../components/states.js';
import { Head } from '../../components/table-head.js';
import { formatCount, formatTs } from '../../logic/format.js';
import { formatHash } from '../../logic/routes.js';

/** Lines shown per section before "show all". */
const FIRST_LINES = 12;

function short(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
}

function RawChanges({ changes }: { changes: readonly DiffChange[] }) {
  return (
    <details data-testid="diff-raw">
      <summary>
        Raw changes ({formatCount(changes.length)} JSON {changes.length === 1 ? 'path' : 'paths'})
      </summary>
      <div className="table-scroll">
        <table className="grid diff" data-testid="diff-table">
          <Head cols={['Change', 'Where', 'Before', 'After']} />
          <tbody>
            {changes.map((c, i) => (
              <tr key={i} data-testid="diff-row" data-change={c.change} className={`diff-${c.change}`}>
                <td>
                  {c.change === 'changed' ? '~ changed' : c.change === 'added' ? '+ added' : '− removed'}
                </td>
                <td className="mono small">{c.path}</td>
                <td className="mono small">{c.change === 'added' ? '' : short(c.before)}</td>
                <td className="mono small">{c.change === 'removed' ? '' : short(c.after)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function SectionDiff({ section }: { section: DiffSection }) {
  const [all, setAll] = useState(false);
  const lines = all ? section.lines : section.lines.slice(0, FIRST_LINES);
  return (
    <section className="panel" data-testid="diff-section" data-section={section.id}>
      <h2>
        {section.title} <span className="muted small">{section.headline}</span>
      </h2>
      <ul className="plain diff-lines">
        {lines.map((l, i) => (
          <li key={i} data-testid="diff-line">
            {l}
          </li>
        ))}
      </ul>
      {section.lines.length > FIRST_LINES && (
        <button type="button" className="link" onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all ${formatCount(section.lines.length)}`}
        </button>
      )}
      <RawChanges changes={section.changes} />
    </section>
  );
}

export function PackageDiffView({ fromId, toId }: { fromId: string; toId: string }) {
  const d = useApi('packages.diff', { fromId, toId });
  return (
    <section
      className="screen"
      data-testid="package-diff"
      data-ready={d.state === 'ready' ? 'true' : 'false'}
    >
      <header className="screen-head">
        <a href={formatHash('packages')} className="back">
          ← Packages
        </a>
        <h1>
          {d.state === 'ready'
            ? `Version ${d.value.from.version} → ${d.value.to.version}`
            : 'Comparing packages'}
        </h1>
      </header>
      {d.state === 'loading' && <Loading />}
      {d.state === 'error' && <ErrorBanner error={d.error} onRetry={d.reload} />}
      {d.state === 'ready' && (
        <>
          <p className="muted">
            <a href={formatHash('packages', [d.value.from.id])}>v{d.value.from.version}</a> (
            {formatTs(d.value.from.period_from)} – {formatTs(d.value.from.period_to)},{' '}
            {formatCount(d.value.from.entries)} entries) →{' '}
            <a href={formatHash('packages', [d.value.to.id])}>v{d.value.to.version}</a> (
            {formatTs(d.value.to.period_from)} – {formatTs(d.value.to.period_to)},{' '}
            {formatCount(d.value.to.entries)} entries) ·{' '}
            <span data-testid="diff-count">{formatCount(d.value.changes.length)} changes</span>
          </p>
          {d.value.changes.length === 0 ? (
            <Empty title="No differences" />
          ) : (
            summarizeDiff(d.value.changes).map((s) => <SectionDiff key={s.title} section={s} />)
          )}
        </>
      )}
    </section>
  );
}
