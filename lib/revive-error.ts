/**
 * Gives the library's error classes back to errors that crossed a thread
 * outside a queue.
 *
 * @module
 */

import { libraryClassNamed } from './codec/error-classes.js';

/** The class name that a V8 or JavaScriptCore stack starts with (`SyncQueueShutDown: message`). */
const STACK_HEADER = /^([A-Za-z]+)(?::|\n|$)/;

/** Whether `value` is an error, of this realm or another. */
function isError(value: unknown): value is Error {
  return typeof value === 'object' && value !== null && Object.prototype.toString.call(value) === '[object Error]';
}

/**
 * Returns an error that came from another thread as an instance of the
 * library's error class that it was, so that `instanceof` works on it again;
 * returns anything else as it is.
 *
 * A queue keeps the class of the errors put into it, but `postMessage`,
 * `structuredClone` and a worker's `'error'` event do not: a
 * `SyncQueueShutDown` thrown in a worker arrives as a plain `Error`. What
 * survives is its name (a Node worker's `'error'` event keeps `name`), or,
 * once a clone has reset the name to `'Error'`, the first line of its stack,
 * which V8 (Node, Deno, Chromium) and Bun start with the original name.
 * `reviveError` reads the class from the name, else from that line, and
 * rebuilds the error with the same message, stack, `cause` and other own
 * enumerable properties. Where neither survives (Firefox and Safari write no
 * name into the stack; Deno's `'error'` event keeps only the message), send
 * the error through a queue, or encode it with a `StructuredCodec`.
 *
 * `ValueError` and `RuntimeError` are names that other code uses too
 * (`WebAssembly.RuntimeError`): an error from a worker that may throw those
 * is revived as the library's class.
 *
 * @param error - What a worker's `'error'` event, a message or a rejected
 * promise gave you.
 * @returns An instance of the library's class, or `error` itself if it is one
 * already or names none.
 * @example
 * ```ts
 * import { Worker } from 'node:worker_threads';
 * import { ShutDown, reviveError } from 'janus-queue';
 *
 * const worker = new Worker(new URL('./consumer.js', import.meta.url), { workerData: queue.handle });
 * worker.on('error', (thrown) => {
 *   const error = reviveError(thrown);
 *   if (error instanceof ShutDown) console.log('the consumer saw the queue shut down');
 *   else throw error;
 * });
 * ```
 */
export function reviveError(error: unknown): unknown {
  if (!isError(error)) return error;
  const name: unknown = error.name;
  const errorClass =
    libraryClassNamed(name) ??
    (name === 'Error' && typeof error.stack === 'string'
      ? libraryClassNamed(STACK_HEADER.exec(error.stack)?.[1])
      : undefined);
  if (errorClass === undefined || Object.prototype.isPrototypeOf.call(errorClass.prototype, error)) return error;
  const revived = new errorClass(error.message);
  Object.defineProperty(revived, 'stack', { value: error.stack, writable: true, configurable: true });
  if (Object.prototype.hasOwnProperty.call(error, 'cause')) {
    Object.defineProperty(revived, 'cause', { value: error.cause, writable: true, configurable: true });
  }
  for (const key of Object.keys(error)) {
    if (key !== 'name')
      (revived as unknown as Record<string, unknown>)[key] = (error as unknown as Record<string, unknown>)[key];
  }
  return revived;
}
