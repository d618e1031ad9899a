/**
 * `syncQ`: the blocking face, for worker threads (Python's `queue.Queue`).
 *
 * @module
 */
import { ShutDown } from '../errors.js';
import type { Condition } from '../primitives/condition.js';
import { now } from '../primitives/platform.js';
import type { BaseQueue } from '../queues/base-queue.js';
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
    const attempt = (): number => queue.tryPut(bytes, priority);
    this.putOutcome(this.waitFor(queue.notFull, block, deadline, attempt, putMustWait, PutResult.Full));
  }

  get(block: boolean = true, timeout: number | null = null): T {
    return this.take(false, block, timeout);
  }

  peek(block: boolean = true, timeout: number | null = null): T {
    return this.take(true, block, timeout);
  }

  join(): void {
    deadlineOf(true, null);
    this.waitFor(this.queue.allTasksDone, true, Infinity, () => this.queue.unfinishedTasks, Boolean, 0);
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

  private take(peek: boolean, block: boolean, timeout: number | null): T {
    const deadline = deadlineOf(block, timeout);
    const queue = this.queue;
    const attempt = (): number => queue.tryTake(peek);
    return this.takeOutcome(this.waitFor(queue.notEmpty, block, deadline, attempt, takeMustWait, TakeResult.Empty));
  }

  /**
   * Takes the lock and calls `attempt` until its outcome needs no wait,
   * sleeping on `condition` in between, until `deadline`. Returns the last
   * outcome, or `lockTimeout` if the lock itself could not be taken in time
   * (its holder died: see the limitations guide).
   */
  private waitFor(
    condition: Condition,
    block: boolean,
    deadline: number,
    attempt: () => number,
    mustWait: (outcome: number) => boolean,
    lockTimeout: number,
  ): number {
    const mutex = this.queue.mutex;
    const lockDeadline = lockDeadlineOf(deadline);
    if (!mutex.lockUntil(lockDeadline)) return lockTimeout;
    let held = true;
    try {
      for (;;) {
        const outcome = attempt();
        if (!mustWait(outcome) || !block || (deadline !== Infinity && now() >= deadline)) return outcome;
        held = condition.wait(deadline, lockDeadline);
        if (!held) return lockTimeout;
      }
    } finally {
      if (held) mutex.unlock();
    }
  }
}
