/** A FIFO with O(1) push/shift and indexed reads, for the sliding windows of the evaluator. */
export class Deque<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(v: T): void {
    this.items.push(v);
  }

  /**
   * Inserts keeping the deque sorted by `key`: O(1) when time moves forward (the normal case),
   * a splice when a tampered timestamp goes back, so binary searches stay exact.
   */
  insertSorted(v: T, key: (x: T) => number): void {
    const last = this.items[this.items.length - 1];
    if (this.length === 0 || last === undefined || key(last) <= key(v)) {
      this.items.push(v);
      return;
    }
    const pos = upperBound(this, key, key(v));
    this.items.splice(this.head + pos, 0, v);
  }

  /** The i-th item from the oldest. */
  at(i: number): T | undefined {
    return this.items[this.head + i];
  }

  peek(): T | undefined {
    return this.items[this.head];
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const v = this.items[this.head++];
    // Compact now and then so a long-running window does not keep its whole past alive.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return v;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = this.head; i < this.items.length; i++) yield this.items[i]!;
  }
}

/** Index of the first item whose key is ≥ x (items assumed sorted by key; approximate otherwise). */
export function lowerBound<T>(d: Deque<T>, key: (v: T) => number, x: number): number {
  let lo = 0;
  let hi = d.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(d.at(mid)!) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first item whose key is > x. */
export function upperBound<T>(d: Deque<T>, key: (v: T) => number, x: number): number {
  let lo = 0;
  let hi = d.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(d.at(mid)!) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
