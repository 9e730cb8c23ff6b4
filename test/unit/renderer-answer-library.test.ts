/** The answer library screen's search and editor form, and the column-mapping dialog's choice (renderer/src/screens/questionnaires/library-form.ts, column-mapping-form.ts). */
import { describe, expect, it } from 'vitest';
import { builtinLibrary } from '../../shared/questionnaire/builtin-library.js';
import type { LibraryListEntry } from '../../shared/questionnaire/library-types.js';
import {
  formOf,
  formProblem,
  matchesLibrary,
  saveArgs,
  splitTerms,
} from '../../renderer/src/screens/questionnaires/library-form.js';
import {
  choiceProblem,
  initialChoice,
  mappingSpecOf,
} from '../../renderer/src/screens/questionnaires/column-mapping-form.js';
import type { WorkbookPreview } from '../../shared/questionnaire/questionnaire-types.js';

const entries: LibraryListEntry[] = builtinLibrary().map((e) => ({ ...e, origin: 'builtin' }));
const team: LibraryListEntry = {
  ...entries[0]!,
  key: 'U-1',
  source: 'user',
  origin: 'team',
  question: 'Is capacity planned?',
  rule: null,
  answer: 'partial',
  narrative: 'Planned for the core cluster only.',
  caiq: ['LOG-21.1'],
  sig: ['Z.13'],
  keywords: ['capacity'],
  revision: 3,
};

describe('library search', () => {
  it('filters by origin and by every word of the query over question, ids and keywords', () => {
    const all = [...entries, team];
    expect(all.filter((e) => matchesLibrary(e, 'team', '')).map((e) => e.key)).toEqual(['U-1']);
    expect(all.filter((e) => matchesLibrary(e, 'all', 'z.13')).map((e) => e.key)).toEqual(['U-1']);
    expect(all.filter((e) => matchesLibrary(e, 'builtin', 'multi-factor')).map((e) => e.key)).toEqual([
      'NE-MFA',
    ]);
    expect(all.filter((e) => matchesLibrary(e, 'all', 'capacity nothing-like-this'))).toEqual([]);
  });
});

describe('library form', () => {
  it('round-trips each way an entry is answered into the save arguments', () => {
    const rule = formOf(
      entries.find((e) => e.key === 'AC-1')!,
      'DA-1',
    );
    expect(rule).toMatchObject({ key: 'AC-1', mode: 'rule', rule: 'AC-1', expectRevision: 0 });
    expect(saveArgs(rule)).toMatchObject({ key: 'AC-1', rule: 'AC-1', answer: null, expectRevision: 0 });
    const not = formOf(
      entries.find((e) => e.key === 'NE-MFA')!,
      'DA-1',
    );
    expect(not.mode).toBe('not');
    expect(saveArgs(not).rule).toBe(entries.find((e) => e.key === 'NE-MFA')!.rule);
    const fixed = formOf(team, 'DA-1');
    expect(saveArgs({ ...fixed, sig: 'Z.13, Z.14,\nZ.13' })).toMatchObject({
      key: 'U-1',
      expectRevision: 3,
      rule: null,
      answer: 'partial',
      sig: ['Z.13', 'Z.14'],
    });
    expect(saveArgs(formOf(null, 'DA-1'))).not.toHaveProperty('key');
  });

  it('says what keeps a form from being saved', () => {
    const blank = formOf(null, 'DA-1');
    expect(formProblem(blank)).toMatch(/question/);
    expect(formProblem({ ...blank, question: 'Is capacity planned?' })).toMatch(/narrative/);
    expect(formProblem({ ...blank, question: 'Is capacity planned?', mode: 'not' })).toMatch(/why/);
    expect(formProblem({ ...blank, question: 'Is capacity planned?', mode: 'rule' })).toBeNull();
    expect(splitTerms(' a, ,b\nc,a ')).toEqual(['a', 'b', 'c']);
  });
});

describe('column mapping choice', () => {
  const preview = (names: string[]): WorkbookPreview => ({
    fileName: 'x.xlsx',
    detected: false,
    sheets: names.map((name) => ({ name, headerGuess: 2, columns: ['A', 'B', 'C'], rows: [] })),
  });
  it('becomes the mapping the services read, naming the sheet only where there is a choice', () => {
    const one = preview(['Vendor']);
    const c = { ...initialChoice(one), question: 'B', answer: 'C', id: 'A' };
    expect(c.headerRow).toBe(2);
    expect(mappingSpecOf(c, one)).toBe('id=A,question=B,answer=C,header=2');
    const two = preview(['Intro', 'Security, 2027']);
    expect(mappingSpecOf({ ...c, sheet: 'Intro' }, two)).toBe(
      'id=A,question=B,answer=C,header=2,sheet=Intro',
    );
    expect(mappingSpecOf({ ...c, sheet: 'Security, 2027' }, two)).not.toContain('sheet=');
  });
  it('needs a question and an answer column, each role its own', () => {
    const c = initialChoice(preview(['S']));
    expect(choiceProblem(c)).toMatch(/question column and the answer column/);
    expect(choiceProblem({ ...c, question: 'B', answer: 'B' })).toMatch(/of its own/);
    expect(choiceProblem({ ...c, question: 'B', answer: 'C' })).toBeNull();
  });
});
