/**
 * The primitive specs' async waits, made with the library's own code: the
 * `AsyncCall` every `asyncQ` method waits with, over the fixture's mutex and
 * conditions, and the `Condition` protocol bare (for tests that must see the
 * condition without the call's handling of an abort).
 */
import type { QueueEngine } from '../../lib/engine/engine.js';
import { AsyncCall } from '../../lib/faces/async-call.js';
import type { Condition } from '../../lib/primitives/condition.js';
import type { Mutex } from '../../lib/primitives/mutex.js';

/**
 * An `AsyncCall` over `mutex`. Of its engine, a call that does not count for
 * the queue's `closed` uses the mutex alone: the fixture's mutex stands in
 * for a queue's (a call that used more would throw here, not pass).
 */
function asyncCallOn(mutex: Mutex, signal: AbortSignal | undefined): AsyncCall {
  const engine: Pick<QueueEngine<unknown>, 'mutex'> = { mutex };
  return new AsyncCall(engine as QueueEngine<unknown>, signal === undefined ? undefined : { signal }, false);
}

/**
 * Takes `mutex` as an `asyncQ` call does (a short synchronous try, then
 * retries on timers); rejects with the signal's reason, without the mutex,
 * if `signal` aborts.
 */
export async function lockAsync(mutex: Mutex, signal?: AbortSignal): Promise<void> {
  const call = asyncCallOn(mutex, signal);
  while (!call.lock()) await call.pause();
}

/**
 * With `mutex` held: waits on `cond` as an `asyncQ` call does, and resolves
 * with `mutex` held again. If `signal` aborts, rejects with its reason,
 * without the mutex, having passed on any wake-up it received.
 */
export async function waitAsyncLocked(cond: Condition, mutex: Mutex, signal?: AbortSignal): Promise<void> {
  const call = asyncCallOn(mutex, signal);
  try {
    await call.wait(cond);
    while (!call.lock()) await call.pause();
  } catch (reason) {
    call.finish();
    throw reason;
  }
}

/**
 * With `mutex` held: `Condition.waitAsync`, then the mutex retaken
 * synchronously and `leaveAsync`, as the condition's contract says. Resolves
 * with the mutex held, also when `signal` aborted; unlike an `AsyncCall`, it
 * passes no wake-up on after an abort, so a test sees whether the abort
 * itself swallowed one.
 */
export async function waitAsyncBare(cond: Condition, mutex: Mutex, signal?: AbortSignal): Promise<void> {
  await cond.waitAsync(signal);
  mutex.lock();
  cond.leaveAsync();
}
