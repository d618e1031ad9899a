/**
 * What this thread may do: block in `Atomics.wait`, wait asynchronously with
 * `Atomics.waitAsync`, and read a monotonic clock.
 *
 * @module
 * @internal
 */

function probeBlocking(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether this thread may block in `Atomics.wait`. False on a browser's main
 * thread, where `Atomics.wait` throws.
 */
export const canBlock: boolean = probeBlocking();

/** Milliseconds on a monotonic clock; deadlines are expressed on it. */
export function now(): number {
  return performance.now();
}

/** The message of the error thrown by a blocking call where `canBlock` is false. */
export const CANNOT_BLOCK_MESSAGE =
  'janus-queue: this thread cannot block (Atomics.wait is not allowed here, as on a browser\'s main thread); ' +
  'use queue.asyncQ, or call syncQ from a worker';
