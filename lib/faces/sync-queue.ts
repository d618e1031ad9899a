/**
 * `syncQ`: the blocking face, for worker threads (Python's `queue.Queue`).
 *
 * @module
 */
import { EncodedBatch } from '../engine/batch.js';
import type { QueueEngine } from '../engine/engine.js';
import { Put, Take } from '../engine/outcomes.js';
import { ShutDown } from '../errors.js';
import { BlockingCall } from './blocking-call.js';
import { blockingOf, checkMax, type Blocking, type BlockingOptions } from './call-options.js';
import { allPut, Face, iteratorOf, putManyStopped, type QueueFace } from './face.js';
import { syncFaults } from './faults.js';
import { SpinBackoff } from './spin-backoff.js';

/**
 * The blocking face of a queue. Its calls block the calling thread with
 * `Atomics.wait`, so use it in workers (or on Node's main thread when
 * blocking it is fine); on a browser's main thread its blocking calls throw.
 * Timeouts are in **seconds**, as in Python; `null` or `Infinity` waits
 * forever. Throws `SyncQueueEmpty`, `SyncQueueFull`, `SyncQueueShutDown`.
 *
 * @typeParam T - The type of the items.
 */
export interface SyncQueue<T> extends QueueFace<T>, Iterable<T> {
  /**
   * Puts `item`, waiting for room while the queue is full.
   *
   * @param block - false: never wait (and ignore `timeout`).
   * @param timeout - seconds to wait at most; `null` waits forever.
   * @throws SyncQueueFull when still full when the wait ends (or at once with `block = false`).
   * @throws SyncQueueShutDown when the queue is (or gets) shut down.
   * @throws ValueError for a negative or NaN timeout.
   * @throws RangeError when the item can never fit the store; the codec's error when it cannot be encoded.
   * @example
   * ```ts
   * const queue = Queue.from<number>(workerData);
   * queue.syncQ.put(42);            // waits while the queue is full
   * queue.syncQ.put(43, true, 0.5); // waits half a second at most
   * ```
   */
  put(item: T, block?: boolean, timeout?: number | null): void;
  /**
   * Puts `item`, with Python's keyword arguments: `put(x, timeout=2)` is
   * `put(x, { timeout: 2 })`. As {@link SyncQueue.put | put(item, block, timeout)}.
   * @throws TypeError when an option has the wrong type (the message names it).
   * @example
   * ```ts
   * queue.syncQ.put(job, { timeout: 2 });    // Python: put(job, timeout=2)
   * queue.syncQ.put(job, { block: false });  // Python: put(job, block=False)
   * ```
   */
  put(item: T, options: BlockingOptions): void;
  /**
   * Removes and returns the next item, waiting for one while the queue is empty.
   *
   * @param block - false: never wait (and ignore `timeout`).
   * @param timeout - seconds to wait at most; `null` waits forever.
   * @throws SyncQueueEmpty when still empty when the wait ends (or at once with `block = false`).
   * @throws SyncQueueShutDown when the queue is shut down and empty.
   * @throws ValueError for a negative or NaN timeout.
   * @example
   * ```ts
   * const job = queue.syncQ.get();   // blocks this worker until an item comes
   * queue.syncQ.taskDone();
   * ```
   */
  get(block?: boolean, timeout?: number | null): T;
  /**
   * Removes and returns the next item, with Python's keyword arguments:
   * `get(timeout=2)` is `get({ timeout: 2 })`. As {@link SyncQueue.get | get(block, timeout)}.
   * @throws TypeError when an option has the wrong type (the message names it).
   * @example
   * ```ts
   * const job = queue.syncQ.get({ timeout: 0.5 }); // Python: get(timeout=0.5)
   * ```
   */
  get(options: BlockingOptions): T;
  /**
   * Returns (a copy of) the item the next `get` would return, leaving it in
   * the queue; waits like `get`.
   * @example
   * ```ts
   * const next = queue.syncQ.peek(true, 1); // the next item, within a second
   * ```
   */
  peek(block?: boolean, timeout?: number | null): T;
  /**
   * {@link SyncQueue.peek | peek(block, timeout)} with Python's keyword arguments.
   * @example
   * ```ts
   * const next = queue.syncQ.peek({ block: false });
   * ```
   */
  peek(options: BlockingOptions): T;
  /**
   * Puts every item of `items`, in order, as that many `put` calls would,
   * but taking the lock once for as many items as fit (items are encoded
   * first, up to 256 at a time): a cheaper way to hand over many items.
   * Other threads may take items before the last one is in, and other
   * putters may interleave theirs. `timeout` bounds the whole call.
   *
   * @param items - any iterable (an array, a Set, a generator...).
   * @param block - false: never wait; put what fits, then throw `SyncQueueFull`.
   * @param timeout - seconds to wait at most, in all; `null` waits forever.
   * @throws SyncQueueFull when still full when the wait ends; the items before stay put,
   *   and the error's `itemsPut` property says how many went in (as on every error it throws).
   * @throws SyncQueueShutDown when the queue is (or gets) shut down; the items before stay put.
   * @throws ValueError for a negative or NaN timeout; TypeError when `items` is not iterable.
   * @throws Whatever encoding or iterating an item throws, once the items before it are put.
   * @example
   * ```ts
   * queue.syncQ.putMany([1, 2, 3]);          // like put(1); put(2); put(3)
   * queue.syncQ.putMany(rows(), true, 5);    // a generator, within 5 s in all
   * ```
   */
  putMany(items: Iterable<T>, block?: boolean, timeout?: number | null): void;
  /**
   * {@link SyncQueue.putMany | putMany(items, block, timeout)} with Python's keyword arguments.
   * @example
   * ```ts
   * queue.syncQ.putMany(rows, { timeout: 5 });
   * ```
   */
  putMany(items: Iterable<T>, options: BlockingOptions): void;
  /**
   * Waits, as `get` does, for an item; then removes and returns, in order,
   * every item there is, up to `max` (at least one), under one lock: as if
   * `get` were called that many times, without waiting after the first.
   * Call `taskDone()` once per item returned.
   *
   * @param max - the most items to return: a whole number from 1, or `Infinity`.
   * @param block - false: never wait (throw `SyncQueueEmpty` when there is no item).
   * @param timeout - seconds to wait at most for the first item; `null` waits forever.
   * @throws SyncQueueEmpty when still empty when the wait ends (or at once with `block = false`).
   * @throws SyncQueueShutDown when the queue is shut down and empty.
   * @throws TypeError or ValueError for a bad `max`; ValueError for a negative or NaN timeout.
   * @example
   * ```ts
   * for (;;) {
   *   const jobs = queue.syncQ.getMany(64); // 1 to 64 jobs, waiting for the first
   *   for (const job of jobs) handle(job);
   *   for (let i = 0; i < jobs.length; i++) queue.syncQ.taskDone();
   * }
   * ```
   */
  getMany(max: number, block?: boolean, timeout?: number | null): T[];
  /**
   * {@link SyncQueue.getMany | getMany(max, block, timeout)} with Python's keyword arguments.
   * @example
   * ```ts
   * const jobs = queue.syncQ.getMany(64, { timeout: 1 });
   * ```
   */
  getMany(max: number, options: BlockingOptions): T[];
  /**
   * Blocks until every item put has been marked done with `taskDone()`.
   * @example
   * ```ts
   * for (const job of jobs) queue.syncQ.put(job);
   * queue.syncQ.join(); // until a consumer called taskDone() for each
   * ```
   */
  join(): void;
  /**
   * Iterates with `get()` until the queue is shut down and empty.
   * @example
   * ```ts
   * for (const job of queue.syncQ) handle(job);
   * ```
   */
  [Symbol.iterator](): Iterator<T>;
}

/** The implementation of {@link SyncQueue}, named `SyncQueueProxy` at run time. */
const SyncFace = class SyncQueueProxy<T> extends Face<T> implements SyncQueue<T> {
  /** Whether this thread's puts that wait for room spin first. */
  private readonly roomSpins = new SpinBackoff('room');
  /** Whether this thread's gets and peeks that wait for an item spin first. */
  private readonly itemSpins = new SpinBackoff('item');

  /** @param engine - the queue's engine. */
  constructor(engine: QueueEngine<T>) {
    super(engine, syncFaults);
  }

  put(item: T, block?: boolean | BlockingOptions, timeout?: number | null): void {
    const call = new BlockingCall(this.engine, blockingOf(block, timeout), this.roomSpins);
    const engine = this.engine;
    const priority = engine.priorityOf(item);
    const bytes = engine.encode(item);
    if (!call.enter()) throw this.faults.full(false);
    try {
      for (;;) {
        const outcome = engine.tryPut(bytes, priority);
        if (outcome === Put.Done) return;
        if (outcome === Put.ShutDown) throw this.faults.shutDown();
        if (!call.waitFor(engine.notFull, outcome === Put.Full)) throw this.faults.full(outcome === Put.NoRoom);
      }
    } finally {
      call.exit();
    }
  }

  get(block?: boolean | BlockingOptions, timeout?: number | null): T {
    return this.take(false, blockingOf(block, timeout));
  }

  peek(block?: boolean | BlockingOptions, timeout?: number | null): T {
    return this.take(true, blockingOf(block, timeout));
  }

  putMany(items: Iterable<T>, block?: boolean | BlockingOptions, timeout?: number | null): void {
    const call = new BlockingCall(this.engine, blockingOf(block, timeout), this.roomSpins);
    const engine = this.engine;
    const iterator = iteratorOf(items);
    const batch = EncodedBatch.borrow();
    let itemsPut = 0;
    try {
      for (;;) {
        const fill = this.fillBatch(iterator, batch);
        if (batch.count > 0 && !call.enter()) throw this.faults.full(false);
        try {
          while (batch.next < batch.count) {
            const outcome = engine.tryPutMany(batch);
            if (outcome === Put.ShutDown) throw this.faults.shutDown();
            if (outcome === Put.Done) {
              // Let other threads in between two runs of BATCH_BYTES.
              call.exit();
              if (batch.next < batch.count && !call.enter()) throw this.faults.full(false);
            } else if (!call.waitFor(engine.notFull, outcome === Put.Full)) {
              throw this.faults.full(outcome === Put.NoRoom);
            }
          }
        } finally {
          call.exit();
          itemsPut += batch.next;
        }
        if (allPut(fill)) return;
      }
    } catch (error) {
      throw putManyStopped(error, iterator, itemsPut);
    } finally {
      EncodedBatch.giveBack(batch);
    }
  }

  getMany(max: number, block?: boolean | BlockingOptions, timeout?: number | null): T[] {
    checkMax(max);
    this.takeWhenThere(false, max, blockingOf(block, timeout));
    return this.engine.decodeTakenMany();
  }

  join(): void {
    const call = new BlockingCall(this.engine, blockingOf(true, null));
    const engine = this.engine;
    call.enter();
    try {
      while (engine.unfinishedTasks > 0) call.waitFor(engine.allTasksDone, false);
    } finally {
      call.exit();
    }
  }

  *[Symbol.iterator](): Iterator<T> {
    for (;;) {
      try {
        yield this.get();
      } catch (error) {
        if (error instanceof ShutDown) return;
        throw error;
      }
    }
  }

  /** `get` (or, with `peek`, `peek`): the item, once there is one. */
  private take(peek: boolean, blocking: Blocking): T {
    this.takeWhenThere(peek, undefined, blocking);
    return this.engine.decodeTaken(!peek);
  }

  /**
   * Waits, within `blocking`, for an item, and takes it under the lock, for
   * the caller to decode: with `peek`, a copy of it; with a `max`, up to
   * `max` items (`getMany`).
   */
  private takeWhenThere(peek: boolean, max: number | undefined, blocking: Blocking): void {
    const call = new BlockingCall(this.engine, blocking, this.itemSpins);
    const engine = this.engine;
    if (!call.enter()) throw this.faults.empty();
    try {
      for (;;) {
        const outcome = max === undefined ? engine.tryTake(peek) : engine.tryTakeMany(max);
        if (outcome === Take.Taken) return;
        if (outcome === Take.ShutDown) throw this.faults.shutDown();
        if (!call.waitFor(engine.notEmpty, true)) throw this.faults.empty();
      }
    } finally {
      call.exit();
    }
  }
};

/** The `syncQ` of the queue whose engine is `engine`. @internal */
export function syncFace<T>(engine: QueueEngine<T>): SyncQueue<T> {
  return new SyncFace(engine);
}

/**
 * The class of every `syncQ` (janus's `SyncQueueProxy`), for `instanceof`
 * checks; each queue constructs its own.
 * @example
 * ```ts
 * if (face instanceof SyncQueueProxy) face.put(item); // the blocking face
 * ```
 */
export const SyncQueueProxy = SyncFace as unknown as SyncQueueProxyClass;

/**
 * The type of {@link SyncQueueProxy}: an abstract constructor, for `instanceof`
 * checks only.
 */
export type SyncQueueProxyClass = abstract new <T>(
  /** none: each queue constructs its own `syncQ` */
  ...none: never[]
) => SyncQueue<T>;

/** The type of a `syncQ`: a {@link SyncQueue}. */
export type SyncQueueProxy<T> = SyncQueue<T>;
