/**
 * `runInWorker`: the port of `loop.run_in_executor(None, fn, *args)`,
 * `asyncio.to_thread(fn, *args)` and `threading.Thread(target=fn, args=args)`.
 *
 * A Python thread runs any callable and shares every object; a worker runs
 * a module, and its arguments are copied. So the function is named by its
 * module and export name, queues travel as `queue.handle` (the function
 * attaches with `Queue.from`), and the function's return value (or error)
 * comes back as a copy. Node only (`worker_threads`); in a browser, post the
 * same message to a Web Worker.
 *
 * ```ts
 * // fut = loop.run_in_executor(None, threaded, queue.sync_q); ...; await fut
 * const threaded = runInWorker<void>(new URL('./threaded.js', import.meta.url), 'threaded', queue.handle);
 * await threaded.result;
 * ```
 */
import { Worker } from 'node:worker_threads';

/** A function running in its own worker thread. */
export interface WorkerRun<R> {
  /**
   * The worker: `worker.unref()` for a daemon thread, `worker.terminate()`
   * to stop it (a blocked `syncQ` call included).
   */
  readonly worker: Worker;
  /**
   * Resolves with a copy of what the function returned (awaited, if it
   * returned a promise); rejects with what it threw (a copy: a built-in
   * error keeps its class; any other comes back as an `Error` with the same
   * `name` and `message`), or with an `Error` when the worker exits before
   * the function returned.
   */
  readonly result: Promise<R>;
}

/** What the worker entry is told to run. */
export interface WorkerCall {
  /** The URL of the module, as a string. */
  module: string;
  /** The name of the exported function. */
  name: string;
  /** Its arguments (structured-cloned: queue handles, not queues). */
  args: unknown[];
}

/**
 * Runs the exported function `name` of `module` (the URL of a compiled
 * module, e.g. `new URL('./work.js', import.meta.url)`) with `args` in a new
 * worker thread, and returns the worker and the promise of its result.
 *
 * @example
 * ```ts
 * // t = threading.Thread(target=consume, args=(queue.sync_q,), daemon=True); t.start()
 * const t = runInWorker<number>(new URL('./consume.js', import.meta.url), 'consume', queue.handle);
 * t.worker.unref();
 * // t.join()
 * const count = await t.result;
 * ```
 */
export function runInWorker<R = unknown>(module: URL, name: string, ...args: unknown[]): WorkerRun<R> {
  const call: WorkerCall = { module: module.href, name, args };
  const worker = new Worker(new URL('./worker-entry.js', import.meta.url), { workerData: call });
  const result = new Promise<R>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reject(new Error(`the worker running ${name} exited with code ${code} before it returned`)),
    );
  });
  return { worker, result };
}
