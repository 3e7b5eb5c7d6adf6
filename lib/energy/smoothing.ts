/**
 * Exponential smoothing over irregular samples: each sample pulls the value towards it by
 * 1 − e^(−Δt/τ), so a 1 s push and a 10 s poll settle in the same time. τ = 0 passes samples
 * through. A sample below the value uses its own τ (asymmetric: fast down, slow up). Used on the
 * PV surplus only, never on the safety path.
 */
export class ExponentialSmoother {
  private value?: number;
  private atMs?: number;

  constructor(
    private readonly timeConstantMs: number,
    /** τ while the sample is below the value (a falling surplus); the rising τ when absent. */
    private readonly fallingTimeConstantMs = timeConstantMs,
  ) {}

  push(atMs: number, sample: number): number {
    const tauMs = this.value !== undefined && sample < this.value ? this.fallingTimeConstantMs : this.timeConstantMs;
    if (this.value === undefined || this.atMs === undefined || tauMs <= 0) {
      this.value = sample;
    } else {
      const dtMs = Math.max(0, atMs - this.atMs);
      this.value += (sample - this.value) * (1 - Math.exp(-dtMs / tauMs));
    }
    this.atMs = Math.max(atMs, this.atMs ?? atMs);
    return this.value;
  }

  get current(): number | undefined {
    return this.value;
  }
}
