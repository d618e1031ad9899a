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
 *
 * @module
 * @internal
 */
import { holdEventLoop, releaseEventLoop } from './keep-alive.js';
import { waitForChange } from './wait-for-change.js';

/** One pending async wait. */
interface Waiter {
  resume(): void;
}

/** @internal */
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
  constructor(private readonly words: Int32Array, private readonly seqAt: number) {}

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
      const onAbort = (): void => waiter.resume();
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
