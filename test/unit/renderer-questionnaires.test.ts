/** The review screen's filters and j/k moves (renderer/src/screens/questionnaires/review-filters.ts). */
import { describe, expect, it } from 'vitest';
import type { QuestionnaireItem } from '../../shared/questionnaire/questionnaire-types.js';
import {
  matchesFilter,
  stepSelection,
  type ReviewFilter,
} from '../../renderer/src/screens/questionnaires/review-filters.js';

function item(n: number, flags: Partial<QuestionnaireItem['flags']>): QuestionnaireItem {
  return {
    item: n,
    flags: {
      unanswered: false,
      lowConfidence: false,
      contradicted: false,
      changedSinceReview: false,
      reviewed: false,
      ...flags,
    },
  } as QuestionnaireItem;
}

describe('review filters', () => {
  const items = [
    item(0, { unanswered: true }),
    item(1, { lowConfidence: true }),
    item(2, { contradicted: true, reviewed: true }),
    item(3, { changedSinceReview: true }),
  ];
  it('each filter keeps exactly its items', () => {
    const pick = (f: ReviewFilter) => items.filter((i) => matchesFilter(i, f)).map((i) => i.item);
    expect(pick('all')).toEqual([0, 1, 2, 3]);
    expect(pick('unanswered')).toEqual([0]);
    expect(pick('low_confidence')).toEqual([1]);
    expect(pick('contradicted')).toEqual([2]);
    expect(pick('changed')).toEqual([3]);
    expect(pick('unreviewed')).toEqual([0, 1, 3]);
  });

  it('j and k move within the filtered list and stop at its ends', () => {
    expect(stepSelection([2, 5, 9], 5, 1)).toBe(9);
    expect(stepSelection([2, 5, 9], 9, 1)).toBe(9);
    expect(stepSelection([2, 5, 9], 2, -1)).toBe(2);
    expect(stepSelection([2, 5, 9], null, 1)).toBe(2);
    expect(stepSelection([2, 5, 9], null, -1)).toBe(9);
  });

  it("from an item the filter hides (just accepted), j and k keep the reviewer's place", () => {
    expect(stepSelection([2, 5, 9], 7, 1)).toBe(9);
    expect(stepSelection([2, 5, 9], 7, -1)).toBe(5);
    expect(stepSelection([2, 5, 9], 10, 1)).toBe(9);
    expect(stepSelection([2, 5, 9], 1, -1)).toBe(2);
    expect(stepSelection([], 3, 1)).toBeNull();
  });
});
