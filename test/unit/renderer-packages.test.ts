/** The Packages screen's own logic: period inputs, file names, which versions may be compared. */
import { describe, expect, it } from 'vitest';
import { comparable, periodBound, periodError } from '../../renderer/src/logic/packages.js';
import { exportFileName } from '../../shared/package/file-names.js';

describe('package period inputs', () => {
  it('reads a datetime-local value as UTC, from the start or to the end of the minute', () => {
    expect(periodBound('2026-04-01T08:15', 'from')).toBe('2026-04-01T08:15:00.000Z');
    expect(periodBound('2026-04-01T08:15', 'to')).toBe('2026-04-01T08:15:59.999Z');
    expect(periodBound('2026-04-01T08:15:07', 'to')).toBe('2026-04-01T08:15:07.999Z');
    expect(periodBound('', 'from')).toBeUndefined();
    expect(periodBound('  ', 'to')).toBeUndefined();
  });

  it('refuses what is not a date and time, and a period that ends before it starts', () => {
    expect(() => periodBound('yesterday', 'from')).toThrow('not a date and time');
    expect(periodError('2026-04-02T00:00', '2026-04-01T00:00')).toBe('the period ends before it starts');
    expect(periodError('2026-04-01T00:00', '2026-04-01T00:00')).toBeNull();
    expect(periodError('', '')).toBeNull();
    expect(periodError('x', '')).toContain('not a date and time');
  });
});

describe('package exports and comparisons', () => {
  const agentRecord = {
    id: 'ab'.repeat(32),
    scope: 'agent' as const,
    agent_id: '0f1e2d3c-0000-4000-8000-000000000000',
    version: 3,
  };
  it('names files by scope, version and id', () => {
    expect(exportFileName(agentRecord, 'pdf')).toBe('crosscheck-package-agent-0f1e2d3c-v3-abababababab.pdf');
    expect(exportFileName({ ...agentRecord, scope: 'org', agent_id: null }, 'binder')).toBe(
      'crosscheck-package-org-v3-abababababab.binder.zip',
    );
    expect(exportFileName(agentRecord, 'json')).toMatch(/\.json$/);
  });

  it('compares versions of one scope only', () => {
    expect(comparable(agentRecord, { ...agentRecord })).toBe(true);
    expect(comparable(agentRecord, { ...agentRecord, agent_id: 'other' })).toBe(false);
    expect(comparable({ scope: 'org', agent_id: null }, { scope: 'org', agent_id: null })).toBe(true);
    expect(comparable(agentRecord, { scope: 'org', agent_id: null })).toBe(false);
  });
});
