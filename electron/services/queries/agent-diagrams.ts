/** Mermaid sources for the Agents screen; every label is escaped, never interpreted. */

/** Mermaid label text inside ["…"]: quotes and markup characters become entity codes. */
export function mermaidLabel(s: string): string {
  return s.replace(/[#"<>&{}[\]()|`;]/g, (c) => `#${c.charCodeAt(0)};`);
}

const MAX_EDGES = 60;

export function executionGraph(
  agentName: string,
  edges: { connector: string; operation: string; verdicts: Map<string, number> }[],
  outsideSystems: Set<string>,
  outsideActions: Set<string>,
): string {
  const lines = ['flowchart LR', `  A["${mermaidLabel(agentName)}"]`];
  const connectors = [...new Set(edges.map((e) => e.connector))].sort();
  connectors.forEach((c, i) => {
    lines.push(`  C${i}["${mermaidLabel(c)}"]`);
    lines.push(`  A --> C${i}`);
    if (outsideSystems.has(c)) lines.push(`  class C${i} outside`);
  });
  const top = [...edges].sort((a, b) => sum(b.verdicts) - sum(a.verdicts)).slice(0, MAX_EDGES);
  top.forEach((e, i) => {
    const ci = connectors.indexOf(e.connector);
    const counts = [...e.verdicts.entries()].sort().map(([v, n]) => `${v} ${n}`).join(' · ');
    lines.push(`  O${i}["${mermaidLabel(e.operation)}<br/>${mermaidLabel(counts)}"]`);
    lines.push(`  C${ci} --> O${i}`);
    if (outsideActions.has(e.operation)) lines.push(`  class O${i} outside`);
  });
  if (edges.length > MAX_EDGES) lines.push(`  MORE["… ${edges.length - MAX_EDGES} more operations"]`);
  lines.push('  classDef outside stroke:#c2410c,stroke-width:3px,stroke-dasharray:4 2');
  return lines.join('\n');
}

export function dataFlowGraph(agentName: string, flows: Map<string, number>, outsideData: Set<string>, outsideSystems: Set<string>): string {
  const lines = ['flowchart LR'];
  const types = [...new Set([...flows.keys()].map((k) => k.split('\u0000')[0]!))].sort();
  const systems = [...new Set([...flows.keys()].map((k) => k.split('\u0000')[1]!))].sort();
  if (types.length === 0) return `flowchart LR\n  A["${mermaidLabel(agentName)}: no data types observed"]`;
  lines.push(`  A(["${mermaidLabel(agentName)}"])`);
  types.forEach((t, i) => {
    lines.push(`  D${i}[/"${mermaidLabel(t)}"/]`);
    if (outsideData.has(t)) lines.push(`  class D${i} outside`);
  });
  systems.forEach((s, i) => {
    lines.push(`  S${i}[("${mermaidLabel(s)}")]`);
    if (outsideSystems.has(s)) lines.push(`  class S${i} outside`);
  });
  for (const [k, n] of [...flows.entries()].sort()) {
    const [t, s] = k.split('\u0000') as [string, string];
    lines.push(`  A --- D${types.indexOf(t)}`);
    lines.push(`  D${types.indexOf(t)} -->|${n}| S${systems.indexOf(s)}`);
  }
  lines.push('  classDef outside stroke:#c2410c,stroke-width:3px,stroke-dasharray:4 2');
  return [...new Set(lines)].join('\n');
}

function sum(m: Map<string, number>): number {
  let s = 0;
  for (const n of m.values()) s += n;
  return s;
}
