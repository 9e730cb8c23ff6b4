/** Lays the data-flow graph out with dagre so the PDF can draw it with vector primitives. */
import { Graph, layout } from '@dagrejs/dagre';
import type { DataFlow, FlowEdge, FlowNodeKind } from '../../../shared/package/package-types.js';

export interface PlacedNode {
  id: string;
  kind: FlowNodeKind;
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge {
  edge: FlowEdge;
  points: Array<{ x: number; y: number }>;
  labelX: number;
  labelY: number;
}

export interface FlowLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

const CHAR_WIDTH = 4.8;

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}\u2026` : s;
}

/** The point at fraction f of a polyline's length. */
export function pointAlong(points: ReadonlyArray<{ x: number; y: number }>, f: number): { x: number; y: number } {
  if (points.length === 0) return { x: 0, y: 0 };
  const seg: number[] = [];
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const d = Math.hypot(points[i]!.x - points[i - 1]!.x, points[i]!.y - points[i - 1]!.y);
    seg.push(d);
    total += d;
  }
  let left = total * f;
  for (let i = 1; i < points.length; i++) {
    const d = seg[i - 1]!;
    if (left <= d && d > 0) {
      const t = left / d;
      return { x: points[i - 1]!.x + t * (points[i]!.x - points[i - 1]!.x), y: points[i - 1]!.y + t * (points[i]!.y - points[i - 1]!.y) };
    }
    left -= d;
  }
  return points[points.length - 1]!;
}

/**
 * Edges as drawn: one line per (from, to, outcome), reads and writes summed, so a connector has
 * at most three incoming lines; the table beside the diagram keeps the read/write split.
 */
export function drawnEdges(edges: FlowEdge[]): FlowEdge[] {
  const out = new Map<string, FlowEdge>();
  for (const e of edges) {
    const key = `${e.from}\u0000${e.to}\u0000${e.outcome ?? ''}`;
    const prev = out.get(key);
    if (prev === undefined) out.set(key, { ...e });
    else {
      prev.count += e.count;
      // A drawn line is a write line when any of its calls wrote.
      if (e.access === 'write') prev.access = 'write';
    }
  }
  return [...out.values()];
}

/** Left-to-right layout; node sizes follow their (truncated) labels at 8 pt. */
export function layoutFlow(flow: DataFlow): FlowLayout {
  const edgesDrawn = drawnEdges(flow.edges);
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 10, ranksep: 60, edgesep: 6, marginx: 4, marginy: 4 });
  g.setDefaultEdgeLabel(() => ({}));
  const labels = new Map<string, string>();
  for (const n of flow.nodes) {
    const label = truncate(n.kind === 'agent' ? `Agent: ${n.label}` : n.label, 30);
    labels.set(n.id, label);
    g.setNode(n.id, { width: Math.max(60, label.length * CHAR_WIDTH + 12), height: 20 });
  }
  edgesDrawn.forEach((e, i) => {
    g.setEdge(e.from, e.to, { width: 22, height: 9, labelpos: 'c' }, `e${i}`);
  });
  layout(g);
  const graph = g.graph() as { width?: number; height?: number };
  const nodes: PlacedNode[] = flow.nodes.map((n) => {
    const p = g.node(n.id) as { x: number; y: number; width: number; height: number };
    return { id: n.id, kind: n.kind, label: labels.get(n.id)!, x: p.x, y: p.y, width: p.width, height: p.height };
  });
  const edges: PlacedEdge[] = edgesDrawn.map((e, i) => {
    const p = g.edge({ v: e.from, w: e.to, name: `e${i}` }) as { points: Array<{ x: number; y: number }> };
    // Fan-out edges meet at the policy engine; labels sit nearer the target, where lines are apart.
    const at = pointAlong(p.points, 0.7);
    return { edge: e, points: p.points, labelX: at.x, labelY: at.y - 2 };
  });
  return { width: graph.width ?? 100, height: graph.height ?? 100, nodes, edges };
}
