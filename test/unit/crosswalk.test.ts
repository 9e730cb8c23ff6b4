/** The SOC 2 ↔ Annex A crosswalk and the 2013 → 2022 correspondence name only real controls. */
import { describe, expect, it } from 'vitest';
import {
  CROSSWALK,
  CROSSWALK_SOURCES,
  crosswalkProblems,
  invertRelation,
  isoForSoc2,
  soc2ForIso,
} from '../../shared/frameworks/crosswalk.js';
import {
  ISO27001_2013_IDS,
  iso2013PrefixTo2022,
  iso2013To2022,
} from '../../shared/frameworks/iso27001-2013.js';
import { ISO27001_CATALOG } from '../../shared/frameworks/iso27001-catalog.js';
import { SOC2_CATALOG } from '../../shared/frameworks/soc2-catalog.js';

const soc2Ids = new Set(SOC2_CATALOG.map((c) => c.id));
const isoIds = new Set(ISO27001_CATALOG.map((c) => c.id));

describe('SOC 2 ↔ ISO/IEC 27001:2022 crosswalk', () => {
  it('references only existing ids, once per pair, each with a relation', () => {
    expect(crosswalkProblems(CROSSWALK, soc2Ids, isoIds)).toEqual([]);
    expect(CROSSWALK.length).toBeGreaterThan(80);
  });
  it('covers the 36 criteria public crosswalks pair, and leaves CC5.1–5.2, PI and P without a counterpart', () => {
    const mapped = new Set(CROSSWALK.map((p) => p.soc2));
    expect(mapped.size).toBe(36);
    for (const id of ['CC5.1', 'CC5.2', 'PI1.1', 'PI1.5', 'P1.1', 'P8.1'])
      expect(mapped.has(id), id).toBe(false);
    const unmapped = SOC2_CATALOG.filter((c) => !mapped.has(c.id)).map((c) => c.id);
    expect(
      unmapped.every((id) => id === 'CC5.1' || id === 'CC5.2' || id.startsWith('PI') || id.startsWith('P')),
    ).toBe(true);
    // Every criterion that is paired says where its pairing comes from.
    expect(new Set(CROSSWALK_SOURCES.map((s) => s.soc2))).toEqual(mapped);
  });
  it('a planted bad id is reported naming the pair', () => {
    const bad = [
      ...CROSSWALK,
      { soc2: 'CC6.9', iso: '5.15', relation: 'equal' as const },
      { soc2: 'CC6.1', iso: '9.1', relation: 'intersect' as const },
    ];
    const problems = crosswalkProblems(bad, soc2Ids, isoIds);
    expect(problems).toEqual([
      `pair ${CROSSWALK.length + 1}: "CC6.9" is not a SOC 2 criterion`,
      `pair ${CROSSWALK.length + 2}: "9.1" is not an Annex A control`,
    ]);
  });
  it('reads both ways, subset on one side being superset on the other', () => {
    expect(isoForSoc2('CC8.1').map((p) => p.iso)).toContain('8.32');
    expect(
      soc2ForIso('8.32')
        .map((p) => p.soc2)
        .sort(),
    ).toEqual(['CC3.4', 'CC8.1']);
    const a13 = isoForSoc2('A1.3').find((p) => p.iso === '8.13')!;
    expect(a13.relation).toBe('subset');
    expect(soc2ForIso('8.13').find((p) => p.soc2 === 'A1.3')!.relation).toBe('superset');
    expect(invertRelation('equal')).toBe('equal');
    expect(isoForSoc2('P1.1')).toEqual([]);
  });
});

describe('ISO/IEC 27001:2013 → 2022 correspondence', () => {
  it('has the 114 controls of 2013, each onto existing 2022 controls, and no 2022 control is left without a source but the 11 new ones', () => {
    expect(ISO27001_2013_IDS).toHaveLength(114);
    const reached = new Set<string>();
    for (const id of ISO27001_2013_IDS)
      for (const c of iso2013To2022(id)!) {
        expect(isoIds.has(c), `${id} → ${c}`).toBe(true);
        reached.add(c);
      }
    // The 2022 edition's new controls have no 2013 predecessor.
    const fresh = ISO27001_CATALOG.filter((c) => !reached.has(c.id))
      .map((c) => c.id)
      .sort();
    expect(fresh).toEqual(
      ['5.23', '5.30', '5.7', '7.4', '8.10', '8.11', '8.12', '8.16', '8.23', '8.28', '8.9'].sort(),
    );
  });
  it('translates the ids vendors still use', () => {
    expect(iso2013To2022('A.9.2.3')).toEqual(['8.2']);
    expect(iso2013To2022('A.12.4.1')).toEqual(['8.15']);
    expect(iso2013To2022('A.16.1.5')).toEqual(['5.26']);
    expect(iso2013To2022('A.19.1.1')).toBeUndefined();
    expect(iso2013PrefixTo2022('A.16')).toEqual(['5.24', '6.8', '5.25', '5.26', '5.27', '5.28']);
  });
});
