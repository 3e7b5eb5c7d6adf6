/**
 * The environment variables a flow reads its device addresses from. Node-RED replaces a node
 * property whose whole value is `${NAME}` with that variable when the flow starts, so the same
 * flow runs on the simulators (npm start sets them) or on real devices (you set them).
 */
export const DEVICE_ENV = {
  /** The Shelly at the grid connection. */
  shellyHost: 'LEKTRICO_SHELLY_HOST',
  shellyUser: 'LEKTRICO_SHELLY_USER',
  shellyPassword: 'LEKTRICO_SHELLY_PASSWORD',
  /** A Shelly on the PV inverter (optional; only for the dashboard's PV curve). */
  pvShellyHost: 'LEKTRICO_PV_SHELLY_HOST',
  /** The first and second LEKTRI.CO station. */
  stationHost: 'LEKTRICO_STATION_HOST',
  station2Host: 'LEKTRICO_STATION2_HOST',
  stationUser: 'LEKTRICO_STATION_USER',
  stationPassword: 'LEKTRICO_STATION_PASSWORD',
} as const;

/** `${NAME}`: a node property Node-RED fills from the environment. */
export function envRef(name: string): string {
  return `\${${name}}`;
}
