import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ChildRun } from './child-run';

/**
 * The demo as `npm start` runs it (its compiled entry point, dist/demo/start.js, in a process of
 * its own) on free ports, with a fresh user directory; what it printed tells where everything is.
 */
export interface DemoProcess {
  run: ChildRun;
  userDir: string;
  editorUrl: string;
  dashboardUrl: string;
  meter: string;
  pvMeter?: string;
  stations: string[];
  /** POSTs the demo flow's inject node "mode: <mode>" (as clicking it in the editor). */
  setMode(mode: 'off' | 'power' | 'hybrid' | 'green'): Promise<void>;
  /** Ctrl+C, then the exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const START_SCRIPT = path.join(__dirname, '..', '..', '..', 'demo', 'start.js');

export async function startDemoProcess(args: string[]): Promise<DemoProcess> {
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lektrico-demo-'));
  const run = new ChildRun(START_SCRIPT, ['--port', '0', '--user-dir', userDir, ...args]);
  try {
    await run.waitForLine(/^Stop with Ctrl\+C/, 90_000);
  } catch (err) {
    await run.stop('SIGKILL');
    fs.rmSync(userDir, { recursive: true, force: true });
    throw err;
  }
  const find = (pattern: RegExp): string[] => run.lines.map((l) => pattern.exec(l)?.[1]).filter((v): v is string => v !== undefined);
  const editorUrl = find(/^ {2}editor\s+(\S+)/)[0];
  const injectIds = new Map<string, string>();
  return {
    run,
    userDir,
    editorUrl,
    dashboardUrl: find(/^ {2}dashboard\s+(\S+)/)[0],
    meter: find(/^ {2}grid meter .* at (127\.0\.0\.1:\d+)$/)[0],
    pvMeter: find(/^ {2}PV meter .* at (127\.0\.0\.1:\d+)$/)[0],
    stations: find(/^ {2}station .* at (127\.0\.0\.1:\d+)$/),
    async setMode(mode) {
      if (injectIds.size === 0) {
        const flows = (await (await fetch(`${editorUrl}flows`)).json()) as Array<{ id: string; type: string; name?: string }>;
        for (const n of flows) if (n.type === 'inject' && n.name?.startsWith('mode: ')) injectIds.set(n.name.slice(6), n.id);
      }
      const res = await fetch(`${editorUrl}inject/${injectIds.get(mode)}`, { method: 'POST' });
      if (!res.ok) throw new Error(`inject mode ${mode}: HTTP ${res.status}`);
    },
    async stop() {
      const exit = await run.stop('SIGINT');
      fs.rmSync(userDir, { recursive: true, force: true });
      return exit;
    },
  };
}
