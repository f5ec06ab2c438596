/**
 * A bounded min-heap on `(ts, seq)`: holds up to N events so that input which is out of order by
 * less than N events is applied in event-time order (what interventions and explain timelines
 * need). When it is full the earliest event leaves; an event older than one already applied is
 * then applied late, and counted.
 */
export interface Ordered {
  ts: number;
  seq: number;
}

function less(a: Ordered, b: Ordered): boolean {
  return a.ts < b.ts || (a.ts === b.ts && a.seq < b.seq);
}

export class ReorderBuffer<T extends Ordered> {
  private readonly heap: T[] = [];

  get size(): number {
    return this.heap.length;
  }

  peek(): T | undefined {
    return this.heap[0];
  }

  push(item: T): void {
    const heap = this.heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as T;
      if (!less(item, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = item;
  }

  pop(): T | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    const n = heap.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && less(heap[r] as T, heap[l] as T)) c = r;
      const child = heap[c] as T;
      if (!less(child, last)) break;
      heap[i] = child;
      i = c;
    }
    heap[i] = last;
    return top;
  }
}
