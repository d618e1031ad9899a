/**
 * What both faces share: sizes, the non-blocking calls, `taskDone` and
 * `shutdown`. The faces differ only in how they wait.
 *
 * @module
 */
import { describe } from '../describe.js';
import { ValueError } from '../errors.js';
import type { BaseQueue } from '../queues/base-queue.js';
import { BATCH_ITEMS, type EncodedBatch } from '../queues/batch.js';
import { PutResult, TakeResult } from '../queues/outcomes.js';
import type { Faults } from './faults.js';

/**
 * The calls both faces of a queue have (Python janus's common protocol).
 *
 * @typeParam T - The type of the items.
 */
export interface QueueFace<T> {
  /**
   * The queue's `maxsize` (`<= 0`: unbounded).
   * @example
   * ```ts
   * if (queue.syncQ.maxsize > 0) console.log(`holds ${queue.syncQ.maxsize} items at most`);
   * ```
   */
  readonly maxsize: number;
  /**
   * Shut down, and no `asyncQ` call of this thread is pending.
   * @example
   * ```ts
   * queue.shutdown();
   * if (!queue.asyncQ.closed) await queue.waitClosed();
   * ```
   */
  readonly closed: boolean;
  /**
   * Items put and not yet marked done with `taskDone()`.
   * @example
   * ```ts
   * queue.syncQ.put('job');
   * queue.syncQ.unfinishedTasks; // 1 until a consumer calls taskDone()
   * ```
   */
  readonly unfinishedTasks: number;
  /** Alias of {@link QueueFace.unfinishedTasks}. */
  readonly unfinished_tasks: number;
  /**
   * The number of items now (racy by nature, as in Python).
   * @example
   * ```ts
   * console.log(`${queue.asyncQ.qsize()} items waiting`);
   * ```
   */
  qsize(): number;
  /**
   * Whether the queue has no item now.
   * @example
   * ```ts
   * if (queue.syncQ.empty()) doOtherWork();
   * ```
   */
  empty(): boolean;
  /**
   * Whether `0 < maxsize <= qsize()` now.
   * @example
   * ```ts
   * if (!queue.asyncQ.full()) queue.asyncQ.putNowait(item);
   * ```
   */
  full(): boolean;
  /**
   * Puts `item` without waiting.
   * @throws Full when the queue is full or its store has no room; ShutDown once shut down.
   * @example
   * ```ts
   * try {
   *   queue.asyncQ.putNowait(event);
   * } catch (error) {
   *   if (error instanceof Full) dropped++; // the queue is full: shed load
   *   else throw error;
   * }
   * ```
   */
  putNowait(item: T): void;
  /** Alias of {@link QueueFace.putNowait}. */
  put_nowait(item: T): void;
  /**
   * Removes and returns the next item without waiting.
   * @throws Empty when there is none; ShutDown once shut down and empty.
   * @example
   * ```ts
   * const batch: Job[] = [];
   * while (!queue.syncQ.empty()) batch.push(queue.syncQ.getNowait());
   * ```
   */
  getNowait(): T;
  /** Alias of {@link QueueFace.getNowait}. */
  get_nowait(): T;
  /**
   * Returns (a copy of) the item the next `get` would return, leaving it.
   * @throws Empty when there is none; ShutDown once shut down and empty.
   * @example
   * ```ts
   * const next = queue.asyncQ.empty() ? undefined : queue.asyncQ.peekNowait();
   * ```
   */
  peekNowait(): T;
  /** Alias of {@link QueueFace.peekNowait}. */
  peek_nowait(): T;
  /**
   * Marks one task done; `join` returns when every item put was marked.
   * @throws ValueError when called more times than items were put.
   * @example
   * ```ts
   * const job = queue.syncQ.get();
   * try {
   *   handle(job);
   * } finally {
   *   queue.syncQ.taskDone();
   * }
   * ```
   */
  taskDone(): void;
  /** Alias of {@link QueueFace.taskDone}. */
  task_done(): void;
  /**
   * Shuts the queue down; see `Queue.shutdown`.
   * @example
   * ```ts
   * queue.syncQ.shutdown();     // getters drain the items left, then get ShutDown
   * queue.syncQ.shutdown(true); // drop the items left: getters get ShutDown at once
   * ```
   */
  shutdown(immediate?: boolean): void;
}

/** What one locked attempt of a waiting call does. @internal */
export const enum Op {
  Put,
  Get,
  Peek,
  Join,
  PutMany,
  GetMany,
}

/** What an attempt works on: the encoded item of a put, the batch of a `putMany`. @internal */
export type OpData = Uint8Array | EncodedBatch | undefined;

/** The shared implementation of both faces. @internal */
export abstract class Face<T> implements QueueFace<T> {
  /**
   * @param queue - the queue this face serves.
   * @param faults - the error classes this face throws.
   */
  constructor(queue: BaseQueue<T>, faults: Faults) {
    this.queue = queue;
    this.faults = faults;
  }

  /** The queue this face serves. @internal */
  protected readonly queue: BaseQueue<T>;
  /** The error classes this face throws. @internal */
  protected readonly faults: Faults;

  get maxsize(): number {
    return this.queue.maxsize;
  }

  get closed(): boolean {
    return this.queue.closed;
  }

  get unfinishedTasks(): number {
    return this.queue.unfinishedTasks;
  }

  get unfinished_tasks(): number {
    return this.unfinishedTasks;
  }

  qsize(): number {
    return this.queue.locked(() => this.queue.size());
  }

  empty(): boolean {
    return this.qsize() === 0;
  }

  full(): boolean {
    return this.queue.locked(() => this.queue.isFull());
  }

  putNowait(item: T): void {
    const queue = this.queue;
    const priority = queue.priorityOf(item);
    const bytes = queue.encode(item);
    queue.mutex.lock();
    let outcome: number;
    try {
      outcome = queue.tryPut(bytes, priority);
    } finally {
      queue.mutex.unlock();
    }
    this.putOutcome(outcome);
  }

  put_nowait(item: T): void {
    this.putNowait(item);
  }

  getNowait(): T {
    return this.takeNowait(false);
  }

  get_nowait(): T {
    return this.getNowait();
  }

  peekNowait(): T {
    return this.takeNowait(true);
  }

  peek_nowait(): T {
    return this.peekNowait();
  }

  taskDone(): void {
    if (!this.queue.locked(() => this.queue.tryTaskDone())) {
      throw new ValueError('taskDone() called more times than there were items put');
    }
  }

  task_done(): void {
    this.taskDone();
  }

  shutdown(immediate: boolean = false): void {
    this.queue.shutdown(immediate);
  }

  /**
   * With the mutex held: one attempt of `op`; returns its outcome. `data`
   * is the encoded item of a put or the batch of a `putMany`; `n` the
   * priority of a put or the `max` of a `getMany`.
   * @internal
   */
  protected attempt(op: Op, data: OpData, n: number): number {
    switch (op) {
      case Op.Put:
        return this.queue.tryPut(data as Uint8Array, n);
      case Op.PutMany:
        return this.queue.tryPutMany(data as EncodedBatch);
      case Op.GetMany:
        return this.queue.tryTakeMany(n);
      case Op.Get:
        return this.queue.tryTake(false);
      case Op.Peek:
        return this.queue.tryTake(true);
      case Op.Join:
        return this.queue.unfinishedTasks;
    }
  }

  /** Whether the outcome of `op` means "wait". @internal */
  protected mustWait(op: Op, outcome: number): boolean {
    return op === Op.Put || op === Op.PutMany ? putMustWait(outcome) : op === Op.Join ? outcome !== 0 : takeMustWait(outcome);
  }

  /** Throws the error a final put outcome stands for. */
  protected putOutcome(outcome: number): void {
    if (outcome === PutResult.Done) return;
    if (outcome === PutResult.ShutDown) throw this.faults.shutDown();
    throw this.faults.full(outcome === PutResult.NoRoom);
  }

  /** Decodes a final take outcome, or throws the error it stands for. */
  protected takeOutcome(outcome: number): T {
    if (outcome >= 0) return this.queue.decode(outcome);
    throw outcome === TakeResult.ShutDown ? this.faults.shutDown() : this.faults.empty();
  }

  /** Decodes the items of a final `tryTakeMany` outcome, or throws the error it stands for. @internal */
  protected takeManyOutcome(outcome: number): T[] {
    if (outcome >= 0) return this.queue.decodeMany(outcome);
    throw outcome === TakeResult.ShutDown ? this.faults.shutDown() : this.faults.empty();
  }

  /**
   * Encodes the next items of `items` into `batch` (cleared first), at most
   * {@link BATCH_ITEMS}, before the lock is taken. An error thrown by the
   * iterator, a priority or the codec stops it: it is returned, for the
   * caller to throw once the items before it are put.
   * @internal
   */
  protected fillBatch(items: Iterator<T>, batch: EncodedBatch): BatchFill {
    batch.clear();
    const queue = this.queue;
    try {
      while (batch.count < BATCH_ITEMS) {
        const next = items.next();
        if (next.done) return { done: true, failed: false, error: undefined };
        const item = next.value;
        const priority = queue.priorityOf(item);
        batch.add(queue.encode(item), priority);
      }
    } catch (error) {
      return { done: true, failed: true, error };
    }
    return { done: false, failed: false, error: undefined };
  }

  private takeNowait(peek: boolean): T {
    const queue = this.queue;
    queue.mutex.lock();
    let outcome: number;
    try {
      outcome = queue.tryTake(peek);
    } finally {
      queue.mutex.unlock();
    }
    return this.takeOutcome(outcome);
  }
}

/** Closes `iterator` after a call stopped early (as `for...of` does), ignoring what that throws. @internal */
export function closeIterator(iterator: Iterator<unknown>): void {
  try {
    iterator.return?.();
  } catch {
    // The call's own error is the one to report.
  }
}

/** The iterator of `items`. @throws TypeError when `items` is not iterable. @internal */
export function iteratorOf<T>(items: Iterable<T>): Iterator<T> {
  const method = (items as { [Symbol.iterator]?: unknown } | null | undefined)?.[Symbol.iterator];
  if (typeof method !== 'function') throw new TypeError(`items must be iterable (an array, a Set, a generator...); received ${describe(items)}`);
  return method.call(items) as Iterator<T>;
}

/** What {@link Face.fillBatch} did. @internal */
export interface BatchFill {
  /** No item is left to encode. */
  done: boolean;
  /** Encoding stopped on `error`. */
  failed: boolean;
  error: unknown;
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

/** Whether a put outcome means "wait for room". @internal */
export function putMustWait(outcome: number): boolean {
  return outcome === PutResult.Full || outcome === PutResult.NoRoom;
}

/** Whether a take outcome means "wait for an item". @internal */
export function takeMustWait(outcome: number): boolean {
  return outcome === TakeResult.Empty;
}
