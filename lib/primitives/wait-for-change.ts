/**
 * Waiting, without blocking the thread, for a shared word to change.
 *
 * Uses `Atomics.waitAsync` where the platform has it, and otherwise polls the
 * word on timers with growing pauses (older Firefox and Safari). The choice
 * is made at each call, so a platform that lacks `waitAsync` is served even
 * if it was removed after this module loaded.
 *
 * @module
 * @internal
 */
import { sleep } from './sleep.js';

/** The pauses of the polling fallback, in milliseconds; the last one repeats. */
const POLL_PAUSES_MS = [0, 1, 1, 2, 4, 8];

/**
 * Resolves once `words[at]` no longer holds `value`, or when the word is
 * notified (which, with `Atomics.waitAsync`, may happen without a change).
 * The polling fallback also stops, resolving, once `wanted()` is false, so
 * that no timer outlives the last waiter.
 */
export function waitForChange(words: Int32Array, at: number, value: number, wanted: () => boolean): Promise<void> {
  if (typeof Atomics.waitAsync === 'function') {
    const result = Atomics.waitAsync(words, at, value);
    return result.async ? result.value.then(ignore) : Promise.resolve();
  }
  return pollForChange(words, at, value, wanted);
}

function ignore(): void {}

async function pollForChange(words: Int32Array, at: number, value: number, wanted: () => boolean): Promise<void> {
  for (let i = 0; Atomics.load(words, at) === value && wanted(); i++) {
    await sleep(POLL_PAUSES_MS[Math.min(i, POLL_PAUSES_MS.length - 1)]);
  }
}
