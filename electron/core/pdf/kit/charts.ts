/** The package's figures: calls per connector, calls over time, the data-flow diagram. */
import type { ReactElement } from 'react';
import { G, Path, Rect, Svg, Text, View } from '@react-pdf/renderer';
import type { PackageDoc } from '../../../../shared/package/package-types.js';
import { layoutFlow } from '../flow-layout.js';
import { C, h, n, s, svgText } from './primitives.js';

export function barChart(doc: PackageDoc): ReactElement | null {
  const rows = doc.execution.connectors;
  if (rows.length === 0) return null;
  const width = 515;
  const barH = 11;
  const labelW = 110;
  const max = Math.max(...rows.map((r) => r.calls));
  const scale = (width - labelW - 50) / max;
  const height = rows.length * (barH + 5) + 4;
  const parts: ReactElement[] = [];
  rows.forEach((r, i) => {
    const y = i * (barH + 5) + 2;
    let x = labelW;
    parts.push(svgText(0, y + 8.5, r.connector, 7.5, C.ink, 'start', `l${i}`));
    for (const [k, v, color] of [
      ['p', r.permit, C.permit],
      ['e', r.escalate, C.escalate],
      ['d', r.deny, C.deny],
    ] as const) {
      if (v === 0) continue;
      parts.push(h(Rect, { key: `${k}${i}`, x, y, width: Math.max(0.8, v * scale), height: barH, fill: color }));
      x += v * scale;
    }
    parts.push(svgText(x + 4, y + 8.5, n(r.calls), 7.5, C.muted, 'start', `n${i}`));
  });
  return h(View, { wrap: false }, h(Svg, { width, height, viewBox: `0 0 ${width} ${height}` }, ...parts), legend(false));
}

/** Calls over time: at most 72 stacked columns (hours merged when the period is longer). */
export function timelineChart(doc: PackageDoc): ReactElement | null {
  const tl = doc.execution.timeline;
  if (tl.length === 0) return null;
  const hourOf = (h: string): number => Date.parse(`${h}:00:00.000Z`) / 3_600_000;
  const first = hourOf(tl[0]!.hour);
  const hours = hourOf(tl[tl.length - 1]!.hour) - first + 1;
  const group = Math.ceil(hours / 72);
  const cols = Math.ceil(hours / group);
  const sums = Array.from({ length: cols }, () => ({ permit: 0, escalate: 0, deny: 0 }));
  for (const b of tl) {
    const c = sums[Math.floor((hourOf(b.hour) - first) / group)]!;
    c.permit += b.permit;
    c.escalate += b.escalate;
    c.deny += b.deny;
  }
  const width = 515;
  const plotH = 90;
  const left = 34;
  const colW = (width - left) / cols;
  const max = Math.max(...sums.map((c) => c.permit + c.escalate + c.deny), 1);
  const parts: ReactElement[] = [
    h(Path, { key: 'axis', d: `M ${left} 4 L ${left} ${plotH + 4} L ${width} ${plotH + 4}`, stroke: C.rule, strokeWidth: 0.7, fill: 'none' }),
    svgText(left - 4, 10, n(max), 7, C.muted, 'end', 'max'),
    svgText(left - 4, plotH + 4, '0', 7, C.muted, 'end', 'zero'),
    svgText(left, plotH + 15, `${tl[0]!.hour.replace('T', ' ')}:00Z`, 7, C.muted, 'start', 'from'),
    svgText(width, plotH + 15, `${tl[tl.length - 1]!.hour.replace('T', ' ')}:59Z`, 7, C.muted, 'end', 'to'),
    svgText((left + width) / 2, plotH + 15, group === 1 ? 'one column per hour' : `one column per ${group} hours`, 7, C.muted, 'middle', 'unit'),
  ];
  sums.forEach((c, i) => {
    let y = plotH + 4;
    for (const [k, v, color] of [
      ['p', c.permit, C.permit],
      ['e', c.escalate, C.escalate],
      ['d', c.deny, C.deny],
    ] as const) {
      if (v === 0) continue;
      const hgt = (v / max) * plotH;
      y -= hgt;
      parts.push(h(Rect, { key: `${k}${i}`, x: left + i * colW + 0.5, y, width: Math.max(0.6, colW - 1), height: hgt, fill: color }));
    }
  });
  return h(View, { wrap: false }, h(Svg, { width, height: plotH + 20, viewBox: `0 0 ${width} ${plotH + 20}` }, ...parts), legend(false));
}

export function legend(withAudit: boolean): ReactElement {
  const items: Array<[string, string, string]> = [
    ['permitted', C.permit, ''],
    ['escalated', C.escalate, '4 2'],
    ['denied', C.deny, '1 2'],
    ...(withAudit ? [['audit record', C.audit, ''] as [string, string, string]] : []),
  ];
  return h(
    Svg,
    { width: 400, height: 14, viewBox: '0 0 400 14' },
    ...items.map(([label, color, dash], i) =>
      h(
        G,
        { key: label },
        h(Path, { d: `M ${i * 95} 7 L ${i * 95 + 22} 7`, stroke: color, strokeWidth: 2, strokeDasharray: dash === '' ? undefined : dash }),
        svgText(i * 95 + 26, 10, label, 7.5, C.ink),
      ),
    ),
  );
}

export function flowDiagram(doc: PackageDoc): ReactElement {
  if (doc.data_flow.edges.length === 0) return h(Text, { style: s.muted }, 'No connector calls in this period: nothing flowed.');
  const lay = layoutFlow(doc.data_flow);
  const maxW = 515;
  const maxH = 560;
  const k = Math.min(1, maxW / lay.width, maxH / lay.height);
  const width = lay.width * k;
  const height = lay.height * k;
  const fillOf: Record<string, string> = {
    agent: '#dbe8f5',
    policy_engine: '#fde9c8',
    connector: '#e8eef3',
    external_system: '#ffffff',
    audit_trail: '#eadcf2',
  };
  const edgeEls = lay.edges.map((e, i) => {
    const color = e.edge.access === 'audit' ? C.audit : e.edge.outcome === 'denied' ? C.deny : e.edge.outcome === 'escalated' ? C.escalate : e.edge.outcome === 'permitted' ? C.permit : C.muted;
    const dash = e.edge.outcome === 'denied' ? '1 2' : e.edge.outcome === 'escalated' ? '4 2' : undefined;
    const d = e.points.map((p, j) => `${j === 0 ? 'M' : 'L'} ${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ');
    const last = e.points[e.points.length - 1]!;
    const prev = e.points[e.points.length - 2] ?? last;
    const ang = Math.atan2(last.y - prev.y, last.x - prev.x);
    const a1 = { x: last.x - 5 * Math.cos(ang - 0.4), y: last.y - 5 * Math.sin(ang - 0.4) };
    const a2 = { x: last.x - 5 * Math.cos(ang + 0.4), y: last.y - 5 * Math.sin(ang + 0.4) };
    const label = n(e.edge.count);
    return h(
      G,
      { key: `e${i}` },
      h(Path, { d, stroke: color, strokeWidth: e.edge.access === 'write' ? 1.6 : 0.9, strokeDasharray: dash, fill: 'none' }),
      h(Path, { d: `M ${a1.x.toFixed(1)} ${a1.y.toFixed(1)} L ${last.x.toFixed(1)} ${last.y.toFixed(1)} L ${a2.x.toFixed(1)} ${a2.y.toFixed(1)}`, stroke: color, strokeWidth: 0.9, fill: 'none' }),
      svgText(e.labelX, e.labelY + 2.5, label, 7, color, 'middle'),
    );
  });
  const nodeEls = lay.nodes.map((nd, i) =>
    h(
      G,
      { key: `n${i}` },
      h(Rect, {
        x: nd.x - nd.width / 2,
        y: nd.y - nd.height / 2,
        width: nd.width,
        height: nd.height,
        rx: nd.kind === 'policy_engine' ? 2 : 6,
        fill: fillOf[nd.kind],
        stroke: C.accent,
        strokeWidth: 0.7,
      }),
      svgText(nd.x, nd.y + 3, nd.label, 8, C.ink, 'middle'),
    ),
  );
  return h(
    View,
    { wrap: false },
    h(Svg, { width, height, viewBox: `0 0 ${lay.width.toFixed(1)} ${lay.height.toFixed(1)}` }, ...edgeEls, ...nodeEls),
    legend(true),
  );
}
