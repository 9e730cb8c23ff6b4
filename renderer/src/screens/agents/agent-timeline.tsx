/**
 * An agent's lifecycle timeline with a filter by kind: hundreds of approvals should not bury the
 * one drift and its suspension. Every kind present is a chip with its count; none ticked shows all.
 */
import { useMemo, useState } from 'react';
import type { AgentEvent } from '../../../../shared/api/view-types.js';
import { formatCount, formatTs } from '../../logic/format.js';
import { formatHash } from '../../logic/routes.js';

const KIND_ORDER: readonly AgentEvent['kind'][] = [
  'drift',
  'suspended',
  'resumed',
  'rolled_back',
  'deployed',
  'updated',
  'created',
  'intent',
  'approval',
];

export function AgentTimeline({ agentId, events }: { agentId: string; events: readonly AgentEvent[] }) {
  const [shown, setShown] = useState<ReadonlySet<AgentEvent['kind']>>(new Set());
  const counts = useMemo(() => {
    const m = new Map<AgentEvent['kind'], number>();
    for (const e of events) m.set(e.kind, (m.get(e.kind) ?? 0) + 1);
    return KIND_ORDER.filter((k) => m.has(k)).map((k) => [k, m.get(k)!] as const);
  }, [events]);
  const visible = shown.size === 0 ? events : events.filter((e) => shown.has(e.kind));
  const toggle = (k: AgentEvent['kind']) =>
    setShown((s) => {
      const next = new Set(s);
      if (next.has(k)) next.delete(k);
      else next.add(k);
      return next;
    });

  if (events.length === 0) return <p className="muted">No lifecycle events.</p>;
  return (
    <>
      <fieldset className="row timeline-filter" data-testid="timeline-filter">
        <legend className="sr-only">Show events of kind</legend>
        {counts.map(([k, n]) => (
          <label key={k} className={`chip ev-${k}`}>
            <input
              type="checkbox"
              checked={shown.has(k)}
              onChange={() => toggle(k)}
              data-testid={`timeline-kind-${k}`}
            />{' '}
            {k.replace('_', ' ')} <span className="muted">{formatCount(n)}</span>
          </label>
        ))}
        {shown.size > 0 && (
          <button type="button" className="link" onClick={() => setShown(new Set())}>
            Show all
          </button>
        )}
      </fieldset>
      <ol className="agent-timeline" data-testid="agent-timeline">
        {visible.map((e) => (
          <li key={e.ref} className={`ev ev-${e.kind}`} data-testid="agent-event" data-kind={e.kind}>
            <span className="mono">{formatTs(e.ts)}</span>{' '}
            <span className={`badge ev-badge ev-${e.kind}`}>{e.kind.replace('_', ' ')}</span>{' '}
            <a href={formatHash('trail', [], { entry: e.ref, agentId })}>{e.label}</a>
          </li>
        ))}
      </ol>
    </>
  );
}
