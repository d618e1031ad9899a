/**
 * How an `asyncQ` call waits without blocking its thread: it takes the
 * queue's lock synchronously (held by others only to copy bytes) when it
 * comes within a short slice, else retries on timers; it waits on a
 * condition with `Atomics.waitAsync`; and it never holds the lock across an
 * `await` (code of this thread may take it synchronously meanwhile). One
 * object per call, so that each `asyncQ` method is one `async` loop.
 *
 * @module
 * @internal
 */
import type { QueueEngine } from '../engine/engine.js';
import type { Condition } from '../primitives/condition.js';
import { retryPauseMs } from '../primitives/mutex.js';
import { sleep } from '../primitives/sleep.js';
import { signalOf, type WaitOptions } from './call-options.js';

/**
 * How long an async call may block its thread to take the queue's lock
 * (held by others only to copy bytes) before it retries on timers.
 */
const LOCK_SLICE_MS = 2;

/** One `asyncQ` call's lock and waits. @internal */
export class AsyncCall {
  /** The call's abort signal, if any. */
  readonly signal: AbortSignal | undefined;
  /** Whether this call holds the queue's lock. */
  private held = false;
  /** The condition this call waits on, from its wait until it holds the lock again. */
  private registered: Condition | undefined;
  /** Failed tries to take the lock in a row. */
  private retries = 0;
  /** Whether the call waited, so counts as pending for the queue's `closed`. */
  private pending = false;
  /** Whether {@link keep} made its copy. */
  private kept = false;

  /**
   * @param engine - the queue's engine.
   * @param options - the call's options (its `signal`).
   * @param countsForClosed - whether the queue's `closed` waits for this call (not for `join`).
   * @throws TypeError for options that are not `{ signal }`.
   */
  constructor(
    private readonly engine: QueueEngine<unknown>,
    options: WaitOptions | undefined,
    private readonly countsForClosed: boolean,
  ) {
    this.signal = signalOf(options);
  }

  /**
   * Takes the lock synchronously if it comes within the slice. After a
   * wait, also unregisters from the condition, and if the signal aborted
   * meanwhile, passes on any wake-up received and throws the signal's reason.
   */
  lock(): boolean {
    if (!this.engine.mutex.lockWithin(LOCK_SLICE_MS)) return false;
    this.held = true;
    this.retries = 0;
    const condition = this.registered;
    if (condition !== undefined) {
      this.registered = undefined;
      condition.leaveAsync();
      if (this.signal?.aborted) {
        condition.notify();
        throw this.signal.reason;
      }
    }
    return true;
  }

  /** Without the lock: pauses before the next try to take it; rejects with the signal's reason on abort. */
  pause(): Promise<void> {
    this.markPending();
    return sleep(retryPauseMs(this.retries++), this.signal);
  }

  /**
   * With the lock held: registers on `condition` and releases the lock.
   * Resolves, without the lock, when a notify resumes the call or its signal
   * aborts; the call then calls {@link lock} again.
   */
  wait(condition: Condition): Promise<void> {
    this.markPending();
    this.held = false;
    this.registered = condition;
    return condition.waitAsync(this.signal);
  }

  /**
   * Before the call's first wait: a copy of the encoded item `bytes`, since
   * the codec may reuse its buffer for the next encode meanwhile; after it,
   * `bytes` itself (already the copy).
   */
  keep(bytes: Uint8Array): Uint8Array {
    if (this.kept) return bytes;
    this.kept = true;
    return bytes.slice();
  }

  /** Releases the lock. */
  unlock(): void {
    this.held = false;
    this.engine.mutex.unlock();
  }

  /**
   * Ends the call, however it ends: releases the lock if held, gives up a
   * registration (passing on any wake-up it received), and counts the call
   * as settled for the queue's `closed`.
   */
  finish(): void {
    if (this.held) this.unlock();
    if (this.registered !== undefined) {
      this.registered.abandonAsync(LOCK_SLICE_MS);
      this.registered = undefined;
    }
    if (this.pending) this.engine.asyncCallSettles();
  }

  private markPending(): void {
    if (this.pending || !this.countsForClosed) return;
    this.pending = true;
    this.engine.asyncCallWaits();
  }
}
