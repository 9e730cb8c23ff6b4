/** The review list's filters and the keyboard moves over it (pure, tested in test/unit/renderer-questionnaires.test.ts). */
import type { QuestionnaireItem } from '../../../../shared/questionnaire/questionnaire-types.js';

export const REVIEW_FILTERS = [
  'all',
  'unanswered',
  'low_confidence',
  'contradicted',
  'changed',
  'unreviewed',
] as const;
export type ReviewFilter = (typeof REVIEW_FILTERS)[number];

export const FILTER_TITLES: Record<ReviewFilter, string> = {
  all: 'All',
  unanswered: 'Unanswered',
  low_confidence: 'Low confidence',
  contradicted: 'Contradicted by a finding',
  changed: 'Changed since last review',
  unreviewed: 'Not reviewed',
};

/** True when `item` belongs in the list under `filter`. */
export function matchesFilter(item: QuestionnaireItem, filter: ReviewFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'unanswered':
      return item.flags.unanswered;
    case 'low_confidence':
      return item.flags.lowConfidence;
    case 'contradicted':
      return item.flags.contradicted;
    case 'changed':
      return item.flags.changedSinceReview;
    case 'unreviewed':
      return !item.flags.reviewed;
  }
}

/**
 * The item j (+1) or k (−1) moves to within the filtered list; stays put at either end. From an
 * item the filter no longer shows (just accepted under "Not reviewed"), it moves to the nearest
 * shown one after (or before) it, so a reviewer keeps their place.
 */
export function stepSelection(
  visible: readonly number[],
  current: number | null,
  step: 1 | -1,
): number | null {
  if (visible.length === 0) return null;
  const at = current === null ? -1 : visible.indexOf(current);
  if (current === null) return visible[step === 1 ? 0 : visible.length - 1]!;
  if (at < 0) {
    const beyond =
      step === 1 ? visible.find((v) => v > current) : [...visible].reverse().find((v) => v < current);
    return beyond ?? visible[step === 1 ? visible.length - 1 : 0]!;
  }
  return visible[Math.min(visible.length - 1, Math.max(0, at + step))]!;
}
