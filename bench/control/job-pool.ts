import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { DayCatalogue } from './days';
import { type Job, type JobResult, runJob } from './job';

type Reply = { ok: true; result: JobResult } | { ok: false; id: number; error: string };

/**
 * Runs the jobs on one worker thread per CPU (the simulations are independent and CPU-bound),
 * longest first; `threads: 1` runs them in this thread. Every worker is terminated at the end.
 */
export async function runJobs(jobs: Job[], dataDir: string, options: { threads?: number; onDone?: (r: JobResult, done: number) => void } = {}): Promise<JobResult[]> {
  const threads = Math.max(1, Math.min(options.threads ?? os.cpus().length, jobs.length));
  const results: JobResult[] = [];
  if (threads === 1) {
    const catalogue = new DayCatalogue(dataDir);
    for (const job of jobs) {
      const r = runJob(job, catalogue);
      results.push(r);
      options.onDone?.(r, results.length);
    }
    return results;
  }
  const queue = [...jobs];
  const workers = Array.from({ length: threads }, () => new Worker(path.join(__dirname, 'worker.js'), { workerData: { dataDir } }));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const next = (): void => {
              const job = queue.shift();
              if (!job) return resolve();
              worker.postMessage(job);
            };
            worker.on('message', (reply: Reply) => {
              if (!reply.ok) return reject(new Error(`job ${reply.id} failed: ${reply.error}`));
              results.push(reply.result);
              options.onDone?.(reply.result, results.length);
              next();
            });
            worker.on('error', reject);
            next();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
