/** The Frameworks screen's SoA view logic: route parameters round-trip, filters and sorts do what they say. */
import { describe, expect, it } from 'vitest';
import { buildSoa, type SoaRow } from '../../shared/frameworks/soa.js';
import { iso27001Coverage, iso27001FindingCounts } from '../../shared/frameworks/iso27001-coverage.js';
import { CROSSWALK } from '../../shared/frameworks/crosswalk.js';
import {
  EMPTY_SOA_FILTER,
  filterSortSoa,
  soaViewFromParams,
  soaViewToParams,
} from '../../renderer/src/screens/frameworks/soa-logic.js';

function rows(): SoaRow[] {
  const coverage = iso27001Coverage({
    actionCounts: { 'connector.called': 10, 'system.heartbeat': 4 },
    findingCounts: iso27001FindingCounts({ decisions: 2 }),
    acceptedExports: 1,
    reEvaluatedCalls: 10,
  });
  return buildSoa({
    coverage,
    evidence: new Map([
      [
        '8.6',
        {
          count: 4,
          actionTypes: [{ actionType: 'system.heartbeat', count: 4 }],
          exports: ['x'],
          runs: [{ origin: 'o', fromSeq: 1, toSeq: 9, count: 4 }],
        },
      ],
    ]),
    findings: new Map([['8.3', [{ kind: 'scope_violation', severity: 'critical', count: 2, seqs: [3, 7] }]]]),
    crosswalk: CROSSWALK,
    responsibility: new Map(),
    edits: new Map([
      ['7.4', { applicable: false, justification: null, implementation: null, at: 't', by: 'me' }],
    ]),
  });
}

describe('SoA view', () => {
  it('route parameters round-trip and unknown values are ignored', () => {
    const p = soaViewToParams(
      { text: 'log', theme: 'A.8', applicable: 'no', flagged: true, only: ['8.15', '5.1'] },
      'findings',
      true,
    );
    const back = soaViewFromParams(
      Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as Record<string, string>,
    );
    expect(back).toEqual({
      filter: { text: 'log', theme: 'A.8', applicable: 'no', flagged: true, only: ['8.15', '5.1'] },
      sort: 'findings',
      desc: true,
    });
    expect(soaViewFromParams({ theme: 'A.9', sort: 'nope', applicable: 'maybe', only: '1.1,x' })).toEqual({
      filter: EMPTY_SOA_FILTER,
      sort: 'control',
      desc: false,
    });
  });
  it('filters by text, theme, applicability, flags and a drill-down list; sorts by numbers with ties by id', () => {
    const all = rows();
    expect(
      filterSortSoa(all, EMPTY_SOA_FILTER, 'control', false)
        .map((r) => r.control)
        .slice(0, 3),
    ).toEqual(['5.1', '5.2', '5.3']);
    expect(filterSortSoa(all, EMPTY_SOA_FILTER, 'control', false).at(-1)!.control).toBe('8.34');
    expect(filterSortSoa(all, { ...EMPTY_SOA_FILTER, theme: 'A.6' }, 'control', false)).toHaveLength(8);
    expect(
      filterSortSoa(all, { ...EMPTY_SOA_FILTER, applicable: 'no' }, 'control', false).map((r) => r.control),
    ).toEqual(['7.4']);
    expect(
      filterSortSoa(all, { ...EMPTY_SOA_FILTER, flagged: true }, 'control', false).map((r) => r.control),
    ).toEqual(['7.4']);
    expect(
      filterSortSoa(all, { ...EMPTY_SOA_FILTER, text: 'a.8.1' }, 'control', false).map((r) => r.control),
    ).toEqual(['8.1', '8.10', '8.11', '8.12', '8.13', '8.14', '8.15', '8.16', '8.17', '8.18', '8.19']);
    expect(
      filterSortSoa(all, { ...EMPTY_SOA_FILTER, only: ['8.15', '5.1'] }, 'control', false).map(
        (r) => r.control,
      ),
    ).toEqual(['5.1', '8.15']);
    expect(filterSortSoa(all, EMPTY_SOA_FILTER, 'findings', true)[0]!.control).toBe('8.3');
    expect(filterSortSoa(all, EMPTY_SOA_FILTER, 'evidence', true)[0]!.control).toBe('8.6');
    expect(filterSortSoa(all, EMPTY_SOA_FILTER, 'coverage', false)[0]!.coverage).toBe('exceptions');
  });
});
