/**
 * `asyncQ`: the promise face, for event loops (Python's `asyncio.Queue`).
 *
 * @module
 */
import { describe } from '../describe.js';
import { ShutDown } from '../errors.js';
import type { Condition } from '../primitives/condition.js';
import { retryPauseMs } from '../primitives/mutex.js';
import { sleep } from '../primitives/sleep.js';
import type { BaseQueue } from '../queues/base-queue.js';
import { EncodedBatch } from '../queues/batch.js';
import { checkMax, closeIterator, Face, iteratorOf, Op, putMustWait, takeMustWait, type BatchFill, type OpData, type QueueFace } from './face.js';
import { asyncFaults } from './faults.js';

/** Options of the waiting calls of `asyncQ`. */
export interface WaitOptions {
  /**
   * Aborting it rejects the call with `signal.reason` and leaves the queue
   * as if the call had never been made: a cancelled `get` consumes no item,
   * a cancelled `put` adds none, and no wake-up meant for another waiter is lost.
   */
  signal?: AbortSignal;
}

/**
 * The promise face of a queue. Its calls never block the thread while they
 * wait for an item, for room or for `join` (they wait with
 * `Atomics.waitAsync`, or by polling where that is missing); a pending call
 * keeps Node's event loop alive. Throws (rejects with) `AsyncQueueEmpty`,
 * `AsyncQueueFull`, `AsyncQueueShutDown`.
 *
 * @typeParam T - The type of the items.
 */
export interface AsyncQueue<T> extends QueueFace<T>, AsyncIterable<T> {
  /**
   * Puts `item`, waiting for room while the queue is full.
   * @throws AsyncQueueShutDown when the queue is (or gets) shut down.
   * @throws RangeError when the item can never fit the store; the codec's error when it cannot be encoded.
   * @example
   * ```ts
   * await queue.asyncQ.put({ id: 1 });
   * await queue.asyncQ.put(2, { signal: AbortSignal.timeout(1000) }); // give up after 1 s
   * ```
   */
  put(item: T, options?: WaitOptions): Promise<void>;
  /**
   * Puts every item of `items`, in order, as that many `put` calls would,
   * but taking the lock once for as many items as fit (items are encoded
   * first, up to 256 at a time): a cheaper way to hand over many items.
   * Other threads may take items before the last one is in, and other
   * putters may interleave theirs.
   *
   * An aborted `signal` rejects with `signal.reason`; the items put before
   * stay in the queue (none of the others is added).
   * @throws AsyncQueueShutDown when the queue is (or gets) shut down; the items before stay put.
   * @throws TypeError when `items` is not iterable; whatever encoding or iterating an item throws, once the items before it are put.
   * @example
   * ```ts
   * await queue.asyncQ.putMany([1, 2, 3]); // like three awaited put() calls
   * ```
   */
  putMany(items: Iterable<T>, options?: WaitOptions): Promise<void>;
  /**
   * Waits, as `get` does, for an item; then removes and returns, in order,
   * every item there is, up to `max` (at least one), under one lock: as if
   * `get` were called that many times, without waiting after the first.
   * Call `taskDone()` once per item returned.
   *
   * @param max - the most items to return: a whole number from 1, or `Infinity`.
   * @throws AsyncQueueShutDown when the queue is shut down and empty.
   * @throws TypeError or ValueError for a bad `max`.
   * @example
   * ```ts
   * for (;;) {
   *   const batch = await queue.asyncQ.getMany(64); // 1 to 64 items
   *   for (const item of batch) console.log(item);
   * }
   * ```
   */
  getMany(max: number, options?: WaitOptions): Promise<T[]>;
  /**
   * Removes and returns the next item, waiting for one while the queue is empty.
   * @throws AsyncQueueShutDown when the queue is shut down and empty.
   * @example
   * ```ts
   * const item = await queue.asyncQ.get();
   * queue.asyncQ.taskDone();
   * ```
   */
  get(options?: WaitOptions): Promise<T>;
  /**
   * Resolves with (a copy of) the item the next `get` would return, leaving
   * it in the queue; waits like `get`.
   * @example
   * ```ts
   * const next = await queue.asyncQ.peek();
   * ```
   */
  peek(options?: WaitOptions): Promise<T>;
  /**
   * Resolves once every item put has been marked done with `taskDone()`.
   * @example
   * ```ts
   * await queue.asyncQ.join();
   * ```
   */
  join(options?: WaitOptions): Promise<void>;
  /**
   * Iterates with `get()` until the queue is shut down and empty.
   * @example
   * ```ts
   * for await (const item of queue.asyncQ) console.log(item);
   * ```
   */
  [Symbol.asyncIterator](): AsyncIterator<T>;
}

/**
 * How long an async call may block its thread to take the queue's lock
 * (held by others only to copy bytes) before it retries on timers.
 */
const LOCK_SLICE_MS = 2;
/** What {@link AsyncQueueProxy.attemptNow} returns when the lock did not come: no outcome of any attempt. */
const NOT_ATTEMPTED = -1000;


/** The implementation of {@link AsyncQueue} (janus's `AsyncQueueProxy`). */
export class AsyncQueueProxy<T> extends Face<T> implements AsyncQueue<T> {
  /** @param queue - the queue this face serves. */
  constructor(queue: BaseQueue<T>) {
    super(queue, asyncFaults);
  }

  // Each call first makes one attempt synchronously, under the lock taken
  // synchronously (as the non-blocking calls do), and returns a settled
  // promise when that attempt needs no wait: no async function, closure or
  // extra promise per item. Only a call that must wait enters `waitFor`.

  put(item: T, options?: WaitOptions): Promise<void> {
    try {
      const signal = signalOf(options);
      const queue = this.queue;
      const priority = queue.priorityOf(item);
      const bytes = queue.encode(item);
      signal?.throwIfAborted();
      const outcome = this.attemptNow(Op.Put, bytes, priority);
      if (outcome === NOT_ATTEMPTED || putMustWait(outcome)) {
        // The codec may reuse its buffer for the next encode while this call waits.
        return this.waitFor(queue.notFull, signal, Op.Put, bytes.slice(), priority, outcome !== NOT_ATTEMPTED, this.putSettled);
      }
      this.putOutcome(outcome);
      return RESOLVED;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  putMany(items: Iterable<T>, options?: WaitOptions): Promise<void> {
    let iterator: Iterator<T> | undefined;
    try {
      const signal = signalOf(options);
      iterator = iteratorOf(items);
      const batch = new EncodedBatch();
      for (;;) {
        const fill = this.fillBatch(iterator, batch);
        while (batch.next < batch.count) {
          signal?.throwIfAborted();
          const outcome = this.attemptNow(Op.PutMany, batch, 0);
          if (outcome === NOT_ATTEMPTED || putMustWait(outcome)) {
            return this.putManyRest(iterator, batch, fill, signal, outcome !== NOT_ATTEMPTED);
          }
          this.putOutcome(outcome);
        }
        if (fill.failed) throw fill.error;
        if (fill.done) return RESOLVED;
      }
    } catch (error) {
      if (iterator !== undefined) closeIterator(iterator);
      return Promise.reject(error);
    }
  }

  getMany(max: number, options?: WaitOptions): Promise<T[]> {
    try {
      checkMax(max);
      const signal = signalOf(options);
      signal?.throwIfAborted();
      const outcome = this.attemptNow(Op.GetMany, undefined, max);
      if (outcome === NOT_ATTEMPTED || takeMustWait(outcome)) {
        return this.waitFor(this.queue.notEmpty, signal, Op.GetMany, undefined, max, outcome !== NOT_ATTEMPTED, this.takeManySettled);
      }
      return Promise.resolve(this.takeManyOutcome(outcome));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  get(options?: WaitOptions): Promise<T> {
    return this.take(Op.Get, options);
  }

  peek(options?: WaitOptions): Promise<T> {
    return this.take(Op.Peek, options);
  }

  join(options?: WaitOptions): Promise<void> {
    try {
      const signal = signalOf(options);
      signal?.throwIfAborted();
      return this.waitFor(this.queue.allTasksDone, signal, Op.Join, undefined, 0, false, ignore);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      try {
        yield await this.get();
      } catch (error) {
        if (error instanceof ShutDown) return;
        throw error;
      }
    }
  }

  private readonly putSettled = (outcome: number): void => this.putOutcome(outcome);
  private readonly takeSettled = (outcome: number): T => this.takeOutcome(outcome);
  private readonly takeManySettled = (outcome: number): T[] => this.takeManyOutcome(outcome);

  /**
   * The slow path of `putMany`: puts the rest of `batch` (the caller holds
   * the lock if `held`, and its attempt had to wait), then encodes and puts
   * the items left in `iterator`.
   */
  private async putManyRest(
    iterator: Iterator<T>,
    batch: EncodedBatch,
    fill: BatchFill,
    signal: AbortSignal | undefined,
    held: boolean,
  ): Promise<void> {
    const notFull = this.queue.notFull;
    let finished = false;
    try {
      await this.waitFor(notFull, signal, Op.PutMany, batch, 0, held, this.putSettled);
      for (;;) {
        while (batch.next < batch.count) await this.waitFor(notFull, signal, Op.PutMany, batch, 0, false, this.putSettled);
        if (fill.failed || fill.done) break;
        fill = this.fillBatch(iterator, batch);
      }
      if (fill.failed) throw fill.error;
      finished = true;
    } finally {
      if (!finished) closeIterator(iterator);
    }
  }

  private take(op: Op.Get | Op.Peek, options: WaitOptions | undefined): Promise<T> {
    try {
      const signal = signalOf(options);
      signal?.throwIfAborted();
      const outcome = this.attemptNow(op, undefined, 0);
      if (outcome === NOT_ATTEMPTED || takeMustWait(outcome)) {
        return this.waitFor(this.queue.notEmpty, signal, op, undefined, 0, outcome !== NOT_ATTEMPTED, this.takeSettled);
      }
      return Promise.resolve(this.takeOutcome(outcome));
    } catch (error) {
      return Promise.reject(error);
    }
  }


  /**
   * The fast path of a call: takes the lock, if it comes within the slice,
   * and makes one attempt of `op`. Returns its outcome with the lock
   * released, unless the outcome means "wait": then the caller still holds
   * the lock. Returns {@link NOT_ATTEMPTED}, without the lock, if it did
   * not come.
   */
  private attemptNow(op: Op, data: OpData, n: number): number {
    const mutex = this.queue.mutex;
    if (!mutex.lockWithin(LOCK_SLICE_MS)) return NOT_ATTEMPTED;
    let outcome: number;
    try {
      outcome = this.attempt(op, data, n);
    } catch (error) {
      mutex.unlock();
      throw error;
    }
    if (!this.mustWait(op, outcome)) mutex.unlock();
    return outcome;
  }

  /**
   * The slow path of a call: attempts `op` until its outcome needs no wait,
   * waiting on `condition` in between without blocking the thread, then
   * settles the outcome. With `held`, the caller holds the lock and its
   * attempt had to wait. Counts as pending (see `closed`) until the promise
   * it returns has settled.
   */
  private waitFor<R>(...call: WaitingCall<R>): Promise<R> {
    const queue = this.queue;
    queue.asyncWaitBegins();
    const settled = this.attemptUntilDone(...call);
    settled.then(queue.asyncWaitEnds, queue.asyncWaitEnds);
    return settled;
  }

  /**
   * The loop of {@link waitFor}. The lock is taken synchronously in the
   * continuation that uses it, never held across an await (code of this
   * thread may take it synchronously meanwhile), and the outcome is settled
   * (an item decoded from this thread's scratch buffer) right after the
   * unlock, before any other code of this thread can take again.
   * Rejects with `signal.reason` on abort, passing on any wake-up received.
   */
  private async attemptUntilDone<R>(...[condition, signal, op, data, n, held, settle]: WaitingCall<R>): Promise<R> {
    const mutex = this.queue.mutex;
    let outcome = 0;
    let attempt = !held;
    let registered = false;
    try {
      for (let retry = 0; ; ) {
        if (!held) {
          if (!mutex.lockWithin(LOCK_SLICE_MS)) {
            await sleep(retryPauseMs(retry++), signal);
            continue;
          }
          held = true;
          retry = 0;
          if (registered) {
            registered = false;
            condition.leaveAsync();
            if (signal?.aborted) {
              condition.notify();
              throw signal.reason;
            }
          }
        }
        if (attempt) {
          outcome = this.attempt(op, data, n);
          if (!this.mustWait(op, outcome)) break;
        }
        attempt = true;
        held = false;
        registered = true;
        await condition.waitAsync(signal);
      }
    } catch (error) {
      if (registered) condition.abandonAsync(LOCK_SLICE_MS);
      throw error;
    } finally {
      if (held) mutex.unlock();
    }
    return settle(outcome);
  }
}

/**
 * What a call that must wait hands to {@link AsyncQueueProxy.waitFor}: the
 * condition it waits on, its abort signal, what to attempt (`op`, with the
 * `data` and `n` of `Face.attempt`), whether the caller holds the lock after
 * an attempt that had to wait, and how to settle the final outcome.
 */
type WaitingCall<R> = [
  condition: Condition,
  signal: AbortSignal | undefined,
  op: Op,
  data: OpData,
  n: number,
  held: boolean,
  settle: (outcome: number) => R,
];

/** A settled promise for the calls that resolve with nothing. */
const RESOLVED: Promise<void> = Promise.resolve();

function ignore(): void {}

function signalOf(options: WaitOptions | undefined): AbortSignal | undefined {
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
