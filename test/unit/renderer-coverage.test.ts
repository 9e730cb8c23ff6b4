import { describe, expect, it } from 'vitest';
import { defaultResponsibility, RESPONSIBILITY_CRITERIA } from '../../shared/controls/responsibility.js';
import { ACTION_CRITERIA, compareCriteria, computeCoverage, coverageStatus, criteriaForAction, mappedCriteria } from '../../shared/controls/soc2.js';
import { ALL_FINDING_KINDS, kindControls } from '../../shared/report/finding-kinds.js';

describe('SOC 2 coverage (spec §10)', () => {
  it('maps action types to criteria and ignores unknown ones', () => {
    expect(criteriaForAction('connector.called')).toEqual(['CC6.1', 'CC6.3']);
    expect(criteriaForAction('system.heartbeat')).toEqual(['A1.2']);
    expect(criteriaForAction('made.up')).toEqual([]);
    expect(criteriaForAction('constructor')).toEqual([]);
  });
  it('orders criteria as the TSC list them', () => {
    expect(['A1.2', 'CC8.1', 'CC6.10', 'CC6.2', 'CC2.1'].sort(compareCriteria)).toEqual(['CC2.1', 'CC6.2', 'CC6.10', 'CC8.1', 'A1.2']);
  });
  it('decides covered / exceptions / no evidence', () => {
    expect(coverageStatus(10, 0)).toBe('covered');
    expect(coverageStatus(10, 1)).toBe('exceptions');
    expect(coverageStatus(0, 0)).toBe('no_evidence');
    expect(coverageStatus(0, 2)).toBe('exceptions');
  });
  it('lists every mapped criterion and every criterion a finding touches', () => {
    const lines = computeCoverage({ actionCounts: { 'connector.called': 5, 'system.heartbeat': 2, 'unknown.x': 9 }, findingCounts: { 'CC6.1': 1, 'CC9.9': 1 } });
    const by = Object.fromEntries(lines.map((l) => [l.criterion, l]));
    expect(lines.map((l) => l.criterion)).toEqual([...mappedCriteria(), 'CC9.9'].sort(compareCriteria));
    expect(by['CC6.1']).toMatchObject({ evidence: 5, findings: 1, status: 'exceptions' });
    expect(by['CC6.3']).toMatchObject({ evidence: 5, findings: 0, status: 'covered' });
    expect(by['A1.2']).toMatchObject({ evidence: 2, status: 'covered', actionTypes: [{ actionType: 'system.heartbeat', count: 2 }] });
    expect(by['CC8.1']).toMatchObject({ evidence: 0, status: 'no_evidence' });
    expect(by['CC9.9']).toMatchObject({ evidence: 0, findings: 1, status: 'exceptions' });
  });
  it('covers every criterion a finding kind can name', () => {
    const mapped = new Set(mappedCriteria());
    for (const k of ALL_FINDING_KINDS) for (const c of kindControls(k)) expect(mapped.has(c)).toBe(true);
  });
  it('has no action type mapped twice to one criterion', () => {
    for (const cs of Object.values(ACTION_CRITERIA)) expect(new Set(cs).size).toBe(cs.length);
  });
});

describe('responsibility defaults', () => {
  it('prefills every layer of the criteria issue 4 asks for', () => {
    for (const c of ['CC6.1', 'CC6.2', 'CC6.3', 'CC7.1', 'CC7.2', 'CC8.1', 'A1.2']) {
      expect(RESPONSIBILITY_CRITERIA).toContain(c);
      for (const l of ['infrastructure', 'platform', 'tenant'] as const) expect(defaultResponsibility(c, l).length).toBeGreaterThan(10);
    }
    expect(defaultResponsibility('A1.2', 'infrastructure')).toMatch(/backups/);
    expect(defaultResponsibility('CC6.1', 'platform')).toMatch(/RBAC/);
    expect(defaultResponsibility('CC9.9', 'tenant')).toBe('');
  });
});

describe('intent (Agents: what fell outside)', () => {
  it('admits * for systems and data types, and matches actions as drift does', async () => {
    const { insideIntent } = await import('../../shared/controls/intent.js');
    expect(insideIntent('systems', ['*'], 'wiz')).toBe(true);
    expect(insideIntent('systems', ['okta'], 'wiz')).toBe(false);
    expect(insideIntent('data_types', ['*'], 'pii')).toBe(true);
    expect(insideIntent('data_types', ['ticket'], 'pii')).toBe(false);
    expect(insideIntent('actions', ['*'], 'hosts:contain')).toBe(true);
    expect(insideIntent('actions', ['hosts:*'], 'hosts:contain')).toBe(true);
    expect(insideIntent('actions', ['hosts:get'], 'hosts:contain')).toBe(false);
    expect(insideIntent('systems', null, 'okta')).toBe(false);
  });
});
