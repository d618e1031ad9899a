/**
 * What a family of queues shares with other threads, and its options.
 *
 * @module
 */
import type { QueueHandle } from '../engine/handle.js';
import type { QueueOptions } from '../queues/options.js';

/**
 * Everything another thread needs to use a {@link QueueFamily}: the handle
 * of every queue, of the free list, and the loan states. Post it once
 * (`workerData`, `postMessage`) and call `QueueFamily.from(handle)` there;
 * after that, only reply ids travel.
 *
 * @example
 * ```ts
 * // main thread
 * const replies = new QueueFamily<string>(16);
 * new Worker(new URL('./server.js', import.meta.url), { workerData: replies.handle });
 *
 * // server.js (a worker)
 * import { workerData } from 'node:worker_threads';
 * import { QueueFamily, type QueueFamilyHandle } from 'janus-queue';
 * const replies = QueueFamily.from<string>(workerData as QueueFamilyHandle);
 * ```
 */
export interface QueueFamilyHandle {
  /** The handle of each queue of the family, in slot order. */
  readonly queues: readonly QueueHandle[];
  /** The handle of the queue of free slots. */
  readonly free: QueueHandle;
  /** Which slots are lent out, and how many times each was. */
  readonly slots: SharedArrayBuffer;
}

/**
 * Options of `new QueueFamily(size, options)`: those of every queue of the
 * family (as for `new Queue(maxsize, options)`), and its `maxsize`.
 * `capacity` is per queue, so a family of many queues may want a smaller one
 * than the default 64 KiB (the store still grows up to `maxCapacity`).
 *
 * @example
 * ```ts
 * // 32 reply queues of at most 16 items, each store 4 KiB to start with
 * const replies = new QueueFamily<Result>(32, { maxsize: 16, capacity: 4096 });
 * ```
 */
export interface QueueFamilyOptions<T = unknown> extends QueueOptions<T> {
  /** The `maxsize` of every queue of the family (default 0: unbounded). */
  maxsize?: number;
}
