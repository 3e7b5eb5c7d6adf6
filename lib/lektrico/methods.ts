/**
 * RPC method names, spelled exactly as lektricowifi (the vendor's own library) sends them.
 * The device matches them case-insensitively, but its other spellings are less tested.
 */
export const LEKTRICO_METHODS = {
  chargerInfo: 'charger_info.get',
  deviceId: 'Device_id.Get',
  dynamicCurrent: 'dynamic_current.get',
  appConfig: 'app_config.get',
  activeErrors: 'active_errors.get',
  chargerConfig: 'charger_config.get',
  /** The current alone (lektricowifi's set_dynamic_current). */
  setDynamicCurrent: 'dynamic_current.set',
  /** The current together with relay_mode (lektricowifi's set_relay_mode). */
  setDynamicCurrentAndRelay: 'dynamic_current.Set',
  chargeStart: 'charge.start',
  chargeStop: 'charge.stop',
} as const;

export type LektricoReadMethod =
  | typeof LEKTRICO_METHODS.chargerInfo
  | typeof LEKTRICO_METHODS.deviceId
  | typeof LEKTRICO_METHODS.dynamicCurrent
  | typeof LEKTRICO_METHODS.appConfig
  | typeof LEKTRICO_METHODS.activeErrors
  | typeof LEKTRICO_METHODS.chargerConfig;
