import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PolicyRule } from '../../shared/format/export-types.js';
import { computeDrift, driftSeverityOf } from '../../shared/evaluate/drift.js';
import { compileGlob, globMatch } from '../../shared/evaluate/glob.js';
import { decidingAllowRule, runLadder, type CompiledRule, type LadderInput } from '../../shared/evaluate/ladder.js';
import { operationListMatches, operationVerb } from '../../shared/evaluate/operation-match.js';
import { compileProfile, DEFAULT_PROFILE } from '../../shared/evaluate/profile.js';
import { frequencyPoints, riskFactors, riskScore } from '../../shared/evaluate/risk-score.js';

/** Reference glob: memoised recursion over characters (code points), obviously correct, slow. */
function refGlob(pattern: string, subject: string): boolean {
  const p = Array.from(pattern);
  const s = Array.from(subject);
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (s.length + 1) + j;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let r: boolean;
    if (i === p.length) r = j === s.length;
    else if (p[i] === '*') r = go(i + 1, j) || (j < s.length && go(i, j + 1));
    else r = j < s.length && (p[i] === '?' || p[i] === s[j]) && go(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

const patChars = fc.constantFrom('a', 'b', ':', '*', '?', '.', '\\', '(', '[', '😀', 'A');
const subjChars = fc.constantFrom('a', 'b', ':', '.', '\\', '(', '😀', 'A', '*', '?');
const pattern = fc.array(patChars, { maxLength: 8 }).map((x) => x.join(''));
const subject = fc.array(subjChars, { maxLength: 10 }).map((x) => x.join(''));

describe('glob (§8.2)', () => {
  it('agrees with a reference implementation on small alphabets', () => {
    fc.assert(
      fc.property(pattern, subject, (p, s) => {
        const want = refGlob(p, s);
        expect(globMatch(p, s)).toBe(want);
        expect(compileGlob(p).match(s)).toBe(want);
      }),
      { numRuns: 5000 },
    );
  });

  it('`*` matches everything, a literal only itself, case-sensitively', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(globMatch('*', s)).toBe(true);
        expect(compileGlob(s.replace(/[*?]/g, '')).match(s.replace(/[*?]/g, ''))).toBe(true);
      }),
    );
    expect(globMatch('Users:*', 'users:get')).toBe(false);
    expect(globMatch('*:delete', 'users:delete')).toBe(true);
    expect(globMatch('hosts:delete*', 'hosts:delete')).toBe(true);
    expect(globMatch('h?sts:*', 'hosts:a:b')).toBe(true);
    expect(globMatch('?', '😀')).toBe(true);
    expect(globMatch('a.c', 'abc')).toBe(false);
  });

  it('pathological patterns stay fast (no catastrophic backtracking)', () => {
    const s = 'a'.repeat(20_000);
    const t0 = Date.now();
    expect(globMatch('*a*a*a*a*a*a*a*a*b', s)).toBe(false);
    expect(compileGlob('*a*a*a*a*a*a*a*a*b').match(s)).toBe(false);
    expect(globMatch('*?*?*?*?*?*?*?*?*b', s)).toBe(false);
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});

/** Reference for the operation list match, straight from the spec's words. */
function refListMatch(list: string[], op: string): boolean {
  return list.some((e) => e === '*' || e === op || (op.includes(':') && e === `${op.split(':')[0]}:*`));
}

describe('operation lists and verbs (§8.2)', () => {
  const seg = fc.constantFrom('users', 'hosts', 'get', 'search_jobs', 'a_b', '', 'x');
  const op = fc.array(seg, { minLength: 1, maxLength: 3 }).map((x) => x.join(':'));
  const entry = fc.oneof(op, fc.constant('*'), op.map((o) => `${o.split(':')[0]}:*`));

  it('matches exactly `*`, equality or the `<prefix>:*` of the first segment', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 5 }), op, (list, o) => {
        expect(operationListMatches(list, o)).toBe(refListMatch(list, o));
      }),
    );
    expect(operationListMatches(['hosts:*'], 'hosts:a:b')).toBe(true);
    expect(operationListMatches(['hosts:a:*'], 'hosts:a:b')).toBe(false);
    expect(operationListMatches(['search_jobs:*'], 'search_jobs')).toBe(false);
    expect(operationListMatches(['search_jobs'], 'search_jobs')).toBe(true);
  });

  it('verb: after the last `:`, else before the first `_`, else the whole string', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const withColon = `${a}:${b.replace(/:/g, '')}`;
        expect(operationVerb(withColon)).toBe(b.replace(/:/g, ''));
        const plain = a.replace(/:/g, '');
        const u = plain.indexOf('_');
        expect(operationVerb(plain)).toBe(u === -1 ? plain : plain.slice(0, u));
      }),
    );
    expect(operationVerb('users:reset_password')).toBe('reset_password');
    expect(operationVerb('search_jobs')).toBe('search');
    expect(operationVerb('ping')).toBe('ping');
    expect(operationVerb('a:b:c')).toBe('c');
  });
});

describe('risk (§8.3.1)', () => {
  const profile = compileProfile(DEFAULT_PROFILE);
  const env = fc.constantFrom('prod' as const, 'staging' as const, 'dev' as const, null);
  const conn = fc.constantFrom('okta', 'palo_alto', 'slack', 'unknown', 'constructor', '__proto__');
  const oper = fc.constantFrom('users:delete', 'x:get', 'search_jobs', 'hosts:toString', 'q:quarantine');

  it('frequency points never decrease as the window count grows', () => {
    fc.assert(
      fc.property(fc.nat(100), fc.nat(100), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(frequencyPoints(profile.steps, lo)).toBeLessThanOrEqual(frequencyPoints(profile.steps, hi));
      }),
    );
    expect([0, 2, 3, 5, 6, 10, 11, 500].map((n) => frequencyPoints(profile.steps, n))).toEqual([0, 0, 5, 5, 10, 10, 15, 15]);
  });

  it('the score is the capped sum, monotonic in the window count, within [0, 100]', () => {
    fc.assert(
      fc.property(conn, oper, env, fc.nat(50), fc.nat(50), (c, o, e, n1, n2) => {
        const f1 = riskFactors(profile, c, o, e, Math.min(n1, n2));
        const f2 = riskFactors(profile, c, o, e, Math.max(n1, n2));
        expect(riskScore(f1)).toBeLessThanOrEqual(riskScore(f2));
        expect(riskScore(f2)).toBe(Math.min(100, f2.operation + f2.connector + f2.frequency + f2.target));
        expect(riskScore(f2)).toBeGreaterThanOrEqual(0);
        expect(riskScore(f2)).toBeLessThanOrEqual(100);
        for (const v of Object.values(f2)) expect(Number.isInteger(v)).toBe(true);
      }),
    );
  });

  it('uses the tables and defaults, never a prototype property', () => {
    expect(riskFactors(profile, 'okta', 'users:delete', 'prod', 11)).toEqual({ operation: 50, connector: 35, frequency: 15, target: 15 });
    expect(riskScore(riskFactors(profile, 'okta', 'users:delete', 'prod', 11))).toBe(100);
    expect(riskFactors(profile, '__proto__', 'a:constructor', null, 0)).toEqual({ operation: 20, connector: 15, frequency: 0, target: 0 });
  });
});

describe('drift (§8.3.2)', () => {
  const profile = compileProfile(DEFAULT_PROFILE);
  const intent = { permitted_systems: ['okta'], permitted_actions: ['users:*'], permitted_data_types: ['user_pii'], max_frequency: { per_hour: 2 } };

  it('severity is the highest type, critical for two or more; response from the table', () => {
    expect(computeDrift(profile, intent, 'okta', 'users:get', ['user_pii'], 1)).toBeNull();
    expect(computeDrift(profile, intent, 'okta', 'users:get', ['user_pii'], 2)).toEqual({ drift_types: ['frequency_exceeded'], severity: 'medium', response: 'throttle' });
    expect(computeDrift(profile, intent, 'slack', 'groups:list', ['user_pii'], 0)).toEqual({
      drift_types: ['unauthorized_action', 'unauthorized_system'], severity: 'critical', response: 'suspend',
    });
    const star = { ...intent, permitted_systems: ['*'], permitted_data_types: ['*'], max_frequency: null };
    expect(computeDrift(profile, star, 'any', 'users:x', ['anything'], 10_000)).toBeNull();
  });

  it('more types never lower the severity', () => {
    const types = ['unauthorized_system', 'unauthorized_action', 'unauthorized_data_type', 'frequency_exceeded'] as const;
    const rank = { low: 0, medium: 1, high: 2, critical: 3 };
    fc.assert(
      fc.property(fc.subarray([...types], { minLength: 1 }), fc.constantFrom(...types), (sub, extra) => {
        const a = driftSeverityOf(profile, sub);
        const b = driftSeverityOf(profile, [...new Set([...sub, extra])]);
        expect(rank[b.severity]).toBeGreaterThanOrEqual(rank[a.severity]);
      }),
    );
  });
});

describe('verdict ladder precedence (§8.3.3)', () => {
  const ids = fc.constantFrom('a1', 'a2', 'b1', 'B1', 'c');
  const rule = fc.record({
    id: ids,
    version: fc.integer({ min: 1, max: 3 }),
    rule_type: fc.constantFrom('allow' as const, 'deny' as const, 'escalate' as const),
    risk_threshold: fc.integer({ min: 0, max: 100 }),
  });
  const input = fc.record({
    agentSuspended: fc.boolean(),
    drift: fc.option(fc.constantFrom('alert' as const, 'throttle' as const, 'suspend' as const).map((response) => ({ drift_types: ['unauthorized_action' as const], severity: 'high' as const, response }))),
    hasConfig: fc.boolean(),
    operationInScope: fc.boolean(),
    matchingRules: fc.array(rule, { maxLength: 5 }),
    approvalId: fc.option(fc.constant('ap')),
    approvalValid: fc.boolean(),
    risk: fc.integer({ min: 0, max: 100 }),
    defaultVerdict: fc.constantFrom('PERMIT' as const, 'ESCALATE' as const, 'DENY' as const),
  });
  const compile = (r: { id: string; version: number; rule_type: PolicyRule['rule_type']; risk_threshold: number }): CompiledRule => ({
    rule: { ...r, agent_id: 'x', name: r.id, connector: null, action_pattern: '*', approval_channel: null },
    matcher: compileGlob('*'),
  });

  it('the first applicable step decides, and the deciding rule is the smallest id (allow: lowest threshold)', () => {
    fc.assert(
      fc.property(input, (raw) => {
        const inp: LadderInput = { ...raw, matchingRules: raw.matchingRules.map(compile) };
        const steps: { step: number; applies: boolean }[] = [];
        const r = runLadder(inp, steps as never);
        // Exactly one recorded step applies: the last one, the deciding one.
        expect(steps.filter((s) => s.applies).map((s) => s.step)).toEqual([r.step]);
        expect(steps.map((s) => s.step)).toEqual(Array.from({ length: r.step }, (_, i) => i + 1));
        const rules = inp.matchingRules.map((c) => c.rule);
        const smallest = (t: string): string | undefined => rules.filter((x) => x.rule_type === t).map((x) => x.id).sort()[0];
        if (inp.agentSuspended) expect(r).toMatchObject({ verdict: 'DENY', reason: 'suspended', step: 1 });
        else if (inp.drift?.response === 'suspend') expect(r).toMatchObject({ verdict: 'DENY', reason: 'drift' });
        else if (!inp.hasConfig || !inp.operationInScope) expect(r).toMatchObject({ verdict: 'DENY', reason: 'scope' });
        else if (smallest('deny')) expect(r).toMatchObject({ verdict: 'DENY', reason: 'rule', rule_id: smallest('deny') });
        else if (inp.approvalId && inp.approvalValid) expect(r).toMatchObject({ verdict: 'PERMIT', reason: 'approved', rule_id: null });
        else if (smallest('escalate')) expect(r).toMatchObject({ verdict: 'ESCALATE', reason: 'rule', rule_id: smallest('escalate') });
        else if (smallest('allow')) {
          const allow = decidingAllowRule(inp.matchingRules)!;
          for (const x of rules.filter((y) => y.rule_type === 'allow')) {
            expect(x.risk_threshold > allow.risk_threshold || (x.risk_threshold === allow.risk_threshold && x.id >= allow.id)).toBe(true);
          }
          expect(r).toMatchObject(inp.risk > allow.risk_threshold ? { verdict: 'ESCALATE', reason: 'threshold' } : { verdict: 'PERMIT', reason: 'rule' });
          expect(r.rule_id).toBe(allow.id);
        } else expect(r).toMatchObject({ verdict: inp.defaultVerdict, reason: 'default', rule_id: null, rule_version: null });
        if (r.reason !== 'rule' && r.reason !== 'threshold') expect(r.rule_id).toBeNull();
      }),
      { numRuns: 3000 },
    );
  });

  it('"smallest id" is code-unit order (upper case before lower case)', () => {
    const r = runLadder({
      agentSuspended: false, drift: null, hasConfig: true, operationInScope: true,
      matchingRules: [compile({ id: 'b1', version: 1, rule_type: 'deny', risk_threshold: 0 }), compile({ id: 'B1', version: 2, rule_type: 'deny', risk_threshold: 0 })],
      approvalId: null, approvalValid: false, risk: 0, defaultVerdict: 'DENY',
    });
    expect(r).toMatchObject({ rule_id: 'B1', rule_version: 2 });
  });
});

describe('timestamps', () => {
  it('parseTs agrees with Date.parse on spec timestamps and refuses anything else', async () => {
    const { parseTs, formatTs } = await import('../../shared/evaluate/time.js');
    fc.assert(
      fc.property(fc.date({ min: new Date('0100-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }), (d) => {
        const s = d.toISOString();
        expect(parseTs(s)).toBe(d.getTime());
        expect(formatTs(parseTs(s))).toBe(s);
      }),
    );
    for (const bad of ['2026-02-30T00:00:00.000Z', '2026-03-18T24:00:00.000Z', '2026-03-18T08:18:53Z', '2026-03-18 08:18:53.468Z', '2026-03-18T08:18:53.46xZ', '+02026-03-18T08:18:53.468Z', 7, null]) {
      expect(parseTs(bad)).toBeNaN();
    }
    expect(parseTs('2024-02-29T00:00:00.000Z')).toBe(Date.parse('2024-02-29T00:00:00.000Z'));
  });
});

describe('sliding deque', () => {
  it('insertSorted keeps order under any arrival order; shift and bounds agree with a sorted array', async () => {
    const { Deque, lowerBound, upperBound } = await import('../../shared/evaluate/deque.js');
    const id = (x: number): number => x;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 60 }), fc.nat(20), fc.integer({ min: -1, max: 51 }), (xs, drop, probe) => {
        const d = new Deque<number>();
        for (const x of xs) d.insertSorted(x, id);
        const ref = [...xs].sort((a, b) => a - b);
        for (let i = 0; i < Math.min(drop, ref.length); i++) expect(d.shift()).toBe(ref.shift());
        expect([...d]).toEqual(ref);
        expect(lowerBound(d, id, probe)).toBe(ref.filter((x) => x < probe).length);
        expect(upperBound(d, id, probe)).toBe(ref.filter((x) => x <= probe).length);
      }),
    );
  });
});
