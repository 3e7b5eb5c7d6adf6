/**
 * Names for the model codes we know. The catalogue adds product names, generations and the
 * device-id prefix; what is read from a device is decided by the components it reports, so an
 * unknown model code works just the same.
 */
export interface CatalogueEntry {
  name: string;
  generation: number;
  /**
   * The part of the device id before "-<mac>": Gen1 hostnames / MQTT ids (shellyem3-485519D732F4),
   * Gen2+ ids (shellypro3em-a0dd6ca0c27c). When variants share a prefix, the first row is the
   * representative one (same channel layout).
   */
  idPrefix?: string;
  /** Gen1 energy meters: how many emeters the device publishes. */
  emeters?: number;
}

type Row = [code: string, name: string, generation: number, idPrefix?: string, emeters?: number];

const ROWS: Row[] = [
  ['SHEM', 'Shelly EM', 1, 'shellyem', 2],
  ['SHEM-3', 'Shelly 3EM', 1, 'shellyem3', 3],
  ['SHPLG-S', 'Shelly Plug S', 1, 'shellyplug-s'],
  ['SHPLG-1', 'Shelly Plug', 1, 'shellyplug'],
  ['SHPLG2-1', 'Shelly Plug E', 1, 'shellyplug'],
  ['SHPLG-U1', 'Shelly Plug US', 1, 'shellyplug-u1'],
  ['SHSW-PM', 'Shelly 1PM', 1, 'shelly1pm'],
  ['SHSW-25', 'Shelly 2.5', 1, 'shellyswitch25'],
  ['SHSW-1', 'Shelly 1', 1, 'shelly1'],
  ['SPEM-003CEBEU', 'Shelly Pro 3EM', 2, 'shellypro3em'],
  ['SPEM-003CEBEU120', 'Shelly Pro 3EM', 2, 'shellypro3em'],
  ['SPEM-003CEBEU400', 'Shelly Pro 3EM-400', 2, 'shellypro3em400'],
  ['SPEM-003CEBEU63', 'Shelly Pro 3EM-3CT63', 2, 'shellypro3em63'],
  ['SPEM-002CEBEU50', 'Shelly Pro EM-50', 2, 'shellyproem50'],
  ['SNPM-001PCEU16', 'Shelly Plus PM Mini', 2, 'shellypmmini'],
  ['SNSW-001P16EU', 'Shelly Plus 1PM', 2, 'shellyplus1pm'],
  ['SNSW-002P16EU', 'Shelly Plus 2PM', 2, 'shellyplus2pm'],
  ['SNSW-102P16EU', 'Shelly Plus 2PM', 2, 'shellyplus2pm'],
  ['SNSW-001P8EU', 'Shelly Plus 1PM Mini', 2, 'shelly1pmmini'],
  ['SNPL-00112EU', 'Shelly Plus Plug S', 2, 'shellyplusplugs'],
  ['SNPL-10112EU', 'Shelly Plus Plug S', 2, 'shellyplusplugs'],
  ['SNPL-00110IT', 'Shelly Plus Plug IT', 2],
  ['SNPL-00112UK', 'Shelly Plus Plug UK', 2],
  ['SNPL-00116US', 'Shelly Plus Plug US', 2],
  ['SPSW-001PE16EU', 'Shelly Pro 1PM', 2, 'shellypro1pm'],
  ['SPSW-101PE16EU', 'Shelly Pro 1PM', 2, 'shellypro1pm'],
  ['SPSW-201PE16EU', 'Shelly Pro 1PM', 2, 'shellypro1pm'],
  ['SPSW-002PE16EU', 'Shelly Pro 2PM', 2, 'shellypro2pm'],
  ['SPSW-102PE16EU', 'Shelly Pro 2PM', 2, 'shellypro2pm'],
  ['SPSW-202PE16EU', 'Shelly Pro 2PM', 2, 'shellypro2pm'],
  ['SPSW-004PE16EU', 'Shelly Pro 4PM', 2, 'shellypro4pm'],
  ['SPSW-104PE16EU', 'Shelly Pro 4PM', 2, 'shellypro4pm'],
  ['SPSW-204PE16EU', 'Shelly Pro 4PM', 2, 'shellypro4pm'],
  ['S3EM-002CXCEU', 'Shelly EM Gen3', 3, 'shellyemg3'],
  ['S3EM-003CXCEU63', 'Shelly 3EM-63 Gen3', 3, 'shelly3em63g3'],
  ['S3PM-001PCEU16', 'Shelly PM Mini Gen3', 3, 'shellypmminig3'],
  ['S3SW-001P16EU', 'Shelly 1PM Gen3', 3, 'shelly1pmg3'],
  ['S3SW-002P16EU', 'Shelly 2PM Gen3', 3, 'shelly2pmg3'],
  ['S3SW-001P8EU', 'Shelly 1PM Mini Gen3', 3, 'shelly1pmminig3'],
  ['S3PL-00112EU', 'Shelly Plug S Gen3', 3, 'shellyplugsg3'],
  ['S3PL-30116EU', 'Shelly Plug PM Gen3', 3, 'shellyplugpmg3'],
  ['S3PL-30110EU', 'Shelly Plug M Gen3', 3, 'shellyplugmg3'],
  ['S3PL-20112EU', 'Shelly Outdoor Plug S Gen3', 3, 'shellyoutdoorsg3'],
  ['S3PL-10112EU', 'Shelly AZ Plug', 3, 'shellyazplug'],
  ['S4SW-001P16EU', 'Shelly 1PM Gen4', 4, 'shelly1pmg4'],
  ['S4SW-002P16EU', 'Shelly 2PM Gen4', 4, 'shelly2pmg4'],
  ['S4SW-001P8EU', 'Shelly 1PM Mini Gen4', 4, 'shelly1pmminig4'],
  ['S4SW-001X8EU', 'Shelly 1 Mini Gen4', 4, 'shelly1minig4'],
  ['S4EM-001PXCEU16', 'Shelly EM Mini Gen4', 4, 'shellyemminig4'],
  ['S4EM-002CXCEU', 'Shelly EM Gen4', 4, 'shellyemg4'],
  ['S4EM-001CXCEU63', 'Shelly EM-63 Gen4', 4],
  ['S4PL-00416EU', 'Shelly Power Strip 4 Gen4', 4, 'shellypstripg4'],
  ['S4PL-10416EU', 'Shelly Power Strip 4 Gen4', 4, 'shellypstripg4'],
  ['S4PL-00415US', 'Shelly Power Strip 4 Gen4 US', 4],
  ['S4PL-00116US', 'Shelly Plug US Gen4', 4],
];

const MODELS = new Map<string, CatalogueEntry>(
  ROWS.map(([code, name, generation, idPrefix, emeters]) => [code, { name, generation, idPrefix, emeters }]),
);

export function lookupModel(model: string): CatalogueEntry | undefined {
  return MODELS.get(model);
}

/** Model codes of three-phase meters whose monophase profile maps em1:0..2 to phases A, B, C. */
export function isThreePhaseMeterModel(model: string | undefined): boolean {
  return model !== undefined && (model === 'SHEM-3' || model.startsWith('SPEM-003') || model.startsWith('S3EM-003'));
}

/** "shellyem3-485519D732F4" → "shellyem3": a device id is its prefix, a dash, and 6 or 12 hex digits of the MAC. */
function idPrefixOf(deviceId: string): string | undefined {
  const match = /^(.+)-[0-9a-f]{6}(?:[0-9a-f]{6})?$/i.exec(deviceId);
  return match ? match[1].toLowerCase() : undefined;
}

/** What a device id alone says about a device (MQTT topics, notification frames, mDNS names carry no identity). */
export interface DeviceIdHint {
  generation: number;
  /** The representative model code of the id prefix (its channel layout is shared by the variants). */
  model: string;
  /** Gen1 energy meters: the number of emeters the device publishes. */
  channelCount?: number;
}

/** The hint for a device id such as "shellyem3-485519D732F4"; undefined when the prefix is unknown. */
export function hintFromDeviceId(deviceId: string): DeviceIdHint | undefined {
  const prefix = idPrefixOf(deviceId);
  if (prefix === undefined) return undefined;
  for (const [code, entry] of MODELS) {
    if (entry.idPrefix === prefix) return { generation: entry.generation, model: code, channelCount: entry.emeters };
  }
  return undefined;
}
