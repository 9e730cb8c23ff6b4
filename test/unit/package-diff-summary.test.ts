/** A package diff told by section in words: figures with their change, rows added and removed, answers changed. */
import { describe, expect, it } from 'vitest';
import { diffDocuments } from '../../shared/package/package-diff.js';
import { summarizeDiff } from '../../shared/package/diff-summary.js';

const before = {
  generated_at: '2026-04-01T00:00:00.000Z',
  execution: { totals: { entries: 120, calls: 100 } },
  questionnaire: [
    { id: 'MO-1', answer: 'yes' },
    { id: 'AC-2', answer: 'yes' },
  ],
  findings: [{ kind: 'scope_violation', seq: 12, entry_id: 'e12', message: 'out of scope' }],
  exports: [{ export_id: 'exp-1', tree: { size: 120 } }],
};
const after = {
  generated_at: '2026-04-02T00:00:00.000Z',
  execution: { totals: { entries: 135, calls: 100 } },
  questionnaire: [
    { id: 'MO-1', answer: 'no' },
    { id: 'AC-2', answer: 'yes' },
  ],
  findings: [
    { kind: 'drift_unanswered', seq: 40, entry_id: 'e40', message: 'no response' },
    { kind: 'policy_mismatch', seq: 77, entry_id: 'e77', message: 'recorded PERMIT, re-evaluated DENY' },
  ],
  exports: [
    { export_id: 'exp-1', tree: { size: 120 } },
    { export_id: 'exp-2', tree: { size: 15 } },
  ],
};

describe('summarizeDiff', () => {
  const sections = summarizeDiff(diffDocuments(before, after));
  const by = (title: string) => sections.find((s) => s.title === title);

  it('groups changes by the package section, in the package order', () => {
    expect(sections.map((s) => s.title)).toEqual([
      'Generation',
      'Execution graph',
      'Questionnaire answers',
      'Integrity evidence (exports)',
      'Findings',
    ]);
  });

  it('says how a figure moved', () => {
    expect(by('Execution graph')?.lines).toEqual(['totals entries: 120 → 135 (+15)']);
  });

  it('names the answer that changed by its question id', () => {
    expect(by('Questionnaire answers')?.lines).toEqual([
      'id MO-1 · answer: no'.replace(': no', ': yes → no'),
    ]);
  });

  it('lists rows added and removed with their key, and counts them', () => {
    const f = by('Findings')!;
    expect(f.headline).toBe('2 added, 1 removed');
    expect(f.lines).toContain('removed: kind scope_violation, seq 12, entry_id e12');
    expect(f.lines).toContain('added: kind policy_mismatch, seq 77, entry_id e77');
    expect(by('Integrity evidence (exports)')?.lines).toEqual(['added: export_id exp-2']);
  });

  it('keeps every raw change under its section', () => {
    const all = diffDocuments(before, after);
    expect(sections.reduce((n, s) => n + s.changes.length, 0)).toBe(all.length);
  });

  it('tells many changed rows of one array on one line, with the fields that moved', () => {
    const rows = (n: number, calls: number) =>
      Array.from({ length: n }, (_, i) => ({ connector: `c${i}`, calls, deny: 0 }));
    const [s] = summarizeDiff(
      diffDocuments({ execution: { connectors: rows(8, 1) } }, { execution: { connectors: rows(8, 2) } }),
    );
    expect(s!.lines).toEqual([
      'connectors: 8 rows changed (connector c0; connector c1; connector c2; and 5 more) in calls',
    ]);
    expect(s!.changes).toHaveLength(8);
  });
});
