/** The form that starts a package generation: one agent or the organisation, over a period. */
import { useState } from 'react';
import { useApi, useClient } from '../../api-context.js';
import { formatCount } from '../../logic/format.js';
import { periodBound, periodError } from '../../logic/packages.js';
import type { JobHandle } from '../../jobs/use-job.js';
import type { PackageFrameworkChoice } from '../../../../shared/frameworks/package-frameworks.js';

export function GenerateForm({ handle }: { handle: JobHandle }) {
  const client = useClient();
  const agents = useApi('agents.list', {});
  const [scope, setScope] = useState<'agent' | 'org'>('agent');
  const [agentId, setAgentId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  // Readiness, and for Annex A the SoA and gap analysis, go into the package only when asked for.
  const [framework, setFramework] = useState<'' | PackageFrameworkChoice>('');
  const running = handle.job?.state === 'running';
  const problem = periodError(from, to) ?? (scope === 'agent' && agentId === '' ? 'choose an agent' : null);

  const submit = () => {
    if (problem) return;
    const period = { from: periodBound(from, 'from'), to: periodBound(to, 'to') };
    const base = scope === 'agent' ? { agentId, ...period } : { org: true, ...period };
    const args = framework === '' ? base : { ...base, framework };
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
      <label>
        Frameworks{' '}
        <select
          value={framework}
          onChange={(e) => setFramework(e.target.value as '' | PackageFrameworkChoice)}
          data-testid="package-framework"
        >
          <option value="">SOC 2 mapping only</option>
          <option value="soc2">SOC 2 with readiness</option>
          <option value="iso27001">ISO/IEC 27001: SoA, gaps and readiness</option>
          <option value="all">SOC 2 and ISO/IEC 27001</option>
        </select>
      </label>
      {problem && (from !== '' || to !== '' || scope === 'org') && <p className="inline-error">{problem}</p>}
      <button type="submit" disabled={problem !== null || running} data-testid="package-generate">
        Generate
      </button>
    </form>
  );
}
