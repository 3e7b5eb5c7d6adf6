/**
 * Timed events of the simulation (meter deliveries, telemetry polls, controller ticks, command
 * arrivals), earliest first; equal times run in insertion order so a run is deterministic.
 */
interface Entry {
  atMs: number;
  seq: number;
  run: (atMs: number) => void;
}

export class EventQueue {
  private readonly heap: Entry[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  schedule(atMs: number, run: (atMs: number) => void): void {
    this.heap.push({ atMs, seq: this.seq++, run });
    let i = this.heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(this.heap[i], this.heap[parent])) break;
      [this.heap[i], this.heap[parent]] = [this.heap[parent], this.heap[i]];
      i = parent;
    }
  }

  nextAtMs(): number {
    return this.heap.length > 0 ? this.heap[0].atMs : Infinity;
  }

  /** Runs every event due at or before nowMs (including ones they schedule for ≤ nowMs). */
  runUntil(nowMs: number): void {
    while (this.heap.length > 0 && this.heap[0].atMs <= nowMs) {
      const e = this.pop();
      e.run(e.atMs);
    }
  }

  private pop(): Entry {
    const top = this.heap[0];
    const last = this.heap.pop() as Entry;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.heap.length && this.before(this.heap[l], this.heap[m])) m = l;
        if (r < this.heap.length && this.before(this.heap[r], this.heap[m])) m = r;
        if (m === i) break;
        [this.heap[i], this.heap[m]] = [this.heap[m], this.heap[i]];
        i = m;
      }
    }
    return top;
  }

  private before(a: Entry, b: Entry): boolean {
    return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
  }
}
