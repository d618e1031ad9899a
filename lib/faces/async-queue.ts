/**
 * `asyncQ`: the promise face, for event loops (Python's `asyncio.Queue`).
 *
 * @module
 */
import { describe } from '../describe.js';
import { ShutDown } from '../errors.js';
import type { Condition } from '../primitives/condition.js';
import type { BaseQueue } from '../queues/base-queue.js';
import { Face, putMustWait, takeMustWait, type QueueFace } from './face.js';
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

/** The implementation of {@link AsyncQueue} (janus's `AsyncQueueProxy`). */
export class AsyncQueueProxy<T> extends Face<T> implements AsyncQueue<T> {
  /** @param queue - the queue this face serves. */
  constructor(queue: BaseQueue<T>) {
    super(queue, asyncFaults);
  }

  async put(item: T, options?: WaitOptions): Promise<void> {
    const signal = signalOf(options);
    const queue = this.queue;
    const priority = queue.priorityOf(item);
    // The codec may reuse its buffer for the next encode while this call waits.
    const bytes = queue.encode(item).slice();
    this.putOutcome(await this.waitFor(queue.notFull, signal, () => queue.tryPut(bytes, priority), putMustWait));
  }

  async get(options?: WaitOptions): Promise<T> {
    return this.take(false, signalOf(options));
  }

  async peek(options?: WaitOptions): Promise<T> {
    return this.take(true, signalOf(options));
  }

  async join(options?: WaitOptions): Promise<void> {
    const signal = signalOf(options);
    await this.waitFor(this.queue.allTasksDone, signal, () => this.queue.unfinishedTasks, Boolean);
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

  private async take(peek: boolean, signal: AbortSignal | undefined): Promise<T> {
    const queue = this.queue;
    return this.takeOutcome(await this.waitFor(queue.notEmpty, signal, () => queue.tryTake(peek), takeMustWait));
  }

  /**
   * Takes the lock and calls `attempt` until its outcome needs no wait,
   * waiting on `condition` in between without blocking the thread.
   * Rejects with `signal.reason` on abort, passing on any wake-up received.
   */
  private async waitFor(
    condition: Condition,
    signal: AbortSignal | undefined,
    attempt: () => number,
    mustWait: (outcome: number) => boolean,
  ): Promise<number> {
    signal?.throwIfAborted();
    const queue = this.queue;
    const mutex = queue.mutex;
    if (!mutex.lockWithin(LOCK_SLICE_MS)) await mutex.lockAsync(LOCK_SLICE_MS, signal);
    let held = true;
    let waiting = false;
    try {
      for (;;) {
        const outcome = attempt();
        if (!mustWait(outcome)) return outcome;
        if (!waiting) {
          waiting = true;
          queue.asyncWaitBegins();
        }
        held = false;
        await condition.waitAsync(LOCK_SLICE_MS, signal);
        held = true;
        if (signal?.aborted) {
          condition.notify();
          throw signal.reason;
        }
      }
    } finally {
      if (held) mutex.unlock();
      if (waiting) queue.asyncWaitEnds();
    }
  }
}

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
