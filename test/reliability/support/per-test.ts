import type { EmSite } from './em-site';
import type { RuntimeProcess } from './runtime-process';

/**
 * What one test starts (a simulated site, a Node-RED child process), torn down after each test
 * whatever happened: Node-RED first, so nothing writes to a device that is going away.
 */
export class PerTest {
  rig?: EmSite;
  runtime?: RuntimeProcess;

  /** Registers the teardown with mocha's afterEach of the calling describe block. */
  static register(): PerTest {
    const held = new PerTest();
    afterEach(() => held.tearDown());
    return held;
  }

  async tearDown(): Promise<void> {
    this.runtime?.kill();
    this.runtime?.cleanUp();
    this.runtime = undefined;
    await this.rig?.stop();
    this.rig = undefined;
  }
}
