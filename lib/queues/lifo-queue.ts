/**
 * `LifoQueue`: last in, first out.
 *
 * @module
 */
import type { QueueHandle } from '../engine/handle.js';
import { Kind } from '../engine/handle.js';
import type { QueueOptions } from './options.js';
import { Queue } from './queue.js';

/**
 * A last-in, first-out queue (a stack) shared between threads; otherwise
 * exactly a {@link Queue}.
 *
 * @typeParam T - The type of the items.
 * @example
 * ```ts
 * const stack = new LifoQueue<number>();
 * stack.syncQ.put(1);
 * stack.syncQ.put(2);
 * stack.syncQ.get(); // 2
 * ```
 */
export class LifoQueue<T> extends Queue<T> {
  /** @internal */
  static override readonly kind: number = Kind.LifoQueue;
  static {
    Queue.register(this);
  }

  /**
   * Returns a `LifoQueue` over the shared state of a `LifoQueue`'s `handle`.
   * @throws TypeError when `handle` is not the handle of a `LifoQueue`.
   * @example
   * ```ts
   * const stack = LifoQueue.from<number>(workerData);
   * ```
   */
  static override from<T>(handle: QueueHandle, options?: QueueOptions<T>): LifoQueue<T> {
    return super.from(handle, options) as LifoQueue<T>;
  }

  protected override _get(): number {
    return this.refs.pop();
  }

  protected override _peek(): number {
    return this.refs.back();
  }
}
