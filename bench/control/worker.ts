import { parentPort, workerData } from 'node:worker_threads';
import { DayCatalogue } from './days';
import { type Job, runJob } from './job';

/** A worker thread of the job pool: runs jobs one by one with its own trace cache. */
const catalogue = new DayCatalogue((workerData as { dataDir: string }).dataDir);
parentPort?.on('message', (job: Job) => {
  try {
    parentPort?.postMessage({ ok: true, result: runJob(job, catalogue) });
  } catch (err) {
    parentPort?.postMessage({ ok: false, id: job.id, error: err instanceof Error ? err.stack ?? err.message : String(err) });
  }
});
