/** The list of recorded packages, newest first, with the generation form and the custody log. */
import { useState } from 'react';
import { useApi } from '../../api-context.js';
import { Empty, ErrorBanner, Loading } from '../../components/states.js';
import { formatCount, formatTs, shortId } from '../../logic/format.js';
import { comparable } from '../../logic/packages.js';
import { formatHash } from '../../logic/routes.js';
import { useJob } from '../../jobs/use-job.js';
import { AuditorKeyPanel } from './auditor-key-panel.js';
import { CustodyPanel } from './custody-panel.js';
import { navigateTo } from './destination.js';
import { GenerateForm } from './generate-form.js';
import { PackageJobProgress } from './package-job.js';

export function PackageList({ agentFilter }: { agentFilter: string }) {
  const handle = useJob();
  const list = useApi(
    'packages.list',
    agentFilter === '' ? {} : agentFilter === 'org' ? { org: true } : { agentId: agentFilter },
  );
  const agents = useApi('agents.list', {});
  const [picked, setPicked] = useState<string[]>([]);
  const records = list.state === 'ready' ? list.value : [];
  const pickedRecords = picked
    .map((id) => records.find((r) => r.id === id))
    .filter((r): r is NonNullable<typeof r> => r !== undefined);
  const canCompare = pickedRecords.length === 2 && comparable(pickedRecords[0]!, pickedRecords[1]!);

  const toggle = (id: string) =>
    setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p.slice(-1), id]));
  const compare = () => {
    if (!canCompare) return;
    // Older version first: the diff reads as what changed since.
    const [a, b] = [...pickedRecords].sort((x, y) => x.version - y.version);
    navigateTo(formatHash('packages', ['diff'], { from: a!.id, to: b!.id }));
  };

  return (
    <section
      className="screen"
      data-testid="screen-packages"
      data-ready={list.state === 'ready' ? 'true' : 'false'}
    >
      <header className="screen-head">
        <h1>Packages</h1>
        <span className="muted">
          Immutable, content-addressed records built from verified exports; every generation is in the custody
          log
        </span>
      </header>
      <GenerateForm handle={handle} />
      <PackageJobProgress handle={handle} what="Generating the package" />
      <div className="filters row">
        <label>
          Show{' '}
          <select
            value={agentFilter}
            data-testid="packages-filter"
            onChange={(e) => {
              setPicked([]);
              navigateTo(formatHash('packages', [], { agentId: e.target.value }));
            }}
          >
            <option value="">every package</option>
            <option value="org">organisation packages</option>
            {agents.state === 'ready' &&
              agents.value.map((a) => (
                <option key={a.agentId} value={a.agentId}>
                  {a.name ?? a.agentId}
                </option>
              ))}
          </select>
        </label>
        <button
          type="button"
          onClick={compare}
          disabled={!canCompare}
          data-testid="packages-compare"
          title="Tick two versions of the same agent (or two organisation packages)"
        >
          Compare the two ticked
        </button>
        {pickedRecords.length === 2 && !canCompare && (
          <span className="inline-error">Those two are not versions of the same scope.</span>
        )}
      </div>
      {list.state === 'loading' && <Loading />}
      {list.state === 'error' && <ErrorBanner error={list.error} onRetry={list.reload} />}
      {list.state === 'ready' && records.length === 0 && (
        <Empty title="No packages yet">
          Generate one above: it is recorded here, newest first, and never changed afterwards.
        </Empty>
      )}
      {list.state === 'ready' && records.length > 0 && (
        <table className="grid" data-testid="packages-table">
          <thead>
            <tr>
              <th scope="col">
                <span className="sr-only">Compare</span>
              </th>
              <th scope="col">Scope</th>
              <th scope="col" className="num">
                Version
              </th>
              <th scope="col">Period</th>
              <th scope="col" className="num">
                Entries
              </th>
              <th scope="col">Generated</th>
              <th scope="col">By</th>
              <th scope="col">Package id</th>
            </tr>
          </thead>
          <tbody>
            {records.map((r) => (
              <tr key={r.id} data-testid="package-row" data-package-id={r.id} data-version={r.version}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`compare version ${r.version}`}
                    checked={picked.includes(r.id)}
                    onChange={() => toggle(r.id)}
                    data-testid="package-pick"
                  />
                </td>
                <td>{r.scope === 'org' ? 'organisation' : (r.agentName ?? r.agent_id)}</td>
                <td className="num">{r.version}</td>
                <td className="nowrap">
                  {formatTs(r.period_from)} – {formatTs(r.period_to)}
                </td>
                <td className="num">{formatCount(r.entries)}</td>
                <td className="nowrap">{formatTs(r.generated_at)}</td>
                <td>{r.generated_by}</td>
                <td>
                  <a
                    className="mono"
                    href={formatHash('packages', [r.id])}
                    data-testid="package-open"
                    title={r.id}
                  >
                    {shortId(r.id, 16)}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CustodyPanel />
      <AuditorKeyPanel />
    </section>
  );
}
