import { canBlock, now } from './platform.js';

/** Unlocked. */
const FREE = 0;
/** Locked, and nobody sleeps on the word. */
const LOCKED = 1;
/** Locked, and some thread may sleep on the word: unlock must notify. */
const CONTENDED = 2;

/** Polls of the word before a locker goes to sleep. */
const SPINS = 2000;
/**
 * On a thread that cannot sleep (a browser's main thread) a locker with no
 * deadline spins this long at most, then throws: the holder of a lock that
 * guards a copy of bytes has died or hung.
 */
const SPIN_LIMIT_MS = 1000;
/** Longest pause between two async attempts to take the lock. */
const MAX_RETRY_PAUSE_MS = 16;

/**
 * A futex-style mutual-exclusion lock over one `Int32Array` word, shared by
 * every thread that holds the buffer (Drepper's three-state lock: free,
 * locked, locked with sleepers).
 *
 * The queue holds it only to copy bytes, so lockers first spin briefly, then
 * sleep in `Atomics.wait`. Async code never registers as a sleeper on the
 * word (an async waiter cannot be withdrawn, and a wake-up handed to one that
 * never runs would strand a sleeping thread): it tries `lockWithin` a short
 * slice, and between tries pauses on timers ({@link retryPauseMs}). It takes
 * the lock only in the continuation that uses it, never across an await:
 * code of the same thread could otherwise block on it forever.
 *
 * A thread terminated while it holds the lock leaves it locked; no one can
 * release it. Lockers with a deadline or an `AbortSignal` give up in time.
 *
 * @internal
 */
export class Mutex {
  /** Int32 words the mutex occupies. */
  static readonly WORDS = 1;

  /**
   * @param words - the shared words.
   * @param at - index of the lock word in `words`.
   */
  constructor(
    private readonly words: Int32Array,
    private readonly at: number,
  ) {}

  /** Takes the lock if it is free; never waits. */
  tryLock(): boolean {
    return Atomics.compareExchange(this.words, this.at, FREE, LOCKED) === FREE;
  }

  /**
   * Takes the lock, waiting until `deadline` (a {@link now} time) at most.
   * Returns false if the deadline passed first. Where the thread cannot block
   * it spins instead, and with no deadline throws after {@link SPIN_LIMIT_MS}.
   */
  lockUntil(deadline: number): boolean {
    if (this.tryLock()) return true;
    for (let i = 0; i < SPINS; i++) {
      if (Atomics.load(this.words, this.at) === FREE && this.tryLock()) return true;
    }
    return canBlock ? this.sleepUntil(deadline) : this.spinUntil(deadline);
  }

  /** Takes the lock, waiting at most `ms` milliseconds. */
  lockWithin(ms: number): boolean {
    return this.tryLock() || this.lockUntil(now() + ms);
  }

  /** Takes the lock, however long it takes. */
  lock(): void {
    this.lockUntil(Infinity);
  }

  /**
   * Releases the lock, waking one sleeper if there may be one, then makes
   * the wake-ups that {@link wakeAfterUnlock} deferred.
   */
  unlock(): void {
    if (Atomics.exchange(this.words, this.at, FREE) === CONTENDED) {
      Atomics.notify(this.words, this.at, 1);
    }
    if (this.deferred.length > 0) this.wakeDeferred();
  }

  /**
   * With the lock held: calls `Atomics.notify(words, at, count)` once this
   * thread releases the lock, not now. Waking a thread is a system call that
   * can take microseconds (tens on a VM); made under the lock, it would keep
   * every other thread out of the queue meanwhile, the woken one first of all.
   * The shared words that the wake-up stands for are written at once, under
   * the lock, so a waiter that checks them never misses it.
   */
  wakeAfterUnlock(words: Int32Array, at: number, count: number): void {
    this.deferred.push(words, at, count);
  }

  /** Wake-ups deferred by {@link wakeAfterUnlock}: words, index and count, flat. */
  private readonly deferred: Array<Int32Array | number> = [];

  private wakeDeferred(): void {
    const deferred = this.deferred;
    for (let i = 0; i < deferred.length; i += 3) {
      Atomics.notify(deferred[i] as Int32Array, deferred[i + 1] as number, deferred[i + 2] as number);
    }
    deferred.length = 0;
  }

  private sleepUntil(deadline: number): boolean {
    while (Atomics.exchange(this.words, this.at, CONTENDED) !== FREE) {
      if (deadline === Infinity) {
        Atomics.wait(this.words, this.at, CONTENDED);
      } else {
        const remaining = deadline - now();
        if (remaining <= 0) return false;
        Atomics.wait(this.words, this.at, CONTENDED, remaining);
      }
    }
    return true;
  }

  private spinUntil(deadline: number): boolean {
    const limit = Math.min(deadline, now() + SPIN_LIMIT_MS);
    do {
      if (Atomics.load(this.words, this.at) === FREE && this.tryLock()) return true;
    } while (now() < limit);
    if (deadline <= limit) return false;
    throw new Error(
      `janus-queue: the queue lock stayed held for over ${SPIN_LIMIT_MS} ms and this thread cannot block; ` +
        'a worker was probably terminated while holding it',
    );
  }
}

/** The pause before async attempt number `attempt` (from 0) to take a lock: 1, 2, 4 ... 16 ms. */
export function retryPauseMs(attempt: number): number {
  return Math.min(2 ** attempt, MAX_RETRY_PAUSE_MS);
}
