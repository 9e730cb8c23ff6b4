/**
 * Testing: draw a reproducible sample of one control's population, then test each sampled item
 * with its evidence on one screen, conclude, and download the workpaper (docs/sampling.md).
 */
import { useState } from 'react';
import { POPULATIONS } from '../../../../shared/sampling/populations.js';
import type { FrameworkId } from '../../../../shared/engagement/engagement-types.js';
import { useApi, useClient } from '../../api-context.js';
import { Empty, ErrorBanner, Loading } from '../../components/states.js';
import { formatCount, formatTs } from '../../logic/format.js';
import type { Route } from '../../logic/routes.js';
import { formatHash } from '../../logic/routes.js';
import { WorkpaperView } from './workpaper-view.js';
import './testing.css';

/** Every control a population tests, as "framework control" choices. */
const CONTROLS = POPULATIONS.flatMap((p) =>
  (['soc2', 'iso27001'] as const).flatMap((fw) =>
    p.controls[fw].map((c) => ({ key: `${fw}:${c}`, framework: fw, control: c, title: p.title })),
  ),
).filter((c, i, all) => all.findIndex((x) => x.key === c.key) === i);

export function TestingScreen({ route }: { route: Route }) {
  const id = Number(route.rest[0]);
  if (Number.isSafeInteger(id) && id > 0) return <WorkpaperView workpaperId={id} item={route.params.item} />;
  return <WorkpaperList />;
}

function WorkpaperList() {
  const list = useApi('testing.list', {});
  return (
    <section
      className="screen"
      data-testid="screen-testing"
      data-ready={list.state === 'ready' ? 'true' : 'false'}
    >
      <header className="screen-head">
        <h1>Testing</h1>
        <a href={formatHash('checklist')} data-testid="open-checklist">
          Audit-prep checklist
        </a>
      </header>
      <DrawForm />
      <h2>Workpapers</h2>
      {list.state === 'loading' && <Loading />}
      {list.state === 'error' && <ErrorBanner error={list.error} onRetry={list.reload} />}
      {list.state === 'ready' && list.value.length === 0 && (
        <Empty title="No sample drawn yet">Pick a control above and draw its sample.</Empty>
      )}
      {list.state === 'ready' && list.value.length > 0 && (
        <table className="grid" data-testid="workpaper-list">
          <thead>
            <tr>
              <th scope="col">Control</th>
              <th scope="col">Population</th>
              <th scope="col" className="num">
                Items
              </th>
              <th scope="col">Method / seed</th>
              <th scope="col">Tested</th>
              <th scope="col">Conclusion</th>
              <th scope="col">Drawn</th>
            </tr>
          </thead>
          <tbody>
            {list.value.map((w) => {
              const last = w.versions.at(-1);
              return (
                <tr key={w.id} data-testid="workpaper-row">
                  <td>
                    <a href={formatHash('testing', [String(w.id)])}>
                      {w.framework} {w.control}
                    </a>
                  </td>
                  <td>
                    {w.population} ({formatCount(w.populationSize)})
                  </td>
                  <td className="num">{w.items}</td>
                  <td>
                    {w.method}, “{w.seed}”
                  </td>
                  <td>
                    {w.tested} of {w.items}
                    {w.exceptions > 0 ? `, ${w.exceptions} with exceptions` : ''}
                  </td>
                  <td>
                    {last
                      ? `v${last.version}: ${last.effective ? 'operating effectively' : 'not operating effectively'}`
                      : 'not concluded'}
                  </td>
                  <td>
                    {formatTs(w.drawnAt)} by {w.drawnBy}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function DrawForm() {
  const client = useClient();
  const [control, setControl] = useState(CONTROLS[0]!.key);
  const [seed, setSeed] = useState('');
  const [method, setMethod] = useState<'random' | 'systematic' | 'stratified'>('random');
  const [stratify, setStratify] = useState<'agent' | 'month' | 'environment'>('agent');
  const [size, setSize] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = CONTROLS.find((c) => c.key === control)!;
  const draw = async () => {
    setError(null);
    setBusy(true);
    const n = size.trim() === '' ? undefined : Number(size);
    const r = await client.call('testing.draw', {
      framework: chosen.framework as FrameworkId,
      control: chosen.control,
      seed,
      method,
      ...(method === 'stratified' ? { stratify } : {}),
      ...(n !== undefined ? { size: n, reason } : {}),
    });
    setBusy(false);
    if (!r.ok) setError(r.error.message);
    else window.location.hash = formatHash('testing', [String(r.value.summary.id)]);
  };
  return (
    <form
      className="draw-form"
      data-testid="draw-form"
      onSubmit={(e) => {
        e.preventDefault();
        void draw();
      }}
    >
      <label>
        Control{' '}
        <select value={control} onChange={(e) => setControl(e.target.value)} data-testid="draw-control">
          {CONTROLS.map((c) => (
            <option key={c.key} value={c.key}>
              {c.framework === 'soc2' ? 'SOC 2' : 'ISO 27001'} {c.control} — {c.title}
            </option>
          ))}
        </select>
      </label>{' '}
      <label>
        Seed{' '}
        <input
          value={seed}
          onChange={(e) => setSeed(e.target.value)}
          required
          placeholder="recorded in the workpaper"
          data-testid="draw-seed"
        />
      </label>{' '}
      <label>
        Method{' '}
        <select
          value={method}
          onChange={(e) => setMethod(e.target.value as typeof method)}
          data-testid="draw-method"
        >
          <option value="random">random</option>
          <option value="systematic">systematic</option>
          <option value="stratified">stratified</option>
        </select>
      </label>{' '}
      {method === 'stratified' && (
        <label>
          by{' '}
          <select
            value={stratify}
            onChange={(e) => setStratify(e.target.value as typeof stratify)}
            data-testid="draw-stratify"
          >
            <option value="agent">agent</option>
            <option value="month">month</option>
            <option value="environment">environment</option>
          </select>
        </label>
      )}{' '}
      <label>
        Size{' '}
        <input
          value={size}
          onChange={(e) => setSize(e.target.value)}
          inputMode="numeric"
          placeholder="by the rule"
          size={8}
          data-testid="draw-size"
        />
      </label>{' '}
      {size.trim() !== '' && (
        <label>
          Reason{' '}
          <input
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            required
            data-testid="draw-reason"
          />
        </label>
      )}{' '}
      <button type="submit" disabled={busy || seed.trim() === ''} data-testid="draw-submit">
        {busy ? 'Drawing…' : 'Draw sample'}
      </button>
      {error && (
        <p role="alert" className="sev-text-high" data-testid="draw-error">
          {error}
        </p>
      )}
    </form>
  );
}
