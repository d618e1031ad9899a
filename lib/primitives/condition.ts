/**
 * A condition variable over shared words, used with a {@link Mutex}.
 *
 * Sync and async waiters are kept apart, each kind with three words:
 * - `seq`: advanced by every notify; a sync waiter sleeps until it changes,
 *   so a notify that lands between its unlock and its sleep is not lost;
 * - `waiters`: registered waiters not yet signalled;
 * - `signals`: signals given and not yet taken by a returning waiter.
 *
 * A notify signals one waiter of each kind that waits, and does nothing
 * (no system call) when none waits. Every waiter re-checks its predicate on
 * return, as with any condition variable.
 *
 * @module
 * @internal
 */
import { holdEventLoop, releaseEventLoop } from './keep-alive.js';
import type { Mutex } from './mutex.js';
import { now } from './platform.js';
import { waitForChange } from './wait-for-change.js';

/** Offset, within a kind's words, of the sequence word. @internal */
export const SEQ = 0;
/** Offset, within a kind's words, of the count of registered waiters not yet signalled. @internal */
export const WAITERS = 1;
/** Offset, within a kind's words, of the count of signals not yet taken. @internal */
export const SIGNALS = 2;
/** Offset of the sync waiters' words. @internal */
export const SYNC = 0;
/** Offset of the async waiters' words. @internal */
export const ASYNC = 3;

/** @internal */
export class Condition {
  /** Int32 words a condition occupies. */
  static readonly WORDS = 6;
  private readonly asyncWaiters: AsyncWaitList;

  /**
   * @param words - the shared words.
   * @param at - index of the condition's first word.
   * @param mutex - the lock every call is made under.
   */
  constructor(
    private readonly words: Int32Array,
    private readonly at: number,
    private readonly mutex: Mutex,
  ) {
    this.asyncWaiters = new AsyncWaitList(words, at + ASYNC + SEQ);
  }

  /**
   * With the mutex held: releases it, sleeps until notified or `deadline`
   * (a `now()` time), and takes it again, waiting for it until `lockDeadline`
   * at most. Returns false, without the mutex, if that deadline passed.
   */
  wait(deadline: number, lockDeadline: number): boolean {
    const seq = this.enter(SYNC);
    this.mutex.unlock();
    const seqAt = this.at + SYNC + SEQ;
    if (deadline === Infinity) {
      Atomics.wait(this.words, seqAt, seq);
    } else {
      const remaining = deadline - now();
      if (remaining > 0) Atomics.wait(this.words, seqAt, seq, remaining);
    }
    if (!this.mutex.lockUntil(lockDeadline)) return false;
    this.leave(SYNC);
    return true;
  }

  /**
   * With the mutex held: registers an async waiter and releases the mutex.
   * Resolves, without the mutex, once a notify resumes the waiter or
   * `signal` aborts; never rejects. The caller then retakes the mutex
   * synchronously and calls {@link leaveAsync}, or, if it gives up on the
   * mutex, {@link abandonAsync}.
   *
   * It does not retake the mutex itself: an async function that resolved
   * holding it would hold it across an await, while code of this same thread
   * may take it synchronously and would then wait forever.
   */
  waitAsync(signal?: AbortSignal): Promise<void> {
    const seq = this.enter(ASYNC);
    // Registering the wait (a promise, a keep-alive timer, Atomics.waitAsync)
    // takes microseconds: do it after the unlock, not under it. A notify that
    // lands in between is not lost: the watch waits for the sequence word to
    // leave `seq`, read under the mutex, and resumes at once if it has.
    this.mutex.unlock();
    return this.asyncWaiters.wait(seq, signal);
  }

  /** With the mutex held again after {@link waitAsync}: unregisters the waiter. */
  leaveAsync(): void {
    this.leave(ASYNC);
  }

  /**
   * After {@link waitAsync}, when the waiter gives up retaking the mutex (its
   * signal aborted): it may have been resumed by a notify, which must reach
   * another waiter. With the mutex (within `sliceMs`), unregister and
   * notify; without it (its holder is stuck), advance the async sequence so
   * that every thread's watcher resumes one more of its waiters, who re-check.
   */
  abandonAsync(sliceMs: number): void {
    if (this.mutex.lockWithin(sliceMs)) {
      this.leave(ASYNC);
      this.notify();
      this.mutex.unlock();
    } else {
      const seqAt = this.at + ASYNC + SEQ;
      Atomics.add(this.words, seqAt, 1);
      Atomics.notify(this.words, seqAt);
    }
  }

  /** With the mutex held: wakes one sync and one async waiter, if any wait. */
  notify(): void {
    this.signal(SYNC, 1);
    this.signal(ASYNC, 1);
  }

  /** With the mutex held: wakes every waiter. */
  notifyAll(): void {
    this.signal(SYNC, Infinity);
    this.signal(ASYNC, Infinity);
  }

  /** Registers a waiter of `kind`; returns the sequence value to wait on. */
  private enter(kind: number): number {
    this.words[this.at + kind + WAITERS]++;
    return Atomics.load(this.words, this.at + kind + SEQ);
  }

  /** Unregisters a returning waiter: takes a signal if one is pending. */
  private leave(kind: number): void {
    const at = this.at + kind;
    if (this.words[at + SIGNALS] > 0) this.words[at + SIGNALS]--;
    else this.words[at + WAITERS]--;
  }

  private signal(kind: number, most: number): void {
    const at = this.at + kind;
    const waiting = this.words[at + WAITERS];
    if (waiting === 0) return;
    const count = Math.min(waiting, most);
    this.words[at + WAITERS] = waiting - count;
    this.words[at + SIGNALS] += count;
    Atomics.add(this.words, at + SEQ, count);
    // Sync waiters sleep in the kernel's FIFO: wake exactly `count` of them.
    // Async waiters are watched by one wait per thread: wake every thread and
    // let each resume as many of its waiters as the sequence advanced.
    // The system call itself is made once the mutex is released (a waiter
    // that checks the sequence word meanwhile sees it advanced).
    this.mutex.wakeAfterUnlock(this.words, at + SEQ, kind === SYNC ? count : Infinity);
  }
}

/** One pending async wait. */
interface Waiter {
  resume(): void;
}

/**
 * This thread's async waiters on one condition, and the single wait that
 * watches the condition's sequence word for them.
 *
 * A thread never has more than one `Atomics.waitAsync` pending per word.
 * Notifiers advance the word by the number of waiters they signal and wake
 * every thread's watcher; each watcher then resumes that many of its own
 * waiters, first come first served. So a waiter that was cancelled (and
 * cannot be withdrawn from the platform's list) or a thread that is busy
 * elsewhere never swallows a wake-up meant for someone else.
 * @internal
 */
export class AsyncWaitList {
  private readonly waiters = new Set<Waiter>();
  /** The value of the sequence word that the pending watch waits to change. */
  private seen = 0;
  private watching = false;
  private readonly hasWaiters = (): boolean => this.waiters.size > 0;

  /**
   * @param words - the shared words.
   * @param seqAt - index of the sequence word in `words`.
   */
  constructor(
    private readonly words: Int32Array,
    private readonly seqAt: number,
  ) {}

  /**
   * Registers a waiter that saw the sequence word at `seq` (read under the
   * lock). Resolves when a notify resumes it or `signal` aborts, whichever
   * comes first; never rejects (the caller inspects `signal`).
   */
  wait(seq: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) {
        resolve();
        return;
      }
      const waiter: Waiter = {
        // Called once: by a notify (which first removes the abort listener
        // this way) or by the abort (after which no notify can reach it).
        resume: () => {
          this.waiters.delete(waiter);
          signal?.removeEventListener('abort', onAbort);
          releaseEventLoop();
          resolve();
        },
      };
      const onAbort = (): void => {
        waiter.resume();
        // The last waiter left without a notify: settle the watch, which
        // would otherwise stay pending (and keep this list, and the queue's
        // memory, alive) until the next notify, if any ever comes. Other
        // threads' watchers wake too, see no signal, and watch again.
        if (this.waiters.size === 0 && this.watching) Atomics.notify(this.words, this.seqAt);
      };
      this.waiters.add(waiter);
      holdEventLoop();
      signal?.addEventListener('abort', onAbort, { once: true });
      if (!this.watching) this.watch(seq);
    });
  }

  private watch(seen: number): void {
    this.watching = true;
    this.seen = seen;
    void waitForChange(this.words, this.seqAt, seen, this.hasWaiters).then(() => this.onChange());
  }

  private onChange(): void {
    const current = Atomics.load(this.words, this.seqAt);
    let signalled = (current - this.seen) | 0;
    for (const waiter of this.waiters) {
      if (signalled-- <= 0) break;
      waiter.resume();
    }
    this.watching = false;
    if (this.waiters.size > 0) this.watch(current);
  }
}
