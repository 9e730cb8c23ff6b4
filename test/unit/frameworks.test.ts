/** The frameworks as data: ISO/IEC 27001:2022 Annex A complete, every mapping naming real controls, one rule for both. */
import { describe, expect, it } from 'vitest';
import { ISO27001_CATALOG } from '../../shared/frameworks/iso27001-catalog.js';
import { iso27001Coverage, iso27001FindingCounts } from '../../shared/frameworks/iso27001-coverage.js';
import { ISO27001_EVIDENCE_MAP, ISO27001_FINDING_GROUPS, ISO27001_TESTS } from '../../shared/frameworks/iso27001-evidence-map.js';
import { SOC2_CATALOG } from '../../shared/frameworks/soc2-catalog.js';
import { SOC2_TESTS } from '../../shared/frameworks/soc2-evidence-map.js';

describe('ISO/IEC 27001:2022 Annex A', () => {
  it('has all 93 controls, 37 / 8 / 14 / 34 by theme, ids unique, titles our own short words', () => {
    expect(ISO27001_CATALOG).toHaveLength(93);
    const byTheme = (t: string) => ISO27001_CATALOG.filter((c) => c.group === t).length;
    expect([byTheme('A.5'), byTheme('A.6'), byTheme('A.7'), byTheme('A.8')]).toEqual([37, 8, 14, 34]);
    expect(new Set(ISO27001_CATALOG.map((c) => c.id)).size).toBe(93);
    for (const c of ISO27001_CATALOG) expect(c.title.length).toBeLessThan(80);
    expect(SOC2_CATALOG).toHaveLength(61);
  });
  it('maps evidence, tests and finding groups only onto controls of the catalog, each pairing with a reason', () => {
    const ids = new Set(ISO27001_CATALOG.map((c) => c.id));
    for (const p of ISO27001_EVIDENCE_MAP) {
      expect(ids.has(p.criterion), p.criterion).toBe(true);
      expect(p.reason.length).toBeGreaterThan(10);
    }
    for (const t of ISO27001_TESTS) for (const c of t.criteria) expect(ids.has(c), c).toBe(true);
    for (const cs of Object.values(ISO27001_FINDING_GROUPS)) for (const c of cs) expect(ids.has(c), c).toBe(true);
    // The same re-performed tests as SOC 2, onto Annex A.
    expect(ISO27001_TESTS.map((t) => t.id).sort()).toEqual(SOC2_TESTS.map((t) => t.id).sort());
    // Controls Crosscheck counts evidence for are ones an audit trail can show.
    const basis = new Map(ISO27001_CATALOG.map((c) => [c.id, c.basis]));
    for (const p of ISO27001_EVIDENCE_MAP) expect(basis.get(p.criterion), p.criterion).toBe('trail');
  });
  it('concludes by the same rule as SOC 2: a decision finding makes 5.15 and 8.3 exceptions, policies need a document', () => {
    const lines = iso27001Coverage({
      actionCounts: { 'connector.called': 10, 'system.heartbeat': 4, 'policy.updated': 1 },
      findingCounts: iso27001FindingCounts({ decisions: 1 }),
      acceptedExports: 1,
      reEvaluatedCalls: 10,
    });
    const by = Object.fromEntries(lines.map((l) => [l.criterion, l]));
    expect(lines).toHaveLength(93);
    expect(by['5.15']!.status).toBe('exceptions');
    expect(by['8.3']!.status).toBe('exceptions');
    expect(by['8.15']!.status).toBe('tested');
    expect(by['8.16']).toMatchObject({ status: 'tested' });
    expect(by['8.6']).toMatchObject({ status: 'evidenced', evidence: 4 });
    expect(by['5.1']!.status).toBe('needs_document');
    expect(by['8.13']!.status).toBe('needs_document');
    expect(by['5.28']!.status).toBe('tested');
    expect(by['5.26']!.status).toBe('not_evidenced');
    // Where Annex A is more precise: supplier service use (5.22) is shown, never tested; the
    // cryptography and supplier-relationship policies still need the client's documents.
    expect(by['5.22']).toMatchObject({ status: 'evidenced', evidence: 10 });
    expect(by['8.5']!.status).toBe('not_evidenced');
    expect(by['8.24']!.status).toBe('needs_document');
    expect(by['5.19']!.status).toBe('needs_document');
  });

  it('shows authentication (8.5) from decisions by identified users and machine credentials', () => {
    const lines = iso27001Coverage({ actionCounts: { 'approval.reviewed': 3, 'api_key.created': 2 }, findingCounts: {}, acceptedExports: 1, reEvaluatedCalls: 0 });
    const l = lines.find((x) => x.criterion === '8.5')!;
    expect(l).toMatchObject({ status: 'evidenced', evidence: 5 });
    expect(l.actionTypes.map((a) => a.actionType)).toEqual(['approval.reviewed', 'api_key.created']);
  });
});
