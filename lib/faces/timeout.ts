/**
 * The `block` and `timeout` arguments of `syncQ`, checked and turned into a
 * deadline on the monotonic clock.
 *
 * @module
 * @internal
 */
import { describe } from '../describe.js';
import { ValueError } from '../errors.js';
import { canBlock, CANNOT_BLOCK_MESSAGE, now } from '../primitives/platform.js';

/** How long past its deadline a timed call still waits for the lock itself. */
export const LOCK_GRACE_MS = 250;

/**
 * The deadline of a `syncQ` call: `Infinity` for `block = false` (which
 * ignores `timeout`) or no timeout, else now + `timeout` seconds.
 * @throws TypeError for a `block` that is not a boolean or a `timeout` that is not a number or null.
 * @throws ValueError for a negative or NaN timeout.
 * @throws Error where this thread cannot block and `block` is true.
 */
export function deadlineOf(block: unknown, timeout: unknown): number {
  if (typeof block !== 'boolean') {
    throw new TypeError(`block must be a boolean; received ${describe(block)}`);
  }
  if (!block) return Infinity;
  if (!canBlock) throw new Error(CANNOT_BLOCK_MESSAGE);
  if (timeout === null || timeout === undefined || timeout === Infinity) return Infinity;
  if (typeof timeout !== 'number') {
    throw new TypeError(`timeout must be a number of seconds, or null to wait forever; received ${describe(timeout)}`);
  }
  if (!(timeout >= 0)) throw new ValueError(`timeout must be a non-negative number of seconds; received ${timeout}`);
  return now() + timeout * 1000;
}

/** The latest time a call with `deadline` waits for the lock. */
export function lockDeadlineOf(deadline: number): number {
  return deadline + LOCK_GRACE_MS;
}
