/**
 * What both faces share: sizes, the non-blocking calls, `taskDone` and
 * `shutdown`. The faces differ only in how they wait.
 *
 * @module
 */
import { ValueError } from '../errors.js';
import type { BaseQueue } from '../queues/base-queue.js';
import { PutResult, TakeResult } from '../queues/outcomes.js';
import type { Faults } from './faults.js';

/**
 * The calls both faces of a queue have (Python janus's common protocol).
 *
 * @typeParam T - The type of the items.
 */
export interface QueueFace<T> {
  /** The queue's `maxsize` (`<= 0`: unbounded). */
  readonly maxsize: number;
  /** Shut down, and no `asyncQ` call of this thread is pending. */
  readonly closed: boolean;
  /** Items put and not yet marked done with `taskDone()`. */
  readonly unfinishedTasks: number;
  /** Alias of {@link QueueFace.unfinishedTasks}. */
  readonly unfinished_tasks: number;
  /** The number of items now (racy by nature, as in Python). */
  qsize(): number;
  /** Whether the queue has no item now. */
  empty(): boolean;
  /** Whether `0 < maxsize <= qsize()` now. */
  full(): boolean;
  /**
   * Puts `item` without waiting.
   * @throws Full when the queue is full or its store has no room; ShutDown once shut down.
   */
  putNowait(item: T): void;
  /** Alias of {@link QueueFace.putNowait}. */
  put_nowait(item: T): void;
  /**
   * Removes and returns the next item without waiting.
   * @throws Empty when there is none; ShutDown once shut down and empty.
   */
  getNowait(): T;
  /** Alias of {@link QueueFace.getNowait}. */
  get_nowait(): T;
  /**
   * Returns (a copy of) the item the next `get` would return, leaving it.
   * @throws Empty when there is none; ShutDown once shut down and empty.
   */
  peekNowait(): T;
  /** Alias of {@link QueueFace.peekNowait}. */
  peek_nowait(): T;
  /**
   * Marks one task done; `join` returns when every item put was marked.
   * @throws ValueError when called more times than items were put.
   */
  taskDone(): void;
  /** Alias of {@link QueueFace.taskDone}. */
  task_done(): void;
  /** Shuts the queue down; see `Queue.shutdown`. */
  shutdown(immediate?: boolean): void;
}

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

/** Whether a put outcome means "wait for room". @internal */
export function putMustWait(outcome: number): boolean {
  return outcome === PutResult.Full || outcome === PutResult.NoRoom;
}

/** Whether a take outcome means "wait for an item". @internal */
export function takeMustWait(outcome: number): boolean {
  return outcome === TakeResult.Empty;
}
