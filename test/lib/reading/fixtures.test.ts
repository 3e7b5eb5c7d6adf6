import { expect } from 'chai';
import * as path from 'node:path';
import { ManualClock } from '../../../lib/clock';
import type { GridPhase } from '../../../lib/grid-phase';
import { InputError } from '../../../lib/input-error';
import type { CanonicalReading } from '../../../lib/reading/canonical-reading';
import { DEFAULT_CHANNEL_MAP, parseChannelMapSettings } from '../../../lib/reading/channel-map';
import { Normalizer, type Outcome } from '../../../lib/reading/normalizer';
import { describeWithShared, listJsonFiles, readJson } from '../../support/shared-fixtures';
import { expectCanonical } from './reading-invariants';

/**
 * Every real payload in ../shared/fixtures/shelly through the normalizer (default settings:
 * auto channel map), with the canonical reading each one must give. Expectations are written
 * from the payloads and the rules of shelly-protocol.md, not from the code's output:
 *  - power W, + = import (CT arrow), − = export; EM/EM1/Gen1 EM signed; relays signed only with
 *    ret_aenergy; magnitude-only channels give a warning (§0.6, §3.5);
 *  - Gen1 meters[].total is watt-minutes → /60 (§2.3); switch/PM1 import = aenergy − ret_aenergy
 *    (§3.4); emdata/em1data counters in Wh;
 *  - a voltage of 0 is an unwired phase: no voltage, pf, frequency (fixture caveats);
 *  - Gen1 EM has no current: it is derived from P, Q and V and flagged (§2.2);
 *  - auto map: three-phase A/B/C → L1/L2/L3; else the first metering channel → L1.
 * A file that no row and no rule covers fails the test.
 */

const NOW_MS = 1_700_000_000_000;

interface Row {
  /** [phase, power W, voltage V or null when the phase is unwired / not measured] */
  phases: Array<[GridPhase, number, number | null]>;
  energy?: { import?: number; export?: number };
  /** The grid channel measures a magnitude only: one warning says so. */
  unsigned?: boolean;
  timestamp?: number;
  id?: string;
  check?: (reading: CanonicalReading) => void;
}

const READINGS: Record<string, Row> = {
  'S3EM-002CXCEU/Shelly.GetStatus--matterbridge-fw1.7.5.json': { phases: [['L1', 4.1, 234.9]], energy: { import: 43644.87, export: 0 } },
  'S3EM-003CXCEU63/Shelly.GetStatus--triphase--matterbridge-fw1.4.99-dev.json': {
    phases: [['L1', 2.1, 235.6], ['L2', 2.1, 236.4], ['L3', 1.8, 236.2]],
    energy: { import: 6966.05 + 7108.03 + 6453.25, export: 0 },
  },
  'S3PL-00112EU/Shelly.GetStatus--matterbridge-fw1.7.5.json': { phases: [['L1', 0, 233.6]], energy: { import: 452, export: 0 } },
  // Plug S Gen3 without ret_aenergy: magnitude only; its aenergy is all import.
  'S3PL-00112EU/Switch.GetStatus--evcc-test-issue32213.json': { phases: [['L1', 399.2, 240.8]], energy: { import: 2574466.629 }, unsigned: true },
  // PM Mini Gen3 on a PV feed: negative power, import = aenergy − ret_aenergy.
  'S3PM-001PCEU16/PM1.GetStatus--ahoy.json': { phases: [['L1', -55, 226]], energy: { import: 11755.618 - 10973.555, export: 10973.555 } },
  'S3PM-001PCEU16/Shelly.GetStatus--ahoy.json': { phases: [['L1', -67.1, 228.5]], energy: { import: 11754.555 - 10972.492, export: 10972.492 } },
  'S3PM-001PCEU16/Shelly.GetStatus--matterbridge-fw1.7.5.json': { phases: [['L1', 4.4, 234.5]], energy: { import: 73112.963, export: 0 } },
  'S3SW-001P16EU/Shelly.GetStatus--matterbridge-fw1.7.5.json': { phases: [['L1', 0, 233.1]], energy: { import: 0, export: 0 } },
  'S3SW-002P16EU/Shelly.GetStatus--switch-profile--matterbridge-fw1.7.5.json': { phases: [['L1', 0, 233.3]] },
  // EM Mini Gen4: no pf on the device, so none in the reading.
  'S4EM-001PXCEU16/Shelly.GetStatus--matterbridge-fw2.0.0-beta1.json': {
    phases: [['L1', 2.6, 233]], energy: { import: 58.83, export: 0 },
    check: (r) => expect(r.phases[0]).to.not.have.property('pf'),
  },
  'S4PL-00416EU/Shelly.GetStatus--matterbridge.json': { phases: [['L1', 0, 232.4]] },
  // A partial Switch frame (no id/output) of a 1PM Gen4, received over MQTT: ts is seconds.
  'S4SW-001P16EU/NotifyStatus-switch--eddie.json': {
    phases: [['L1', 0, 228.5]], timestamp: 1757591520010, id: 'shelly1pmg4-1234567890ab',
    check: (r) => expect(r.phases[0].frequency).to.equal(50.01),
  },
  'S4SW-001P16EU/Shelly.GetStatus--matterbridge-fw1.7.5.json': { phases: [['L1', 0, 233.7]] },
  'S4SW-002P16EU/Shelly.GetStatus--switch-profile--matterbridge-fw1.7.5.json': { phases: [['L1', 0, 230.4]] },
  // Gen1 3EM: emeters 0/1/2 = A/B/C; counters in Wh; not net: export counted per phase.
  'SHEM-3/status--ahoy.json': {
    phases: [['L1', 51.08, 234.9], ['L2', 155.02, 235.57], ['L3', 6.75, 234.7]],
    energy: { import: 1686297.2 + 878905.6 + 206151.1, export: 428958.4 + 4.1 + 0 },
    check: (r) => expect(r.phases.map((p) => p.current)).to.deep.equal([0.78, 0.66, 0.11]),
  },
  'SHEM-3/status--matterbridge-fw1.14.0.json': {
    phases: [['L1', 6.6, 238.82], ['L2', 0, 238.72], ['L3', 0, 238.75]], energy: { import: 31972.1, export: 0 },
  },
  // Gen1 EM exporting on channel 0; no current field: I = √(P²+Q²)/V, flagged derived.
  'SHEM/status--evcc-test.json': {
    phases: [['L1', -620.34, 235.68]], energy: { import: 401472.9, export: 653673.7 },
    check: (r) => {
      expect(r.phases[0].current).to.be.closeTo(Math.sqrt(620.34 ** 2 + 714.48 ** 2) / 235.68, 1e-9);
      expect(r.phases[0].derived).to.deep.equal(['current']);
      expect(r.phases[0].pf).to.equal(-0.66);
    },
  },
  // Gen1 plugs / 1PM / 2.5: magnitude only, total in watt-minutes.
  'SHPLG-S/status--aioshelly-fw1.14.0.json': { phases: [['L1', 0, null]], energy: { import: 2632 / 60 }, unsigned: true },
  'SHPLG-S/status--matterbridge-fw1.14.0.json': { phases: [['L1', 0, null]], energy: { import: 0 }, unsigned: true },
  'SHSW-1/status--evcc-test.json': { phases: [['L1', 81.5, null]], unsigned: true, check: (r) => expect(r).to.not.have.property('energy') },
  'SHSW-25/status--matterbridge-fw1.14.0.json': { phases: [['L1', 0, null]], energy: { import: 0 }, unsigned: true },
  'SHSW-PM/status--evcc-test.json': { phases: [['L1', 4711.12, null]], energy: { import: 6472513 / 60 }, unsigned: true },
  'SNPL-00112EU/Shelly.GetStatus--aioshelly-fw1.1.0.json': { phases: [['L1', 2.7, 227.9]], energy: { import: 7258.589 }, unsigned: true },
  'SNPL-00112EU/Shelly.GetStatus--matterbridge-fw1.7.5.json': { phases: [['L1', 36.7, 232.1]], energy: { import: 499599.717 }, unsigned: true },
  'SNSW-001P16EU/Shelly.GetStatus--ahoy-fw1.1x.json': { phases: [['L1', 0, 235.9]], unsigned: true },
  'SNSW-001P16EU/Shelly.GetStatus--aioshelly-fw1.1.0.json': { phases: [['L1', 0, 232.8]], unsigned: true },
  'SNSW-001P16EU/Shelly.GetStatus--matterbridge-fw1.7.5.json': { phases: [['L1', 0, 232.9]], unsigned: true },
  'SNSW-001P8EU/Shelly.GetStatus--matterbridge-fw1.7.5.json': { phases: [['L1', 0, 233.3]] },
  'SNSW-002P16EU-or-102/Shelly.GetStatus--plus2pm--ahoy.json': { phases: [['L1', 0, 237]], unsigned: true },
  'SNSW-102P16EU/Shelly.GetStatus--switch-profile--matterbridge-fw1.7.5.json': { phases: [['L1', 0, 233]] },
  // Pro EM-50: channel 0 = grid; channel 1 and the unmetered switch:0 are not in the reading.
  'SPEM-002CEBEU50/Shelly.GetStatus--matterbridge-fw1.7.5.json': { phases: [['L1', 231.9, 232.9]], energy: { import: 8797809.13, export: 0 } },
  'SPEM-003CEBEU/EM.GetStatus--ahoy.json': {
    phases: [['L1', 243.2, 228.8], ['L2', 24.5, 228.2], ['L3', 34.9, 227.6]], check: (r) => expect(r).to.not.have.property('energy'),
  },
  // Phases A and B unwired (voltage 0, nonsense frequencies 198 and 160.7); C exports 18 W.
  'SPEM-003CEBEU/NotifyStatus-em--eddie.json': {
    phases: [['L1', 0, null], ['L2', 0, null], ['L3', -18, 228.3]], timestamp: 1757059829080, id: 'shellypro3em-1234567890ab',
    check: (r) => {
      for (const p of r.phases.slice(0, 2)) expect(p).to.not.have.any.keys('frequency', 'pf', 'voltage');
      expect(r.phases[2].frequency).to.equal(50);
    },
  },
  'SPEM-003CEBEU/Shelly.GetStatus--ahoy.json': {
    phases: [['L1', 239.8, 228.5], ['L2', 24.7, 227.5], ['L3', 42.3, 228.5]],
    energy: { import: 648103.86 + 142793.47 + 493778.01, export: 171396.02 },
  },
  'SPEM-003CEBEU/Shelly.GetStatus--aioshelly-fw1.1.0.json': { phases: [['L1', 375.5, 229], ['L2', 170.8, 229], ['L3', 12.7, 229.2]] },
  // Pro 3EM monophase: em1:0..2 are phases A/B/C; A and B unwired.
  'SPEM-003CEBEU/Shelly.GetStatus--monophase--matterbridge-fw1.7.5.json': {
    phases: [['L1', 0, null], ['L2', 0, null], ['L3', 6.5, 234.5]], energy: { import: 0.01 + 0.01 + 0.15, export: 0 },
  },
  'SPEM-003CEBEU/Shelly.GetStatus--triphase--matterbridge-fw1.7.5.json': {
    phases: [['L1', 0, null], ['L2', 0, null], ['L3', 6.8, 232.7]], energy: { import: 0.01 + 0.01 + 45236.95, export: 0 },
  },
  'SPSW-004PE16EU/Shelly.GetStatus--aioshelly-fw1.0.3.json': { phases: [['L1', 0, 121.7]], unsigned: true },
  'SPSW-104PE16EU/Shelly.GetStatus--matterbridge-fw1.7.5.json': { phases: [['L1', 20.7, 232.6]], energy: { import: 282212.208, export: 0 } },
  'SPSW-201PE16EU/Shelly.GetStatus--matterbridge-fw1.7.5.json': { phases: [['L1', 5.2, 232.1]], energy: { import: 84885.708, export: 0 } },
  // Pro 2PM measuring a feed-in: negative, and everything it counted was returned.
  'SPSW-202PE16EU/Shelly.GetStatus--switch-profile--matterbridge-fw1.7.5.json': { phases: [['L1', -3.5, 233.2]], energy: { import: 0, export: 47128.805 } },
};

/** Messages that carry no reading but are not errors either. */
const NOT_READINGS: Record<string, Outcome['kind']> = {
  'SPEM-003CEBEU/NotifyEvent-emdata-data--eddie.json': 'ignored',
  // Energy counters alone: kept for the next reading, nothing to emit yet.
  'SPEM-003CEBEU/NotifyStatus-emdata--eddie.json': 'pending',
};

/** Everything else is not a meter reading: identity, config, mDNS, CoIoT, RPC errors. One clear error each. */
const ERRORS: Array<[RegExp, RegExp]> = [
  [/\/shelly--|\/Shelly\.GetDeviceInfo--/, /not a meter reading/],
  [/\/mdns--/, /not a meter reading/],
  [/\/coiot-cit-/, /not a meter reading/],
  // The 3EM's /settings has emeters[] too, but with no power: a clear "power is missing".
  [/SHEM-3\/settings--/, /emeters\[0\]\.power is missing; expected a number in W/],
  [/SHPLG-S\/settings--/, /not a meter reading/],
  // Gen2+ GetConfig: em:0 / em1:0 / pm1:0 configs name the components but carry no power.
  [/\/Shelly\.GetConfig--/, /(power is missing; expected a number in W|no metering channel)/],
  [/_protocol\/http-rpc-error-404/, /error 404: No handler for/],
  [/_protocol\/ws-response-error-401/, /RPC error 401/],
  [/_protocol\/ws-response-success-null-result/, /result is null/],
];

describeWithShared('normalizer over every Shelly fixture', ['fixtures', 'shelly'], (dir) => {
  const files = listJsonFiles(dir).map((f) => f.split(path.sep).join('/'));
  const run = (file: string): { outcomes: Outcome[] } => {
    const clock = new ManualClock(NOW_MS);
    const normalizer = new Normalizer({ channelMap: DEFAULT_CHANNEL_MAP, clock: clock.now, roundTimeoutMs: 500 });
    return { outcomes: normalizer.accept({ payload: readJson(path.join(dir, file)) }) };
  };

  it('has an expectation for every fixture file', () => {
    const uncovered = files.filter((f) => !(f in READINGS) && !(f in NOT_READINGS) && !ERRORS.some(([pattern]) => pattern.test(f)));
    expect(uncovered).to.deep.equal([]);
  });

  for (const [file, row] of Object.entries(READINGS)) {
    it(`reads ${file}`, () => {
      const { outcomes } = run(file);
      expect(outcomes).to.have.length(1);
      const outcome = outcomes[0];
      if (outcome.kind !== 'reading' || !outcome.grid) throw new Error(`expected a reading, got ${JSON.stringify(outcome)}`);
      const reading = outcome.grid;
      expectCanonical(reading);
      expect(outcome.ev).to.equal(undefined);
      expect(reading.phases.map((p) => [p.phase, p.power, p.voltage ?? null])).to.deep.equal(row.phases);
      expect(reading.power).to.be.closeTo(row.phases.reduce((sum, [, w]) => sum + w, 0), 1e-9);
      if (row.energy) {
        expect(Object.keys(reading.energy ?? {}).sort()).to.deep.equal(Object.keys(row.energy).sort());
        if (row.energy.import !== undefined) expect(reading.energy!.import).to.be.closeTo(row.energy.import, 1e-6);
        if (row.energy.export !== undefined) expect(reading.energy!.export).to.be.closeTo(row.energy.export, 1e-6);
      }
      expect(reading.timestamp).to.equal(row.timestamp ?? NOW_MS);
      if (row.id) expect(reading.device.id).to.equal(row.id);
      const warnings = outcome.warnings.filter((w) => /magnitude only/.test(w));
      expect(warnings).to.have.length(row.unsigned ? 1 : 0);
      if (row.unsigned) expect(reading.power).to.be.at.least(0);
      // The flag travels with each phase, so downstream nodes know export is invisible there.
      for (const phase of reading.phases) expect(phase.unsigned).to.equal(row.unsigned ? true : undefined);
      row.check?.(reading);
    });
  }

  for (const [file, kind] of Object.entries(NOT_READINGS)) {
    it(`gives no reading and no error for ${file} (${kind})`, () => {
      expect(run(file).outcomes.map((o) => o.kind)).to.deep.equal([kind]);
    });
  }

  const errorFiles = files.filter((f) => !(f in READINGS) && !(f in NOT_READINGS));
  for (const file of errorFiles) {
    const rule = ERRORS.find(([pattern]) => pattern.test(file));
    it(`rejects ${file} with one clear error`, () => {
      let error: unknown;
      try {
        run(file);
      } catch (err) {
        error = err;
      }
      expect(error).to.be.instanceOf(InputError);
      expect((error as Error).message).to.match(rule![1]);
    });
  }

  it('maps a Pro EM-50 with channel 1 as the EV sub-meter (second output)', () => {
    const clock = new ManualClock(NOW_MS);
    const channelMap = parseChannelMapSettings({ mapping: 'auto', evChannel: 'em1:1', evPhase: 'L2' });
    const normalizer = new Normalizer({ channelMap, clock: clock.now, roundTimeoutMs: 500 });
    const [outcome] = normalizer.accept({ payload: readJson(path.join(dir, 'SPEM-002CEBEU50/Shelly.GetStatus--matterbridge-fw1.7.5.json')) });
    if (outcome.kind !== 'reading') throw new Error(outcome.kind);
    expect(outcome.grid!.phases.map((p) => [p.phase, p.power])).to.deep.equal([['L1', 231.9]]);
    expect(outcome.ev!.phases.map((p) => [p.phase, p.power])).to.deep.equal([['L2', 0]]);
    expect(outcome.ev!.energy).to.deep.equal({ import: 0.69, export: 0 });
  });

  it('reverses a CT on a Gen1 3EM (no device-side invert): sign flipped, import and export swapped', () => {
    const clock = new ManualClock(NOW_MS);
    const channelMap = parseChannelMapSettings({ mapping: 'auto', reverse: 'emeter:0' });
    const normalizer = new Normalizer({ channelMap, clock: clock.now, roundTimeoutMs: 500 });
    const [outcome] = normalizer.accept({ payload: readJson(path.join(dir, 'SHEM-3/status--ahoy.json')) });
    if (outcome.kind !== 'reading') throw new Error(outcome.kind);
    expect(outcome.grid!.phases.map((p) => p.power)).to.deep.equal([-51.08, 155.02, 6.75]);
    expect(outcome.grid!.energy!.import).to.be.closeTo(428958.4 + 878905.6 + 206151.1, 1e-6);
    expect(outcome.grid!.energy!.export).to.be.closeTo(1686297.2 + 4.1 + 0, 1e-6);
  });
});
