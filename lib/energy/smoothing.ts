/**
 * Exponential smoothing over irregular samples: each sample pulls the value towards it by
 * 1 − e^(−Δt/τ), so a 1 s push and a 10 s poll settle in the same time. τ = 0 passes samples
 * through. Used on the PV surplus only, never on the safety path.
 */
export class ExponentialSmoother {
  private value?: number;
  private atMs?: number;

  constructor(private readonly timeConstantMs: number) {}

  push(atMs: number, sample: number): number {
    if (this.value === undefined || this.atMs === undefined || this.timeConstantMs <= 0) {
      this.value = sample;
    } else {
      const dtMs = Math.max(0, atMs - this.atMs);
      this.value += (sample - this.value) * (1 - Math.exp(-dtMs / this.timeConstantMs));
    }
    this.atMs = Math.max(atMs, this.atMs ?? atMs);
    return this.value;
  }

  get current(): number | undefined {
    return this.value;
  }
}
