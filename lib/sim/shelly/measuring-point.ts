/** What a test or demo sets on one phase / channel: signed active power (negative = export). */
export interface PointSetting {
  powerW: number;
  voltageV?: number;
  pf?: number;
  frequencyHz?: number;
}

/** The electrical values of one measuring point, all derived from the setting. */
export interface PointReading {
  powerW: number;
  voltageV: number;
  /** As set (its sign is not a direction: real devices show −pf with +P too). */
  pf: number;
  frequencyHz: number;
  currentA: number;
  apparentPowerVA: number;
  reactivePowerVar: number;
}

export const DEFAULT_VOLTAGE_V = 230;
export const DEFAULT_FREQUENCY_HZ = 50;
export const DEFAULT_PF = 1;

function requireFinite(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${String(value)}`);
  return value;
}

/** Validates a setting and fills the defaults (230 V, pf 1, 50 Hz). */
export function completeSetting(setting: PointSetting): Required<PointSetting> {
  const voltageV = requireFinite('voltageV', setting.voltageV ?? DEFAULT_VOLTAGE_V);
  const pf = requireFinite('pf', setting.pf ?? DEFAULT_PF);
  if (voltageV < 0) throw new RangeError(`voltageV must not be negative, got ${voltageV}`);
  if (Math.abs(pf) > 1) throw new RangeError(`pf must be within -1..1, got ${pf}`);
  return {
    powerW: requireFinite('powerW', setting.powerW),
    voltageV,
    pf,
    frequencyHz: requireFinite('frequencyHz', setting.frequencyHz ?? DEFAULT_FREQUENCY_HZ),
  };
}

/** I = |P| / (V·|pf|); S = |P| / |pf|; Q = √(S² − P²). Zero voltage or pf gives zero current. */
export function deriveReading(setting: Required<PointSetting>): PointReading {
  const { powerW, voltageV, pf, frequencyHz } = setting;
  const absPf = Math.abs(pf);
  const apparentPowerVA = absPf > 0 ? Math.abs(powerW) / absPf : 0;
  const currentA = voltageV > 0 ? apparentPowerVA / voltageV : 0;
  const reactivePowerVar = Math.sqrt(Math.max(0, apparentPowerVA * apparentPowerVA - powerW * powerW));
  return { powerW, voltageV, pf, frequencyHz, currentA, apparentPowerVA, reactivePowerVar };
}
