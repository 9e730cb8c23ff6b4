/** Pure parts of packages: registry coverage, unmapped connectors, diff, CSV quoting, seeded ids, verbs. */
import { describe, expect, it } from 'vitest';
import { csvField } from '../../electron/core/binder/population-csv.js';
import { seededUuid } from '../../electron/core/binder/oscal.js';
import { parseSums } from '../../electron/core/binder/verify-binder.js';
import { sumsText } from '../../electron/core/binder/write-binder.js';
import { loadSubprocessorRegistry } from '../../electron/core/package/resources.js';
import { diffDocuments, formatDiff } from '../../shared/package/package-diff.js';
import { accessOf, operationVerb } from '../../shared/package/population-accumulator.js';
import { listSubprocessors } from '../../shared/package/subprocessors.js';
import { buildDataFlow } from '../../shared/package/data-flow.js';

describe('sub-processor registry', () => {
  const reg = loadSubprocessorRegistry();
  it('maps at least 80 connectors across every required category, each complete', () => {
    expect(reg.connectors.length).toBeGreaterThanOrEqual(80);
    const cats = new Set(reg.connectors.map((c) => c.category));
    for (const c of ['edr_xdr', 'siem', 'cloud_security', 'iam', 'itsm', 'messaging', 'appsec', 'threat_intelligence', 'vulnerability_management', 'pam', 'identity_governance', 'network_security', 'email_security', 'soar', 'endpoint_management', 'observability']) {
      expect(cats.has(c), c).toBe(true);
    }
    for (const m of reg.connectors) {
      expect(m.legal_entity.length).toBeGreaterThan(0);
      expect(m.data_types.length).toBeGreaterThan(0);
      expect(['type_ii', 'type_i', 'none', 'unknown']).toContain(m.soc2);
    }
    expect(new Set(reg.connectors.map((c) => c.connector)).size).toBe(reg.connectors.length);
  });

  it('always lists platform and hosting, and keeps unknown connectors as unmapped', () => {
    const row = (connector: string, calls: number) => ({ connector, calls, reads: calls, writes: 0, permit: calls, escalate: 0, deny: 0, first_ts: 't', last_ts: 't' });
    const rows = listSubprocessors(reg, 'some-new-platform', [row('CrowdStrike', 3), row('acme_internal_tool', 2)], new Map([['acme_internal_tool', new Set(['secrets'])]]));
    expect(rows.map((r) => r.role)).toEqual(['governance_platform', 'hosting_provider', 'connector', 'connector']);
    expect(rows[0]!.mapped).toBe(false);
    expect(rows[2]).toMatchObject({ connector: 'CrowdStrike', mapped: true, legal_entity: 'CrowdStrike, Inc.' });
    expect(rows[3]).toMatchObject({ connector: 'acme_internal_tool', mapped: false, legal_entity: null, observed_data_types: ['secrets'], calls: 2 });
  });
});

describe('verbs and access', () => {
  it('follows spec §8.2 for the verb and classifies reads', () => {
    expect(operationVerb('hosts:contain')).toBe('contain');
    expect(operationVerb('search_jobs')).toBe('search');
    expect(operationVerb('ping')).toBe('ping');
    expect(accessOf('detections:list')).toBe('read');
    expect(accessOf('users:reset_password')).toBe('write');
  });
});

describe('data flow', () => {
  it('stops denied and escalated calls before the external system', () => {
    const flow = buildDataFlow(
      [
        { agent_id: 'a', connector: 'okta', access: 'write', outcome: 'denied', count: 2 },
        { agent_id: 'a', connector: 'okta', access: 'read', outcome: 'permitted', count: 5 },
        { agent_id: 'a', connector: 'okta', access: 'write', outcome: 'escalated', count: 1 },
      ],
      (id) => id,
      (c) => c.toUpperCase(),
    );
    expect(flow.edges.filter((e) => e.to === 'system:okta')).toEqual([{ from: 'connector:okta', to: 'system:okta', access: 'read', outcome: 'permitted', count: 5 }]);
    expect(flow.edges.find((e) => e.to === 'audit_trail')!.count).toBe(8);
    expect(flow.mermaid).toContain('--x|"write denied 2"|');
    expect(flow.mermaid).toContain('-.->|"write escalated 1"|');
  });
});

describe('diff', () => {
  it('matches rows by key and reports added, removed and changed figures', () => {
    const a = { execution: { totals: { calls: 10 } }, exports: [{ export_id: 'e1', tree: { size: 5 } }], execution_list: ['x'] };
    const b = { execution: { totals: { calls: 12 } }, exports: [{ export_id: 'e2', tree: { size: 9 } }, { export_id: 'e1', tree: { size: 5 } }], execution_list: ['x', 'y'] };
    const text = formatDiff(diffDocuments(a, b));
    expect(text).toBe('~ execution.totals.calls: 10 \u2192 12\n+ execution_list: y\n+ exports[export_id=e2]: {"export_id":"e2","tree":{"size":9}}\n');
    expect(formatDiff(diffDocuments(a, a))).toBe('No differences.\n');
  });
});

describe('binder helpers', () => {
  it('quotes CSV fields and defuses spreadsheet formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
  });

  it('seeded UUIDs are stable and OSCAL-shaped', () => {
    expect(seededUuid('x')).toBe(seededUuid('x'));
    expect(seededUuid('x')).not.toBe(seededUuid('y'));
    expect(seededUuid('x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('SHA256SUMS round-trips and rejects malformed lines', () => {
    const m = new Map([['b.txt', 'b'.repeat(64)], ['a.txt', 'a'.repeat(64)]]);
    const text = sumsText(m);
    expect(text).toBe(`${'a'.repeat(64)}  a.txt\n${'b'.repeat(64)}  b.txt\n`);
    expect(parseSums(text)).toEqual(new Map([['a.txt', 'a'.repeat(64)], ['b.txt', 'b'.repeat(64)]]));
    expect(parseSums('zz  a.txt\n')).toBeNull();
  });
});
