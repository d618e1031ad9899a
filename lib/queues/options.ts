/**
 * The options of a queue and their checks.
 *
 * @module
 */
import type { Codec } from '../codec/codec.js';
import { describe } from '../describe.js';
import { blockSize } from '../store/arena.js';
import { MAX_REGION_BYTES } from '../store/shared-region.js';

/** Options of `new Queue(maxsize, options)` and `Queue.from(handle, options)`. */
export interface QueueOptions<T = unknown> {
  /**
   * Initial bytes of the shared item store (default 64 KiB, at most
   * `maxCapacity`). The store grows by doubling as items need room.
   * Ignored by `from()`: the handle carries the store.
   */
  capacity?: number;
  /**
   * The most bytes the store may grow to (default 64 MiB, at most
   * 2 GiB - 8). An item too large for it is a `RangeError`; while the store
   * is full, `put` waits and `putNowait` throws `Full`. The queue takes this
   * much address space at once (and its order index about as much again),
   * but memory only as items fill the store: the limitations guide says how
   * many queues that allows.
   * Ignored by `from()`: the handle carries the store.
   */
  maxCapacity?: number;
  /**
   * How items become bytes and back (default: a structured-clone codec).
   * Every thread attached to one queue must use the same codec.
   */
  codec?: Codec<T>;
}

/** Default initial store size. */
export const DEFAULT_CAPACITY = 64 * 1024;
/** Default largest store size. */
export const DEFAULT_MAX_CAPACITY = 64 * 1024 * 1024;
/** The largest store: offsets are int32. */
export const MAX_STORE_BYTES = MAX_REGION_BYTES;

/** The checked options of a queue. */
export interface CheckedOptions<T> {
  readonly capacity: number;
  readonly maxCapacity: number;
  readonly codec: Codec<T> | undefined;
}

/**
 * Checks the options of a queue constructor or `from()`.
 * @throws TypeError when `options` is not an object, or an option has the wrong type (the message names it).
 * @throws RangeError when a store size is out of range.
 */
export function checkOptions<T>(options: unknown): CheckedOptions<T> {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(
      `options must be an object like { capacity, maxCapacity, codec }; received ${describe(options)}`,
    );
  }
  const { codec } = options as QueueOptions<T>;
  if (codec !== undefined) {
    const { encode, decode } = (codec ?? {}) as Partial<Codec<T>>;
    if (typeof codec !== 'object' || codec === null || typeof encode !== 'function' || typeof decode !== 'function') {
      throw new TypeError(
        `options.codec must be an object with encode and decode functions; received ${describe(codec)}`,
      );
    }
  }
  return { ...storeSizes(options), codec };
}

/** Checks a `maxsize`: any integer (`<= 0` is unbounded). */
export function checkMaxsize(maxsize: unknown): number {
  if (typeof maxsize !== 'number' || !Number.isInteger(maxsize)) {
    throw new TypeError(`maxsize must be an integer (<= 0 for unbounded); received ${describe(maxsize)}`);
  }
  return maxsize;
}

/** The checked store sizes of `options`, rounded up to multiples of 8. */
export function storeSizes(options: Pick<QueueOptions, 'capacity' | 'maxCapacity'>): {
  capacity: number;
  maxCapacity: number;
} {
  const maxCapacity = roundUp8(sizeOption('maxCapacity', options.maxCapacity, DEFAULT_MAX_CAPACITY));
  const capacity = roundUp8(sizeOption('capacity', options.capacity, Math.min(DEFAULT_CAPACITY, maxCapacity)));
  if (capacity > maxCapacity) {
    throw new RangeError(`options.capacity (${capacity}) must not exceed options.maxCapacity (${maxCapacity})`);
  }
  return { capacity, maxCapacity };
}

function sizeOption(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`options.${name} must be an integer number of bytes; received ${describe(value)}`);
  }
  if (value < blockSize(0) || value > MAX_STORE_BYTES) {
    throw new RangeError(
      `options.${name} must be between ${blockSize(0)} and ${MAX_STORE_BYTES} bytes; received ${value}`,
    );
  }
  return value;
}

function roundUp8(bytes: number): number {
  return Math.min(MAX_STORE_BYTES, Math.ceil(bytes / 8) * 8);
}
