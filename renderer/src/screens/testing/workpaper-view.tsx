/** One workpaper: how the sample was drawn, every sampled item with its result, the conclusion, the downloads. */
import { useState } from 'react';
import type { TestingSheet } from '../../../../shared/sampling/workpaper-types.js';
import { useApi, useClient } from '../../api-context.js';
import { ErrorBanner, Loading } from '../../components/states.js';
import { formatCount, formatTs, shortId } from '../../logic/format.js';
import { formatHash } from '../../logic/routes.js';
import { chooseDestination, deliver } from '../../file-transfer.js';
import { ItemPanel } from './item-panel.js';

/** pass / exception / partly / not tested, from the latest results of one item. */
export function itemState(sheet: TestingSheet, i: number): 'pass' | 'exception' | 'partly' | 'untested' {
  const rs = sheet.results.filter((r) => r.item === i);
  if (rs.some((r) => r.result === 'exception')) return 'exception';
  if (rs.length === 0) return 'untested';
  return rs.length === sheet.workpaper.attributes.length ? 'pass' : 'partly';
}

export function WorkpaperView({ workpaperId, item }: { workpaperId: number; item: string | undefined }) {
  const loaded = useApi('testing.get', { workpaperId });
  const [sheet, setSheet] = useState<TestingSheet | null>(null);
  const current = sheet?.summary.id === workpaperId ? sheet : loaded.state === 'ready' ? loaded.value : null;
  const selected = item === undefined ? null : Number(item);
  return (
    <section className="screen" data-testid="screen-workpaper" data-ready={current ? 'true' : 'false'}>
      <header className="screen-head">
        <h1>Workpaper {workpaperId}</h1>
        <a href={formatHash('testing')}>All workpapers</a>
      </header>
      {loaded.state === 'loading' && !current && <Loading />}
      {loaded.state === 'error' && <ErrorBanner error={loaded.error} onRetry={loaded.reload} />}
      {current && (
        <>
          <Summary sheet={current} onChange={setSheet} />
          <div className="testing-split">
            <table className="grid" data-testid="sample-table">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    #
                  </th>
                  <th scope="col" className="num">
                    Seq
                  </th>
                  <th scope="col">Time</th>
                  <th scope="col">Action</th>
                  <th scope="col">Agent</th>
                  <th scope="col">Findings</th>
                  <th scope="col">Result</th>
                </tr>
              </thead>
              <tbody>
                {current.workpaper.items.map((it, i) => (
                  <tr
                    key={it.leaf_hash}
                    data-testid="sample-row"
                    data-state={itemState(current, i)}
                    aria-selected={selected === i}
                  >
                    <td className="num">
                      <a
                        href={formatHash('testing', [String(workpaperId)], { item: String(i) })}
                        data-testid={`open-item-${i}`}
                      >
                        {i + 1}
                      </a>
                    </td>
                    <td className="num">{it.seq}</td>
                    <td>{formatTs(it.ts)}</td>
                    <td>{it.action_type}</td>
                    <td>{shortId(it.agent_id)}</td>
                    <td>{it.findings.join(', ') || '–'}</td>
                    <td>{itemState(current, i)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {selected !== null && current.workpaper.items[selected] && (
              <ItemPanel key={selected} sheet={current} item={selected} onChange={setSheet} />
            )}
          </div>
        </>
      )}
    </section>
  );
}

function Summary({ sheet, onChange }: { sheet: TestingSheet; onChange: (s: TestingSheet) => void }) {
  const client = useClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const w = sheet.workpaper;
  const conclude = async () => {
    setError(null);
    setBusy(true);
    const r = await client.call('testing.conclude', { workpaperId: sheet.summary.id });
    setBusy(false);
    if (r.ok) onChange(r.value);
    else setError(r.error.message);
  };
  const download = async (format: 'pdf' | 'xlsx' | 'json') => {
    setError(null);
    const dest = await chooseDestination(`workpaper-${w.framework}-${w.control}-${sheet.summary.id}.${format}`);
    if (dest === null) return;
    const r = await client.call('testing.export', {
      workpaperId: sheet.summary.id,
      format,
      ...(dest ? { dest } : {}),
    });
    if (r.ok) deliver(r.value);
    else setError(r.error.message);
  };
  const last = sheet.summary.versions.at(-1);
  return (
    <div className="panel" data-testid="workpaper-summary">
      <dl className="kv">
        <dt>Control</dt>
        <dd>
          {w.framework} {w.control} — {w.population.title}
        </dd>
        <dt>Population</dt>
        <dd>
          {formatCount(w.population.size)} entries of {w.population.action_types.join(', ')}; digest{' '}
          <code>{w.population.digest}</code>
        </dd>
        <dt>Sample</dt>
        <dd>
          {w.items.length} items — {w.size.rule}
          {w.size.reason ? ` (reason: ${w.size.reason})` : ''}
        </dd>
        <dt>Selection</dt>
        <dd>
          {w.selection.method}
          {w.selection.stratify ? ` by ${w.selection.stratify}` : ''}, seed “{w.selection.seed}”,{' '}
          {w.selection.prng}
        </dd>
        <dt>Drawn</dt>
        <dd>
          {formatTs(w.generated_at)} by {w.generated_by}
        </dd>
      </dl>
      <div
        className="conclusion"
        data-testid="conclusion"
        data-effective={sheet.conclusion ? String(sheet.conclusion.effective) : 'none'}
      >
        {sheet.conclusion ? (
          <>
            <strong>
              {sheet.conclusion.effective ? 'Operating effectively' : 'Not operating effectively'}
            </strong>
            <p>{sheet.conclusion.arithmetic}</p>
          </>
        ) : (
          <p data-testid="outstanding">{sheet.outstanding} result(s) outstanding before a conclusion.</p>
        )}
        <button
          type="button"
          disabled={busy || sheet.conclusion === null}
          onClick={() => void conclude()}
          data-testid="conclude"
        >
          Conclude (new version)
        </button>{' '}
        {last && (
          <span data-testid="latest-version">
            version {last.version} concluded {formatTs(last.createdAt)} by {last.createdBy}
          </span>
        )}
      </div>
      <div>
        <button type="button" onClick={() => void download('pdf')} data-testid="download-pdf">
          Workpaper PDF
        </button>{' '}
        <button type="button" onClick={() => void download('xlsx')} data-testid="download-xlsx">
          Workpaper spreadsheet (.xlsx)
        </button>{' '}
        <button type="button" onClick={() => void download('json')} data-testid="download-json">
          Workpaper JSON
        </button>
      </div>
      {error && (
        <p role="alert" className="sev-text-high" data-testid="workpaper-error">
          {error}
        </p>
      )}
    </div>
  );
}
