import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A Node.js script run as a child process (Node-RED is one per process and cannot be restarted,
 * and the demo is a command): its output lines are kept and can be waited for, and stop() sends
 * a signal and resolves with how the process ended.
 */
export class ChildRun {
  readonly lines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  private readonly waiters = new Set<() => void>();
  private ended = false;

  constructor(script: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
    this.child = spawn(process.execPath, [script, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const parts = (rest + chunk).split('\n');
        rest = parts.pop() ?? '';
        this.lines.push(...parts);
        for (const wake of this.waiters) wake();
      });
    }
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.ended = true;
        for (const wake of this.waiters) wake();
        resolve({ code, signal });
      });
    });
  }

  /** The first output line (from the start) that matches, or a rejection with the output so far. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      let seen = 0;
      const check = (): void => {
        for (; seen < this.lines.length; seen++) {
          const m = pattern.exec(this.lines[seen]);
          if (m) return finish(() => resolve(m));
        }
        if (this.ended) finish(() => reject(new Error(`process ended without printing ${pattern}:\n${this.tail()}`)));
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${this.tail()}`))), timeoutMs);
      const finish = (settle: () => void): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        settle();
      };
      this.waiters.add(check);
      check();
    });
  }

  /** The last lines of output, for failure messages. */
  tail(count = 40): string {
    return this.lines.slice(-count).join('\n');
  }

  /** Sends the signal (if still running) and waits for the exit. */
  async stop(signal: NodeJS.Signals = 'SIGINT'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.ended) this.child.kill(signal);
    return this.exited;
  }
}
