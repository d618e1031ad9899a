/**
 * The error classes of janus-queue, named after Python's `queue` and janus.
 *
 * Each throw creates a fresh instance, so a stack trace always points at the
 * call that failed. `err.name` is the class name, so errors keep their
 * identity across `postMessage` and in logs.
 *
 * @module
 */

/** Options accepted by every janus-queue error: the standard `cause`. */
export interface JanusErrorOptions {
  /** The error that led to this one, if any. */
  cause?: unknown;
}

/**
 * Thrown by a non-blocking or timed `get`/`peek` when the queue has no item
 * (Python's `queue.Empty`). Catch this to handle both faces.
 * @example
 * ```ts
 * try {
 *   item = queue.syncQ.get(true, 0.5);
 * } catch (error) {
 *   if (!(error instanceof Empty)) throw error;
 *   item = undefined; // nothing came within half a second
 * }
 * ```
 */
export class Empty extends Error {
  constructor(message = 'the queue is empty', options?: JanusErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * Thrown by a non-blocking or timed `put` when the queue is full, or when its
 * shared store has no room for the item (Python's `queue.Full`).
 * @example
 * ```ts
 * try {
 *   queue.asyncQ.putNowait(event);
 * } catch (error) {
 *   if (error instanceof Full) dropped++;
 *   else throw error;
 * }
 * ```
 */
export class Full extends Error {
  constructor(message = 'the queue is full', options?: JanusErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * Thrown by `put` on a shut-down queue, and by `get`/`peek` once the queue is
 * shut down and empty (Python 3.13's `queue.ShutDown`).
 * @example
 * ```ts
 * try {
 *   for (;;) handle(queue.syncQ.get());
 * } catch (error) {
 *   if (!(error instanceof ShutDown)) throw error; // shut down and drained: done
 * }
 * ```
 */
export class ShutDown extends Error {
  constructor(message = 'the queue is shut down', options?: JanusErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** {@link Empty}, as thrown by `syncQ`. */
export class SyncQueueEmpty extends Empty {}
/** {@link Full}, as thrown by `syncQ`. */
export class SyncQueueFull extends Full {}
/** {@link ShutDown}, as thrown by `syncQ`. */
export class SyncQueueShutDown extends ShutDown {}
/** {@link Empty}, as thrown by `asyncQ`. */
export class AsyncQueueEmpty extends Empty {}
/** {@link Full}, as thrown by `asyncQ`. */
export class AsyncQueueFull extends Full {}
/** {@link ShutDown}, as thrown by `asyncQ`. */
export class AsyncQueueShutDown extends ShutDown {}

/**
 * Python's `ValueError`: a negative or NaN timeout, or `taskDone()` called
 * more times than items were put. Extends `RangeError`.
 * @example
 * ```ts
 * queue.syncQ.get(true, -1); // ValueError: timeout must be a non-negative number of seconds; received -1
 * ```
 */
export class ValueError extends RangeError {
  constructor(message: string, options?: JanusErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * Python's `RuntimeError`: `waitClosed()` on a queue that is not shut down.
 * @example
 * ```ts
 * await queue.waitClosed(); // rejects with RuntimeError unless shutdown() or close() came first
 * ```
 */
export class RuntimeError extends Error {
  constructor(message: string, options?: JanusErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
