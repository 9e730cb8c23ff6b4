/**
 * A clean generated export read the way a verifier reads it: every line JCS, seq and prev chain,
 * timestamps and heartbeats, RFC 6962 root against manifest and checkpoint, signatures against the
 * keyring, and the field rules of spec §3/§3.2 on every entry; replaying it through the evaluator
 * yields no finding at all.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCanonical } from '../../shared/format/jcs.js';
import { PAYLOAD_TYPE, ZERO_HASH, type AuditEntry, type ConnectorCallData, type DsseEnvelope, type Keyring, type Manifest, type PlatformState } from '../../shared/format/export-types.js';
import { createEvaluator } from '../../shared/evaluate/evaluator.js';
import type { Finding } from '../../shared/report/report-types.js';
import { CompactRange, leafHash } from '../../electron/core/merkle/merkle.js';
import { pae } from '../../electron/core/crypto/dsse.js';
import { ed25519Verify, publicKeyFromRaw } from '../../electron/core/crypto/ed25519.js';
import { keyIdHex } from '../../electron/core/crypto/key-id.js';
import { sha256Hex } from '../../electron/core/crypto/sha256.js';
import { parseCheckpoint } from '../../electron/core/crypto/signed-note.js';
import { generateDemo, PLANTABLE_KINDS, type GenerateDemoResult } from '../../electron/core/demo/generate-demo.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'crosscheck-demo-conf-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let g: GenerateDemoResult;
let lines: string[];
let entries: AuditEntry[];
let manifest: Manifest;
let envelope: DsseEnvelope;
let payload: Buffer;
let keyring: Keyring;

beforeAll(async () => {
  g = await generateDemo({ outDir: path.join(tmp, 'clean'), entries: 4000, seed: 'conformance' });
  lines = readFileSync(path.join(g.bundleDir, 'entries.jsonl'), 'utf8').split('\n');
  expect(lines.pop()).toBe('');
  entries = lines.map((l) => JSON.parse(l) as AuditEntry);
  envelope = JSON.parse(readFileSync(path.join(g.bundleDir, 'manifest.dsse.json'), 'utf8')) as DsseEnvelope;
  payload = Buffer.from(envelope.payload, 'base64');
  manifest = JSON.parse(payload.toString('utf8')) as Manifest;
  keyring = JSON.parse(readFileSync(g.keyringPath, 'utf8')) as Keyring;
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const HEX64 = /^[0-9a-f]{64}$/;

describe('integrity of a clean export', () => {
  it('every line is JCS, seq contiguous from 0, prev chained, timestamps non-decreasing without gaps', () => {
    let prev = ZERO_HASH;
    let lastMs = Number.NEGATIVE_INFINITY;
    const maxGap = 2 * manifest.heartbeat_seconds * 1000;
    entries.forEach((e, i) => {
      expect(parseCanonical(lines[i]!).canonical).toBe(true);
      expect(e.seq).toBe(i);
      expect(e.prev).toBe(prev);
      prev = leafHash(Buffer.from(lines[i]!)).toString('hex');
      expect(e.ts).toMatch(TS);
      const ms = Date.parse(e.ts);
      expect(ms).toBeGreaterThanOrEqual(lastMs);
      if (i > 0) expect(ms - lastMs).toBeLessThanOrEqual(maxGap);
      lastMs = ms;
      expect(e.id).toMatch(UUID);
      expect(e.org_id).toBe(manifest.org.id);
    });
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    expect(manifest.period).toEqual({ from: entries[0]!.ts, to: entries[entries.length - 1]!.ts });
  });

  it('the RFC 6962 root matches the manifest and the checkpoint; files[] digests match', () => {
    const range = new CompactRange();
    for (const l of lines) range.push(leafHash(Buffer.from(l)));
    expect(manifest.tree).toEqual({ size: lines.length, root: range.root().toString('hex') });
    expect(manifest.range).toEqual({ first_seq: 0, last_seq: lines.length - 1, count: lines.length });
    const note = parseCheckpoint(readFileSync(path.join(g.bundleDir, 'checkpoint')));
    expect(note.origin).toBe(manifest.origin);
    expect(note.treeSize).toBe(lines.length);
    expect(note.root!.equals(range.root())).toBe(true);
    for (const f of manifest.files) {
      const b = readFileSync(path.join(g.bundleDir, f.path));
      expect([f.sha256, f.bytes]).toEqual([sha256Hex(b), b.length]);
    }
    expect(manifest.files.map((f) => f.path)).toEqual(['checkpoint', 'entries.jsonl', 'frontier.json', 'state.json']);
  });

  it('the envelope and the checkpoint verify with keys of the keyring in the right role and window', () => {
    const byId = new Map(keyring.keys.map((k) => [keyIdHex(k.name, Buffer.from(k.public_key, 'base64')), k]));
    expect(envelope.payloadType).toBe(PAYLOAD_TYPE);
    for (const s of envelope.signatures) {
      const k = byId.get(s.keyid)!;
      expect(k.roles).toContain('export');
      expect(k.valid_from <= manifest.created_at && (k.valid_until === null || manifest.created_at < k.valid_until)).toBe(true);
      expect(ed25519Verify(publicKeyFromRaw(Buffer.from(k.public_key, 'base64')), pae(PAYLOAD_TYPE, payload), Buffer.from(s.sig, 'base64'))).toBe(true);
    }
    const note = parseCheckpoint(readFileSync(path.join(g.bundleDir, 'checkpoint')));
    for (const s of note.signatures) {
      const k = byId.get(s.keyId.toString('hex'))!;
      expect(k.name).toBe(s.name);
      expect(k.roles).toEqual(['log']);
      expect(ed25519Verify(publicKeyFromRaw(Buffer.from(k.public_key, 'base64')), note.text, s.signature)).toBe(true);
    }
    // A retired key is listed but signs nothing.
    expect(keyring.keys.filter((k) => k.valid_until !== null)).toHaveLength(1);
  });
});

describe('entries follow spec §3 and §8', () => {
  it('state.json at seq 0 holds the founding admin and the complete profile', () => {
    const state = JSON.parse(readFileSync(path.join(g.bundleDir, 'state.json'), 'utf8')) as PlatformState;
    expect(state.as_of_seq).toBe(0);
    expect(state.users).toHaveLength(1);
    expect(state.users[0]!.role).toBe('admin');
    expect(Object.keys(state.profile).sort()).toEqual([
      'approval_ttl_seconds', 'approver_roles', 'connector_weights', 'default_connector_weight', 'default_verb_weight', 'default_verdict',
      'drift_response', 'drift_severity', 'frequency_steps', 'frequency_window_seconds', 'target_weights', 'verb_weights',
    ]);
  });

  it('field rules: agent_id, actor, decision, status, outputs, drift types, approval expiry', () => {
    const byCall = new Map<string, AuditEntry>();
    for (const e of entries) {
      if (e.actor.type === 'agent') expect(e.actor.id).toBe(e.agent_id);
      const aboutAgent = e.action_type.startsWith('agent.') || e.action_type.startsWith('approval.') || ['drift.detected', 'intent.declared', 'secret.accessed', 'compliance.generated', 'connector.called'].includes(e.action_type);
      if (aboutAgent) expect(e.agent_id).toMatch(UUID);
      if (e.action_type === 'system.heartbeat') {
        expect([e.agent_id, e.data]).toEqual([null, {}]);
        expect(e.actor.type).toBe('system');
      }
      if (e.action_type === 'connector.called') {
        const d = e.data as unknown as ConnectorCallData;
        byCall.set(d.call_id, e);
        const dec = d.decision;
        expect(Object.keys(d).sort()).toEqual(['approval_id', 'call_id', 'connector', 'data_types', 'decision', 'duration_ms', 'inputs_hash', 'operation', 'outputs_hash', 'status', 'target']);
        expect(d.inputs_hash).toMatch(HEX64);
        if (dec.reason === 'rule' || dec.reason === 'threshold') expect(dec.rule_id).toMatch(UUID);
        else expect([dec.rule_id, dec.rule_version]).toEqual([null, null]);
        const statuses = { PERMIT: ['success', 'error'], DENY: ['blocked'], ESCALATE: ['escalated'] }[dec.verdict];
        expect(statuses).toContain(d.status);
        if (d.status === 'success' || d.status === 'error') expect(d.outputs_hash).toMatch(HEX64);
        else expect(d.outputs_hash).toBeNull();
        expect(dec.risk_score).toBe(Math.min(100, dec.factors.operation + dec.factors.connector + dec.factors.frequency + dec.factors.target));
        if (d.approval_id !== null && dec.verdict === 'PERMIT') expect(dec.reason).toBe('approved');
      }
      if (e.action_type === 'drift.detected') {
        const types = e.data.drift_types as string[];
        expect(types).toEqual([...types].sort());
        expect(byCall.get(e.data.call_id as string)?.agent_id).toBe(e.agent_id);
      }
      if (e.action_type === 'approval.requested') {
        const call = byCall.get(e.data.call_id as string)!;
        expect(call.data.decision).toMatchObject({ verdict: 'ESCALATE' });
        expect(Date.parse(e.data.expires_at as string)).toBe(Date.parse(call.ts) + 3600_000);
      }
    }
  });

  it('a call and its consequences are consecutive entries', () => {
    entries.forEach((e, i) => {
      if (e.action_type === 'drift.detected' || e.action_type === 'approval.requested' || (e.action_type === 'agent.suspended' && e.data.reason === 'drift')) {
        let j = i - 1;
        while (entries[j]!.action_type !== 'connector.called') j--;
        expect(i - j).toBeLessThanOrEqual(3);
        expect((entries[j]!.data as unknown as ConnectorCallData).call_id).toBe(e.data.call_id);
      }
    });
  });

  it('the log tells a varied story', () => {
    const byType = g.expected.entries_by_action_type;
    for (const t of ['connector.called', 'drift.detected', 'agent.suspended', 'agent.resumed', 'approval.requested', 'approval.reviewed', 'approval.expired', 'policy.created', 'user.created', 'secret.accessed', 'system.heartbeat', 'agent.deployed']) {
      expect(byType[t] ?? 0, t).toBeGreaterThan(0);
    }
    expect(Object.keys(g.expected.connector_called_by_verdict).sort()).toEqual(['DENY', 'ESCALATE', 'PERMIT']);
    const retried = entries.filter((e) => e.action_type === 'connector.called' && (e.data as unknown as ConnectorCallData).decision.reason === 'approved');
    expect(retried.length).toBeGreaterThan(0);
    const environments = new Set(entries.filter((e) => e.action_type === 'connector.called').map((e) => (e.data as unknown as ConnectorCallData).target.environment));
    expect([...environments].sort()).toEqual(['dev', 'prod', 'staging', null].sort());
  });

  it('replaying through the evaluator finds nothing; expected.json says so', () => {
    const state = JSON.parse(readFileSync(path.join(g.bundleDir, 'state.json'), 'utf8')) as PlatformState;
    const findings: Finding[] = [];
    const ev = createEvaluator(state, { onFinding: (f) => findings.push(f) });
    for (const e of entries) ev.apply(e);
    const end = ev.finish();
    expect(findings).toEqual([]);
    expect(end.calls).toBe(g.expected.entries_by_action_type['connector.called']);
    expect(g.expected).toMatchObject({ integrity: 'VALID', exit_code: 0, findings: [], with_previous: null });
  });

  it('PLANTABLE_KINDS lists every plant once', () => {
    expect(new Set(PLANTABLE_KINDS).size).toBe(PLANTABLE_KINDS.length);
    expect(PLANTABLE_KINDS.length).toBeGreaterThanOrEqual(45);
  });
});
