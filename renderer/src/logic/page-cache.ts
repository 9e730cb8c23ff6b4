/** Which pages of a virtualized list to fetch for the rows on screen. */

export const PAGE_SIZE = 200;

/** Page indexes covering rows [first, last], plus one page of look-ahead either side. */
export function pagesForRange(first: number, last: number, total: number, pageSize = PAGE_SIZE): number[] {
  if (total <= 0 || last < first) return [];
  const lastPage = Math.floor((total - 1) / pageSize);
  const from = Math.max(0, Math.floor(first / pageSize) - 1);
  const to = Math.min(lastPage, Math.floor(last / pageSize) + 1);
  const pages: number[] = [];
  for (let p = from; p <= to; p++) pages.push(p);
  return pages;
}

/** Keeps at most `max` pages, dropping those farthest from the page in view. */
export function evictPages<T>(cache: Map<number, T>, centre: number, max = 30): void {
  if (cache.size <= max) return;
  const byDistance = [...cache.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
  for (const p of byDistance.slice(0, cache.size - max)) cache.delete(p);
}
