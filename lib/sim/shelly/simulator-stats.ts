/**
 * Counters for tests. `requests` keys:
 *  - `"<HTTP method> <path>"` for every HTTP request (`"GET /shelly"`, `"POST /rpc"`, `"GET /rpc/EM.GetStatus"`);
 *  - `"RPC <Method>"` for every RPC call on any transport (canonical spelling when the device knows it);
 *  - `"WS <Method>"` for every frame received over the WebSocket (also while stalled, when it is then dropped).
 * `authFailures` counts requests whose credentials were present but wrong (a first request
 * without credentials that gets the challenge is not a failure).
 */
export class SimulatorStats {
  readonly requests: Record<string, number> = {};
  wsConnections = 0;
  authFailures = 0;

  count(key: string): void {
    this.requests[key] = (this.requests[key] ?? 0) + 1;
  }
}
