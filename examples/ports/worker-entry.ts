/**
 * The entry of every `runInWorker` thread: imports the module, calls the
 * function with the arguments, and posts back what it returned. What it
 * throws is left uncaught, so it reaches the main thread as the worker's
 * `'error'` event.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerCall } from './run-in-worker.js';

const { module, name, args } = workerData as WorkerCall;
const exported = ((await import(module)) as Record<string, unknown>)[name];
if (typeof exported !== 'function') throw new TypeError(`${module} has no exported function named ${name}`);
parentPort!.postMessage(await (exported as (...args: unknown[]) => unknown)(...args));
