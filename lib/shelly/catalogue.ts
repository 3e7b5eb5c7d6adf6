/**
 * Names for the model codes we know. The catalogue only adds names and the Gen1 hostname
 * prefix: what is read from a device is decided by the components it reports, so an unknown
 * model code works just the same.
 */
export interface CatalogueEntry {
  name: string;
  /** Gen1 only: the prefix of the device's hostname / MQTT id (e.g. "shellyem3"). */
  gen1IdPrefix?: string;
}

const MODELS: Record<string, CatalogueEntry> = {
  // Gen1
  SHEM: { name: 'Shelly EM', gen1IdPrefix: 'shellyem' },
  'SHEM-3': { name: 'Shelly 3EM', gen1IdPrefix: 'shellyem3' },
  'SHPLG-S': { name: 'Shelly Plug S', gen1IdPrefix: 'shellyplug-s' },
  'SHPLG-1': { name: 'Shelly Plug', gen1IdPrefix: 'shellyplug' },
  'SHPLG2-1': { name: 'Shelly Plug E', gen1IdPrefix: 'shellyplug' },
  'SHPLG-U1': { name: 'Shelly Plug US', gen1IdPrefix: 'shellyplug-u1' },
  'SHSW-PM': { name: 'Shelly 1PM', gen1IdPrefix: 'shelly1pm' },
  'SHSW-25': { name: 'Shelly 2.5', gen1IdPrefix: 'shellyswitch25' },
  'SHSW-1': { name: 'Shelly 1', gen1IdPrefix: 'shelly1' },
  // Gen2
  'SPEM-002CEBEU50': { name: 'Shelly Pro EM-50' },
  'SPEM-003CEBEU': { name: 'Shelly Pro 3EM' },
  'SPEM-003CEBEU120': { name: 'Shelly Pro 3EM' },
  'SPEM-003CEBEU400': { name: 'Shelly Pro 3EM-400' },
  'SPEM-003CEBEU63': { name: 'Shelly Pro 3EM-3CT63' },
  'SNPM-001PCEU16': { name: 'Shelly Plus PM Mini' },
  'SNSW-001P16EU': { name: 'Shelly Plus 1PM' },
  'SNSW-002P16EU': { name: 'Shelly Plus 2PM' },
  'SNSW-102P16EU': { name: 'Shelly Plus 2PM' },
  'SNSW-001P8EU': { name: 'Shelly Plus 1PM Mini' },
  'SNPL-00112EU': { name: 'Shelly Plus Plug S' },
  'SNPL-10112EU': { name: 'Shelly Plus Plug S' },
  'SNPL-00110IT': { name: 'Shelly Plus Plug IT' },
  'SNPL-00112UK': { name: 'Shelly Plus Plug UK' },
  'SNPL-00116US': { name: 'Shelly Plus Plug US' },
  'SPSW-001PE16EU': { name: 'Shelly Pro 1PM' },
  'SPSW-101PE16EU': { name: 'Shelly Pro 1PM' },
  'SPSW-201PE16EU': { name: 'Shelly Pro 1PM' },
  'SPSW-002PE16EU': { name: 'Shelly Pro 2PM' },
  'SPSW-102PE16EU': { name: 'Shelly Pro 2PM' },
  'SPSW-202PE16EU': { name: 'Shelly Pro 2PM' },
  'SPSW-004PE16EU': { name: 'Shelly Pro 4PM' },
  'SPSW-104PE16EU': { name: 'Shelly Pro 4PM' },
  'SPSW-204PE16EU': { name: 'Shelly Pro 4PM' },
  // Gen3
  'S3EM-002CXCEU': { name: 'Shelly EM Gen3' },
  'S3EM-003CXCEU63': { name: 'Shelly 3EM-63 Gen3' },
  'S3PM-001PCEU16': { name: 'Shelly PM Mini Gen3' },
  'S3SW-001P16EU': { name: 'Shelly 1PM Gen3' },
  'S3SW-002P16EU': { name: 'Shelly 2PM Gen3' },
  'S3SW-001P8EU': { name: 'Shelly 1PM Mini Gen3' },
  'S3PL-00112EU': { name: 'Shelly Plug S Gen3' },
  'S3PL-30116EU': { name: 'Shelly Plug PM Gen3' },
  'S3PL-30110EU': { name: 'Shelly Plug M Gen3' },
  'S3PL-20112EU': { name: 'Shelly Outdoor Plug S Gen3' },
  'S3PL-10112EU': { name: 'Shelly AZ Plug' },
  // Gen4
  'S4SW-001P16EU': { name: 'Shelly 1PM Gen4' },
  'S4SW-002P16EU': { name: 'Shelly 2PM Gen4' },
  'S4SW-001P8EU': { name: 'Shelly 1PM Mini Gen4' },
  'S4SW-001X8EU': { name: 'Shelly 1 Mini Gen4' },
  'S4EM-001PXCEU16': { name: 'Shelly EM Mini Gen4' },
  'S4EM-002CXCEU': { name: 'Shelly EM Gen4' },
  'S4EM-001CXCEU63': { name: 'Shelly EM-63 Gen4' },
  'S4PL-00416EU': { name: 'Shelly Power Strip 4 Gen4' },
  'S4PL-10416EU': { name: 'Shelly Power Strip 4 Gen4' },
  'S4PL-00415US': { name: 'Shelly Power Strip 4 Gen4 US' },
  'S4PL-00116US': { name: 'Shelly Plug US Gen4' },
};

export function lookupModel(model: string): CatalogueEntry | undefined {
  return MODELS[model];
}

/** Model codes of three-phase meters whose monophase profile maps em1:0..2 to phases A, B, C. */
export function isThreePhaseMeterModel(model: string | undefined): boolean {
  return model !== undefined && (model === 'SHEM-3' || model.startsWith('SPEM-003') || model.startsWith('S3EM-003'));
}

/**
 * The Gen1 model code behind a hostname / mDNS id such as "shellyem3-485519D732F4" (prefix, then
 * 6 or 12 hex digits of the MAC); undefined when the prefix is unknown or shared by several models.
 */
export function modelFromGen1Id(id: string): string | undefined {
  const match = /^(.+)-[0-9a-f]{6}(?:[0-9a-f]{6})?$/i.exec(id);
  if (!match) return undefined;
  const prefix = match[1].toLowerCase();
  const models = Object.entries(MODELS).filter(([, entry]) => entry.gen1IdPrefix === prefix).map(([code]) => code);
  return models.length === 1 ? models[0] : undefined;
}
