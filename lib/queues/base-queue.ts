/**
 * The abstract queue: shared state, the `_init/_qsize/_put/_get/_peek`
 * hooks, the operations every face is built from, and the queue-wide calls
 * (`shutdown`, `close`, `clear`, `maxsize`, `handle`, ...).
 *
 * @module
 */
import type { Codec } from '../codec/codec.js';
import { defaultCodec } from '../codec/structured-codec.js';
import { RuntimeError } from '../errors.js';
import { AsyncQueueProxy, type AsyncQueue } from '../faces/async-queue.js';
import { SyncQueueProxy, type SyncQueue } from '../faces/sync-queue.js';
import { Condition } from '../primitives/condition.js';
import { Mutex } from '../primitives/mutex.js';
import { requireSharedMemory } from '../primitives/platform.js';
import { Arena, blockSize } from '../store/arena.js';
import { allocateShared, SharedRegion } from '../store/shared-region.js';
import { KIND_NAMES, type QueueHandle } from './handle.js';
import { CONTROL_BYTES, LAYOUT_VERSION, TAG, Word } from './layout.js';
import { checkMaxsize, storeSizes, type QueueOptions } from './options.js';
import { BATCH_BYTES, type EncodedBatch } from './batch.js';
import { PutResult, TakeResult } from './outcomes.js';

/** Initial bytes of the order index. */
const INDEX_BYTES = 1024;
/** Bytes per index entry at most (a heap entry). */
const INDEX_ENTRY_BYTES = 16;

/** Set by `from()` for the constructor it calls: the handle to attach to. */
let attaching: QueueHandle | undefined;

/**
 * Runs `make` (which calls a queue constructor) so that the constructor
 * attaches to `handle` instead of creating new shared state.
 * @internal
 */
export function attachWith<Q>(handle: QueueHandle, make: () => Q): Q {
  attaching = handle;
  try {
    return make();
  } finally {
    attaching = undefined;
  }
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
  /** The structured-cloneable handle: post it to another thread and call `from()` there. */
  readonly handle: QueueHandle;

  /** @internal */ readonly words: Int32Array;
  /** @internal */ readonly mutex: Mutex;
  /** @internal */ readonly notEmpty: Condition;
  /** @internal */ readonly notFull: Condition;
  /** @internal */ readonly allTasksDone: Condition;
  /** @internal */ readonly arena: Arena;
  /** The shared buffer of the order index, for the hooks. @internal */
  protected readonly indexRegion: SharedRegion;

  private readonly maxsizeWord: Float64Array;
  private readonly codec: Codec<T>;
  private scratch = new Uint8Array(256);
  /** The last view of `scratch` that `decode` made, reused while items keep its length. */
  private scratchView = this.scratch.subarray(0, 0);
  /** Where `tryTakeMany` copies the items it takes, and where each ends. */
  private batchBytes = new Uint8Array(1024);
  private readonly batchEnds: number[] = [];
  /** This thread's `asyncQ` calls that are waiting. */
  private pendingAsync = 0;
  private closedWaiters: Array<() => void> = [];

  /**
   * @param maxsize - the most items the queue holds; `<= 0` (the default) is unbounded.
   * @param options - store sizes and codec.
   * @throws TypeError if `maxsize` is not an integer or an option has the wrong type.
   * @throws RangeError if a store size is out of range.
   */
  constructor(maxsize: number = 0, options: QueueOptions<T> = {}) {
    const handle = attaching ?? BaseQueue.create((new.target as typeof BaseQueue).kind, maxsize, options);
    attaching = undefined;
    this.handle = handle;
    this.codec = options.codec ?? (defaultCodec as Codec<T>);
    this.words = new Int32Array(handle.control, 0, CONTROL_BYTES >> 2);
    this.maxsizeWord = new Float64Array(handle.control, 0, CONTROL_BYTES >> 3);
    this.mutex = new Mutex(this.words, Word.Mutex);
    this.notEmpty = new Condition(this.words, Word.NotEmpty, this.mutex);
    this.notFull = new Condition(this.words, Word.NotFull, this.mutex);
    this.allTasksDone = new Condition(this.words, Word.AllTasksDone, this.mutex);
    this.arena = new Arena(new SharedRegion(handle.store, this.words, Word.ArenaSize), this.words, Word.Arena);
    this.indexRegion = new SharedRegion(handle.index, this.words, Word.IndexSize);
    // Not under the mutex: `_init` only builds this thread's views of the
    // shared memory, and attaching must not wait on a lock that a terminated
    // worker left held.
    this._init(this.maxsizeWord[Word.MaxsizeF64]);
    this.syncQ = new SyncQueueProxy(this);
    this.asyncQ = new AsyncQueueProxy(this);
  }

  private static create(kind: number, maxsize: number, options: Pick<QueueOptions, 'capacity' | 'maxCapacity'>): QueueHandle {
    if (!(kind in KIND_NAMES)) throw new TypeError('BaseQueue is abstract: construct Queue, LifoQueue or PriorityQueue');
    checkMaxsize(maxsize);
    requireSharedMemory();
    const { capacity, maxCapacity } = storeSizes(options);
    const maxIndex = Math.max(INDEX_BYTES, 2 ** Math.ceil(Math.log2(maxCapacity / blockSize(0))) * INDEX_ENTRY_BYTES);
    const handle: QueueHandle = {
      control: new SharedArrayBuffer(CONTROL_BYTES),
      store: allocateShared(capacity, maxCapacity),
      index: allocateShared(INDEX_BYTES, maxIndex),
    };
    const words = new Int32Array(handle.control);
    new Float64Array(handle.control)[Word.MaxsizeF64] = maxsize;
    words[Word.ArenaSize] = capacity;
    words[Word.IndexSize] = INDEX_BYTES;
    new Arena(new SharedRegion(handle.store, words, Word.ArenaSize), words, Word.Arena).format();
    words[Word.Kind] = kind;
    words[Word.Version] = LAYOUT_VERSION;
    Atomics.store(words, Word.Tag, TAG);
    return handle;
  }

  // ---------------------------------------------------------------- hooks

  /**
   * Sets up this kind's view of the order index in `indexRegion` and
   * the control words from `Word.Index` on. Called once in every thread that
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
    return this.locked(() => this.maxsizeWord[Word.MaxsizeF64]);
  }

  /** Sets {@link BaseQueue.maxsize}: an integer, `<= 0` for unbounded (see the getter). */
  set maxsize(value: number) {
    checkMaxsize(value);
    this.locked(() => {
      this.maxsizeWord[Word.MaxsizeF64] = value;
      this.notFull.notifyAll();
    });
  }

  /**
   * Whether `shutdown()` was called (by any thread).
   * @example
   * ```ts
   * while (!queue.isShutDown) work(queue.syncQ.get());
   * ```
   */
  get isShutDown(): boolean {
    return Atomics.load(this.words, Word.ShutDown) !== 0;
  }

  /**
   * Shut down, and no `asyncQ` call of this thread is still pending.
   * @example
   * ```ts
   * queue.close();
   * if (!queue.closed) await queue.waitClosed(); // pending asyncQ calls settle first
   * ```
   */
  get closed(): boolean {
    return this.isShutDown && this.pendingAsync === 0;
  }

  /**
   * Shuts the queue down (Python 3.13's `Queue.shutdown`): `put` throws
   * `ShutDown` from now on, and `get` throws it once the queue is empty.
   * With `immediate`, the items left are dropped (each counted as a finished
   * task) so `get` throws at once and `join` returns. Every blocked caller,
   * on either face in any thread, wakes.
   * @example
   * ```ts
   * queue.shutdown(); // consumers drain what is left, then get ShutDown
   * for await (const item of queue.asyncQ) console.log(item); // ends once empty
   * ```
   */
  shutdown(immediate: boolean = false): void {
    this.locked(() => {
      Atomics.store(this.words, Word.ShutDown, 1);
      if (immediate) {
        const dropped = this.dropAll();
        this.words[Word.UnfinishedTasks] = Math.max(0, this.words[Word.UnfinishedTasks] - dropped);
        this.allTasksDone.notifyAll();
      }
      this.notEmpty.notifyAll();
      this.notFull.notifyAll();
    });
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
    if (!this.isShutDown) return Promise.reject(new RuntimeError('waitClosed() on a queue that is not shut down; call shutdown() or close() first'));
    if (this.pendingAsync === 0) return Promise.resolve();
    return new Promise((resolve) => this.closedWaiters.push(resolve));
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
    this.locked(() => {
      const removed = this.dropAll();
      if (removed === 0) return;
      this.words[Word.UnfinishedTasks] = Math.max(0, this.words[Word.UnfinishedTasks] - removed);
      if (this.words[Word.UnfinishedTasks] === 0) this.allTasksDone.notifyAll();
      this.notFull.notifyAll();
    });
  }

  // ------------------------------------------------- face building blocks

  /** Runs `body` with the mutex held (taken synchronously). @internal */
  locked<R>(body: () => R): R {
    this.mutex.lock();
    try {
      return body();
    } finally {
      this.mutex.unlock();
    }
  }

  /** With the mutex held: the number of items. @internal */
  size(): number {
    this.sync();
    return this._qsize();
  }

  /** With the mutex held: `0 < maxsize <= qsize()`. @internal */
  isFull(): boolean {
    this.sync();
    return this.isFullSynced();
  }

  /** {@link isFull}, once `sync()` was called under this hold of the mutex. */
  private isFullSynced(): boolean {
    const maxsize = this.maxsizeWord[Word.MaxsizeF64];
    return maxsize > 0 && this._qsize() >= maxsize;
  }

  /** The number of items put and not yet marked done. @internal */
  get unfinishedTasks(): number {
    return Atomics.load(this.words, Word.UnfinishedTasks);
  }

  /**
   * Encodes `item` (before the lock is taken).
   * @throws RangeError if it can never fit the store; the codec's error if it cannot be encoded.
   * @internal
   */
  encode(item: T): Uint8Array {
    const bytes = this.codec.encode(item);
    if (!this.arena.canEverHold(bytes.length)) {
      throw new RangeError(
        `the item takes ${bytes.length} bytes encoded, more than the queue's store can ever hold (maxCapacity ${this.arena.region.maxSize} bytes)`,
      );
    }
    return bytes;
  }

  /** The priority of `item` (see `_priority`). @internal */
  priorityOf(item: T): number {
    return this._priority(item);
  }

  /**
   * With the mutex held: stores `bytes` and adds the item unless the queue
   * is shut down, full, or out of store room. @internal
   */
  tryPut(bytes: Uint8Array, priority: number, from: number = 0, length: number = bytes.length - from): number {
    this.sync();
    if (this.words[Word.ShutDown] !== 0) return PutResult.ShutDown;
    if (this.isFullSynced()) return PutResult.Full;
    const ref = this.arena.store(bytes, from, length);
    let added = false;
    try {
      added = ref >= 0 && this._put(ref, priority);
    } catch (error) {
      // A putter woken for room passes the wake-up on, though it failed.
      this.notFull.notify();
      throw error;
    } finally {
      if (!added && ref >= 0) this.arena.free(ref);
    }
    if (!added) {
      // Whoever frees room next wakes every putter: this one may need more
      // room than the next putter in line.
      this.words[Word.RoomShortage] = 1;
      return PutResult.NoRoom;
    }
    this.words[Word.UnfinishedTasks]++;
    this.words[Word.Count]++;
    this.notEmpty.notify();
    return PutResult.Done;
  }

  /**
   * With the mutex held: copies the next item's bytes into this thread's
   * scratch buffer, removing the item unless `peek`. Returns their length,
   * or a {@link TakeResult}. @internal
   */
  tryTake(peek: boolean): number {
    if (this.size() === 0) return this.isShutDown ? TakeResult.ShutDown : TakeResult.Empty;
    let ref: number;
    try {
      ref = peek ? this._peek() : this._get();
    } catch (error) {
      // A getter woken for an item passes the wake-up on, though it failed.
      this.notEmpty.notify();
      throw error;
    }
    const length = this.arena.lengthOf(ref);
    if (length > this.scratch.length) {
      this.scratch = new Uint8Array(Math.max(length, this.scratch.length * 2));
      this.scratchView = this.scratch.subarray(0, 0);
    }
    this.arena.copyOut(ref, this.scratch);
    if (!peek) {
      this.roomFreed(ref);
    } else {
      // Pass the wake-up on: a peek leaves the item for a getter.
      this.notEmpty.notify();
    }
    return length;
  }

  /**
   * With the mutex held: puts the items of `batch` from `batch.next` on, one
   * by one exactly as {@link tryPut} does, while they go in, and
   * {@link BATCH_BYTES} at most. Returns the outcome of the last attempt:
   * `Done` when it stopped on no refusal (the caller checks `batch.next`).
   * @internal
   */
  tryPutMany(batch: EncodedBatch): number {
    let outcome: number = PutResult.Done;
    const bytes = batch.bytes;
    const first = batch.start(batch.next);
    for (let i = batch.next; i < batch.count; i = ++batch.next) {
      const start = batch.start(i);
      if (start - first >= BATCH_BYTES) break;
      outcome = this.tryPut(bytes, batch.priorities[i], start, batch.ends[i] - start);
      if (outcome !== PutResult.Done) break;
    }
    return outcome;
  }

  /**
   * With the mutex held: removes up to `max` items (one at least, unless the
   * queue is empty), one by one as {@link tryTake} does, copying their bytes
   * into this thread's batch buffer. Returns how many, or a
   * {@link TakeResult}. @internal
   */
  tryTakeMany(max: number): number {
    if (this.size() === 0) return this.isShutDown ? TakeResult.ShutDown : TakeResult.Empty;
    const ends = this.batchEnds;
    let taken = 0;
    let end = 0;
    do {
      let ref: number;
      try {
        ref = this._get();
      } catch (error) {
        if (taken > 0) break; // return the items taken; the next call meets the failure
        // A getter woken for an item passes the wake-up on, though it failed.
        this.notEmpty.notify();
        throw error;
      }
      const length = this.arena.lengthOf(ref);
      if (end + length > this.batchBytes.length) {
        const bigger = new Uint8Array(Math.max(end + length, this.batchBytes.length * 2));
        bigger.set(this.batchBytes.subarray(0, end));
        this.batchBytes = bigger;
      }
      this.arena.copyOut(ref, this.batchBytes, end);
      end += length;
      ends[taken++] = end;
      this.roomFreed(ref);
    } while (taken < max && this._qsize() > 0);
    return taken;
  }

  /** After the mutex is released: decodes the `count` items that {@link tryTakeMany} copied. @internal */
  decodeMany(count: number): T[] {
    const items = new Array<T>(count);
    const bytes = this.batchBytes;
    const ends = this.batchEnds;
    const copy = this.codec !== defaultCodec;
    for (let i = 0, start = 0; i < count; start = ends[i++]) {
      const view = bytes.subarray(start, ends[i]);
      items[i] = this.codec.decode(copy ? view.slice() : view);
    }
    return items;
  }

  /** After the mutex is released: decodes the `length` bytes that `tryTake` copied. @internal */
  decode(length: number): T {
    let view = this.scratchView;
    if (view.length !== length) view = this.scratchView = this.scratch.subarray(0, length);
    return this.codec.decode(this.codec === defaultCodec ? view : view.slice());
  }

  /** With the mutex held: marks one task done. @internal */
  tryTaskDone(): boolean {
    const unfinished = this.words[Word.UnfinishedTasks] - 1;
    if (unfinished < 0) return false;
    this.words[Word.UnfinishedTasks] = unfinished;
    if (unfinished === 0) this.allTasksDone.notifyAll();
    return true;
  }

  /** Counts a waiting `asyncQ` call of this thread, for {@link closed}. @internal */
  asyncWaitBegins(): void {
    this.pendingAsync++;
  }

  /** Counts a waiting `asyncQ` call as settled (a callback: bound). @internal */
  readonly asyncWaitEnds = (): void => {
    if (--this.pendingAsync === 0 && this.isShutDown) {
      for (const resolve of this.closedWaiters.splice(0)) resolve();
    }
  };

  /** With the mutex held: frees the record `ref` and wakes putters. */
  private roomFreed(ref: number): void {
    this.arena.free(ref);
    this.words[Word.Count]--;
    if (this.words[Word.RoomShortage] === 0) {
      this.notFull.notify();
    } else {
      this.words[Word.RoomShortage] = 0;
      this.notFull.notifyAll();
    }
  }

  /**
   * `maxsize` read without the lock: a hint for spinning callers, who check
   * under the lock before they act on it. @internal
   */
  get maxsizeHint(): number {
    return this.maxsizeWord[Word.MaxsizeF64];
  }

  /** With the mutex held: picks up store growth made by other threads. */
  private sync(): void {
    this.arena.region.refresh();
    this.indexRegion.refresh();
  }

  /** With the mutex held: removes and frees every item; returns how many. */
  private dropAll(): number {
    let dropped = 0;
    while (this.size() > 0) {
      this.arena.free(this._get());
      dropped++;
    }
    this.words[Word.Count] -= dropped;
    return dropped;
  }
}
