/**
 * What this thread may do: use shared memory, block in `Atomics.wait`, wait
 * asynchronously with `Atomics.waitAsync`, and read a monotonic clock.
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

/**
 * Throws a `ReferenceError` that says what to do where `SharedArrayBuffer`
 * is missing (a browser page that is not cross-origin isolated).
 */
export function requireSharedMemory(): void {
  if (typeof SharedArrayBuffer === 'function') return;
  throw new ReferenceError(
    'janus-queue needs SharedArrayBuffer, which is not defined here: a browser page gets it only when cross-origin isolated ' +
      '(served with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp; see docs/browsers.md)',
  );
}

/** The message of the error thrown by a blocking call where `canBlock` is false. */
export const CANNOT_BLOCK_MESSAGE =
  "janus-queue: this thread cannot block (Atomics.wait is not allowed here, as on a browser's main thread); " +
  'use queue.asyncQ, or call syncQ from a worker';
