/**
 * Keeps Node's event loop alive while an async waiter is pending.
 *
 * A pending `Atomics.waitAsync` does not keep Node running (the process would
 * exit with code 13 while a `get` waits), so while any waiter of this thread
 * is registered a ref'd interval timer that never does anything is held, as
 * a pending message receive would be. In browsers it is harmless.
 *
 * @module
 * @internal
 */

/** About twelve days: the timer only exists to be referenced. */
const IDLE_PERIOD_MS = 2 ** 30;

let holders = 0;
let timer: ReturnType<typeof setInterval> | undefined;

function idle(): void {}

/** Counts one more pending waiter; the first one starts the timer. */
export function holdEventLoop(): void {
  if (holders++ === 0) timer = setInterval(idle, IDLE_PERIOD_MS);
}

/** Counts one waiter less; the last one stops the timer. */
export function releaseEventLoop(): void {
  if (--holders === 0) {
    clearInterval(timer);
    timer = undefined;
  }
}
