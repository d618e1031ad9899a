/**
 * The async locking the queue's async face does inline, as helpers for the
 * primitive tests: try the lock for a short slice, pause on timers between
 * tries; after an async condition wait, retake the lock and unregister.
 */
import type { Condition } from '../../lib/primitives/condition.js';
import { retryPauseMs, type Mutex } from '../../lib/primitives/mutex.js';
import { sleep } from '../../lib/primitives/sleep.js';

/** Takes `mutex` without blocking for more than `sliceMs` at a time; rejects if `signal` aborts. */
export async function lockAsync(mutex: Mutex, sliceMs: number, signal?: AbortSignal): Promise<void> {
  for (let retry = 0; !mutex.lockWithin(sliceMs); retry++) await sleep(retryPauseMs(retry), signal);
}

/** With `mutex` held: waits on `cond` asynchronously and returns with `mutex` held again. */
export async function waitAsyncLocked(cond: Condition, mutex: Mutex, sliceMs: number, signal?: AbortSignal): Promise<void> {
  await cond.waitAsync(signal);
  try {
    await lockAsync(mutex, sliceMs, signal);
  } catch (reason) {
    cond.abandonAsync(sliceMs);
    throw reason;
  }
  cond.leaveAsync();
}
