/**
 * Runs test code in real worker threads.
 *
 * A task is an exported function of a compiled module under spec/; it gets
 * the structured-cloned `data` (queue handles included) and its return value
 * (or thrown error) comes back to the test.
 */
import { Worker } from 'node:worker_threads';

/** A worker running one task; `result` settles when the task ends. */
export interface TaskWorker<R> {
  worker: Worker;
  result: Promise<R>;
}

/**
 * Starts `task` of `module` (a URL of a compiled spec module, usually
 * `new URL('./tasks.js', import.meta.url)`) in a new worker thread.
 */
export function startTask<R = unknown>(module: URL, task: string, data?: unknown): TaskWorker<R> {
  const worker = new Worker(new URL('./worker-runner.js', import.meta.url), {
    workerData: { module: module.href, task, data },
  });
  const result = new Promise<R>((resolve, reject) => {
    let settled = false;
    worker.once('message', (message: { ok: boolean; value?: R; error?: unknown }) => {
      settled = true;
      if (message.ok) resolve(message.value as R);
      else reject(message.error);
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`worker running ${task} exited with code ${code} before reporting`));
    });
  });
  return { worker, result };
}

/** Runs `task` in a new worker thread and resolves with its result. */
export function inWorker<R = unknown>(module: URL, task: string, data?: unknown): Promise<R> {
  return startTask<R>(module, task, data).result;
}
