/**
 * What a device id alone says about a meter, for input that carries no identity (MQTT topics,
 * notification frames): ids are `<prefix>-<mac>` (shelly-protocol.md §1.3). Only the meters
 * whose channel layout depends on the model are listed: a three-phase meter's em1:0..2 are its
 * phases A/B/C, and a Gen1 3EM's three emeters are phases while a Gen1 EM's two are not.
 */
export interface DeviceIdHint {
  generation: number;
  /** Model code for detectChannels() (one representative code per id prefix). */
  model: string;
  /** Gen1: the number of metering channels the device publishes. */
  channelCount?: number;
}

const BY_PREFIX: Record<string, DeviceIdHint> = {
  shellyem3: { generation: 1, model: 'SHEM-3', channelCount: 3 },
  shellyem: { generation: 1, model: 'SHEM', channelCount: 2 },
  shellypro3em: { generation: 2, model: 'SPEM-003CEBEU' },
  shellypro3em63: { generation: 2, model: 'SPEM-003CEBEU63' },
  shellypro3em400: { generation: 2, model: 'SPEM-003CEBEU400' },
  shelly3em63g3: { generation: 3, model: 'S3EM-003CXCEU63' },
  shellyproem50: { generation: 2, model: 'SPEM-002CEBEU50' },
  shellyemg3: { generation: 3, model: 'S3EM-002CXCEU' },
};

/** The hint for a device id such as "shellyem3-485519D732F4"; undefined when unknown. */
export function hintFromDeviceId(id: string): DeviceIdHint | undefined {
  const dash = id.lastIndexOf('-');
  if (dash <= 0) return undefined;
  return Object.prototype.hasOwnProperty.call(BY_PREFIX, id.slice(0, dash).toLowerCase())
    ? BY_PREFIX[id.slice(0, dash).toLowerCase()]
    : undefined;
}
