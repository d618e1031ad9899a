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
import { Face, putMustWait, takeMustWait, type QueueFace } from './face.js';
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
 * Polls of the queue's item count that one blocking call may make, in all,
 * before it sleeps on its condition (about 10 µs on a 2020s server core).
 */
const SPIN_POLLS = 1500;
/** Polls that a retry costs (it takes the lock again). */
const RETRY_POLLS = 50;
/** A spinning caller that could go on waits for this many items (or free slots) at most... */
const RUN = 16;
/** ...unless the count stays still for this many polls (the other side paused). */
const QUIET_POLLS = 64;

/** What one locked attempt of a waiting call does. */
const enum Op {
  Put,
  Get,
  Peek,
  Join,
}

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
   * steals no wake-up), `polls` times at most. Once an item (a free slot) is
   * there, it keeps polling while the other side is busy (the count moves),
   * until {@link RUN} items (slots) are there, so that both sides run
   * through several items each instead of handing the lock over item by
   * item. Returns the polls left; the caller then retries under the lock, and
   * sleeps on its condition only once the polls are spent.
   */
  private spin(forPut: boolean, polls: number): number {
    const queue = this.queue;
    const words = queue.words;
    let last = Atomics.load(words, Word.Count);
    let quiet = 0;
    for (; polls > 0; polls--) {
      if (Atomics.load(words, Word.ShutDown) !== 0) return polls;
      const count = Atomics.load(words, Word.Count);
      if (count === last) quiet++;
      else {
        last = count;
        quiet = 0;
      }
      let ready = count;
      let run = RUN;
      if (forPut) {
        const maxsize = queue.maxsizeHint;
        if (maxsize <= 0) return polls;
        ready = maxsize - count;
        run = Math.min(RUN, Math.max(1, maxsize >> 3));
      }
      if (ready >= run || (ready > 0 && quiet >= QUIET_POLLS)) return polls;
    }
    return 0;
  }

  /** With the mutex held: one attempt of `op`; returns its outcome. */
  private attempt(op: Op, bytes: Uint8Array | undefined, priority: number): number {
    switch (op) {
      case Op.Put:
        return this.queue.tryPut(bytes!, priority);
      case Op.Get:
        return this.queue.tryTake(false);
      case Op.Peek:
        return this.queue.tryTake(true);
      case Op.Join:
        return this.queue.unfinishedTasks;
    }
  }

  /** Whether the outcome of `op` means "wait". */
  private mustWait(op: Op, outcome: number): boolean {
    return op === Op.Put ? putMustWait(outcome) : op === Op.Join ? outcome !== 0 : takeMustWait(outcome);
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
    bytes: Uint8Array | undefined,
    priority: number,
    lockTimeout: number,
  ): number {
    const queue = this.queue;
    const mutex = queue.mutex;
    const lockDeadline = lockDeadlineOf(deadline);
    // Spin first (see `spin`) when the queue looks full (empty) already.
    let polls = block && op !== Op.Join ? SPIN_POLLS : 0;
    if (polls > 0 && !this.looksReady(op === Op.Put)) polls = this.spin(op === Op.Put, polls);
    if (!mutex.lockUntil(lockDeadline)) return lockTimeout;
    let held = true;
    try {
      for (;;) {
        const outcome = this.attempt(op, bytes, priority);
        if (!this.mustWait(op, outcome) || !block || (deadline !== Infinity && now() >= deadline)) return outcome;
        if (polls > 0 && outcome !== PutResult.NoRoom) {
          held = false;
          mutex.unlock();
          polls = this.spin(op === Op.Put, polls) - RETRY_POLLS;
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
