/**
 * Watches a running demo from outside, through its simulated devices' own HTTP APIs, as an
 * installer with a laptop would: the grid meter (a three-phase RPC meter's Shelly.GetStatus), the
 * PV meter and every station (charger_info.get), sampled every `periodMs` of real time.
 */
export interface StationSample {
  state: string;
  powerW: number;
  /** A on the station's phases. */
  currentsA: number[];
  dynamicCurrentA: number;
}

export interface SiteSample {
  at: number;
  /** A per phase, magnitude (what the Pro 3EM's a/b/c_current report). */
  gridA: number[];
  /** W at the grid connection, + import. */
  gridW: number;
  /** W the PV produces (0 without a PV meter). */
  pvW: number;
  stations: StationSample[];
}

async function getJson(url: string): Promise<Record<string, unknown>> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return (await res.json()) as Record<string, unknown>;
}

export class SiteRecorder {
  readonly samples: SiteSample[] = [];
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(
    private readonly hosts: { meter?: string; pvMeter?: string; stations: string[] },
    private readonly periodMs = 500,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sample(), this.periodMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Samples taken since `from` (ms since the epoch). */
  since(from: number): SiteSample[] {
    return this.samples.filter((s) => s.at >= from);
  }

  /** Resolves with the first sample (from now on) that satisfies the predicate. */
  async waitFor(what: string, predicate: (s: SiteSample) => boolean, timeoutMs: number): Promise<SiteSample> {
    const from = Date.now();
    for (;;) {
      const hit = this.since(from).find(predicate);
      if (hit) return hit;
      if (Date.now() - from > timeoutMs) throw new Error(`${what}: not seen within ${timeoutMs} ms; last sample ${JSON.stringify(this.samples.at(-1))}`);
      await new Promise((resolve) => setTimeout(resolve, this.periodMs));
    }
  }

  private async sample(): Promise<void> {
    if (this.busy) return; // a slow answer must not pile up requests
    this.busy = true;
    try {
      const at = Date.now();
      const status = this.hosts.meter ? await getJson(`http://${this.hosts.meter}/rpc/Shelly.GetStatus`) : {};
      const em = status['em:0'] as Record<string, number> | undefined; // three-phase RPC meters
      const pv = this.hosts.pvMeter ? ((await getJson(`http://${this.hosts.pvMeter}/rpc/Shelly.GetStatus`))['em:0'] as Record<string, number>) : undefined;
      const stations = await Promise.all(
        this.hosts.stations.map(async (host): Promise<StationSample> => {
          const info = await getJson(`http://${host}/rpc/charger_info.get`);
          return {
            state: String(info.extended_charger_state),
            powerW: Number(info.instant_power),
            currentsA: info.currents as number[],
            dynamicCurrentA: Number(info.dynamic_current),
          };
        }),
      );
      this.samples.push({
        at,
        gridA: em ? [em.a_current, em.b_current, em.c_current] : [],
        gridW: em ? em.total_act_power : NaN,
        pvW: pv ? -pv.total_act_power : 0,
        stations,
      });
    } catch {
      // the demo is stopping or starting: skip this sample
    } finally {
      this.busy = false;
    }
  }
}

/** The longest run (ms) of consecutive samples that satisfy the predicate. */
export function longestRunMs(samples: SiteSample[], predicate: (s: SiteSample) => boolean): number {
  let longest = 0;
  let since: number | undefined;
  for (const s of samples) {
    if (predicate(s)) {
      since ??= s.at;
      longest = Math.max(longest, s.at - since);
    } else {
      since = undefined;
    }
  }
  return longest;
}

export function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}
