/**
 * The entry of every test worker: imports `workerData.module`, runs its
 * export `workerData.task` with `workerData.data`, and posts the result (or
 * the error) back. See `inWorker` in ./workers.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';

interface Job {
  module: string;
  task: string;
  data: unknown;
}

const job = workerData as Job;
try {
  const tasks = (await import(job.module)) as Record<string, (data: unknown) => unknown>;
  const run = tasks[job.task];
  if (typeof run !== 'function') throw new Error(`no task ${job.task} in ${job.module}`);
  const value = await run(job.data);
  parentPort!.postMessage({ ok: true, value });
} catch (error) {
  parentPort!.postMessage({ ok: false, error });
}
