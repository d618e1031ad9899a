/**
 * The arguments of the faces' calls, checked: `block` and `timeout` of
 * `syncQ` (positional, or Python's keywords as an options object) turned into
 * a deadline on the monotonic clock, `immediate` of `shutdown`, `max` of
 * `getMany`, and `signal` of `asyncQ`.
 *
 * @module
 * @internal
 */
import { describe } from '../describe.js';
import { ValueError } from '../errors.js';
import { canBlock, CANNOT_BLOCK_MESSAGE, now } from '../primitives/platform.js';

/**
 * Python's keyword arguments of a blocking `syncQ` call:
 * `put(x, timeout=2)` is `put(x, { timeout: 2 })`.
 */
export interface BlockingOptions {
  /** `false`: never wait (and ignore `timeout`). Default `true`. */
  block?: boolean;
  /** Seconds to wait at most; `null` (the default) or `Infinity` waits forever. */
  timeout?: number | null;
}

/** Python's keyword argument of `shutdown`: `shutdown(immediate=True)` is `shutdown({ immediate: true })`. */
export interface ShutdownOptions {
  /** Drop the items left, so that `get` throws `ShutDown` at once. Default `false`. */
  immediate?: boolean;
}

/** Options of the waiting calls of `asyncQ`. */
export interface WaitOptions {
  /**
   * Aborting it rejects the call with `signal.reason` and leaves the queue
   * as if the call had never been made: a cancelled `get` consumes no item,
   * a cancelled `put` adds none, and no wake-up meant for another waiter is lost.
   */
  signal?: AbortSignal;
}

/** A checked blocking call: whether it may wait, and until when (a `now()` time). @internal */
export interface Blocking {
  readonly block: boolean;
  readonly deadline: number;
}

/**
 * The `block` and `timeout` of a `syncQ` call, given positionally or as
 * `{ block, timeout }`, checked and turned into a deadline: `Infinity` for
 * `block = false` (which ignores `timeout`) or no timeout, else now +
 * `timeout` seconds.
 * @throws TypeError for a `block` that is not a boolean, a `timeout` that is not a number or null, or options that are not an object.
 * @throws ValueError for a negative or NaN timeout.
 * @throws Error where this thread cannot block and `block` is true.
 * @internal
 */
export function blockingOf(blockOrOptions: boolean | BlockingOptions | undefined, timeout: unknown): Blocking {
  let block: unknown = blockOrOptions;
  let name = 'block';
  if (typeof blockOrOptions === 'object' && blockOrOptions !== null) {
    ({ block, timeout } = blockOrOptions);
    name = 'options.block';
  }
  if (block === undefined) block = true;
  if (typeof block !== 'boolean') {
    throw new TypeError(
      `${name} must be a boolean; received ${describe(block)} (Python's keyword arguments are an options object: { block, timeout })`,
    );
  }
  if (!block) return NON_BLOCKING;
  if (!canBlock) throw new Error(CANNOT_BLOCK_MESSAGE);
  if (timeout === null || timeout === undefined || timeout === Infinity) return FOREVER;
  const timeoutName = name === 'block' ? 'timeout' : 'options.timeout';
  if (typeof timeout !== 'number') {
    throw new TypeError(
      `${timeoutName} must be a number of seconds, or null to wait forever; received ${describe(timeout)}`,
    );
  }
  if (!(timeout >= 0))
    throw new ValueError(`${timeoutName} must be a non-negative number of seconds; received ${timeout}`);
  return { block: true, deadline: now() + timeout * 1000 };
}

const NON_BLOCKING: Blocking = { block: false, deadline: Infinity };
const FOREVER: Blocking = { block: true, deadline: Infinity };

/**
 * The `immediate` of `shutdown`, given positionally or as `{ immediate }`.
 * @throws TypeError for anything but a boolean, or an object whose `immediate` is not one.
 * @internal
 */
export function immediateOf(immediateOrOptions: boolean | ShutdownOptions | undefined): boolean {
  let immediate: unknown = immediateOrOptions;
  let name = 'immediate';
  if (typeof immediateOrOptions === 'object' && immediateOrOptions !== null) {
    immediate = immediateOrOptions.immediate;
    name = 'options.immediate';
  }
  if (immediate === undefined) return false;
  if (typeof immediate !== 'boolean') {
    throw new TypeError(
      `${name} must be a boolean; received ${describe(immediate)} (Python's keyword argument is an options object: { immediate })`,
    );
  }
  return immediate;
}

/**
 * Checks the `max` of a `getMany`: a whole number from 1, or `Infinity`.
 * @internal
 */
export function checkMax(max: unknown): number {
  if (typeof max !== 'number' || !(Number.isInteger(max) || max === Infinity)) {
    throw new TypeError(`max must be a whole number of items (or Infinity); received ${describe(max)}`);
  }
  if (max < 1) throw new ValueError(`max must be at least 1; received ${max}`);
  return max;
}

/**
 * The `signal` of an `asyncQ` call's options.
 * @throws TypeError when `options` is not an object or its `signal` is not an `AbortSignal`.
 * @internal
 */
export function signalOf(options: WaitOptions | undefined): AbortSignal | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`options must be an object like { signal }; received ${describe(options)}`);
  }
  const { signal } = options;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError(`options.signal must be an AbortSignal; received ${describe(signal)}`);
  }
  return signal;
}
