/**
 * `PriorityQueue`: lowest priority first, equal priorities in insertion order.
 *
 * @module
 */
import { describe } from '../describe.js';
import { RefHeap } from '../store/ref-heap.js';
import { Kind, type QueueHandle } from '../engine/handle.js';
import { Word } from '../engine/layout.js';
import type { QueueOptions } from './options.js';
import { Queue } from './queue.js';

/** Options of a {@link PriorityQueue}. */
export interface PriorityQueueOptions<T> extends QueueOptions<T> {
  /**
   * The priority of an item (a number, not NaN). Without it, an array's
   * priority is its first element (Python's `(priority, data)` tuples become
   * `[priority, data]`) and a number is its own priority. Functions are not
   * shared between threads: pass the same `key` to `from()` in every thread
   * that puts.
   */
  key?: (item: T) => number;
}

/**
 * A queue that returns the item with the lowest priority first; items of
 * equal priority come out in the order they were put.
 *
 * @typeParam T - The type of the items.
 * @example
 * ```ts
 * const tasks = new PriorityQueue<[number, string]>();
 * tasks.syncQ.put([2, 'later']);
 * tasks.syncQ.put([1, 'first']);
 * tasks.syncQ.get(); // [1, 'first']
 * const byDeadline = new PriorityQueue<{ due: number }>(0, { key: (job) => job.due });
 * ```
 */
export class PriorityQueue<T> extends Queue<T> {
  /** @internal */
  static override readonly kind: number = Kind.PriorityQueue;
  static {
    Queue.register(this);
  }

  /** The order index. @internal */
  declare private heap: RefHeap;
  /** The priority of an item, when given. @internal */
  private readonly key: ((item: T) => number) | undefined;

  /**
   * @param maxsize - the most items the queue holds; `<= 0` (the default) is unbounded.
   * @param options - store sizes, codec and `key`.
   * @throws TypeError if `maxsize` is not an integer, or `options.key` is not a function.
   */
  constructor(maxsize: number = 0, options: PriorityQueueOptions<T> = {}) {
    super(maxsize, options);
    if (options.key !== undefined && typeof options.key !== 'function') {
      throw new TypeError(
        `options.key must be a function returning an item's priority; received ${describe(options.key)}`,
      );
    }
    this.key = options.key;
  }

  /**
   * Returns a `PriorityQueue` over the shared state of a `PriorityQueue`'s `handle`.
   * @param options - the codec and `key` of this thread (functions are not shared).
   * @throws TypeError when `handle` is not the handle of a `PriorityQueue`.
   * @example
   * ```ts
   * const tasks = PriorityQueue.from<[number, string]>(workerData);
   * ```
   */
  static override from<T>(handle: QueueHandle, options?: PriorityQueueOptions<T>): PriorityQueue<T> {
    return super.from(handle, options) as unknown as PriorityQueue<T>;
  }

  protected override _init(): void {
    this.heap = new RefHeap(this.indexRegion, this.words, Word.Index);
  }

  protected override _qsize(): number {
    return this.heap.count;
  }

  protected override _put(ref: number, priority: number): boolean {
    return this.heap.push(ref, priority);
  }

  protected override _get(): number {
    return this.heap.pop();
  }

  protected override _peek(): number {
    return this.heap.top();
  }

  /**
   * The item's priority: `key(item)`, else `item[0]` for an array, else the item.
   * @throws TypeError when that is not a number, or is NaN.
   */
  protected override _priority(item: T): number {
    const priority = this.key ? this.key(item) : Array.isArray(item) ? (item[0] as unknown) : item;
    if (typeof priority !== 'number' || Number.isNaN(priority)) {
      throw new TypeError(
        `a PriorityQueue item's priority must be a number, not NaN (item[0] of an array, the item itself, or options.key(item)); received ${describe(priority)}`,
      );
    }
    return priority;
  }
}
