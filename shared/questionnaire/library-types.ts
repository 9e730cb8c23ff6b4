/** The answer library as the app lists and edits it: entries with where they come from, revisions with what changed. */
import type { LibraryEntry } from './builtin-library.js';

/** A built-in as shipped, a built-in the team edited under its key, or the team's own entry. */
export type LibraryOrigin = 'builtin' | 'edited' | 'team';

export interface LibraryListEntry extends LibraryEntry {
  origin: LibraryOrigin;
}

/** An evidence rule an entry may rest on, with the question it was written for. */
export interface LibraryRuleChoice {
  id: string;
  question: string;
}

export interface LibraryListing {
  entries: LibraryListEntry[];
  rules: LibraryRuleChoice[];
}

/** The fields a revision saves (what the team can change). */
export type LibraryFields = Pick<LibraryEntry, (typeof LIBRARY_FIELDS)[number]>;

export const LIBRARY_FIELDS = ['question', 'keywords', 'caiq', 'sig', 'rule', 'answer', 'narrative'] as const;

export interface LibraryRevision {
  revision: number;
  at: string;
  by: string;
  fields: LibraryFields;
  /** Fields that differ from the revision before (from the built-in, for a built-in's first edit). */
  changed: (keyof LibraryFields)[];
}
