/**
 * `Queue`: first in, first out; and the `from()` that attaches any kind.
 *
 * @module
 */
import { RefDeque } from '../store/ref-deque.js';
import { Kind, KIND_NAMES, kindOfHandle, type QueueHandle } from '../engine/handle.js';
import { Word } from '../engine/layout.js';
import { Attach, BaseQueue } from './base-queue.js';
import type { QueueOptions } from './options.js';

/** A queue class that `from()` can construct. */
type QueueClass = { kind: number; new (maxsize: Attach, options?: never): Queue<unknown> };
/** The concrete class of each kind, registered by the class itself. */
const kinds = new Map<number, QueueClass>();

/**
 * A first-in, first-out queue shared between threads, with a blocking face
 * ({@link Queue.syncQ}) and a promise face ({@link Queue.asyncQ}).
 *
 * @typeParam T - The type of the items. Items are copied (see the codec).
 * @example
 * ```ts
 * // main thread
 * import { Worker } from 'node:worker_threads';
 * import { Queue } from 'janus-queue';
 * const queue = new Queue<number>(1024);
 * new Worker(new URL('./producer.js', import.meta.url), { workerData: queue.handle });
 * const first = await queue.asyncQ.get();
 *
 * // producer.js (a worker)
 * import { workerData } from 'node:worker_threads';
 * const queue = Queue.from<number>(workerData);
 * queue.syncQ.put(1); // blocks while the queue is full
 * ```
 */
export class Queue<T> extends BaseQueue<T> {
  /** @internal */
  static override readonly kind: number = Kind.Queue;
  static {
    Queue.register(this);
  }

  /** The ring of record references. @internal */
  declare protected refs: RefDeque;

  /** Lets `Queue.from` construct `cls` for handles of its kind. @internal */
  static register(cls: unknown): void {
    const queueClass = cls as QueueClass;
    kinds.set(queueClass.kind, queueClass);
  }

  /**
   * Returns a queue over the shared state of `handle` (a `queue.handle`,
   * usually posted from another thread). On `Queue`, a handle of a
   * `LifoQueue` or `PriorityQueue` returns that subclass.
   *
   * @param handle - the `handle` of a queue, from any thread.
   * @param options - the codec (the same as the queue's other users); sizes are ignored.
   * @throws TypeError when `handle` is not a queue handle, or is one of another kind.
   * @example
   * ```ts
   * import { workerData } from 'node:worker_threads';
   * const queue = Queue.from<string>(workerData);
   * ```
   */
  static from<T>(handle: QueueHandle, options?: QueueOptions<T>): Queue<T> {
    return attachAs(this as unknown as QueueClass, handle, options) as Queue<T>;
  }

  /** Alias of {@link Queue.syncQ}. */
  get sync_q(): this['syncQ'] {
    return this.syncQ;
  }

  /** Alias of {@link Queue.asyncQ}. */
  get async_q(): this['asyncQ'] {
    return this.asyncQ;
  }

  /** Alias of {@link BaseQueue.waitClosed}. */
  wait_closed(): Promise<void> {
    return this.waitClosed();
  }

  protected _init(): void {
    this.refs = new RefDeque(this.indexRegion, this.words, Word.Index);
  }

  protected _qsize(): number {
    return this.refs.count;
  }

  protected _put(ref: number, _priority: number): boolean {
    return this.refs.push(ref);
  }

  protected _get(): number {
    return this.refs.shift();
  }

  protected _peek(): number {
    return this.refs.front();
  }
}

/** Constructs `cls` (or, from `Queue`, the handle's own kind) over `handle`. */
function attachAs(cls: QueueClass, handle: QueueHandle, options: unknown): Queue<unknown> {
  const kind = kindOfHandle(handle);
  let target = cls;
  if (kind !== cls.kind) {
    const own = kinds.get(kind);
    if (cls !== kinds.get(Kind.Queue) || own === undefined) {
      throw new TypeError(`cannot attach a ${KIND_NAMES[kind]} handle as a ${KIND_NAMES[cls.kind]}`);
    }
    target = own;
  }
  return new target(new Attach(handle), options as never);
}
