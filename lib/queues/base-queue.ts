/**
 * The abstract queue: the public surface over the engine. It owns the
 * ordering hooks (`_init/_qsize/_put/_get/_peek`, called by the engine with
 * the lock held), builds the two faces, and has the queue-wide calls
 * (`shutdown`, `close`, `clear`, `maxsize`, `handle`, ...).
 *
 * @module
 */
import { QueueEngine } from '../engine/engine.js';
import { createHandle, KIND_NAMES, type QueueHandle } from '../engine/handle.js';
import { asyncFace, type AsyncQueue } from '../faces/async-queue.js';
import { immediateOf, type ShutdownOptions } from '../faces/call-options.js';
import { syncFace, type SyncQueue } from '../faces/sync-queue.js';
import type { SharedRegion } from '../store/shared-region.js';
import { checkMaxsize, checkOptions, type QueueOptions } from './options.js';

/**
 * Passed in place of `maxsize` by `from()`: the constructor then attaches
 * to the handle's shared state instead of creating new state.
 * @internal
 */
export class Attach {
  /** @param handle - the checked handle to attach to. */
  constructor(readonly handle: QueueHandle) {}
}

/**
 * The abstract base of every queue kind (Python janus's `BaseQueue`).
 *
 * Its whole state lives in shared memory, so every thread that attaches the
 * queue's {@link BaseQueue.handle} sees the same queue. Kinds differ only in
 * the hooks, which are called with the queue's mutex held and manipulate
 * references to records in the shared store: {@link Queue} (first in, first
 * out), {@link LifoQueue} and {@link PriorityQueue}.
 *
 * @typeParam T - The type of the items.
 */
export abstract class BaseQueue<T> implements AsyncDisposable {
  /** The kind written into shared memory; set by each concrete class. @internal */
  static readonly kind: number = 0;

  /** The blocking face, for worker threads (Python's `queue.Queue` API). */
  readonly syncQ: SyncQueue<T>;
  /** The promise face, for event loops (Python's `asyncio.Queue` API). */
  readonly asyncQ: AsyncQueue<T>;
  /** The structured-cloneable handle (frozen): post it to another thread and call `from()` there. */
  readonly handle: QueueHandle;

  /** The engine both faces use. @internal */
  private readonly engine: QueueEngine<T>;

  /**
   * @param maxsize - the most items the queue holds; `<= 0` (the default) is unbounded.
   * @param options - store sizes and codec.
   * @throws TypeError if `maxsize` is not an integer, `options` is not an object, or an option has the wrong type.
   * @throws RangeError if a store size is out of range.
   */
  constructor(maxsize: number = 0, options: QueueOptions<T> = {}) {
    const attach = maxsize as unknown;
    const kind = new.target.kind;
    if (!(attach instanceof Attach)) {
      if (!(kind in KIND_NAMES))
        throw new TypeError('BaseQueue is abstract: construct Queue, LifoQueue or PriorityQueue');
      checkMaxsize(maxsize);
    }
    const { codec, capacity, maxCapacity } = checkOptions<T>(options);
    this.handle = attach instanceof Attach ? attach.handle : createHandle(kind, maxsize, { capacity, maxCapacity });
    this.engine = new QueueEngine(
      this.handle,
      {
        qsize: () => this._qsize(),
        put: (ref, priority) => this._put(ref, priority),
        get: () => this._get(),
        peek: () => this._peek(),
        priority: (item) => this._priority(item),
      },
      codec,
    );
    // Not under the lock: `_init` only builds this thread's views of the
    // shared memory, and attaching must not wait on a lock that a terminated
    // worker left held.
    this._init(this.engine.maxsizeHint);
    this.syncQ = syncFace(this.engine);
    this.asyncQ = asyncFace(this.engine);
  }

  // ---------------------------------------------------------------- hooks

  /** The shared buffer of the order index, for the hooks. @internal */
  protected get indexRegion(): SharedRegion {
    return this.engine.indexRegion;
  }

  /** The control words, for the hooks: an order index keeps its own from `Word.Index`. @internal */
  protected get words(): Int32Array {
    return this.engine.words;
  }

  /**
   * Sets up this kind's view of its order index (a shared buffer of record
   * references, and a few control words). Called once in every thread that
   * constructs or attaches the queue, before the queue is used there, and
   * without the mutex: it must only build views, not change shared state
   * (shared memory starts zeroed, which must mean "empty").
   */
  protected abstract _init(maxsize: number): void;
  /** The number of items. Called with the mutex held. */
  protected abstract _qsize(): number;
  /**
   * Adds the record `ref` (an offset in the shared store) with `priority`.
   * Returns false, changing nothing, if the index has no room to grow.
   * Called with the mutex held.
   */
  protected abstract _put(ref: number, priority: number): boolean;
  /** Removes and returns the next record reference (the queue is not empty). Called with the mutex held. */
  protected abstract _get(): number;
  /** Returns the record reference `_get` would remove, leaving it. Called with the mutex held. */
  protected abstract _peek(): number;
  /**
   * The priority of `item`, computed before the lock is taken; throws to
   * refuse the item. Only {@link PriorityQueue} orders by it.
   */
  protected _priority(_item: T): number {
    return 0;
  }

  // ---------------------------------------------------------- queue-wide

  /**
   * The most items the queue holds; `<= 0` means unbounded. Settable from
   * any thread: growing it wakes blocked putters on both faces; shrinking it
   * keeps the items already there and makes putters wait.
   * @throws TypeError when set to anything but an integer.
   * @example
   * ```ts
   * const queue = new Queue<string>(10);
   * queue.maxsize = 100; // blocked putters, in any thread, wake up
   * ```
   */
  get maxsize(): number {
    return this.engine.maxsize;
  }

  /** Sets {@link BaseQueue.maxsize}: an integer, `<= 0` for unbounded (see the getter). */
  set maxsize(value: number) {
    this.engine.maxsize = checkMaxsize(value);
  }

  /**
   * Whether `shutdown()` was called (by any thread).
   * @example
   * ```ts
   * while (!queue.isShutDown) work(queue.syncQ.get());
   * ```
   */
  get isShutDown(): boolean {
    return this.engine.isShutDown;
  }

  /**
   * Shut down, and no `asyncQ` put, get, peek, `putMany` or `getMany` call
   * of this thread is still pending (pending `join()` calls do not count:
   * cleanup never waits for a consumer that died before `taskDone()`).
   * @example
   * ```ts
   * queue.close();
   * if (!queue.closed) await queue.waitClosed(); // pending asyncQ calls settle first
   * ```
   */
  get closed(): boolean {
    return this.engine.closed;
  }

  /**
   * Shuts the queue down (Python 3.13's `Queue.shutdown`): `put` throws
   * `ShutDown` from now on, and `get` throws it once the queue is empty.
   * With `immediate`, the items left are dropped (each counted as a finished
   * task) so `get` throws at once and `join` returns. Every blocked caller,
   * on either face in any thread, wakes. `immediate` may be given as
   * Python's keyword: `shutdown({ immediate: true })`.
   * @throws TypeError when `immediate` is not a boolean.
   * @example
   * ```ts
   * queue.shutdown({ immediate: false }); // as Python's shutdown(immediate=False)
   * queue.shutdown(); // consumers drain what is left, then get ShutDown
   * for await (const item of queue.asyncQ) console.log(item); // ends once empty
   * ```
   */
  shutdown(immediate?: boolean | ShutdownOptions): void {
    this.engine.shutdown(immediateOf(immediate));
  }

  /**
   * Shuts down immediately: `shutdown(true)`.
   * @example
   * ```ts
   * queue.close(); // items left are dropped; every blocked caller wakes
   * ```
   */
  close(): void {
    this.shutdown(true);
  }

  /**
   * Resolves once the queue is {@link closed}.
   * @throws RuntimeError (as a rejection) unless the queue is shut down.
   * @example
   * ```ts
   * queue.shutdown();
   * await queue.waitClosed(); // this thread's pending asyncQ calls have settled
   * ```
   */
  waitClosed(): Promise<void> {
    return this.engine.waitClosed();
  }

  /**
   * `close()`, then `waitClosed()`.
   * @example
   * ```ts
   * await queue.aclose(); // as janus's `await queue.aclose()`
   * ```
   */
  aclose(): Promise<void> {
    this.close();
    return this.waitClosed();
  }

  /**
   * `aclose()`, so that `await using queue = new Queue()` closes the queue.
   * @example
   * ```ts
   * {
   *   await using queue = new Queue<number>();
   *   await queue.asyncQ.put(1);
   * } // closed here
   * ```
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.aclose();
  }

  /**
   * Removes every item at once, lowering `unfinishedTasks` by the number
   * removed; wakes blocked putters, and joiners if no task is left.
   * @example
   * ```ts
   * queue.clear(); // drop the backlog, keep the queue open
   * ```
   */
  clear(): void {
    this.engine.clear();
  }
}
