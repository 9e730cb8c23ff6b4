/** Audit trail: every entry, virtualized, with filters, text search and the entry detail with its proof. */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { EntryFilter } from '../../../../shared/api/contract.js';
import type { EntryRow } from '../../../../shared/api/view-types.js';
import type { ApiError } from '../../../../shared/api/result.js';
import { useApi, useClient, useRevision } from '../../api-context.js';
import { SeverityBadge } from '../../components/badges.js';
import { Empty, ErrorBanner, Loading } from '../../components/states.js';
import { activeFilterCount, filterFromParams, filterToParams, localInputToTs, tsToLocalInput } from '../../logic/filters.js';
import { formatCount, formatListTs, formatTs, prettyJson, shortId } from '../../logic/format.js';
import { CanonicalLine } from './canonical-line.js';
import { evictPages, PAGE_SIZE, pagesForRange } from '../../logic/page-cache.js';
import type { Route } from '../../logic/routes.js';
import { formatHash } from '../../logic/routes.js';

const ROW_HEIGHT = 28;
/**
 * Browsers cap an element's height near 33.5M px: a scroll area holds at most a million rows of
 * 28 px, and a bigger result is split into ranges of that size, each scrolled on its own.
 */
const ROWS_PER_WINDOW = 1_000_000;

function windowCount(total: number): number {
  return Math.max(1, Math.ceil(total / ROWS_PER_WINDOW));
}

export function AuditTrailScreen({ route }: { route: Route }) {
  const filter = useMemo(() => filterFromParams(route.params), [route.params]);
  const selected = route.params.entry && /^\d+:\d+$/.test(route.params.entry) ? route.params.entry : null;

  const setFilter = (f: EntryFilter) => {
    window.location.hash = formatHash('trail', [], filterToParams(f));
  };
  const select = (row: EntryRow | null) => {
    const base = filterToParams(filter);
    window.location.hash = formatHash('trail', [], row ? { ...base, entry: row.ref } : base);
  };

  return (
    <section className="screen trail-screen" data-testid="screen-trail">
      <header className="screen-head">
        <h1>Audit trail</h1>
      </header>
      <FilterBar filter={filter} onChange={setFilter} />
      <div className="split">
        <EntryList filter={filter} selected={selected} onSelect={select} />
        {selected && <EntryDetailPane entryRef={selected} onClose={() => select(null)} />}
      </div>
    </section>
  );
}

function FilterBar({ filter, onChange }: { filter: EntryFilter; onChange: (f: EntryFilter) => void }) {
  const facets = useApi('entries.facets', {});
  const [text, setText] = useState(filter.text ?? '');
  useEffect(() => setText(filter.text ?? ''), [filter.text]);
  const set = (patch: Partial<EntryFilter>) => {
    const next: EntryFilter = { ...filter, ...patch };
    for (const k of Object.keys(next) as (keyof EntryFilter)[]) if (next[k] === undefined || next[k] === '') delete next[k];
    onChange(next);
  };
  const f = facets.state === 'ready' ? facets.value : null;
  return (
    <form
      className="filters"
      data-testid="trail-filters"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        set({ text: text.trim() || undefined });
      }}
    >
      <input
        type="search"
        placeholder="Search operation, resource, ids…"
        aria-label="Search"
        value={text}
        data-testid="filter-text"
        onChange={(e) => setText(e.target.value)}
      />
      <select aria-label="Export" data-testid="filter-export" value={filter.exportRef ?? ''} onChange={(e) => set({ exportRef: e.target.value || undefined })}>
        <option value="">All exports</option>
        {f?.exports.map((x) => (
          <option key={x.exportRef} value={x.exportRef}>
            {x.label}
          </option>
        ))}
      </select>
      <select aria-label="Agent" data-testid="filter-agent" value={filter.agentId ?? ''} onChange={(e) => set({ agentId: e.target.value || undefined })}>
        <option value="">All agents</option>
        {f?.agents.map((a) => (
          <option key={a.agentId} value={a.agentId}>
            {f.agents.some((b) => b.name === a.name && b.agentId !== a.agentId) ? `${a.name} (${shortId(a.agentId)})` : a.name}
          </option>
        ))}
      </select>
      <select aria-label="Action type" data-testid="filter-action" value={filter.actionType ?? ''} onChange={(e) => set({ actionType: e.target.value || undefined })}>
        <option value="">All actions</option>
        {f?.actionTypes.map((a) => (
          <option key={a} value={a}>
            {a}
          </option>
        ))}
      </select>
      <select
        aria-label="Verdict"
        data-testid="filter-verdict"
        value={filter.verdict ?? ''}
        onChange={(e) => set({ verdict: (e.target.value || undefined) as EntryFilter['verdict'] })}
      >
        <option value="">Any verdict</option>
        {['PERMIT', 'ESCALATE', 'DENY'].map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
      <select
        aria-label="Status"
        data-testid="filter-status"
        value={filter.status ?? ''}
        onChange={(e) => set({ status: (e.target.value || undefined) as EntryFilter['status'] })}
      >
        <option value="">Any status</option>
        {['success', 'error', 'blocked', 'escalated'].map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
      <select
        aria-label="Actor"
        data-testid="filter-actor"
        value={filter.actorType ?? ''}
        onChange={(e) => set({ actorType: (e.target.value || undefined) as EntryFilter['actorType'] })}
      >
        <option value="">Any actor</option>
        <option value="user">users</option>
        <option value="agent">agents</option>
        <option value="system">the platform (system)</option>
      </select>
      <label className="inline">
        From
        <input type="datetime-local" data-testid="filter-from" value={tsToLocalInput(filter.from)} onChange={(e) => set({ from: localInputToTs(e.target.value) })} />
      </label>
      <label className="inline">
        To
        <input type="datetime-local" data-testid="filter-to" value={tsToLocalInput(filter.to)} onChange={(e) => set({ to: localInputToTs(e.target.value) })} />
      </label>
      <label className="inline">
        <input type="checkbox" checked={filter.withFindings ?? false} onChange={(e) => set({ withFindings: e.target.checked || undefined })} />
        with findings
      </label>
      <button type="submit" data-testid="filter-apply">
        Search
      </button>
      {activeFilterCount(filter) > 0 && (
        <button type="button" className="link" data-testid="filter-clear" onClick={() => onChange({})}>
          Clear ({activeFilterCount(filter)})
        </button>
      )}
    </form>
  );
}

interface ListState {
  total: number | null;
  error: ApiError | null;
  elapsedMs: number | null;
  textSearch: 'index' | 'scan' | null;
}

function EntryList({
  filter,
  selected,
  onSelect,
}: {
  filter: EntryFilter;
  selected: string | null;
  onSelect: (row: EntryRow | null) => void;
}) {
  const client = useClient();
  const { revision } = useRevision();
  const scrollRef = useRef<HTMLDivElement>(null);
  const pages = useRef(new Map<number, EntryRow[]>());
  const inflight = useRef(new Set<number>());
  const generation = useRef(0);
  const [, setTick] = useState(0);
  const [state, setState] = useState<ListState>({ total: null, error: null, elapsedMs: null, textSearch: null });
  const [cursor, setCursor] = useState(0);
  const [windowIdx, setWindowIdx] = useState(0);
  const filterKey = JSON.stringify(filter);
  // Retry after a failed page: start the list over.
  const [attempt, setAttempt] = useState(0);

  const fetchPage = useCallback(
    (page: number, gen: number) => {
      if (pages.current.has(page) || inflight.current.has(page)) return;
      inflight.current.add(page);
      void client.call('entries.query', { filter: JSON.parse(filterKey) as EntryFilter, offset: page * PAGE_SIZE, limit: PAGE_SIZE }).then((r) => {
        if (gen !== generation.current) return;
        inflight.current.delete(page);
        if (!r.ok) {
          setState((s) => ({ ...s, error: r.error }));
          return;
        }
        pages.current.set(page, r.value.rows);
        evictPages(pages.current, page);
        setState({ total: r.value.total, error: null, elapsedMs: r.value.elapsedMs, textSearch: r.value.textSearch });
        setTick((t) => t + 1);
      });
    },
    [client, filterKey],
  );

  // A new filter or new data: start over from the first page.
  useEffect(() => {
    generation.current += 1;
    pages.current.clear();
    inflight.current.clear();
    setState({ total: null, error: null, elapsedMs: null, textSearch: null });
    setCursor(0);
    setWindowIdx(0);
    scrollRef.current?.scrollTo({ top: 0 });
    fetchPage(0, generation.current);
  }, [fetchPage, revision, attempt]);

  const total = state.total ?? 0;
  const windows = windowCount(total);
  const win = Math.min(windowIdx, windows - 1);
  const base = Math.max(0, win) * ROWS_PER_WINDOW;
  const count = Math.max(0, Math.min(ROWS_PER_WINDOW, total - base));
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 15,
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (state.total === null) return;
    for (const p of pagesForRange(base + firstIndex, base + lastIndex, total)) fetchPage(p, generation.current);
  }, [firstIndex, lastIndex, total, base, state.total, fetchPage]);

  // A deep link (?entry=) scrolls to its row and highlights it once the list has loaded; a click needs nothing.
  const located = useRef<string | null>(null);
  const [linkOutside, setLinkOutside] = useState(false);
  useEffect(() => {
    if (!selected || state.total === null || located.current === `${selected} ${filterKey}`) return;
    located.current = `${selected} ${filterKey}`;
    setLinkOutside(false);
    for (const rows of pages.current.values()) if (rows.some((r) => r.ref === selected)) return;
    void client.call('entries.locate', { ref: selected, filter: JSON.parse(filterKey) as EntryFilter }).then((r) => {
      if (!r.ok) return;
      if (r.value.index === null) {
        setLinkOutside(true);
        return;
      }
      const w = Math.floor(r.value.index / ROWS_PER_WINDOW);
      const i = r.value.index - w * ROWS_PER_WINDOW;
      setWindowIdx(w);
      setCursor(i);
      requestAnimationFrame(() => virtualizer.scrollToIndex(i, { align: 'center' }));
    });
  }, [selected, state.total, filterKey, client, virtualizer]);

  /** Row `i` of the current window. */
  const rowAt = (i: number): EntryRow | undefined => {
    const a = base + i;
    return pages.current.get(Math.floor(a / PAGE_SIZE))?.[a % PAGE_SIZE];
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (count === 0) return;
    let next: number;
    if (e.key === 'ArrowDown') next = Math.min(count - 1, cursor + 1);
    else if (e.key === 'ArrowUp') next = Math.max(0, cursor - 1);
    else if (e.key === 'PageDown') next = Math.min(count - 1, cursor + 20);
    else if (e.key === 'PageUp') next = Math.max(0, cursor - 20);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = count - 1;
    else if (e.key === 'Enter') {
      const row = rowAt(cursor);
      if (row) onSelect(row);
      e.preventDefault();
      return;
    } else if (e.key === 'Escape') {
      onSelect(null);
      return;
    } else return;
    e.preventDefault();
    setCursor(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const ready = state.total !== null && (total === 0 || pages.current.has(0));
  return (
    <div className="entry-list" data-testid="entry-list" data-ready={ready ? 'true' : 'false'} data-total={state.total ?? ''}>
      <div className="list-status" aria-live="polite">
        {state.total === null && !state.error ? (
          <Loading label="Querying…" />
        ) : (
          <span data-testid="entry-total">
            {formatCount(total)} {total === 1 ? 'entry' : 'entries'}{state.elapsedMs !== null ? ` · ${state.elapsedMs.toFixed(1)} ms` : ''}
            {state.textSearch === 'scan' && ' · full scan (the search index is still being built, or the term is shorter than 3 characters)'}
          </span>
        )}
      </div>
      {state.error && <ErrorBanner error={state.error} onRetry={() => setAttempt((a) => a + 1)} />}
      {linkOutside && (
        <p className="inline-error" data-testid="entry-link-outside">
          The linked entry is not in this filtered list; clear the filters to see it in place.
        </p>
      )}
      {ready && total === 0 && <Empty title="No entries match">Change or clear the filters.</Empty>}
      {windows > 1 && (
        <div className="row-windows" role="group" aria-label="Row ranges">
          {Array.from({ length: windows }, (_, w) => (
            <button
              key={w}
              type="button"
              aria-pressed={w === win}
              data-testid="row-window"
              onClick={() => {
                setWindowIdx(w);
                setCursor(0);
                scrollRef.current?.scrollTo({ top: 0 });
              }}
            >
              {formatCount(w * ROWS_PER_WINDOW + 1)}–{formatCount(Math.min(total, (w + 1) * ROWS_PER_WINDOW))}
            </button>
          ))}
        </div>
      )}
      <div className="entry-head" aria-hidden="true">
        <span>seq</span>
        <span>time (UTC)</span>
        <span>action</span>
        <span>agent / actor</span>
        <span>operation</span>
        <span>resource</span>
        <span>verdict</span>
        <span>status</span>
      </div>
      <div
        ref={scrollRef}
        className="entry-scroll"
        tabIndex={0}
        role="grid"
        aria-rowcount={count}
        aria-label="Audit entries"
        data-testid="entry-scroll"
        onKeyDown={onKeyDown}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((v) => {
            const row = rowAt(v.index);
            const isSel = !!row && row.ref === selected;
            return (
              <div
                key={v.key}
                role="row"
                aria-rowindex={base + v.index + 1}
                aria-selected={isSel}
                className={`entry-row${v.index === cursor ? ' cursor' : ''}${isSel ? ' selected' : ''}${row && row.findingCount > 0 ? ' has-findings' : ''}`}
                style={{ transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }}
                data-testid={row ? 'entry-row' : 'entry-row-pending'}
                data-seq={row?.seq}
                onClick={() => {
                  setCursor(v.index);
                  if (row) onSelect(row);
                }}
              >
                {row ? (
                  <>
                    <span className="mono">{row.seq}</span>
                    <span className="mono" title={row.ts}>
                      {formatListTs(row.ts)}
                    </span>
                    <span>{row.actionType}</span>
                    <span className="ellipsis" title={row.agentId ?? row.actorId}>
                      {row.agentName ?? (row.agentId ? shortId(row.agentId) : `${row.actorType}:${shortId(row.actorId)}`)}
                    </span>
                    <span className="ellipsis mono">{row.operation ?? ''}</span>
                    <span className="ellipsis" title={row.resource ?? ''}>
                      {row.resource ?? ''}
                    </span>
                    <span className={row.verdict ? `verdict verdict-${row.verdict}` : ''}>{row.verdict ?? ''}</span>
                    <span>
                      {row.status ?? ''}
                      {row.findingCount > 0 && <span className="finding-dot" title={`${row.findingCount} findings`} />}
                    </span>
                  </>
                ) : (
                  <span className="muted">…</span>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function EntryDetailPane({ entryRef, onClose }: { entryRef: string; onClose: () => void }) {
  const d = useApi('entries.get', { ref: entryRef });
  return (
    <aside className="detail" data-testid="entry-detail" data-ready={d.state === 'ready' ? 'true' : 'false'} aria-label="Entry detail">
      <div className="detail-head">
        <h2>
          Entry {d.state === 'ready' ? `seq ${d.value.row.seq}` : ''}
        </h2>
        <button type="button" className="link" onClick={onClose} aria-label="Close detail">
          Close
        </button>
      </div>
      {d.state === 'loading' && <Loading />}
      {d.state === 'error' && <ErrorBanner error={d.error} onRetry={d.reload} />}
      {d.state === 'ready' && (
        <>
          <dl className="kv">
            <dt>Origin</dt>
            <dd className="mono wrap">
              {d.value.row.origin}
              {d.value.row.quarantined && <span className="badge status-invalid">quarantined</span>}
            </dd>
            <dt>Entry id</dt>
            <dd className="mono">{d.value.row.id}</dd>
            <dt>Time</dt>
            <dd>{formatTs(d.value.row.ts)}</dd>
            <dt>Action</dt>
            <dd>{d.value.row.actionType}</dd>
            <dt>Leaf hash</dt>
            <dd className="mono wrap" data-testid="entry-leaf">
              {d.value.leafHash}
            </dd>
            <dt>prev</dt>
            <dd className="mono wrap">{d.value.prev}</dd>
          </dl>
          {d.value.findings.length > 0 && (
            <>
              <h3>Findings on this entry</h3>
              <ul className="plain">
                {d.value.findings.map((f) => (
                  <li key={f.id}>
                    <SeverityBadge severity={f.severity} /> <a href={formatHash('findings', [f.id])}>{f.kind}</a> — {f.message}
                  </li>
                ))}
              </ul>
            </>
          )}
          <h3>Canonical line</h3>
          <CanonicalLine line={d.value.line} />
          <h3>Inclusion proof (RFC 6962)</h3>
          {d.value.proof ? (
            <div data-testid="entry-proof" data-verified={d.value.proof.verified ? 'true' : 'false'}>
              <p>
                Leaf {formatCount(d.value.proof.leafIndex)} of a tree of {formatCount(d.value.proof.treeSize)}; root{' '}
                <span className="mono wrap">{d.value.proof.root}</span> — {d.value.proof.verified ? 'recomputed and matches the checkpoint' : 'does NOT match'}.
              </p>
              <ol className="mono proof-path">
                {d.value.proof.path.map((h, i) => (
                  <li key={i}>{h}</li>
                ))}
              </ol>
              {d.value.proof.checkpoint && (
                <>
                  <h4>Signed checkpoint</h4>
                  <pre className="code">{d.value.proof.checkpoint}</pre>
                </>
              )}
              <details>
                <summary>Proof as JSON (for a third party)</summary>
                <pre className="code">
                  {prettyJson({
                    leaf_index: d.value.proof.leafIndex,
                    tree_size: d.value.proof.treeSize,
                    leaf_hash: d.value.proof.leafHash,
                    audit_path: d.value.proof.path,
                    root: d.value.proof.root,
                  })}
                </pre>
              </details>
            </div>
          ) : (
            <p className="muted" data-testid="entry-proof-missing">
              {d.value.proofError ?? 'No proof available.'}
            </p>
          )}
        </>
      )}
    </aside>
  );
}
