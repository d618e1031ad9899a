/**
 * `QueueFamily`: queues created together and shared once, lent out by id,
 * so that a reply queue can be named inside an item.
 *
 * @module
 */
import type { Codec } from '../codec/codec.js';
import { describe } from '../describe.js';
import type { QueueHandle } from '../engine/handle.js';
import { Empty, RuntimeError, ShutDown } from '../errors.js';
import type { WaitOptions } from '../faces/call-options.js';
import { Queue } from '../queues/queue.js';
import { QueueFamilyExhausted } from './family-exhausted.js';
import type { QueueFamilyHandle, QueueFamilyOptions } from './family-handle.js';
import { SlotStates } from './slot-states.js';

/**
 * The most queues in one family. Each queue takes about four memory mappings
 * (its three shared buffers, one of them growable), and Linux allows a
 * process 65530 by default: a family of 65536 queues crashes Node 20. With
 * 4096, every slot is lent 262144 times before one of its ids repeats.
 */
const MAX_FAMILY_SIZE = 4096;

/** The parts of a family, made by the constructor or attached by `from()`. */
interface FamilyParts<T> {
  queues: Queue<T>[];
  free: Queue<number>;
  slots: SlotStates;
  handle: QueueFamilyHandle;
}

/** Set by `QueueFamily.from` while it constructs an attached family. */
let attaching: FamilyParts<unknown> | undefined;

/**
 * A fixed set of queues created together, whose single handle is shared
 * once, and which any thread lends out by a small integer id: the port of
 * Python's per-request reply queue (`reply = janus.Queue()` sent inside a
 * request), since a queue's own handle cannot travel inside an item.
 *
 * `acquire()` (blocking) or `acquireAsync()` lends out a free queue and
 * returns its reply id; put the id in the request; the thread that serves
 * it calls `family.queue(id)` to reach that queue; the requester calls
 * `release(id)` when the last reply is in. Any thread may acquire, resolve
 * and release: the free list is itself a `Queue` shared by every thread.
 *
 * An id resolves only while its loan lasts: after `release(id)`,
 * `queue(id)` and a second `release(id)` throw `ValueError`, and the slot's
 * next loan gets a different id. A released queue comes back empty with no
 * unfinished task, and goes to the back of the free list.
 *
 * Do not shut down a queue of the family to end a stream of replies (a
 * queue cannot be reopened): put a sentinel such as `null`.
 *
 * @typeParam T - The type of the items of every queue of the family.
 * @example
 * ```ts
 * // main thread: requests go out on one queue, each names its reply queue
 * const requests = new Queue<{ text: string; replyTo: number }>();
 * const replies = new QueueFamily<string | null>(8);
 * new Worker(new URL('./server.js', import.meta.url), {
 *   workerData: { requests: requests.handle, replies: replies.handle },
 * });
 * const replyTo = await replies.acquireAsync();
 * try {
 *   await requests.asyncQ.put({ text: 'hello', replyTo });
 *   for (let part; (part = await replies.queue(replyTo).asyncQ.get()) !== null; ) console.log(part);
 * } finally {
 *   replies.release(replyTo);
 * }
 *
 * // server.js (a worker)
 * const requests = Queue.from<{ text: string; replyTo: number }>(workerData.requests);
 * const replies = QueueFamily.from<string | null>(workerData.replies);
 * for (const { text, replyTo } of requests.syncQ) {
 *   const reply = replies.queue(replyTo);
 *   for (const word of text.split(' ')) reply.syncQ.put(word.toUpperCase());
 *   reply.syncQ.put(null);
 * }
 * ```
 */
export class QueueFamily<T> {
  readonly #queues: Queue<T>[];
  readonly #free: Queue<number>;
  readonly #slots: SlotStates;
  readonly #handle: QueueFamilyHandle;

  /**
   * Creates `size` queues, all free.
   *
   * @param size - how many queues: at most this many loans at once (an integer, 1 to 4096).
   * @param options - `maxsize` and the queue options of every queue of the family.
   * @throws TypeError when `size` is not an integer or an option is wrong; RangeError when `size` is out of range.
   * @example
   * ```ts
   * const replies = new QueueFamily<Result>(32, { capacity: 4096 }); // 32 reply queues of 4 KiB to start with
   * ```
   */
  constructor(size: number, options: QueueFamilyOptions<T> = {}) {
    const parts = (attaching as FamilyParts<T> | undefined) ?? createParts(size, options);
    this.#queues = parts.queues;
    this.#free = parts.free;
    this.#slots = parts.slots;
    this.#handle = parts.handle;
  }

  /**
   * Returns the family of `handle` (a `family.handle`, usually posted from
   * another thread) in the calling thread.
   *
   * @param handle - the `handle` of a family, from any thread.
   * @param options - the codec of the family's queues, if it is not the default one.
   * @throws TypeError when `handle` is not a family handle.
   * @example
   * ```ts
   * import { workerData } from 'node:worker_threads';
   * const replies = QueueFamily.from<string | null>(workerData.replies);
   * ```
   */
  static from<T>(handle: QueueFamilyHandle, options: { codec?: Codec<T> } = {}): QueueFamily<T> {
    attaching = attachParts(handle, options);
    try {
      return new QueueFamily<T>(0);
    } finally {
      attaching = undefined;
    }
  }

  /**
   * What another thread needs to use this family: post it once, then call
   * `QueueFamily.from(handle)` there.
   * @example
   * ```ts
   * worker.postMessage(replies.handle);
   * ```
   */
  get handle(): QueueFamilyHandle {
    return this.#handle;
  }

  /**
   * How many queues the family has.
   * @example
   * ```ts
   * new QueueFamily(8).size; // 8
   * ```
   */
  get size(): number {
    return this.#queues.length;
  }

  /**
   * How many queues are free at the moment of the call (racy by nature, like `qsize()`).
   * @example
   * ```ts
   * if (replies.available === 0) console.warn('every reply queue is in use');
   * ```
   */
  get available(): number {
    return this.#free.syncQ.qsize();
  }

  /**
   * Lends out a free queue and returns its reply id, waiting while every
   * queue is lent out (with `block`, up to `timeout` seconds; `null` waits
   * forever). Blocks the thread: use {@link QueueFamily.acquireAsync} on an
   * event loop.
   *
   * @throws QueueFamilyExhausted when no queue is free (`block = false`) or came free within `timeout`.
   * @throws SyncQueueShutDown once the family is shut down.
   * @example
   * ```ts
   * const replyTo = replies.acquire(true, 2); // wait at most 2 s for a free queue
   * requests.syncQ.put({ job, replyTo });
   * const result = replies.queue(replyTo).syncQ.get();
   * replies.release(replyTo);
   * ```
   */
  acquire(block: boolean = true, timeout: number | null = null): number {
    let slot: number;
    try {
      slot = this.#free.syncQ.get(block, timeout);
    } catch (error) {
      if (!(error instanceof Empty)) throw error;
      const waited = block ? ` within ${timeout} s` : '';
      throw new QueueFamilyExhausted(
        `all ${this.size} queues of the family are lent out and none was released${waited}: release() ids when their last reply is in, make the family larger, or wait longer`,
        { cause: error },
      );
    }
    return this.#slots.lend(slot);
  }

  /**
   * Lends out a free queue and resolves with its reply id, waiting without
   * blocking the thread while every queue is lent out.
   *
   * @param options - `signal`: aborting it rejects with `signal.reason`, and no queue is lent.
   * @throws AsyncQueueShutDown once the family is shut down.
   * @example
   * ```ts
   * const replyTo = await replies.acquireAsync({ signal: AbortSignal.timeout(2000) });
   * ```
   */
  async acquireAsync(options?: WaitOptions): Promise<number> {
    const slot = await this.#free.asyncQ.get(options);
    return this.#slots.lend(slot);
  }

  /**
   * The queue that the reply id `id` names, in the calling thread, while
   * its loan lasts. Both faces work on it, as on any queue.
   *
   * @throws TypeError when `id` is not an integer id of this family's range; ValueError once `id` was released.
   * @example
   * ```ts
   * // in the worker that serves a request
   * replies.queue(request.replyTo).syncQ.put(result);
   * ```
   */
  queue(id: number): Queue<T> {
    return this.#queues[this.#slots.slotOf(id)];
  }

  /**
   * Ends the loan of `id`: the queue is emptied (its unfinished tasks
   * counted done) and goes to the back of the free list, and `id` stops
   * resolving. Call it when the last reply is in; from any thread.
   *
   * A reply put after `release` by a thread that resolved the id before
   * would reach the queue's next borrower: release an id only when no
   * reply can still come for it (after the last reply, or once the server
   * has told you it gave up).
   *
   * @throws TypeError when `id` is not an integer id of this family's range; ValueError when it was released already.
   * @throws RuntimeError when its queue was shut down while the family was not: the queue cannot be reopened, so it leaves the free list.
   * @example
   * ```ts
   * const replyTo = await replies.acquireAsync();
   * try {
   *   await requests.asyncQ.put({ job, replyTo });
   *   return await replies.queue(replyTo).asyncQ.get();
   * } finally {
   *   replies.release(replyTo);
   * }
   * ```
   */
  release(id: number): void {
    const slot = this.#slots.endLoan(id);
    const queue = this.#queues[slot];
    queue.clear();
    while (queue.syncQ.unfinishedTasks > 0) queue.syncQ.taskDone();
    // shutdown() shuts the free list down before the queues, so a queue shut
    // down by the family is never mistaken for one shut down on its own.
    if (queue.isShutDown && !this.#free.isShutDown) {
      throw new RuntimeError(
        `the queue of reply id ${id} was shut down, and a queue cannot be reopened: it leaves the family's free list; end a stream of replies with a sentinel such as null instead`,
      );
    }
    try {
      this.#free.syncQ.putNowait(slot);
    } catch (error) {
      if (!(error instanceof ShutDown)) throw error; // the family is shut down: nothing is lent again
    }
  }

  /**
   * Shuts down the family: every pending and later `acquire` throws
   * `ShutDown`, and every queue of the family is shut down (with
   * `immediate`, its items are dropped), which wakes every thread waiting
   * on one. `release` still works, and lends nothing out again.
   *
   * @example
   * ```ts
   * worker.once('error', () => replies.shutdown()); // whoever waits for a reply wakes with ShutDown
   * ```
   */
  shutdown(immediate: boolean = false): void {
    this.#free.shutdown(true);
    for (const queue of this.#queues) queue.shutdown(immediate);
  }
}

function createParts<T>(size: number, options: QueueFamilyOptions<T>): FamilyParts<T> {
  if (typeof size !== 'number' || !Number.isInteger(size)) {
    throw new TypeError(`size must be an integer number of queues; received ${describe(size)}`);
  }
  if (size < 1 || size > MAX_FAMILY_SIZE) {
    throw new RangeError(`size must be from 1 to ${MAX_FAMILY_SIZE} queues; received ${size}`);
  }
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`options must be an object; received ${describe(options)}`);
  }
  const { maxsize = 0, ...queueOptions } = options;
  const queues = Array.from({ length: size }, () => new Queue<T>(maxsize, queueOptions));
  const free = new Queue<number>();
  free.syncQ.putMany(queues.keys());
  const slots = SlotStates.create(size);
  const handle = Object.freeze({
    queues: Object.freeze(queues.map((queue) => queue.handle)),
    free: free.handle,
    slots: slots.buffer,
  });
  return { queues, free, slots, handle };
}

function attachParts<T>(handle: QueueFamilyHandle, options: { codec?: Codec<T> }): FamilyParts<T> {
  if (typeof handle !== 'object' || handle === null || !Array.isArray(handle.queues)) {
    throw new TypeError(`expected a QueueFamilyHandle (family.handle); received ${describe(handle)}`);
  }
  const slots = SlotStates.attach(handle.slots, handle.queues.length);
  const queues = handle.queues.map((queueHandle: QueueHandle) => Queue.from<T>(queueHandle, options));
  const free = Queue.from<number>(handle.free);
  return { queues, free, slots, handle };
}
