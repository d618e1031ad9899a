/**
 * The engine of a queue: its shared state, its lock and three conditions,
 * and the operations both faces are built from. Every `try*` method is one
 * attempt made with the lock held, as CPython's `Queue.put` body is; the
 * faces decide whether to wait and on which condition.
 *
 * The ordering of the items is not here: the engine calls the queue's hooks
 * (`_qsize`, `_put`, `_get`, `_peek`) through {@link OrderingHooks}.
 *
 * @module
 * @internal
 */
import type { Codec } from '../codec/codec.js';
import { defaultCodec } from '../codec/structured-codec.js';
import { describe } from '../describe.js';
import { RuntimeError } from '../errors.js';
import { Condition } from '../primitives/condition.js';
import { Mutex } from '../primitives/mutex.js';
import { Arena } from '../store/arena.js';
import { SharedRegion } from '../store/shared-region.js';
import { aligned, BATCH_BYTES, type EncodedBatch } from './batch.js';
import type { QueueHandle } from './handle.js';
import { CONTROL_BYTES, ID_BYTES, Word } from './layout.js';
import { Put, Take, type PutOutcome, type TakeOutcome } from './outcomes.js';

/** The hooks of a queue's ordering, called with the lock held (but `priority`). @internal */
export interface OrderingHooks<T> {
  /** The number of items. */
  qsize(): number;
  /** Adds the record `ref` with `priority`; false, changing nothing, when the order index cannot grow. */
  put(ref: number, priority: number): boolean;
  /** Removes and returns the next record (the queue is not empty). */
  get(): number;
  /** Returns the record `get` would remove, leaving it. */
  peek(): number;
  /** The priority of `item`, computed before the lock is taken; throws to refuse the item. */
  priority(item: T): number;
}

/** A read buffer larger than this is dropped once its item is decoded. */
const KEPT_READ_BYTES = 1024 * 1024;
/** The size a read buffer starts at (and goes back to). */
const READ_BYTES = 256;

/** @internal */
export class QueueEngine<T> {
  /** The lock every `try*` call is made under. */
  readonly mutex: Mutex;
  /** Signalled when an item is added (getters wait on it). */
  readonly notEmpty: Condition;
  /** Signalled when room is made (putters wait on it). */
  readonly notFull: Condition;
  /** Signalled when the last unfinished task is done (joiners wait on it). */
  readonly allTasksDone: Condition;
  /** The shared buffer of the order index, for the ordering hooks. */
  readonly indexRegion: SharedRegion;
  /** The control words, for the ordering hooks (from `Word.Index`). */
  readonly words: Int32Array;

  private readonly arena: Arena;
  private readonly maxsizeWord: Float64Array;
  private readonly codec: Codec<T>;
  /** Where `tryTake` copies an item's bytes, and how many it copied. */
  private readBytes = new Uint8Array(READ_BYTES);
  /** The view of `readBytes` holding the last item taken (reused while items keep their length). */
  private readView = this.readBytes.subarray(0, 0);
  /** Where `tryTakeMany` copies the items it takes, where each ends, and how many. */
  private batchBytes = new Uint8Array(READ_BYTES);
  private readonly batchEnds: number[] = [];
  private batchCount = 0;
  /** This thread's `asyncQ` calls that had to wait and have not settled. */
  private pendingAsync = 0;
  private closedWaiters: Array<() => void> = [];

  /**
   * @param handle - the queue's shared buffers (checked by the caller).
   * @param hooks - the queue's ordering.
   * @param codec - how items become bytes.
   */
  constructor(
    handle: QueueHandle,
    private readonly hooks: OrderingHooks<T>,
    codec: Codec<T> | undefined,
  ) {
    this.codec = codec ?? (defaultCodec as Codec<T>);
    this.words = new Int32Array(handle.control, 0, CONTROL_BYTES >> 2);
    this.maxsizeWord = new Float64Array(handle.control, 0, CONTROL_BYTES >> 3);
    this.mutex = new Mutex(this.words, Word.Mutex);
    this.notEmpty = new Condition(this.words, Word.NotEmpty, this.mutex);
    this.notFull = new Condition(this.words, Word.NotFull, this.mutex);
    this.allTasksDone = new Condition(this.words, Word.AllTasksDone, this.mutex);
    this.arena = new Arena(
      new SharedRegion(handle.store, this.words, Word.ArenaSize, ID_BYTES),
      this.words,
      Word.Arena,
    );
    this.indexRegion = new SharedRegion(handle.index, this.words, Word.IndexSize, ID_BYTES);
  }

  // ------------------------------------------------------ without the lock

  /** Whether `shutdown()` was called, by any thread. */
  get isShutDown(): boolean {
    return Atomics.load(this.words, Word.ShutDown) !== 0;
  }

  /** The number of items put and not yet marked done. */
  get unfinishedTasks(): number {
    return Atomics.load(this.words, Word.UnfinishedTasks);
  }

  /** The number of items, read without the lock: a hint for a spinning caller, who checks under the lock. */
  get countHint(): number {
    return Atomics.load(this.words, Word.Count);
  }

  /** `maxsize`, read without the lock: a hint for a spinning caller. */
  get maxsizeHint(): number {
    return this.maxsizeWord[Word.MaxsizeF64];
  }

  /**
   * Encodes `item`, before the lock is taken.
   * @throws TypeError when the codec does not return a `Uint8Array`.
   * @throws RangeError when the item can never fit the store; the codec's error when it cannot be encoded.
   */
  encode(item: T): Uint8Array {
    const bytes = this.codec.encode(item);
    if (!(bytes instanceof Uint8Array)) {
      throw new TypeError(`the queue's codec.encode must return a Uint8Array; it returned ${describe(bytes)}`);
    }
    if (!this.arena.canEverHold(bytes.length)) {
      throw new RangeError(
        `the item takes ${bytes.length} bytes encoded, more than the queue's store can ever hold (maxCapacity ${this.arena.region.maxSize} bytes)`,
      );
    }
    return bytes;
  }

  /** The priority of `item` (see {@link OrderingHooks.priority}). */
  priorityOf(item: T): number {
    return this.hooks.priority(item);
  }

  /**
   * After the lock is released: decodes the item that the last
   * {@link tryTake} copied. A removed item that cannot be decoded counts as
   * a finished task (it can never be handed out), so `join()` cannot wait
   * for it forever; the decoder's error is rethrown.
   */
  decodeTaken(removed: boolean): T {
    const view = this.readView;
    if (this.readBytes.length > KEPT_READ_BYTES) {
      this.readBytes = new Uint8Array(READ_BYTES);
      this.readView = this.readBytes.subarray(0, 0);
    }
    try {
      return this.decode(view);
    } catch (error) {
      if (removed) this.finishUndecodable(1);
      throw error;
    }
  }

  /**
   * After the lock is released: decodes the items that the last
   * {@link tryTakeMany} copied. Items that cannot be decoded count as
   * finished tasks; then the first decoder error is thrown, with the items
   * that did decode as its `items` property (nothing is lost).
   */
  decodeTakenMany(): T[] {
    const bytes = this.batchBytes;
    const ends = this.batchEnds;
    if (bytes.length > KEPT_READ_BYTES) this.batchBytes = new Uint8Array(READ_BYTES);
    const items: T[] = [];
    let failure: { error: unknown } | undefined;
    let failed = 0;
    for (let i = 0, start = 0; i < this.batchCount; start = aligned(ends[i++])) {
      try {
        items.push(this.decode(bytes.subarray(start, ends[i])));
      } catch (error) {
        failure ??= { error };
        failed++;
      }
    }
    if (failure === undefined) return items;
    this.finishUndecodable(failed);
    if (typeof failure.error === 'object' && failure.error !== null && Object.isExtensible(failure.error)) {
      Object.assign(failure.error, { items });
    }
    throw failure.error;
  }

  // ------------------------------------------- taking the lock at once, or not at all

  /**
   * Puts the item, as {@link tryPut} does, if the lock is free at once and
   * the put is done under it; returns false, having changed nothing, when
   * the lock is taken, the queue is full, out of room or shut down.
   */
  putNow(bytes: Uint8Array, priority: number): boolean {
    if (!this.mutex.tryLock()) return false;
    try {
      return this.tryPut(bytes, priority) === Put.Done;
    } finally {
      this.mutex.unlock();
    }
  }

  /**
   * Takes (or with `peek`, copies) the next item, as {@link tryTake} does,
   * if the lock is free at once and there is an item; returns false,
   * having changed nothing, otherwise. {@link decodeTaken} decodes it.
   */
  takeNow(peek: boolean): boolean {
    if (!this.mutex.tryLock()) return false;
    try {
      return this.tryTake(peek) === Take.Taken;
    } finally {
      this.mutex.unlock();
    }
  }

  // ---------------------------------------------------- with the lock held

  /** Runs `body` with the lock held (taken synchronously). */
  locked<R>(body: () => R): R {
    this.mutex.lock();
    try {
      return body();
    } finally {
      this.mutex.unlock();
    }
  }

  /** With the lock held: the number of items. */
  qsize(): number {
    this.syncViews();
    return this.hooks.qsize();
  }

  /** With the lock held: `0 < maxsize <= qsize()`. */
  isFull(): boolean {
    const maxsize = this.maxsizeWord[Word.MaxsizeF64];
    return maxsize > 0 && this.qsize() >= maxsize;
  }

  /**
   * With the lock held: stores `length` bytes of `bytes` from `from` and
   * adds the item, unless the queue is shut down, full, or out of store room.
   */
  tryPut(bytes: Uint8Array, priority: number, from: number = 0, length: number = bytes.length - from): PutOutcome {
    // Another thread may have grown the store or the index: a stale view would drop the bytes.
    this.syncViews();
    if (this.words[Word.ShutDown] !== 0) return Put.ShutDown;
    const maxsize = this.maxsizeWord[Word.MaxsizeF64];
    if (maxsize > 0 && this.hooks.qsize() >= maxsize) return Put.Full;
    const ref = this.arena.store(bytes, from, length);
    let added = false;
    try {
      added = ref >= 0 && this.hooks.put(ref, priority);
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
      return Put.NoRoom;
    }
    this.words[Word.UnfinishedTasks]++;
    this.words[Word.Count]++;
    this.notEmpty.notify();
    return Put.Done;
  }

  /**
   * With the lock held: puts the items of `batch` from `batch.next` on, one
   * by one as {@link tryPut} does, while they go in, and {@link BATCH_BYTES}
   * at most; `batch.next` moves past each item put. Returns the outcome of
   * the last attempt (`Done` when it stopped on no refusal).
   */
  tryPutMany(batch: EncodedBatch): PutOutcome {
    let outcome: PutOutcome = Put.Done;
    const first = batch.start(batch.next);
    for (let i = batch.next; i < batch.count; i = ++batch.next) {
      const start = batch.start(i);
      if (start - first >= BATCH_BYTES) break;
      outcome = this.tryPut(batch.bytes, batch.priorities[i], start, batch.ends[i] - start);
      if (outcome !== Put.Done) break;
    }
    return outcome;
  }

  /**
   * With the lock held: copies the next item's bytes into this thread's
   * read buffer, removing the item unless `peek`; {@link decodeTaken}
   * decodes them once the lock is released.
   */
  tryTake(peek: boolean): TakeOutcome {
    if (this.qsize() === 0) return this.isShutDown ? Take.ShutDown : Take.Empty;
    const ref = this.nextRef(peek);
    const length = this.arena.lengthOf(ref);
    if (length > this.readBytes.length) this.readBytes = new Uint8Array(Math.max(length, this.readBytes.length * 2));
    if (this.readView.length !== length) this.readView = this.readBytes.subarray(0, length);
    this.arena.copyOut(ref, this.readBytes);
    if (peek) {
      // Pass the wake-up on: a peek leaves the item for a getter.
      this.notEmpty.notify();
    } else {
      this.removed(ref);
    }
    return Take.Taken;
  }

  /**
   * With the lock held: removes up to `max` items (one at least, unless the
   * queue is empty), one by one as {@link tryTake} does, copying their bytes
   * into this thread's batch buffer; {@link decodeTakenMany} decodes them
   * once the lock is released.
   */
  tryTakeMany(max: number): TakeOutcome {
    if (this.qsize() === 0) return this.isShutDown ? Take.ShutDown : Take.Empty;
    const ends = this.batchEnds;
    let taken = 0;
    let end = 0;
    do {
      let ref: number;
      try {
        ref = this.nextRef(false);
      } catch (error) {
        if (taken > 0) break; // return the items taken; the next call meets the failure
        throw error;
      }
      const length = this.arena.lengthOf(ref);
      const start = aligned(end);
      if (start + length > this.batchBytes.length) {
        const bigger = new Uint8Array(Math.max(start + length, this.batchBytes.length * 2));
        bigger.set(this.batchBytes.subarray(0, end));
        this.batchBytes = bigger;
      }
      this.arena.copyOut(ref, this.batchBytes, start);
      end = start + length;
      ends[taken++] = end;
      this.removed(ref);
    } while (taken < max && this.hooks.qsize() > 0);
    this.batchCount = taken;
    return Take.Taken;
  }

  /** With the lock held: marks one task done; false when none is unfinished. */
  tryTaskDone(): boolean {
    const unfinished = this.words[Word.UnfinishedTasks] - 1;
    if (unfinished < 0) return false;
    this.words[Word.UnfinishedTasks] = unfinished;
    if (unfinished === 0) this.allTasksDone.notifyAll();
    return true;
  }

  // ------------------------------------------------------------ queue-wide

  /** The current `maxsize` (read under the lock: a float64 is two words). */
  get maxsize(): number {
    return this.locked(() => this.maxsizeWord[Word.MaxsizeF64]);
  }

  /** Sets `maxsize` (checked by the caller) and wakes every putter. */
  set maxsize(value: number) {
    this.locked(() => {
      this.maxsizeWord[Word.MaxsizeF64] = value;
      this.notFull.notifyAll();
    });
  }

  /** Shuts the queue down (see `BaseQueue.shutdown`). */
  shutdown(immediate: boolean): void {
    this.locked(() => {
      Atomics.store(this.words, Word.ShutDown, 1);
      if (immediate) this.dropAll();
      this.notEmpty.notifyAll();
      this.notFull.notifyAll();
    });
  }

  /** Removes every item (see `BaseQueue.clear`). */
  clear(): void {
    this.locked(() => this.dropAll());
  }

  // ---------------------------------------------- this thread's async calls

  /** Shut down, and no `asyncQ` call of this thread that had to wait is pending. */
  get closed(): boolean {
    return this.isShutDown && this.pendingAsync === 0;
  }

  /** Counts an `asyncQ` call of this thread that waits, for {@link closed}. */
  asyncCallWaits(): void {
    this.pendingAsync++;
  }

  /**
   * Counts a waiting `asyncQ` call as settled. Called as the call returns:
   * the `waitClosed()` promises it resolves settle after the call's own.
   */
  asyncCallSettles(): void {
    if (--this.pendingAsync === 0 && this.isShutDown && this.closedWaiters.length > 0) {
      const waiters = this.closedWaiters.splice(0);
      queueMicrotask(() => {
        for (const resolve of waiters) resolve();
      });
    }
  }

  /** Resolves once {@link closed}; rejects with `RuntimeError` unless shut down. */
  waitClosed(): Promise<void> {
    if (!this.isShutDown)
      return Promise.reject(
        new RuntimeError('waitClosed() on a queue that is not shut down; call shutdown() or close() first'),
      );
    if (this.pendingAsync === 0) return Promise.resolve();
    return new Promise((resolve) => this.closedWaiters.push(resolve));
  }

  // --------------------------------------------------------------- private

  private decode(view: Uint8Array): T {
    // A custom codec may keep the bytes it is given: it gets its own copy.
    return this.codec.decode(this.codec === defaultCodec ? view : view.slice());
  }

  /** With the lock held: the next record, removed unless `peek`. A failing hook passes its wake-up on. */
  private nextRef(peek: boolean): number {
    try {
      return peek ? this.hooks.peek() : this.hooks.get();
    } catch (error) {
      this.notEmpty.notify();
      throw error;
    }
  }

  /** With the lock held: frees the removed record `ref` and wakes a putter (every putter after a room shortage). */
  private removed(ref: number): void {
    this.arena.free(ref);
    this.words[Word.Count]--;
    if (this.words[Word.RoomShortage] === 0) {
      this.notFull.notify();
    } else {
      this.words[Word.RoomShortage] = 0;
      this.notFull.notifyAll();
    }
  }

  /** Counts `count` removed items that could not be decoded as finished tasks. */
  private finishUndecodable(count: number): void {
    this.locked(() => {
      for (let i = 0; i < count; i++) this.tryTaskDone();
    });
  }

  /** With the lock held: picks up store growth made by other threads. */
  private syncViews(): void {
    this.arena.region.refresh();
    this.indexRegion.refresh();
  }

  /**
   * With the lock held: removes and frees every item, lowers the unfinished
   * tasks by as many, and wakes putters (and joiners once none is left).
   */
  private dropAll(): void {
    let dropped = 0;
    while (this.qsize() > 0) {
      this.arena.free(this.hooks.get());
      dropped++;
    }
    if (dropped === 0) return;
    this.words[Word.Count] -= dropped;
    this.words[Word.UnfinishedTasks] = Math.max(0, this.words[Word.UnfinishedTasks] - dropped);
    if (this.words[Word.UnfinishedTasks] === 0) this.allTasksDone.notifyAll();
    this.notFull.notifyAll();
  }
}
