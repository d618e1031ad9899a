/**
 * What both faces share: sizes, the non-blocking calls, `taskDone` and
 * `shutdown`. The faces differ only in how they wait.
 *
 * @module
 */
import { describe } from '../describe.js';
import { ValueError } from '../errors.js';
import { BATCH_ITEMS, type EncodedBatch } from '../engine/batch.js';
import type { QueueEngine } from '../engine/engine.js';
import { Put, Take, type PutOutcome } from '../engine/outcomes.js';
import { checkMaxsize } from '../queues/options.js';
import { immediateOf, type ShutdownOptions } from './call-options.js';
import type { Faults } from './faults.js';

/**
 * The calls both faces of a queue have (Python janus's common protocol).
 *
 * @typeParam T - The type of the items.
 */
export interface QueueFace<T> {
  /**
   * The queue's `maxsize` (`<= 0`: unbounded); settable, as on the queue
   * (culsans's face API): growing it wakes blocked putters, in any thread.
   * @throws TypeError when set to anything but an integer.
   * @example
   * ```ts
   * if (queue.syncQ.maxsize > 0) console.log(`holds ${queue.syncQ.maxsize} items at most`);
   * queue.asyncQ.maxsize = 2 * queue.asyncQ.maxsize; // as culsans's `async_q.maxsize = ...`
   * ```
   */
  maxsize: number;
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
   * Shuts the queue down; see `Queue.shutdown`. `immediate` may be given
   * as Python's keyword: `shutdown({ immediate: true })`.
   * @throws TypeError when `immediate` is not a boolean.
   * @example
   * ```ts
   * queue.syncQ.shutdown();                      // getters drain the items left, then get ShutDown
   * queue.syncQ.shutdown(true);                  // drop the items left: getters get ShutDown at once
   * queue.asyncQ.shutdown({ immediate: true });  // the same, as Python's keyword argument
   * ```
   */
  shutdown(immediate?: boolean | ShutdownOptions): void;
  /**
   * Removes every item at once; see `Queue.clear` (culsans's face API).
   * @example
   * ```ts
   * queue.asyncQ.clear(); // drop the backlog; blocked putters wake
   * ```
   */
  clear(): void;
}

/** The shared implementation of both faces: everything but the waiting calls. @internal */
export abstract class Face<T> implements QueueFace<T> {
  /**
   * @param engine - the queue's engine.
   * @param faults - the error classes this face throws.
   */
  constructor(
    protected readonly engine: QueueEngine<T>,
    protected readonly faults: Faults,
  ) {}

  get maxsize(): number {
    return this.engine.maxsize;
  }

  set maxsize(value: number) {
    this.engine.maxsize = checkMaxsize(value);
  }

  get closed(): boolean {
    return this.engine.closed;
  }

  get unfinishedTasks(): number {
    return this.engine.unfinishedTasks;
  }

  get unfinished_tasks(): number {
    return this.unfinishedTasks;
  }

  qsize(): number {
    return this.engine.locked(() => this.engine.qsize());
  }

  empty(): boolean {
    return this.qsize() === 0;
  }

  full(): boolean {
    return this.engine.locked(() => this.engine.isFull());
  }

  putNowait(item: T): void {
    const engine = this.engine;
    const priority = engine.priorityOf(item);
    const bytes = engine.encode(item);
    let outcome: PutOutcome;
    engine.mutex.lock();
    try {
      outcome = engine.tryPut(bytes, priority);
    } finally {
      engine.mutex.unlock();
    }
    if (outcome === Put.ShutDown) throw this.faults.shutDown();
    if (outcome !== Put.Done) throw this.faults.full(outcome === Put.NoRoom);
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
    if (!this.engine.locked(() => this.engine.tryTaskDone())) {
      throw new ValueError('taskDone() called more times than there were items put');
    }
  }

  task_done(): void {
    this.taskDone();
  }

  shutdown(immediate?: boolean | ShutdownOptions): void {
    this.engine.shutdown(immediateOf(immediate));
  }

  clear(): void {
    this.engine.clear();
  }

  /**
   * Encodes the next items of `items` into `batch` (cleared first), at most
   * {@link BATCH_ITEMS}, before the lock is taken. An error thrown by the
   * iterator, a priority or the codec stops it: it is kept in the fill, for
   * the caller to throw once the items before it are put.
   */
  protected fillBatch(items: Iterator<T>, batch: EncodedBatch): BatchFill {
    batch.clear();
    const engine = this.engine;
    try {
      while (batch.count < BATCH_ITEMS) {
        const next = items.next();
        if (next.done) return { done: true, failure: undefined };
        const item = next.value;
        const priority = engine.priorityOf(item);
        batch.add(engine.encode(item), priority);
      }
    } catch (error) {
      return { done: true, failure: { error } };
    }
    return { done: false, failure: undefined };
  }

  private takeNowait(peek: boolean): T {
    const engine = this.engine;
    let outcome;
    engine.mutex.lock();
    try {
      outcome = engine.tryTake(peek);
    } finally {
      engine.mutex.unlock();
    }
    if (outcome === Take.Taken) return engine.decodeTaken(!peek);
    throw outcome === Take.ShutDown ? this.faults.shutDown() : this.faults.empty();
  }
}

/** What {@link Face.fillBatch} did. @internal */
export interface BatchFill {
  /** No item is left to encode. */
  readonly done: boolean;
  /** Set when encoding (or iterating) stopped on an error. */
  readonly failure: { readonly error: unknown } | undefined;
}

/**
 * After the items of a batch are put: throws the error that stopped its
 * filling, if one did; returns whether no item is left to put. @internal
 */
export function allPut(fill: BatchFill): boolean {
  if (fill.failure !== undefined) throw fill.failure.error;
  return fill.done;
}

/**
 * What a `putMany` that stopped early throws: `error`, recording on it how
 * many items went in (when it is an object that can take the property),
 * once `iterator` is closed (as `for...of` closes it, ignoring what that
 * throws). @internal
 */
export function putManyStopped(error: unknown, iterator: Iterator<unknown>, itemsPut: number): unknown {
  try {
    iterator.return?.();
  } catch {
    // The call's own error is the one to report.
  }
  if (typeof error === 'object' && error !== null && Object.isExtensible(error)) {
    Object.defineProperty(error, 'itemsPut', { value: itemsPut, writable: true, configurable: true, enumerable: true });
  }
  return error;
}

/** The iterator of `items`. @throws TypeError when `items` is not iterable. @internal */
export function iteratorOf<T>(items: Iterable<T>): Iterator<T> {
  const method = (items as { [Symbol.iterator]?: unknown } | null | undefined)?.[Symbol.iterator];
  if (typeof method !== 'function')
    throw new TypeError(`items must be iterable (an array, a Set, a generator...); received ${describe(items)}`);
  return method.call(items) as Iterator<T>;
}
