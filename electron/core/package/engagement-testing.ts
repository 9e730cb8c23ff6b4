/**
 * What a package made in an engagement adds from the engagement's testing: the latest concluded
 * version of every workpaper (absent when none) and the audit-prep checklist as evaluated now. The binder carries them in its package JSON and PDF.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { PackageDoc } from '../../../shared/package/package-types.js';
import { concludedWorkpapers } from '../sampling/testing.js';
import { evaluateChecklist } from '../checklist/checklist.js';

/** The package fields an engagement's testing contributes. */
export function engagementTesting(
  db: BetterSqlite3.Database,
  engagementId: number,
): Pick<PackageDoc, 'workpapers' | 'checklist'> {
  const workpapers = concludedWorkpapers(db, engagementId);
  return {
    ...(workpapers.length > 0 ? { workpapers } : {}),
    checklist: evaluateChecklist(db, engagementId).items,
  };
}
