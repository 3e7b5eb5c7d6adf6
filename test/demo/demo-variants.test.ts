import { expect } from 'chai';
import * as path from 'node:path';
import { sharedDir } from '../../lib/project-root';
import { availableSharedTraces } from '../../lib/sim/site';
import { describeWithShared } from '../support/shared-fixtures';
import { ChildRun } from './support/child-run';
import { startDemoProcess, type DemoProcess } from './support/demo-process';
import { SiteRecorder } from './support/site-recorder';

/**
 * The demo on other meters and homes: a single-phase home on a Gen1 EM, and a measured trace from
 * ../shared/data. In Power mode every car must end up charging through the whole chain.
 */
async function carsCharge(args: string[]): Promise<string[]> {
  let demo: DemoProcess | undefined;
  let recorder: SiteRecorder | undefined;
  try {
    demo = await startDemoProcess([...args, '--mode', 'power']);
    recorder = new SiteRecorder({ stations: demo.stations });
    recorder.start();
    await recorder.waitFor('every car charging', (s) => s.stations.every((st) => st.state === 'C' && st.powerW > 1000), 60_000);
    return demo.run.lines;
  } finally {
    recorder?.stop();
    const exit = await demo?.stop();
    if (exit) expect(exit, 'clean exit').to.deep.equal({ code: 0, signal: null });
  }
}

describe('npm start: other meters and homes', function () {
  this.timeout(180_000);

  it('a single-phase home on a Shelly EM (Gen1): both 1P7K cars charge', async () => {
    const lines = await carsCharge(['--shelly-model', 'SHEM', '--start-time', '20:00']);
    expect(lines.join('\n')).to.match(/grid meter {2}Shelly EM \(simulated\)/).and.match(/limit 40 A per phase/);
  });

  describeWithShared('a measured home from ../shared/data', ['data'], (dataDir) => {
    it('replays OPSD residential4 (summer) and the car charges', async function () {
      if (!availableSharedTraces(dataDir).some((t) => t.name === 'opsd-summer')) this.skip();
      const lines = await carsCharge(['--trace', 'opsd-summer', '--stations', '1', '--start-time', '19:00']);
      expect(lines.join('\n')).to.match(/home {8}opsd-summer: .*Open Power System Data/);
    });
  });

  it('fails with a clear message when a shared trace is asked for but ../shared is absent', async () => {
    const run = new ChildRun(path.join(__dirname, '..', '..', 'demo', 'start.js'), ['--port', '0', '--trace', 'openems'], {
      ...process.env,
      LEKTRICO_EM_SHARED_DIR: path.join(sharedDir(), 'definitely-not-here'),
    });
    const exit = await run.exited;
    expect(exit.code).to.equal(1);
    expect(run.lines.join('\n')).to.match(/--trace openems needs .*definitely-not-here.*not there.*--trace builtin/);
  });
});
