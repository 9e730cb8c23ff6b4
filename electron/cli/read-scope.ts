/** The scope a CLI read works in: exactly the one the app's services read one engagement within. */
import { engagementScope } from '../core/engagement/engagements.js';
import type { Store } from '../core/store/store.js';
import { DerivedCache } from '../services/queries/derived-cache.js';
import type { ExportScope } from '../services/queries/exports-queries.js';

export interface ReadScope {
  /** The engagement's current exports, live and voided (superseded copies left out, as in the app). */
  exports: ExportScope;
  /** Derived values within its live exports, for the read model's queries. */
  cache: DerivedCache;
}

/** The read scope of engagement `id`; `null` (a store without engagements) reads nothing. */
export function readScope(store: Store, id: number | null): ReadScope {
  const sc = id === null ? { exportRefs: [], voidedRefs: [] } : engagementScope(store.db, id);
  return {
    exports: { live: sc.exportRefs, voided: sc.voidedRefs },
    cache: new DerivedCache(store, () => ({ exportRefs: sc.exportRefs })),
  };
}
