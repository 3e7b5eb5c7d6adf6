import { RuntimeProcess } from '../../reliability/support/runtime-process';

/**
 * A real Node-RED whose device searches listen for mDNS on 127.0.0.1:mdnsPort only, so a search
 * finds the test's own simulators and nothing else on the machine.
 */
export function runtimeDiscoveringOn(mdnsPort: number): Promise<RuntimeProcess> {
  return RuntimeProcess.start({ settings: { lektricoEmMdnsInterface: '127.0.0.1', lektricoEmMdnsPort: mdnsPort, lektricoEmDiscoveryMs: 1500 } });
}
