/** The data-flow diagram: agent → policy engine → connector → external system, and the audit trail. */
import type { FlowCount } from './population-accumulator.js';
import type { DataFlow, FlowEdge, FlowNode } from './package-types.js';

export const POLICY_ENGINE_ID = 'policy_engine';
export const AUDIT_TRAIL_ID = 'audit_trail';

/** Mermaid needs quotes escaped as entities inside labels. */
function mermaidLabel(s: string): string {
  return s.replace(/"/g, '#quot;');
}

/**
 * Builds nodes and edges from flow counts. Only permitted calls reach the external system;
 * escalated and denied calls stop at the connector gate and are drawn as such.
 */
export function buildDataFlow(
  flows: FlowCount[],
  agentLabel: (agentId: string) => string,
  systemLabel: (connector: string) => string,
): DataFlow {
  const agents = [...new Set(flows.map((f) => f.agent_id))].sort();
  const connectors = [...new Set(flows.map((f) => f.connector))].sort();
  const nodes: FlowNode[] = [
    ...agents.map((a): FlowNode => ({ id: `agent:${a}`, kind: 'agent', label: agentLabel(a) })),
    { id: POLICY_ENGINE_ID, kind: 'policy_engine', label: 'Policy engine' },
    ...connectors.map((c): FlowNode => ({ id: `connector:${c}`, kind: 'connector', label: c })),
    ...connectors.map((c): FlowNode => ({ id: `system:${c}`, kind: 'external_system', label: systemLabel(c) })),
    { id: AUDIT_TRAIL_ID, kind: 'audit_trail', label: 'Audit trail (signed log)' },
  ];
  const edgeMap = new Map<string, FlowEdge>();
  const add = (e: FlowEdge): void => {
    const key = `${e.from}\u0000${e.to}\u0000${e.access}\u0000${e.outcome ?? ''}`;
    const prev = edgeMap.get(key);
    if (prev === undefined) edgeMap.set(key, { ...e });
    else prev.count += e.count;
  };
  let total = 0;
  for (const f of flows) {
    total += f.count;
    add({ from: `agent:${f.agent_id}`, to: POLICY_ENGINE_ID, access: f.access, outcome: null, count: f.count });
    add({ from: POLICY_ENGINE_ID, to: `connector:${f.connector}`, access: f.access, outcome: f.outcome, count: f.count });
    if (f.outcome === 'permitted') {
      add({ from: `connector:${f.connector}`, to: `system:${f.connector}`, access: f.access, outcome: 'permitted', count: f.count });
    }
  }
  if (total > 0) add({ from: POLICY_ENGINE_ID, to: AUDIT_TRAIL_ID, access: 'audit', outcome: null, count: total });
  const order = new Map(nodes.map((n, i) => [n.id, i]));
  const edges = [...edgeMap.values()].sort(
    (a, b) =>
      order.get(a.from)! - order.get(b.from)! ||
      order.get(a.to)! - order.get(b.to)! ||
      (a.access < b.access ? -1 : a.access > b.access ? 1 : 0) ||
      ((a.outcome ?? '') < (b.outcome ?? '') ? -1 : (a.outcome ?? '') > (b.outcome ?? '') ? 1 : 0),
  );
  return { nodes, edges, mermaid: toMermaid(nodes, edges) };
}

/** Mermaid flowchart text: solid arrows permitted, dotted escalated, crossed denied. */
export function toMermaid(nodes: FlowNode[], edges: FlowEdge[]): string {
  const ids = new Map(nodes.map((n, i) => [n.id, `n${i}`]));
  const lines = ['flowchart LR'];
  for (const n of nodes) {
    const id = ids.get(n.id)!;
    const label = mermaidLabel(n.kind === 'agent' ? `Agent: ${n.label}` : n.label);
    switch (n.kind) {
      case 'policy_engine':
        lines.push(`  ${id}{{"${label}"}}`);
        break;
      case 'audit_trail':
      case 'external_system':
        lines.push(`  ${id}[("${label}")]`);
        break;
      default:
        lines.push(`  ${id}["${label}"]`);
    }
  }
  for (const e of edges) {
    const label = mermaidLabel([e.access, e.outcome, String(e.count)].filter((x) => x !== null).join(' '));
    const arrow = e.outcome === 'denied' ? '--x' : e.outcome === 'escalated' ? '-.->' : e.access === 'write' ? '==>' : '-->';
    lines.push(`  ${ids.get(e.from)!} ${arrow}|"${label}"| ${ids.get(e.to)!}`);
  }
  return `${lines.join('\n')}\n`;
}
