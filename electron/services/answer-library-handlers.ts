/** The contract's `answerLibrary.*` methods: the team keeps the library in the app, every save a revision with who and when. */
import type BetterSqlite3 from 'better-sqlite3';
import { ApiFailure } from '../../shared/api/result.js';
import { libraryHistory, libraryListing, saveLibraryEntry } from '../core/questionnaire/answer-library.js';
import type { HandlerTable } from './dispatch.js';

type Handlers = Pick<HandlerTable, 'answerLibrary.list' | 'answerLibrary.save' | 'answerLibrary.history'>;

/** The handlers over the store's library tables (shared by every engagement). */
export function answerLibraryHandlers(
  db: BetterSqlite3.Database,
  actor: () => { by: string; at: string },
): Handlers {
  const listed = (key: string) => {
    const e = libraryListing(db).entries.find((x) => x.key === key);
    if (!e) throw new ApiFailure('NOT_FOUND', `no answer library entry ${key}`);
    return e;
  };
  return {
    'answerLibrary.list': () => libraryListing(db),
    'answerLibrary.save': (a) => {
      const { key, rule, answer, ...rest } = a;
      // A rule decides the answer, so a fixed one beside it would only mislead the next reader.
      // An edit names a key the library holds; a new entry gets its own key (U-n) unless the team chose one.
      const saved = saveLibraryEntry(
        db,
        {
          ...rest,
          ...(key !== undefined ? { key } : {}),
          rule: rule ?? null,
          answer: rule ? null : (answer ?? null),
        },
        actor(),
      );
      return listed(saved.key);
    },
    'answerLibrary.history': (a) => {
      listed(a.key);
      return libraryHistory(db, a.key);
    },
  };
}
