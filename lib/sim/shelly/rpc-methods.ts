import type { Json } from './json';
import { componentNotFound, invalidArgument, missingArgument, noHandler, type RpcErrorBody } from './rpc-errors';

export type RpcOutcome = { result: unknown } | { error: RpcErrorBody };

/** What the RPC methods read from the device. */
export interface RpcDeviceView {
  deviceInfo(): Json;
  status(): Json;
  config(): Json;
}

/** Shelly's Authentication page: only GetDeviceInfo (and /shelly) work without credentials. */
const AUTH_EXEMPT_METHODS = new Set(['Shelly.GetDeviceInfo']);

/** RPC component type → status key prefix. */
const COMPONENT_TYPES: Record<string, string> = { EM: 'em', EMData: 'emdata', EM1: 'em1', EM1Data: 'em1data', PM1: 'pm1', Switch: 'switch' };
const SHELLY_METHODS = ['Shelly.GetDeviceInfo', 'Shelly.GetStatus', 'Shelly.GetConfig', 'Shelly.ListMethods'];

/**
 * The device's method table. Component methods exist only for the components the device has
 * in its current profile (a monophase Pro 3EM has no EM.GetStatus: "No handler").
 * Method names match case-insensitively.
 */
export class RpcMethods {
  private readonly methods: string[];

  /** @param statusKeys the keys of the device's status (`em:0`, `emdata:0`, `sys`, …); fixed for a profile. */
  constructor(
    private readonly device: RpcDeviceView,
    statusKeys: string[],
  ) {
    const prefixes = new Set(statusKeys.map((key) => key.split(':')[0]));
    const componentMethods: string[] = [];
    for (const [type, prefix] of Object.entries(COMPONENT_TYPES)) {
      if (prefixes.has(prefix)) componentMethods.push(`${type}.GetStatus`, `${type}.GetConfig`);
    }
    this.methods = [...SHELLY_METHODS, ...componentMethods];
  }

  list(): string[] {
    return [...this.methods];
  }

  /** The method's canonical spelling, or undefined when the device has no handler for it. */
  canonicalName(method: string): string | undefined {
    const wanted = method.toLowerCase();
    return this.methods.find((name) => name.toLowerCase() === wanted);
  }

  isAuthExempt(method: string): boolean {
    const name = this.canonicalName(method);
    return name !== undefined && AUTH_EXEMPT_METHODS.has(name);
  }

  call(method: string, params: Json): RpcOutcome {
    const name = this.canonicalName(method);
    if (!name) return { error: noHandler(method) };
    switch (name) {
      case 'Shelly.GetDeviceInfo':
        return { result: this.device.deviceInfo() };
      case 'Shelly.GetStatus':
        return { result: this.device.status() };
      case 'Shelly.GetConfig':
        return { result: this.device.config() };
      case 'Shelly.ListMethods':
        return { result: { methods: this.list() } };
      default:
        return this.callComponent(name, params);
    }
  }

  private callComponent(name: string, params: Json): RpcOutcome {
    const [type, verb] = name.split('.');
    if (!('id' in params) || params.id === undefined || params.id === null) return { error: missingArgument('id') };
    const id = params.id;
    if (typeof id !== 'number' || !Number.isInteger(id)) return { error: invalidArgument('id') };
    const source = verb === 'GetConfig' ? this.device.config() : this.device.status();
    const body = source[`${COMPONENT_TYPES[type]}:${id}`];
    return body === undefined ? { error: componentNotFound(id) } : { result: body };
  }
}
