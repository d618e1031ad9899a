/**
 * `syncQ`: the blocking face, for worker threads (Python's `queue.Queue`).
 *
 * @module
 */
import { ShutDown } from '../errors.js';
import type { Condition } from '../primitives/condition.js';
import { now } from '../primitives/platform.js';
import type { BaseQueue } from '../queues/base-queue.js';
import { Word } from '../queues/layout.js';
import { PutResult, TakeResult } from '../queues/outcomes.js';
import { EncodedBatch } from '../queues/batch.js';
import { checkMax, closeIterator, Face, iteratorOf, Op, type OpData, type QueueFace } from './face.js';
import { syncFaults } from './faults.js';
import { deadlineOf, lockDeadlineOf } from './timeout.js';

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
   * Returns (a copy of) the item the next `get` would return, leaving it in
   * the queue; waits like `get`.
   * @example
   * ```ts
   * const next = queue.syncQ.peek(true, 1); // the next item, within a second
   * ```
   */
  peek(block?: boolean, timeout?: number | null): T;
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
   * @throws SyncQueueFull when still full when the wait ends; the items before stay put.
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

/**
 * How long one blocking call may spin, in all, before it sleeps on its
 * condition (milliseconds). Long enough to cover the time an idle thread on
 * another core takes to wake and answer (tens of µs on a VM: waking a thread
 * costs the waker ~10 µs and the woken ~30 µs there), so that a worker in a
 * request/response exchange with an event loop is found awake.
 */
const SPIN_MS = 0.05;
/** Polls between two looks at the clock while spinning. */
const POLLS_PER_CLOCK = 256;
/** A spinning putter that could go on waits for this many free slots at most... */
const RUN = 16;
/** ...unless the count stays still for this many polls (the getters paused). */
const QUIET_POLLS = 64;


/** The implementation of {@link SyncQueue} (janus's `SyncQueueProxy`). */
export class SyncQueueProxy<T> extends Face<T> implements SyncQueue<T> {
  /** @param queue - the queue this face serves. */
  constructor(queue: BaseQueue<T>) {
    super(queue, syncFaults);
  }

  put(item: T, block: boolean = true, timeout: number | null = null): void {
    const deadline = deadlineOf(block, timeout);
    const queue = this.queue;
    const priority = queue.priorityOf(item);
    const bytes = queue.encode(item);
    this.putOutcome(this.waitFor(queue.notFull, block, deadline, Op.Put, bytes, priority, PutResult.Full));
  }

  get(block: boolean = true, timeout: number | null = null): T {
    const deadline = deadlineOf(block, timeout);
    return this.takeOutcome(this.waitFor(this.queue.notEmpty, block, deadline, Op.Get, undefined, 0, TakeResult.Empty));
  }

  peek(block: boolean = true, timeout: number | null = null): T {
    const deadline = deadlineOf(block, timeout);
    return this.takeOutcome(this.waitFor(this.queue.notEmpty, block, deadline, Op.Peek, undefined, 0, TakeResult.Empty));
  }

  putMany(items: Iterable<T>, block: boolean = true, timeout: number | null = null): void {
    const deadline = deadlineOf(block, timeout);
    const iterator = iteratorOf(items);
    const batch = new EncodedBatch();
    let finished = false;
    try {
      for (;;) {
        const fill = this.fillBatch(iterator, batch);
        while (batch.next < batch.count) {
          this.putOutcome(this.waitFor(this.queue.notFull, block, deadline, Op.PutMany, batch, 0, PutResult.Full));
        }
        if (fill.failed) throw fill.error;
        if (fill.done) break;
      }
      finished = true;
    } finally {
      if (!finished) closeIterator(iterator);
    }
  }

  getMany(max: number, block: boolean = true, timeout: number | null = null): T[] {
    checkMax(max);
    const deadline = deadlineOf(block, timeout);
    return this.takeManyOutcome(this.waitFor(this.queue.notEmpty, block, deadline, Op.GetMany, undefined, max, TakeResult.Empty));
  }

  join(): void {
    deadlineOf(true, null);
    this.waitFor(this.queue.allTasksDone, true, Infinity, Op.Join, undefined, 0, 0);
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

  /** Without the lock, a hint: whether a put (else a get) would not wait now. */
  private looksReady(forPut: boolean): boolean {
    const words = this.queue.words;
    if (Atomics.load(words, Word.ShutDown) !== 0) return true;
    const count = Atomics.load(words, Word.Count);
    if (!forPut) return count > 0;
    const maxsize = this.queue.maxsizeHint;
    return maxsize <= 0 || count < maxsize;
  }

  /**
   * The other side of a queue often puts (or gets) within microseconds, far
   * sooner than a sleeping thread wakes. So a call that must wait for an
   * item (or for room) first polls the queue's item count, without the lock
   * and without registering as a waiter (no notify is owed to it, and it
   * steals no wake-up), until `until` (a {@link now} time) at most. A getter
   * stops at the first item. A putter, once a slot is free, keeps polling
   * while the getters are busy (the count moves), until {@link RUN} slots
   * are free, so that both sides run through several items each instead of
   * handing the lock over item by item. Returns whether the time is left; the
   * caller then retries under the lock, and sleeps on its condition only once
   * it is spent.
   */
  private spin(forPut: boolean, until: number): boolean {
    const queue = this.queue;
    const words = queue.words;
    let last = Atomics.load(words, Word.Count);
    let quiet = 0;
    for (let polls = 1; ; polls++) {
      // (ShutDown shares the lock's line: read it seldom.)
      if ((polls & 63) === 0 && Atomics.load(words, Word.ShutDown) !== 0) return true;
      const count = Atomics.load(words, Word.Count);
      if (count === last) quiet++;
      else {
        last = count;
        quiet = 0;
      }
      // A getter goes as soon as an item is there: it may be the answer its
      // thread waits for. A putter waiting for room waits for a run of slots.
      let ready = count;
      let run = 1;
      if (forPut) {
        const maxsize = queue.maxsizeHint;
        if (maxsize <= 0) return true;
        ready = maxsize - count;
        run = Math.min(RUN, Math.max(1, maxsize >> 3));
      }
      if (ready >= run || (ready > 0 && quiet >= QUIET_POLLS)) return true;
      if (polls % POLLS_PER_CLOCK === 0 && now() >= until) return false;
    }
  }


  /**
   * Takes the lock and attempts `op` until its outcome needs no wait,
   * sleeping on `condition` in between, until `deadline`. Returns the last
   * outcome, or `lockTimeout` if the lock itself could not be taken in time
   * (its holder died: see the limitations guide).
   */
  private waitFor(
    condition: Condition,
    block: boolean,
    deadline: number,
    op: Op,
    data: OpData,
    n: number,
    lockTimeout: number,
  ): number {
    const queue = this.queue;
    const mutex = queue.mutex;
    const lockDeadline = lockDeadlineOf(deadline);
    const forPut = op === Op.Put || op === Op.PutMany;
    // Spin first (see `spin`) when the queue looks full (empty) already.
    let spinning = block && op !== Op.Join;
    // When the spin ends; set once a spin starts (reading the clock costs).
    let spinUntil = 0;
    if (spinning && !this.looksReady(forPut)) {
      spinUntil = Math.min(deadline, now() + SPIN_MS);
      spinning = this.spin(forPut, spinUntil);
    }
    if (!mutex.lockUntil(lockDeadline)) return lockTimeout;
    let held = true;
    try {
      for (;;) {
        const outcome = this.attempt(op, data, n);
        if (!this.mustWait(op, outcome) || !block || (deadline !== Infinity && now() >= deadline)) return outcome;
        if (spinning && outcome !== PutResult.NoRoom) {
          held = false;
          mutex.unlock();
          if (spinUntil === 0) spinUntil = Math.min(deadline, now() + SPIN_MS);
          spinning = this.spin(forPut, spinUntil) && now() < spinUntil;
          if (!mutex.lockUntil(lockDeadline)) return lockTimeout;
          held = true;
          continue;
        }
        held = condition.wait(deadline, lockDeadline);
        if (!held) return lockTimeout;
      }
    } finally {
      if (held) mutex.unlock();
    }
  }
}
