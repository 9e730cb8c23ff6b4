/**
 * The package computations on the public spec vector bundle (300 real entries), without the
 * store: figures are checked against the vector's published summary.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { accumulate, responsibilityMatrix } from '../../electron/core/package/build-package.js';
import { loadSubprocessorRegistry } from '../../electron/core/package/resources.js';
import { lineEntryId } from '../../electron/core/package/store-source.js';
import { sha256Hex } from '../../electron/core/crypto/sha256.js';
import { assemblePackage } from '../../shared/package/assemble-package.js';
import { answerQuestionnaire, QUESTION_CONTRADICTIONS } from '../../shared/package/questionnaire.js';
import type { Finding } from '../../shared/report/report-types.js';
import { diffDocuments, formatDiff } from '../../shared/package/package-diff.js';
import type { PackageDoc, PopulationEntry } from '../../shared/package/package-types.js';
import type { AuditEntry, Manifest } from '../../shared/format/export-types.js';
import { SAMPLE_BUNDLE, VECTORS_DIR } from '../support/paths.js';

const expected = JSON.parse(readFileSync(path.join(VECTORS_DIR, 'expected-summary.json'), 'utf8')) as {
  entries_by_action_type: Record<string, number>;
  connector_called_by_verdict: Record<string, number>;
  root: string;
};

/** Entries of the vector bundle as the store would hand them over. */
export function vectorPopulation(): { entries: PopulationEntry[]; manifest: Manifest } {
  const env = JSON.parse(readFileSync(path.join(SAMPLE_BUNDLE, 'manifest.dsse.json'), 'utf8')) as { payload: string };
  const manifest = JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8')) as Manifest;
  const lines = readFileSync(path.join(SAMPLE_BUNDLE, 'entries.jsonl'), 'utf8').split('\n').filter((l) => l !== '');
  const entries = lines.map((line): PopulationEntry => {
    const e = JSON.parse(line) as AuditEntry;
    return {
      origin: manifest.origin,
      seq: e.seq,
      id: e.id,
      ts: e.ts,
      agent_id: e.agent_id,
      actor_type: e.actor.type,
      actor_id: e.actor.id,
      action_type: e.action_type,
      leaf_hash: sha256Hex(Buffer.concat([Buffer.from([0]), Buffer.from(line, 'utf8')])),
      data: e.data,
    };
  });
  return { entries, manifest };
}

/** An org or agent package over the vector bundle. */
export function vectorPackage(agentId: string | null, generatedAt = '2026-03-19T09:00:00.000Z'): PackageDoc {
  const { entries, manifest } = vectorPopulation();
  const pop = agentId === null ? entries : entries.filter((e) => e.agent_id === agentId);
  const { acc, leafDigest } = accumulate(pop);
  const names = new Map<string, string>();
  for (const e of entries) {
    const a = (e.data['agent'] ?? null) as { id: string; name: string } | null;
    if (e.action_type === 'agent.created' && a !== null) names.set(a.id, a.name);
  }
  return assemblePackage(acc, {
    scope: agentId === null ? { kind: 'org' } : { kind: 'agent', agent_id: agentId, agent_name: names.get(agentId) ?? null },
    org: manifest.org,
    period: manifest.period,
    generatedAt,
    generatedBy: 'paul.meyer@tailspin.example',
    exports: [
      {
        export_id: manifest.export_id,
        origin: manifest.origin,
        period: manifest.period,
        range: manifest.range,
        tree: manifest.tree,
        integrity: 'VALID',
        continuity: 'first',
        envelope_key: 'tailspin-secops-export-2026',
        checkpoint_key: 'tailspin-secops-log-2026',
        platform: manifest.platform,
      },
    ],
    findings: [],
    responsibility: responsibilityMatrix(),
    registry: loadSubprocessorRegistry(),
    agentNames: names,
    leafDigest,
  });
}

describe('package over the spec vector bundle', () => {
  it('counts every action type and verdict as the vector summary says', () => {
    const doc = vectorPackage(null);
    expect(doc.execution.by_action_type).toEqual(expected.entries_by_action_type);
    expect(doc.execution.verdicts).toEqual(expected.connector_called_by_verdict);
    expect(doc.execution.totals.entries).toBe(300);
    expect(doc.execution.totals.calls).toBe(183);
    expect(doc.execution.first_action?.seq).toBe(0);
    expect(doc.execution.last_action?.seq).toBe(299);
    expect(doc.execution.escalations.requested).toBe(18);
    expect(doc.execution.escalations.expired).toBe(6);
    expect(doc.execution.escalations.approved + doc.execution.escalations.denied).toBe(10);
    expect(doc.execution.drift.events).toBe(4);
    expect(doc.execution.suspensions.suspended).toBe(2);
    expect(doc.execution.suspensions.resumed).toBe(2);
    const opCalls = doc.execution.operations.reduce((s, o) => s + o.calls, 0);
    expect(opCalls).toBe(183);
    const tl = doc.execution.timeline;
    expect(tl.reduce((s, b) => s + b.permit + b.escalate + b.deny, 0)).toBe(183);
    expect(tl.reduce((s, b) => s + b.deny, 0)).toBe(expected.connector_called_by_verdict['DENY']);
    expect(tl.map((b) => b.hour)).toEqual([...tl.map((b) => b.hour)].sort());
    expect(tl[0]!.hour).toBe('2026-03-18T08');
  });

  it('lists platform, hosting and every connector used, unmapped ones kept', () => {
    const doc = vectorPackage(null);
    expect(doc.subprocessors[0]!.role).toBe('governance_platform');
    expect(doc.subprocessors[1]!.role).toBe('hosting_provider');
    const connectors = doc.subprocessors.filter((r) => r.role === 'connector').map((r) => r.connector);
    expect(connectors).toEqual(doc.execution.connectors_used);
    expect(doc.subprocessors.filter((r) => r.role === 'connector').every((r) => r.mapped)).toBe(true);
  });

  it('maps §10 criteria with evidence counts', () => {
    const doc = vectorPackage(null);
    const cc63 = doc.soc2.criteria.find((c) => c.criterion === 'CC6.3')!;
    const e = expected.entries_by_action_type;
    expect(cc63.evidence_count).toBe(
      e['connector.called']! + e['connector.configured']! + e['intent.declared']! + e['user.created']! + e['user.role_changed']!,
    );
    expect(doc.soc2.criteria.find((c) => c.criterion === 'A1.2')!.evidence_count).toBe(e['system.heartbeat']);
  });

  it('draws the data flow with reads, writes and all three outcomes', () => {
    const doc = vectorPackage(null);
    const outcomes = new Set(doc.data_flow.edges.map((x) => x.outcome));
    expect(outcomes).toEqual(new Set([null, 'permitted', 'escalated', 'denied']));
    expect(doc.data_flow.mermaid.startsWith('flowchart LR\n')).toBe(true);
    expect(doc.data_flow.mermaid).toContain('--x');
    const toEngine = doc.data_flow.edges.filter((x) => x.to === 'policy_engine').reduce((s, x) => s + x.count, 0);
    expect(toEngine).toBe(183);
  });

  it('answers all five questionnaire categories with CAIQ ids and evidence', () => {
    const doc = vectorPackage(null);
    const cats = new Set(doc.questionnaire.map((q) => q.category));
    expect(cats.size).toBe(5);
    for (const q of doc.questionnaire) {
      expect(q.caiq.length).toBeGreaterThan(0);
      expect(q.caiq.every((id) => /^[A-Z&]{2,4}-\d{2}\.\d+$/.test(id))).toBe(true);
      expect(q.evidence.length).toBeGreaterThan(0);
    }
  });

  it('never answers "yes" beside a finding that contradicts it, for every finding kind a question names', () => {
    const doc = vectorPackage(null);
    const base = {
      execution: doc.execution,
      exports: doc.exports,
      subprocessors: doc.subprocessors,
      dataTypes: {},
      reasons: {},
      userActions: { 'policy.updated': 1 },
      secretAccesses: 0,
      highRiskCalls: 0,
    };
    const clean = answerQuestionnaire({ ...base, findings: [] });
    expect(clean.find((q) => q.id === 'MO-1')!.answer).toBe('yes');
    for (const [id, kinds] of Object.entries(QUESTION_CONTRADICTIONS)) {
      for (const kind of kinds) {
        const finding = { kind, severity: 'high', seq: 1, entry_id: null, agent_id: null, controls: [], message: 'planted', recorded: null, expected: null } as unknown as Finding;
        const a = answerQuestionnaire({ ...base, findings: [finding] }).find((q) => q.id === id)!;
        expect(a.answer, `${id} with ${kind}`).not.toBe('yes');
      }
    }
    // The case: a scope_violation in the package, and MO-1 said "0 disagreed … YES".
    const mo1 = answerQuestionnaire({ ...base, findings: [{ kind: 'scope_violation', severity: 'high', message: 'x' } as unknown as Finding] }).find((q) => q.id === 'MO-1')!;
    expect(mo1.answer).toBe('partial');
    expect(mo1.response).toMatch(/1 recorded decision\(s\) disagreed .*scope_violation \(1\)/);
  });

  it('IR-3 asks about the client’s response to drift, not about this review', () => {
    const ir3 = vectorPackage(null).questionnaire.find((q) => q.id === 'IR-3')!;
    expect(ir3.question).toMatch(/drift event/);
    expect(ir3.question).not.toMatch(/this review/);
  });

  it('diffs two versions readably', () => {
    const a = vectorPackage(null, '2026-03-19T09:00:00.000Z');
    const b = vectorPackage(null, '2026-03-20T09:00:00.000Z');
    const changes = diffDocuments(a, b);
    expect(changes).toEqual([{ path: 'generated_at', change: 'changed', before: '2026-03-19T09:00:00.000Z', after: '2026-03-20T09:00:00.000Z' }]);
    expect(formatDiff(changes)).toBe('~ generated_at: 2026-03-19T09:00:00.000Z \u2192 2026-03-20T09:00:00.000Z\n');
  });

  it('reads the entry id from the end of a canonical line without parsing it', () => {
    const lines = readFileSync(path.join(SAMPLE_BUNDLE, 'entries.jsonl'), 'utf8').split('\n').filter((l) => l !== '');
    for (const line of lines) expect(lineEntryId(line)).toBe((JSON.parse(line) as AuditEntry).id);
  });
});
