/** Spec §10 (action types → SOC 2 criteria) applied to what the population shows, plus §9 findings. */
import { isFindingKind, kindControls } from '../report/finding-kinds.js';
import type { Finding } from '../report/report-types.js';
import type { Soc2Criterion, Soc2Mapping } from './package-types.js';
import { ACTION_TYPE_CRITERIA } from '../report/action-criteria.js';

export { ACTION_TYPE_CRITERIA };

/** Criterion ids in their natural order (CC2.1 < CC6.1 < CC6.10 < A1.2 by family then number). */
export function compareCriteria(a: string, b: string): number {
  const pa = /^([A-Z]+)(\d+)\.(\d+)$/.exec(a);
  const pb = /^([A-Z]+)(\d+)\.(\d+)$/.exec(b);
  if (pa === null || pb === null) return a < b ? -1 : a > b ? 1 : 0;
  if (pa[1] !== pb[1]) return pa[1]! === 'CC' ? -1 : pb[1]! === 'CC' ? 1 : pa[1]! < pb[1]! ? -1 : 1;
  return Number(pa[2]) - Number(pb[2]) || Number(pa[3]) - Number(pb[3]);
}

/** Criteria of a finding: its own `controls`, else those of its kind (spec §9). */
export function findingCriteria(f: Finding): string[] {
  if (f.controls.length > 0) return [...f.controls];
  return isFindingKind(f.kind) ? kindControls(f.kind) : [];
}

/** Evidence counts per criterion from action-type counts, and the findings mapped to their criteria. */
export function buildSoc2Mapping(byActionType: Record<string, number>, findings: Finding[]): Soc2Mapping {
  const criteria = new Map<string, Soc2Criterion>();
  const get = (c: string): Soc2Criterion => {
    let row = criteria.get(c);
    if (row === undefined) {
      row = { criterion: c, evidence_count: 0, action_types: [], findings: 0, finding_kinds: [] };
      criteria.set(c, row);
    }
    return row;
  };
  const unmapped: Array<{ action_type: string; count: number }> = [];
  for (const [actionType, count] of Object.entries(byActionType).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const mapped = ACTION_TYPE_CRITERIA[actionType];
    if (mapped === undefined) {
      unmapped.push({ action_type: actionType, count });
      continue;
    }
    for (const c of mapped) {
      const row = get(c);
      row.evidence_count += count;
      row.action_types.push({ action_type: actionType, count });
    }
  }
  const kinds = new Map<string, { kind: string; count: number; criteria: string[] }>();
  for (const f of findings) {
    const cs = findingCriteria(f).sort(compareCriteria);
    const k = kinds.get(f.kind);
    if (k === undefined) kinds.set(f.kind, { kind: f.kind, count: 1, criteria: cs });
    else k.count++;
    for (const c of cs) {
      const row = get(c);
      row.findings++;
      if (!row.finding_kinds.includes(f.kind)) row.finding_kinds.push(f.kind);
    }
  }
  for (const row of criteria.values()) row.finding_kinds.sort();
  return {
    criteria: [...criteria.values()].sort((a, b) => compareCriteria(a.criterion, b.criterion)),
    unmapped_action_types: unmapped,
    findings: [...kinds.values()].sort((a, b) => (a.kind < b.kind ? -1 : 1)),
  };
}
