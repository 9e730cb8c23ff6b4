/**
 * Packages: generate compliance packages (an agent or the organisation, over a period) with
 * progress, list the immutable records newest first, open one, compare two versions, export PDF,
 * JSON or a signed binder, and see and check Crosscheck's own custody log.
 */
import { useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { JobStatus, PackageView } from '../../../shared/api/view-types.js';
import type { PackageDoc } from '../../../shared/package/package-types.js';
import type { PackageRecord } from '../../../shared/package/record-types.js';
import { useApi, useClient } from '../api-context.js';
import { desktopBridge } from '../desktop-bridge.js';
import { MermaidDiagram } from '../components/mermaid-diagram.js';
import { StatusBadge } from '../components/badges.js';
import { Empty, ErrorBanner, Loading } from '../components/states.js';
import { formatCount, formatTs, shortId } from '../logic/format.js';
import type { PackageFormat } from '../../../shared/package/file-names.js';
import { exportFileName } from '../../../shared/package/file-names.js';
import { comparable, periodBound, periodError } from '../logic/packages.js';
import type { Route } from '../logic/routes.js';
import { formatHash } from '../logic/routes.js';
import { useJob } from '../use-job.js';
import type { JobHandle } from '../use-job.js';

function navigateTo(hash: string): void {
  window.location.hash = hash;
}

export function PackagesScreen({ route }: { route: Route }) {
  const [first] = route.rest;
  if (first === 'diff' && route.params.from && route.params.to)
    return <PackageDiffView fromId={route.params.from} toId={route.params.to} />;
  if (first !== undefined && /^[0-9a-f]{64}$/.test(first)) return <PackageDetail packageId={first} />;
  return <PackageList agentFilter={route.params.agentId ?? ''} />;
}

/** The bar of a running package job, its outcome and its error. */
function JobBar({ handle, what }: { handle: JobHandle; what: string }) {
  const { job, error, cancel, dismiss } = handle;
  if (error) return <ErrorBanner error={error} onRetry={dismiss} />;
  if (!job) return null;
  const p = job.progress;
  const fraction = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  return (
    <div className="import-progress" data-testid="package-job" data-state={job.state} data-phase={p.phase}>
      {job.state === 'running' && (
        <>
          <label htmlFor={`bar-${job.id}`}>
            {what} — {p.phase}
            {p.total > 0 ? ` · ${formatCount(p.done)} of ${formatCount(p.total)} entries` : ''}
          </label>
          {p.total > 0 ? (
            <progress id={`bar-${job.id}`} max={1} value={fraction} />
          ) : (
            <progress id={`bar-${job.id}`} />
          )}
          <button type="button" data-testid="package-job-cancel" onClick={() => void cancel()}>
            Cancel
          </button>
        </>
      )}
      {job.state === 'done' && <JobDone job={job} onDismiss={dismiss} />}
      {job.state === 'failed' && (
        <span role="alert" data-testid="package-job-failed">
          {what} failed: {job.error}
          <button type="button" className="link" onClick={dismiss}>
            Dismiss
          </button>
        </span>
      )}
      {job.state === 'cancelled' && (
        <span data-testid="package-job-cancelled">
          Cancelled; nothing was recorded.
          <button type="button" className="link" onClick={dismiss}>
            Dismiss
          </button>
        </span>
      )}
    </div>
  );
}

function JobDone({ job, onDismiss }: { job: JobStatus; onDismiss: () => void }) {
  const r = job.result;
  return (
    <span data-testid="package-job-done">
      {r?.file ? (
        <>
          {r.file.path ? (
            <>
              Saved to <span className="mono">{r.file.path}</span>
            </>
          ) : (
            <>
              Downloaded <span className="mono">{r.file.name}</span>
            </>
          )}{' '}
          · {formatCount(r.file.bytes)} bytes · SHA-256{' '}
          <span className="mono" title={r.file.sha256}>
            {shortId(r.file.sha256, 16)}
          </span>
        </>
      ) : r ? (
        <>
          {r.created
            ? `Package version ${r.version} recorded.`
            : `Identical content is already recorded as version ${r.version}; the generation is logged in custody.`}{' '}
          <a href={formatHash('packages', [r.packageId])} data-testid="package-job-open">
            Open it
          </a>
        </>
      ) : (
        'Done.'
      )}
      <button type="button" className="link" onClick={onDismiss}>
        Dismiss
      </button>
    </span>
  );
}

/** Under serve a written file waits for one download; the browser fetches it with the page's cookie. */
function fetchDownload(downloadId: string, name: string): void {
  const a = document.createElement('a');
  a.href = `/download/${downloadId}`;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/**
 * Where an export goes: the desktop app asks with a save dialog (null: the user cancelled);
 * under serve there is nothing to ask (undefined: the server offers a download).
 */
async function chooseDestination(
  defaultName: string,
): Promise<{ kind: 'path'; path: string } | undefined | null> {
  const bridge = desktopBridge();
  if (!bridge) return undefined;
  const p = await bridge.pickSavePath(defaultName);
  return p ? { kind: 'path', path: p } : null;
}

function download(job: JobStatus): void {
  const file = job.result?.file;
  if (file?.downloadId) fetchDownload(file.downloadId, file.name);
}

/** A table header of plain column titles; those named in `num` are right-aligned figures. */
function Head({ cols, num = [] }: { cols: string[]; num?: string[] }) {
  return (
    <thead>
      <tr>
        {cols.map((c) => (
          <th key={c} scope="col" className={num.includes(c) ? 'num' : undefined}>
            {c}
          </th>
        ))}
      </tr>
    </thead>
  );
}

function GenerateForm({ handle }: { handle: JobHandle }) {
  const client = useClient();
  const agents = useApi('agents.list', {});
  const [scope, setScope] = useState<'agent' | 'org'>('agent');
  const [agentId, setAgentId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const running = handle.job?.state === 'running';
  const problem = periodError(from, to) ?? (scope === 'agent' && agentId === '' ? 'choose an agent' : null);

  const submit = () => {
    if (problem) return;
    const period = { from: periodBound(from, 'from'), to: periodBound(to, 'to') };
    const args = scope === 'agent' ? { agentId, ...period } : { org: true, ...period };
    void handle.run(() => client.call('packages.generate', JSON.parse(JSON.stringify(args)) as typeof args));
  };

  return (
    <form
      className="panel import-form"
      data-testid="package-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h2>Generate a package</h2>
      <fieldset className="row">
        <legend className="sr-only">Scope</legend>
        <label>
          <input
            type="radio"
            name="scope"
            value="agent"
            checked={scope === 'agent'}
            onChange={() => setScope('agent')}
            data-testid="scope-agent"
          />{' '}
          One agent
        </label>
        <label>
          <input
            type="radio"
            name="scope"
            value="org"
            checked={scope === 'org'}
            onChange={() => setScope('org')}
            data-testid="scope-org"
          />{' '}
          The whole organisation
        </label>
      </fieldset>
      {scope === 'agent' && (
        <label>
          Agent{' '}
          <select
            value={agentId}
            onChange={(e) => setAgentId(e.target.value)}
            data-testid="package-agent"
            disabled={agents.state !== 'ready'}
          >
            <option value="">
              {agents.state === 'ready'
                ? agents.value.length === 0
                  ? 'no agents in the store'
                  : 'choose…'
                : 'loading…'}
            </option>
            {agents.state === 'ready' &&
              agents.value.map((a) => (
                <option key={a.agentId} value={a.agentId}>
                  {a.name ?? a.agentId} ({formatCount(a.calls)} calls)
                </option>
              ))}
          </select>
        </label>
      )}
      <div className="row">
        <label>
          From (UTC){' '}
          <input
            type="datetime-local"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            data-testid="package-from"
          />
        </label>
        <label>
          To (UTC){' '}
          <input
            type="datetime-local"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            data-testid="package-to"
          />
        </label>
        <span className="hint">Empty: from the first to the last verified entry.</span>
      </div>
      {problem && (from !== '' || to !== '' || scope === 'org') && <p className="inline-error">{problem}</p>}
      <button type="submit" disabled={problem !== null || running} data-testid="package-generate">
        Generate
      </button>
    </form>
  );
}

function PackageList({ agentFilter }: { agentFilter: string }) {
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
      <JobBar handle={handle} what="Generating the package" />
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

function CustodyPanel() {
  const client = useClient();
  const log = useApi('custody.list', { limit: 200 });
  const [check, setCheck] = useState<{ ok: boolean; text: string } | null>(null);
  const verify = async () => {
    const r = await client.call('custody.verify', {});
    if (!r.ok) setCheck({ ok: false, text: r.error.message });
    else if (r.value.ok)
      setCheck({
        ok: true,
        text: `Custody log intact: ${formatCount(r.value.entries)} records, every hash and link recomputed; head ${shortId(r.value.head, 16)}.`,
      });
    else
      setCheck({
        ok: false,
        text: `Custody log BROKEN: ${r.value.problems.map((p) => `#${p.seq} ${p.problem}`).join('; ')}`,
      });
  };
  return (
    <div className="panel" data-testid="custody-panel">
      <h2>Custody log</h2>
      <p className="muted">
        Crosscheck’s own append-only, hash-chained record of who generated and handed over what, from which
        exports.
      </p>
      <button type="button" onClick={() => void verify()} data-testid="custody-verify">
        Verify the chain
      </button>
      {check && (
        <p
          className={check.ok ? 'check-pass' : 'inline-error'}
          role="status"
          data-testid="custody-result"
          data-ok={check.ok ? 'true' : 'false'}
        >
          {check.text}
        </p>
      )}
      {log.state === 'loading' && <Loading />}
      {log.state === 'error' && <ErrorBanner error={log.error} onRetry={log.reload} />}
      {log.state === 'ready' && log.value.length === 0 && <p className="muted">Nothing recorded yet.</p>}
      {log.state === 'ready' && log.value.length > 0 && (
        <table className="grid" data-testid="custody-table">
          <Head
            cols={['#', 'When', 'Who', 'What', 'Package', 'From exports', 'Hash']}
            num={['#', 'From exports']}
          />
          <tbody>
            {log.value.map((c) => (
              <tr key={c.seq} data-testid="custody-row" data-action={c.action}>
                <td className="num">{c.seq}</td>
                <td className="nowrap">{formatTs(c.ts)}</td>
                <td>{c.actor}</td>
                <td>{c.action}</td>
                <td>
                  <a className="mono" href={formatHash('packages', [c.subject])} title={c.subject}>
                    {shortId(c.subject, 12)}
                  </a>
                </td>
                <td className="num" title={c.exports.join('\n')}>
                  {c.exports.length}
                </td>
                <td className="mono" title={`${c.hash}\nprev ${c.prev_hash}`}>
                  {shortId(c.hash, 12)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function AuditorKeyPanel() {
  const client = useClient();
  const key = useApi('auditorKey.get', {});
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const exportKey = async () => {
    setError(null);
    const dest = await chooseDestination('crosscheck-auditor-key.pub.json');
    if (dest === null) return;
    const r = await client.call('auditorKey.export', dest ? { dest } : {});
    if (!r.ok) return setError(r.error.message);
    if (r.value.downloadId) fetchDownload(r.value.downloadId, r.value.name);
    setSaved(r.value.path ?? r.value.name);
    key.reload();
  };
  return (
    <div className="panel" data-testid="auditor-key-panel">
      <h2>Your signing key</h2>
      <p className="muted">
        Binders are signed with your own Ed25519 key, kept in the app’s data folder. Hand the public key to
        whoever checks a binder:{' '}
        <span className="mono">crosscheck verify-binder binder.zip --key key.pub.json</span>
      </p>
      {key.state === 'ready' && (
        <p data-testid="auditor-key">
          {key.value.exists ? (
            <>
              {key.value.name} · key id <span className="mono">{key.value.keyId}</span>
            </>
          ) : (
            'No key yet: it is created with the first binder, or now when you export the public key.'
          )}
        </p>
      )}
      <button type="button" onClick={() => void exportKey()} data-testid="auditor-key-export">
        Export the public key
      </button>
      {saved && <p className="muted">Saved: {saved}</p>}
      {error && <p className="inline-error">{error}</p>}
    </div>
  );
}

function ExportButtons({ record }: { record: PackageRecord }) {
  const client = useClient();
  const handle = useJob();
  const running = handle.job?.state === 'running';
  const start = async (format: PackageFormat) => {
    const dest = await chooseDestination(exportFileName(record, format));
    if (dest === null) return;
    await handle.run(
      () =>
        client.call(
          'packages.export',
          dest ? { packageId: record.id, format, dest } : { packageId: record.id, format },
        ),
      download,
    );
  };
  return (
    <div className="panel" data-testid="package-export">
      <div className="row">
        <button type="button" disabled={running} onClick={() => void start('pdf')} data-testid="export-pdf">
          Export PDF
        </button>
        <button type="button" disabled={running} onClick={() => void start('json')} data-testid="export-json">
          Export JSON
        </button>
        <button
          type="button"
          disabled={running}
          onClick={() => void start('binder')}
          data-testid="export-binder"
        >
          Export signed binder (.zip)
        </button>
        <span className="hint">
          The binder holds the PDF, the JSON, the population as CSV, OSCAL assessment results and a signed
          SHA256SUMS.
        </span>
      </div>
      <JobBar handle={handle} what="Exporting" />
    </div>
  );
}

function Section({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  return (
    <section className="panel" data-testid={testId}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

function ExecutionSection({ doc }: { doc: PackageDoc }) {
  const x = doc.execution;
  return (
    <Section title="1. Execution graph" testId="pkg-execution">
      <dl className="kv">
        <dt>Entries</dt>
        <dd data-testid="pkg-entries">{formatCount(x.totals.entries)}</dd>
        <dt>Calls</dt>
        <dd data-testid="pkg-calls">{formatCount(x.totals.calls)}</dd>
        <dt>Connectors</dt>
        <dd>{x.connectors_used.join(', ') || '—'}</dd>
        <dt>First action</dt>
        <dd>
          {x.first_action
            ? `${formatTs(x.first_action.ts)} (seq ${x.first_action.seq}, ${x.first_action.action_type})`
            : '—'}
        </dd>
        <dt>Last action</dt>
        <dd>
          {x.last_action
            ? `${formatTs(x.last_action.ts)} (seq ${x.last_action.seq}, ${x.last_action.action_type})`
            : '—'}
        </dd>
        <dt>Verdicts</dt>
        <dd>
          PERMIT {formatCount(x.verdicts.PERMIT)} · ESCALATE {formatCount(x.verdicts.ESCALATE)} · DENY{' '}
          {formatCount(x.verdicts.DENY)}
        </dd>
        <dt>Escalations</dt>
        <dd data-testid="pkg-escalations">
          {formatCount(x.escalations.requested)} requested: {formatCount(x.escalations.approved)} approved,{' '}
          {formatCount(x.escalations.denied)} denied, {formatCount(x.escalations.expired)} expired,{' '}
          {formatCount(x.escalations.pending)} pending
        </dd>
        <dt>Drift</dt>
        <dd>
          {formatCount(x.drift.events)} events · {formatCount(x.suspensions.suspended)} suspensions,{' '}
          {formatCount(x.suspensions.resumed)} resumptions
        </dd>
      </dl>
      <div className="table-scroll">
        <table className="grid" data-testid="pkg-operations">
          <Head
            cols={['Connector', 'Operation', 'Access', 'Calls', 'Permit', 'Escalate', 'Deny']}
            num={['Calls', 'Permit', 'Escalate', 'Deny']}
          />
          <tbody>
            {x.operations.map((o) => (
              <tr key={`${o.connector} ${o.operation}`}>
                <td>{o.connector}</td>
                <td className="mono">{o.operation}</td>
                <td>{o.access}</td>
                <td className="num">{formatCount(o.calls)}</td>
                <td className="num">{formatCount(o.permit)}</td>
                <td className="num">{formatCount(o.escalate)}</td>
                <td className="num">{formatCount(o.deny)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

const CATEGORY_TITLES: Record<string, string> = {
  data_access: 'Data access',
  data_storage: 'Data storage',
  access_control: 'Access control',
  monitoring: 'Monitoring',
  incident_response: 'Incident response',
};

function PackageDetail({ packageId }: { packageId: string }) {
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
  const { record, doc, custody, versions } = view;
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
      <ExecutionSection doc={doc} />
      <Section title="2. Data flow" testId="pkg-dataflow">
        <p className="muted">
          {doc.data_flow.nodes.length} nodes, {doc.data_flow.edges.length} edges: agent → policy engine →
          connector → external system, and the audit trail. Reads and writes, permitted, escalated and denied,
          are drawn apart.
        </p>
        <MermaidDiagram
          source={doc.data_flow.mermaid}
          label="Data flow of the package"
          testId="pkg-dataflow-diagram"
        />
      </Section>
      <Section title="3. Vendor security questionnaire" testId="pkg-questionnaire">
        <table className="grid">
          <Head cols={['Category', 'Question', 'Answer', 'Evidence', 'CAIQ v4']} />
          <tbody>
            {doc.questionnaire.map((q) => (
              <tr key={q.id} data-testid="pkg-question">
                <td>{CATEGORY_TITLES[q.category] ?? q.category}</td>
                <td>
                  {q.question}
                  <div className="muted small">{q.response}</div>
                </td>
                <td>
                  <span className="badge">{q.answer.replace('_', ' ')}</span>
                </td>
                <td className="small">
                  {q.evidence.map((e, i) => (
                    <div key={i}>
                      <strong>{e.source}</strong>: {e.detail}
                    </div>
                  ))}
                </td>
                <td className="mono small">{q.caiq.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title="4. Sub-processors" testId="pkg-subprocessors">
        <table className="grid">
          <Head cols={['Role', 'Legal entity', 'Service', 'Data types', 'SOC 2', 'Calls']} num={['Calls']} />
          <tbody>
            {doc.subprocessors.map((s, i) => (
              <tr key={i} data-testid="pkg-subprocessor" data-mapped={s.mapped ? 'true' : 'false'}>
                <td>
                  {s.role === 'connector' ? `connector ${s.connector ?? ''}` : s.role.replace('_', ' ')}
                </td>
                <td>{s.mapped ? s.legal_entity : <span className="inline-error">unmapped</span>}</td>
                <td>{s.service ?? '—'}</td>
                <td className="small">
                  {(s.observed_data_types.length > 0 ? s.observed_data_types : s.data_types).join(', ') ||
                    '—'}
                </td>
                <td>{s.soc2.replace('_', ' ')}</td>
                <td className="num">{formatCount(s.calls)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title="5. SOC 2 control mappings" testId="pkg-soc2">
        <table className="grid">
          <Head cols={['Criterion', 'Evidence', 'Findings', 'Action types']} num={['Evidence', 'Findings']} />
          <tbody>
            {doc.soc2.criteria.map((c) => (
              <tr key={c.criterion} data-testid="pkg-criterion" data-criterion={c.criterion}>
                <td>
                  <strong>{c.criterion}</strong>
                </td>
                <td className="num">{formatCount(c.evidence_count)}</td>
                <td className="num">{formatCount(c.findings)}</td>
                <td className="small">
                  {c.action_types.map((a) => `${a.action_type} ${formatCount(a.count)}`).join(' · ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title="Findings" testId="pkg-findings">
        <p data-testid="pkg-finding-count">
          {doc.findings.length === 0
            ? 'No findings bear on this scope.'
            : `${formatCount(doc.findings.length)} findings bear on this scope.`}
        </p>
        {doc.soc2.findings.length > 0 && (
          <ul className="plain">
            {doc.soc2.findings.map((f) => (
              <li key={f.kind}>
                <span className="mono">{f.kind}</span> ×{formatCount(f.count)}{' '}
                <span className="muted">({f.criteria.join(', ')})</span>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="Integrity evidence" testId="pkg-exports">
        <table className="grid">
          <Head cols={['Export', 'Status', 'Range', 'Tree size', 'Root', 'Keys']} num={['Tree size']} />
          <tbody>
            {doc.exports.map((e) => (
              <tr key={e.export_id}>
                <td className="mono" title={e.export_id}>
                  {shortId(e.export_id)}
                </td>
                <td>
                  <StatusBadge status={e.integrity} /> {e.continuity}
                </td>
                <td>
                  seq {e.range.first_seq}–{e.range.last_seq}
                </td>
                <td className="num">{formatCount(e.tree.size)}</td>
                <td className="mono" title={e.tree.root}>
                  {shortId(e.tree.root, 16)}
                </td>
                <td className="small">
                  {e.envelope_key ?? '—'} / {e.checkpoint_key ?? '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title="Responsibility matrix" testId="pkg-responsibility">
        <table className="grid matrix">
          <thead>
            <tr>
              {doc.responsibility.columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {doc.responsibility.rows.map((r) => (
              <tr key={r[0]}>
                {r.map((cell, i) => (
                  <td key={i} className="small">
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title="Custody of this package" testId="pkg-custody">
        <ul className="plain">
          {custody.map((c) => (
            <li key={c.seq} data-testid="pkg-custody-row">
              #{c.seq} {formatTs(c.ts)} · {c.actor} · {c.action} ·{' '}
              <span className="mono">{shortId(c.hash, 12)}</span>
            </li>
          ))}
        </ul>
      </Section>
    </>
  );
}

function short(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
}

function PackageDiffView({ fromId, toId }: { fromId: string; toId: string }) {
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
      {d.state === 'error' && <ErrorBanner error={d.error} />}
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
            <table className="grid diff" data-testid="diff-table">
              <Head cols={['Change', 'Where', 'Before', 'After']} />
              <tbody>
                {d.value.changes.map((c, i) => (
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
          )}
        </>
      )}
    </section>
  );
}
