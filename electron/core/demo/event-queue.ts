/** The simulation's clock: a min-heap of scheduled events by (due, insertion order), so equal times keep their order. */

interface Scheduled {
  due: number;
  order: number;
  run: (now: number) => void;
}

/** Events in the order they fall due; two at the same time in the order they were scheduled. */
export class EventQueue {
  private items: Scheduled[] = [];
  private counter = 0;

  push(due: number, run: (now: number) => void): void {
    const it = { due, order: this.counter++, run };
    const a = this.items;
    a.push(it);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(a[p]!, it)) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = it;
  }

  pop(): Scheduled | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (top === undefined || last === undefined || a.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      const r = l + 1;
      const c = r < a.length && less(a[r]!, a[l]!) ? r : l;
      if (less(last, a[c]!)) break;
      a[i] = a[c]!;
      i = c;
    }
    a[i] = last;
    return top;
  }
}

function less(x: Scheduled, y: Scheduled): boolean {
  return x.due < y.due || (x.due === y.due && x.order < y.order);
}
