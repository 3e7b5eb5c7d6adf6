/**
 * The simulated Shelly families as data. Every family is served by the same machinery
 * (status builders, HTTP/RPC/WebSocket, mDNS); a row only says what the real device reports:
 * its generation, names, which component carries the measurements and which optional
 * fields that component has (from shelly-protocol.md §1.3, §1.4, §2.2, §3.4 and the captures).
 */
export type SimulatedShellyModel =
  | 'SHEM'
  | 'SHEM-3'
  | 'SPEM-003CEBEU'
  | 'SPEM-002CEBEU50'
  | 'S3EM-002CXCEU'
  | 'S3EM-003CXCEU63'
  | 'S4EM-001PXCEU16'
  | 'SNSW-001P16EU'
  | 'SHPLG-S'
  | 'S3PM-001PCEU16';

/** Device profile of the three-phase RPC meters (Pro 3EM, 3EM-63 Gen3). */
export type MeterProfile = 'triphase' | 'monophase';

/**
 * Where the measurements live. Gen1: `emeters[]` / `meters[]`. Gen2+: `em:0` (three phases
 * in one component), `em1:N`, `pm1:N`, `switch:N`.
 */
export type MeteringKind = 'emeter' | 'meter' | 'em' | 'em1' | 'pm1' | 'switch';

/** Optional fields of the metering component; absent = the device does not report it. */
export interface MeteringFields {
  currentA: boolean;
  /** em/em1 `aprt_power`, pm1 `aprtpower`. */
  apparentPowerVA: boolean;
  /** Gen1 EM `reactive`. */
  reactivePowerVar: boolean;
  powerFactor: boolean;
  frequencyHz: boolean;
  /** false = the device reports |P| (Plus 1PM, Gen1 plugs). */
  signedPower: boolean;
  /** switch/pm1 `ret_aenergy` (reverse-capable hardware). */
  returnedEnergy: boolean;
  /** Gen1 3EM `total_power` and `emeter_n`. */
  neutral: boolean;
}

export interface FamilyDefinition {
  model: SimulatedShellyModel;
  generation: 1 | 2 | 3 | 4;
  /** Gen1: hostname prefix (`shellyem3`); Gen2+: lower-case device id prefix (`shellypro3em`). */
  idPrefix: string;
  /** Gen1: mDNS TXT `app` (`shelly-plug-s`); Gen2+: firmware application (`Pro3EM`). */
  app: string;
  /** Gen2+: CamelCase prefix of the mDNS host name (`ShellyPro3EM` → ShellyPro3EM-A0DD6CA0C27C.local). */
  mdnsHostPrefix?: string;
  /** Measuring points: phases A/B/C of a three-phase meter, otherwise channels 0..n-1. */
  points: number;
  /** Phases A/B/C rather than independent channels. */
  threePhase: boolean;
  /** true = RPC profiles triphase (em:0) / monophase (em1:0..2). */
  hasProfiles: boolean;
  metering: MeteringKind;
  fields: MeteringFields;
  /** Outputs that measure nothing: Gen1 `relays[]`, Gen2+ `switch:N` without apower. */
  unmeteredOutputs: number;
  /** Gen2+ config `ct_type` of em/em1 components, when the device has one. */
  ctType?: string;
  /** Default firmware version. */
  firmware: string;
}

const NO_FIELDS: MeteringFields = {
  currentA: false,
  apparentPowerVA: false,
  reactivePowerVar: false,
  powerFactor: false,
  frequencyHz: false,
  signedPower: false,
  returnedEnergy: false,
  neutral: false,
};
/** em/em1 of the Pro and Gen3 meters: every optional field. */
const FULL_EM: MeteringFields = { ...NO_FIELDS, currentA: true, apparentPowerVA: true, powerFactor: true, frequencyHz: true, signedPower: true };

const GEN1_FIRMWARE = '1.14.0';
const RPC_FIRMWARE = '1.7.5';

const FAMILY_ROWS: FamilyDefinition[] = [
  // Gen1 EM: two CT channels sharing one voltage; no current field; relays[0] is the contactor output.
  { model: 'SHEM', generation: 1, idPrefix: 'shellyem', app: 'shellyem', points: 2, threePhase: false, hasProfiles: false,
    metering: 'emeter', fields: { ...NO_FIELDS, reactivePowerVar: true, powerFactor: true, signedPower: true }, unmeteredOutputs: 1, firmware: GEN1_FIRMWARE },
  // Gen1 3EM: emeters 0/1/2 = phases A/B/C, total_power + emeter_n.
  { model: 'SHEM-3', generation: 1, idPrefix: 'shellyem3', app: 'shellyem3', points: 3, threePhase: true, hasProfiles: false,
    metering: 'emeter', fields: { ...NO_FIELDS, currentA: true, powerFactor: true, signedPower: true, neutral: true }, unmeteredOutputs: 1, firmware: GEN1_FIRMWARE },
  // Gen1 Plug S: meters[0] magnitude only, energy in watt-minutes; relays[0] is the plug's output.
  { model: 'SHPLG-S', generation: 1, idPrefix: 'shellyplug-s', app: 'shelly-plug-s', points: 1, threePhase: false, hasProfiles: false,
    metering: 'meter', fields: NO_FIELDS, unmeteredOutputs: 1, firmware: GEN1_FIRMWARE },
  { model: 'SPEM-003CEBEU', generation: 2, idPrefix: 'shellypro3em', app: 'Pro3EM', mdnsHostPrefix: 'ShellyPro3EM', points: 3, threePhase: true,
    hasProfiles: true, metering: 'em', fields: FULL_EM, unmeteredOutputs: 0, ctType: '120A', firmware: RPC_FIRMWARE },
  // Pro EM-50 and EM Gen3: two independent em1 channels; switch:0 is the unmetered contactor output.
  { model: 'SPEM-002CEBEU50', generation: 2, idPrefix: 'shellyproem50', app: 'ProEM', mdnsHostPrefix: 'ShellyProEM50', points: 2, threePhase: false,
    hasProfiles: false, metering: 'em1', fields: FULL_EM, unmeteredOutputs: 1, ctType: '50A', firmware: RPC_FIRMWARE },
  { model: 'S3EM-002CXCEU', generation: 3, idPrefix: 'shellyemg3', app: 'EMG3', mdnsHostPrefix: 'ShellyEMG3', points: 2, threePhase: false,
    hasProfiles: false, metering: 'em1', fields: FULL_EM, unmeteredOutputs: 1, ctType: '50A', firmware: RPC_FIRMWARE },
  { model: 'S3EM-003CXCEU63', generation: 3, idPrefix: 'shelly3em63g3', app: 'S3EMG3', mdnsHostPrefix: 'Shelly3EM63G3', points: 3, threePhase: true,
    hasProfiles: true, metering: 'em', fields: FULL_EM, unmeteredOutputs: 0, ctType: '3EMG3', firmware: RPC_FIRMWARE },
  // EM Mini Gen4: em1:0 without aprt_power and pf; no ct_type in its config.
  { model: 'S4EM-001PXCEU16', generation: 4, idPrefix: 'shellyemminig4', app: 'MiniEMG4', mdnsHostPrefix: 'ShellyEMMiniG4', points: 1,
    threePhase: false, hasProfiles: false, metering: 'em1', fields: { ...FULL_EM, apparentPowerVA: false, powerFactor: false }, unmeteredOutputs: 0,
    firmware: RPC_FIRMWARE },
  // Plus 1PM: switch:0 with apower/voltage/current/aenergy only; |P|, no ret_aenergy.
  { model: 'SNSW-001P16EU', generation: 2, idPrefix: 'shellyplus1pm', app: 'Plus1PM', mdnsHostPrefix: 'ShellyPlus1PM', points: 1, threePhase: false,
    hasProfiles: false, metering: 'switch', fields: { ...NO_FIELDS, currentA: true }, unmeteredOutputs: 0, firmware: RPC_FIRMWARE },
  // PM Mini Gen3: pm1:0 signed, with ret_aenergy and freq (no pf in the captures).
  { model: 'S3PM-001PCEU16', generation: 3, idPrefix: 'shellypmminig3', app: 'MiniPMG3', mdnsHostPrefix: 'ShellyPMMiniG3', points: 1, threePhase: false,
    hasProfiles: false, metering: 'pm1', fields: { ...NO_FIELDS, currentA: true, frequencyHz: true, signedPower: true, returnedEnergy: true },
    unmeteredOutputs: 0, firmware: RPC_FIRMWARE },
];

const FAMILIES = new Map<SimulatedShellyModel, FamilyDefinition>(FAMILY_ROWS.map((row) => [row.model, row]));

export const SIMULATED_SHELLY_MODELS: readonly SimulatedShellyModel[] = FAMILY_ROWS.map((row) => row.model);

export function familyOf(model: SimulatedShellyModel): FamilyDefinition {
  const family = FAMILIES.get(model);
  if (!family) throw new RangeError(`no simulated Shelly family for model ${String(model)}; known: ${SIMULATED_SHELLY_MODELS.join(', ')}`);
  return family;
}

/** The component that carries the measurements in a profile: monophase turns em:0 into em1:0..2. */
export function meteringKindOf(family: FamilyDefinition, profile: MeterProfile | undefined): MeteringKind {
  return family.hasProfiles && profile === 'monophase' ? 'em1' : family.metering;
}
