/**
 * `asyncQ`: the promise face, for event loops (Python's `asyncio.Queue`).
 *
 * @module
 */
import { EncodedBatch } from '../engine/batch.js';
import type { QueueEngine } from '../engine/engine.js';
import { Put, Take } from '../engine/outcomes.js';
import { ShutDown } from '../errors.js';
import { AsyncCall } from './async-call.js';
import { checkMax, type WaitOptions } from './call-options.js';
import { allPut, Face, iteratorOf, putManyStopped, type QueueFace } from './face.js';
import { asyncFaults } from './faults.js';

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
   * Puts every item of `items`, in order, as that many `put` calls would,
   * but taking the lock once for as many items as fit (items are encoded
   * first, up to 256 at a time): a cheaper way to hand over many items.
   * Other threads may take items before the last one is in, and other
   * putters may interleave theirs.
   *
   * An aborted `signal` rejects with `signal.reason`; the items put before
   * stay in the queue (none of the others is added). Whatever it rejects
   * with carries, when it is an object that can, an `itemsPut` property:
   * how many items went in.
   * @throws AsyncQueueShutDown when the queue is (or gets) shut down; the items before stay put.
   * @throws TypeError when `items` is not iterable; whatever encoding or iterating an item throws, once the items before it are put.
   * @example
   * ```ts
   * await queue.asyncQ.putMany([1, 2, 3]); // like three awaited put() calls
   * ```
   */
  putMany(items: Iterable<T>, options?: WaitOptions): Promise<void>;
  /**
   * Waits, as `get` does, for an item; then removes and returns, in order,
   * every item there is, up to `max` (at least one), under one lock: as if
   * `get` were called that many times, without waiting after the first.
   * Call `taskDone()` once per item returned.
   *
   * @param max - the most items to return: a whole number from 1, or `Infinity`.
   * @throws AsyncQueueShutDown when the queue is shut down and empty.
   * @throws TypeError or ValueError for a bad `max`.
   * @example
   * ```ts
   * for (;;) {
   *   const batch = await queue.asyncQ.getMany(64); // 1 to 64 items
   *   for (const item of batch) console.log(item);
   * }
   * ```
   */
  getMany(max: number, options?: WaitOptions): Promise<T[]>;
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

/** What a `put` done at once returns. */
const DONE: Promise<void> = Promise.resolve();

/** The implementation of {@link AsyncQueue}, named `AsyncQueueProxy` at run time. */
const AsyncFace = class AsyncQueueProxy<T> extends Face<T> implements AsyncQueue<T> {
  /** @param engine - the queue's engine. */
  constructor(engine: QueueEngine<T>) {
    super(engine, asyncFaults);
  }

  put(item: T, options?: WaitOptions): Promise<void> {
    const engine = this.engine;
    let priority: number;
    let bytes: Uint8Array;
    try {
      priority = engine.priorityOf(item);
      bytes = engine.encode(item);
      // Most calls find the lock free and room: done, with no async frame.
      if (options === undefined && engine.putNow(bytes, priority)) return DONE;
    } catch (error) {
      return Promise.reject(error);
    }
    return this.putWhenRoom(bytes, priority, options);
  }

  async putMany(items: Iterable<T>, options?: WaitOptions): Promise<void> {
    const call = new AsyncCall(this.engine, options, true);
    const engine = this.engine;
    const iterator = iteratorOf(items);
    const batch = EncodedBatch.borrow();
    let itemsPut = 0;
    try {
      for (;;) {
        const fill = this.fillBatch(iterator, batch);
        try {
          while (batch.next < batch.count) {
            call.signal?.throwIfAborted();
            while (!call.lock()) await call.pause();
            const outcome = engine.tryPutMany(batch);
            if (outcome === Put.ShutDown) throw this.faults.shutDown();
            // Done: let other threads in between two runs of BATCH_BYTES.
            if (outcome === Put.Done) call.unlock();
            else await call.wait(engine.notFull);
          }
        } finally {
          itemsPut += batch.next;
        }
        if (allPut(fill)) return;
      }
    } catch (error) {
      throw putManyStopped(error, iterator, itemsPut);
    } finally {
      call.finish();
      EncodedBatch.giveBack(batch);
    }
  }

  async getMany(max: number, options?: WaitOptions): Promise<T[]> {
    checkMax(max);
    return this.takeWhenThere(false, max, options, () => this.engine.decodeTakenMany());
  }

  get(options?: WaitOptions): Promise<T> {
    return this.take(false, options);
  }

  peek(options?: WaitOptions): Promise<T> {
    return this.take(true, options);
  }

  async join(options?: WaitOptions): Promise<void> {
    const call = new AsyncCall(this.engine, options, false);
    const engine = this.engine;
    call.signal?.throwIfAborted();
    try {
      for (;;) {
        while (!call.lock()) await call.pause();
        if (engine.unfinishedTasks === 0) return;
        await call.wait(engine.allTasksDone);
      }
    } finally {
      call.finish();
    }
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

  /** `get` (or, with `peek`, `peek`): the item, once there is one. */
  private take(peek: boolean, options: WaitOptions | undefined): Promise<T> {
    const engine = this.engine;
    try {
      // Most calls find the lock free and an item: done, with no async frame.
      if (options === undefined && engine.takeNow(peek)) return Promise.resolve(engine.decodeTaken(!peek));
    } catch (error) {
      return Promise.reject(error);
    }
    return this.takeWhenThere(peek, undefined, options, () => engine.decodeTaken(!peek));
  }

  /** `put` of the encoded item, from its first attempt on: waits for room. */
  private async putWhenRoom(bytes: Uint8Array, priority: number, options: WaitOptions | undefined): Promise<void> {
    const call = new AsyncCall(this.engine, options, true);
    const engine = this.engine;
    call.signal?.throwIfAborted();
    try {
      for (;;) {
        while (!call.lock()) {
          bytes = call.keep(bytes);
          await call.pause();
        }
        const outcome = engine.tryPut(bytes, priority);
        if (outcome === Put.Done) return;
        if (outcome === Put.ShutDown) throw this.faults.shutDown();
        bytes = call.keep(bytes);
        await call.wait(engine.notFull);
      }
    } finally {
      call.finish();
    }
  }

  /**
   * Waits for an item and takes it under the lock: with `peek`, a copy of
   * it; with a `max`, up to `max` items (`getMany`). Returns what `decode`
   * returns, called right after the unlock, before any other code of this
   * thread can take again (the bytes are in this thread's read buffers).
   */
  private async takeWhenThere<R>(
    peek: boolean,
    max: number | undefined,
    options: WaitOptions | undefined,
    decode: () => R,
  ): Promise<R> {
    const call = new AsyncCall(this.engine, options, true);
    const engine = this.engine;
    call.signal?.throwIfAborted();
    try {
      for (;;) {
        while (!call.lock()) await call.pause();
        const outcome = max === undefined ? engine.tryTake(peek) : engine.tryTakeMany(max);
        if (outcome === Take.Taken) break;
        if (outcome === Take.ShutDown) throw this.faults.shutDown();
        await call.wait(engine.notEmpty);
      }
    } finally {
      call.finish();
    }
    return decode();
  }
};

/** The `asyncQ` of the queue whose engine is `engine`. @internal */
export function asyncFace<T>(engine: QueueEngine<T>): AsyncQueue<T> {
  return new AsyncFace(engine);
}

/**
 * The class of every `asyncQ` (janus's `AsyncQueueProxy`), for `instanceof`
 * checks; each queue constructs its own.
 * @example
 * ```ts
 * if (face instanceof AsyncQueueProxy) await face.put(item); // the promise face
 * ```
 */
export const AsyncQueueProxy = AsyncFace as unknown as AsyncQueueProxyClass;

/**
 * The type of {@link AsyncQueueProxy}: an abstract constructor, for `instanceof`
 * checks only.
 */
export type AsyncQueueProxyClass = abstract new <T>(
  /** none: each queue constructs its own `asyncQ` */
  ...none: never[]
) => AsyncQueue<T>;

/** The type of an `asyncQ`: an {@link AsyncQueue}. */
export type AsyncQueueProxy<T> = AsyncQueue<T>;
