/** Every timer a simulator starts, so stop() can clear them all and the process can exit. */
export class TimerSet {
  private readonly timers = new Set<NodeJS.Timeout>();

  setTimeout(callback: () => void, delayMs: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      callback();
    }, delayMs);
    this.timers.add(timer);
    return timer;
  }

  setInterval(callback: () => void, periodMs: number): NodeJS.Timeout {
    const timer = setInterval(callback, periodMs);
    this.timers.add(timer);
    return timer;
  }

  clear(timer: NodeJS.Timeout | undefined): void {
    if (!timer) return;
    clearTimeout(timer); // also clears intervals
    this.timers.delete(timer);
  }

  clearAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
