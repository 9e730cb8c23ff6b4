import { describe, expect, it } from 'vitest';
import { defaultResponsibility, RESPONSIBILITY_CRITERIA } from '../../shared/controls/responsibility.js';
import { compareCriteria, criteriaForAction, mappedCriteria } from '../../shared/controls/soc2.js';
import { ACTION_TYPE_CRITERIA as ACTION_CRITERIA } from '../../shared/report/action-criteria.js';
import { soc2Coverage } from '../../shared/frameworks/soc2-coverage.js';
import { SOC2_EVIDENCE_MAP } from '../../shared/frameworks/soc2-evidence-map.js';
import { SOC2_CATALOG } from '../../shared/frameworks/soc2-catalog.js';
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
  it('concludes each of the 61 criteria by the documented rule', () => {
    const input = { actionCounts: { 'connector.called': 5, 'system.heartbeat': 2, 'user.created': 1, 'unknown.x': 9 }, findingCounts: { 'CC6.1': 1 }, acceptedExports: 1, reEvaluatedCalls: 5 };
    const lines = soc2Coverage(input);
    const by = Object.fromEntries(lines.map((l) => [l.criterion, l]));
    expect(lines).toHaveLength(61);
    // A finding wins over everything: no "tested" beside an exception.
    expect(by['CC6.1']).toMatchObject({ status: 'exceptions', findings: 1 });
    expect(by['CC6.3']!.status).toBe('tested');
    expect(by['CC6.3']!.tests.find((t) => t.id === 'decisions')).toMatchObject({ population: 5, reperformed: 5 });
    expect(by['CC2.1']).toMatchObject({ status: 'tested' });
    // Heartbeats: the platform maps them to A1.2; we do not (shown as disputed) and count them for A1.1.
    expect(by['A1.2']).toMatchObject({ status: 'needs_document', evidence: 0 });
    expect(by['A1.2']!.disputed.map((d) => d.actionType)).toContain('system.heartbeat');
    expect(by['A1.1']).toMatchObject({ status: 'evidenced', evidence: 2 });
    expect(by['CC1.1']!.status).toBe('needs_document');
    expect(by['CC7.5']!.status).toBe('not_evidenced');
    // Without a re-evaluation nothing is "tested", whatever the population.
    const noEval = Object.fromEntries(soc2Coverage({ ...input, reEvaluatedCalls: 0, acceptedExports: 0 }).map((l) => [l.criterion, l]));
    expect(noEval['CC6.3']!.status).toBe('evidenced');
    expect(noEval['CC2.1']!.status).toBe('not_evidenced');
  });
  it('states every conclusion as a rule citing its figures', () => {
    for (const l of soc2Coverage({ actionCounts: { 'connector.called': 3 }, findingCounts: {}, acceptedExports: 1, reEvaluatedCalls: 3 })) {
      expect(l.rule.length).toBeGreaterThan(20);
      if (l.status === 'tested') expect(l.rule).toMatch(/\d+ of \d+/);
    }
  });
  it('gives every pairing of the evidence map a reason, and keeps every declared pairing visible', () => {
    for (const p of SOC2_EVIDENCE_MAP) expect(p.reason.length).toBeGreaterThan(10);
    for (const [a, cs] of Object.entries(ACTION_CRITERIA)) for (const c of cs) expect(SOC2_EVIDENCE_MAP.some((p) => p.actionType === a && p.criterion === c)).toBe(true);
    for (const p of SOC2_EVIDENCE_MAP) expect(SOC2_CATALOG.some((c) => c.id === p.criterion)).toBe(true);
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

describe('app version', () => {
  it('is the one package.json states', async () => {
    const { readFileSync } = await import('node:fs');
    const { APP_VERSION } = await import('../../shared/app-version.js');
    expect(APP_VERSION).toBe((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version);
  });
});
