/** The store's parsed columns of an entry, above all the search text the app's search scans. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { entryColumns } from '../../electron/core/verify/entry-columns.js';
import type { AuditEntry } from '../../shared/format/export-types.js';

describe('entry columns', () => {
  it('a connector call: its columns, and ids, action type, connector, operation, resource and data types lower-cased in that order', () => {
    const e = {
      seq: 7,
      ts: '2026-03-01T12:00:00.000Z',
      id: 'E-0007',
      agent_id: 'agent-Billing',
      actor: { type: 'agent', id: 'agent-Billing' },
      action_type: 'connector.called',
      data: { call_id: 'call-9', connector: 'stripe', operation: 'Refund.Create', target: { resource: 'cus_ABC', environment: 'prod' }, data_types: ['PII', 7, 'payment'], decision: { verdict: 'DENY' }, status: 'denied' },
    } as unknown as AuditEntry;
    expect(entryColumns(e)).toEqual([7, '2026-03-01T12:00:00.000Z', 'agent-Billing', 'agent', 'agent-Billing', 'connector.called', 'DENY', 'denied', 'e-0007 call-9 connector.called stripe refund.create cus_abc pii payment']);
  });

  it('anything that is not an object has no columns and an empty search text', () => {
    for (const v of [null, 3, 'x', [1, 2]]) expect(entryColumns(v as unknown as AuditEntry)).toEqual([null, null, null, null, null, null, null, null, '']);
  });

  it('the search text is the non-empty string parts, joined by one space, lower-cased (property)', () => {
    const val = fc.oneof(fc.string(), fc.constant(''), fc.integer(), fc.constant(null), fc.constant(undefined));
    fc.assert(
      fc.property(fc.record({ id: val, call_id: val, approval_id: val, connector: val, operation: val, resource: val, agent_id: val, rule_id: val, targetIsObject: fc.boolean() }), (r) => {
        const e = { id: r.id, action_type: 'approval.requested', data: { call_id: r.call_id, approval_id: r.approval_id, connector: r.connector, operation: r.operation, target: r.targetIsObject ? { resource: r.resource } : r.resource, agent_id: r.agent_id, rule_id: r.rule_id } } as unknown as AuditEntry;
        const parts = [r.id, r.call_id, r.approval_id, 'approval.requested', r.connector, r.operation, r.targetIsObject ? r.resource : undefined, r.agent_id, r.rule_id];
        const want = parts.filter((p): p is string => typeof p === 'string' && p.length > 0).join(' ').toLowerCase();
        const got = entryColumns(e);
        expect(got[8]).toBe(want);
        // Only connector calls carry a verdict and a status.
        expect(got[6]).toBeNull();
        expect(got[7]).toBeNull();
      }),
      { numRuns: 500 },
    );
  });
});
