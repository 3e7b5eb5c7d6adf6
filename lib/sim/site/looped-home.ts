import type { HomeSample, HomeSource } from '../home/home-sample';

/**
 * A recorded home replayed over and over: time outside [startMs, endMs) wraps into it, so a
 * demo that runs for days keeps replaying the recording instead of holding its last value.
 */
export class LoopedHome implements HomeSource {
  readonly name: string;

  constructor(
    private readonly source: HomeSource,
    readonly startMs: number,
    readonly endMs: number,
  ) {
    if (!(endMs > startMs)) throw new Error(`LoopedHome: empty span ${startMs}..${endMs}`);
    this.name = source.name;
  }

  at(tMs: number): HomeSample {
    const span = this.endMs - this.startMs;
    return this.source.at(this.startMs + ((((tMs - this.startMs) % span) + span) % span));
  }
}
