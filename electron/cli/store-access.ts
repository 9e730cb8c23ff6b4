/** Opens the store (when asked) for the duration of one command. */
import type { ContinuityView } from '../core/verify/verify-api.js';

/** Runs fn with the store's continuity view, or with none when no store was named. */
export async function withContinuityView<T>(storeDir: string | undefined, fn: (c: ContinuityView | undefined) => Promise<T>): Promise<T> {
  if (storeDir === undefined) return fn(undefined);
  throw new Error('--store is not wired yet');
}
