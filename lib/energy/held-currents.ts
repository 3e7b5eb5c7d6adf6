import type { StationTelemetry } from '../lektrico/station-telemetry';
import { offeredAboveCommandA, offeredCurrentA } from './station-view';

/**
 * Per station, the current it was found to hold after not applying a lower command (refused, not
 * reached, accepted but not applied, or never sent: offeredAboveCommandA). Its car may draw that
 * much whatever it is commanded. Kept until the station offers less (it applied a command) or its
 * car leaves: a command at or above it does not show whether it would now apply a lower one, and
 * asking again would let the others rise into room it may not free. Where the room shrinks below
 * it, the splitter asks it to pause, which tells.
 */
export class HeldCurrents {
  private readonly heldA = new Map<string, number>();

  /** What the station holds now, from its telemetry and the chain's last command to it; undefined when nothing. */
  update(t: StationTelemetry, lastCommand: { currentA: number; changedAtMs: number } | undefined): number | undefined {
    const above = lastCommand ? offeredAboveCommandA(t, lastCommand) : undefined;
    const offeredA = offeredCurrentA(t);
    let held = this.heldA.get(t.station);
    if (held !== undefined && (offeredA === undefined || offeredA < held)) held = undefined; // it went lower: it applies commands
    if (above !== undefined) held = Math.max(held ?? 0, above);
    if (held === undefined) this.heldA.delete(t.station);
    else this.heldA.set(t.station, held);
    return held;
  }

  /** Its car left or it stopped competing: nothing is held any more. */
  forget(station: string): undefined {
    this.heldA.delete(station);
    return undefined;
  }
}
