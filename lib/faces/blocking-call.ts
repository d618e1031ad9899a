/**
 * How a `syncQ` call waits: a short spin without the lock, then sleeps on
 * a condition, within its deadline. One object per call, with named fields,
 * so that each `syncQ` method reads as its Python counterpart: "attempt;
 * done, shut down, or wait until the deadline".
 *
 * @module
 * @internal
 */
import type { QueueEngine } from '../engine/engine.js';
import type { Condition } from '../primitives/condition.js';
import { now } from '../primitives/platform.js';
import type { Blocking } from './call-options.js';
import type { SpinBackoff } from './spin-backoff.js';

/** How long past its deadline a timed call still waits for the lock itself. */
export const LOCK_GRACE_MS = 250;
/**
 * How long one blocking call may spin, in all, before it sleeps on its
 * condition (milliseconds). Long enough to cover the time an idle thread on
 * another core takes to wake and answer (tens of µs on a VM: waking a thread
 * costs the waker ~10 µs and the woken ~30 µs there), so that a worker in a
 * request/response exchange with an event loop is found awake.
 */
const SPIN_MS = 0.05;
/**
 * A spin for an item counts as one that paid, for the thread's
 * {@link SpinBackoff}, only when the item came within this time
 * (milliseconds). The answer to a request comes within a few µs while both
 * sides are busy; a getter whose items keep coming later mostly waits for
 * work that is not there yet, and takes a core from the thread that would
 * make it (idle pool workers from the event loop that feeds them), so it
 * stops spinning for a while. The item that came late is still taken
 * without a sleep. docs/performance.md gives the measurements behind it.
 */
const ITEM_PAYS_WITHIN_MS = 0.02;
/** Polls between two looks at the clock while spinning. */
const POLLS_PER_CLOCK = 256;
/** A spinning putter that could go on waits for this many free slots at most... */
const RUN = 16;
/** ...unless the count stays still for this many polls (the getters paused). */
const QUIET_POLLS = 64;

/** One `syncQ` call's lock and waits. @internal */
export class BlockingCall {
  /** Whether this call holds the queue's lock. */
  private held = false;
  /** Whether the call may still spin before it sleeps. */
  private spinning: boolean;
  /** When the spinning ends (0 until a spin starts: reading the clock costs). */
  private spinUntil = 0;
  /** Until when finding what the call waits for counts as a spin that paid (set with {@link spinUntil}). */
  private paysUntil = 0;
  /** The latest time to wait for the lock itself (its holder may have died). */
  private readonly lockDeadline: number;

  /**
   * @param engine - the queue's engine.
   * @param blocking - whether it may wait, and until when.
   * @param spins - this thread's spin record for what the call waits for; none: the call never spins (a join).
   */
  constructor(
    private readonly engine: QueueEngine<unknown>,
    private readonly blocking: Blocking,
    private readonly spins?: SpinBackoff,
  ) {
    this.lockDeadline = blocking.deadline + LOCK_GRACE_MS;
    this.spinning = blocking.block && spins !== undefined;
  }

  /**
   * Takes the lock (the first attempt is made under it at once: spinning
   * starts only once an attempt had to wait). Returns false if the lock did
   * not come by the lock deadline.
   */
  enter(): boolean {
    this.held = this.engine.mutex.lockUntil(this.lockDeadline);
    return this.held;
  }

  /**
   * With the lock held, after an attempt that must wait: waits for
   * `condition` (or, while `maySpin` and the spin lasts, polls without the
   * lock) and takes the lock again. Returns false when the call must stop
   * instead: it may not block, its deadline passed, or the lock did not
   * come back in time.
   */
  waitFor(condition: Condition, maySpin: boolean): boolean {
    const { block, deadline } = this.blocking;
    if (!block || (deadline !== Infinity && now() >= deadline)) return false;
    // Whether to spin at all is decided once, when the call first must wait.
    if (this.spinning && maySpin && this.spinUntil === 0) this.spinning = this.spins?.allows() ?? false;
    if (this.spinning && maySpin) {
      this.exit();
      this.spinning = this.spin();
      this.held = this.engine.mutex.lockUntil(this.lockDeadline);
    } else {
      this.held = condition.wait(deadline, this.lockDeadline);
    }
    return this.held;
  }

  /** Releases the lock if this call holds it. */
  exit(): void {
    if (this.held) {
      this.held = false;
      this.engine.mutex.unlock();
    }
  }

  /**
   * The other side of a queue often puts (or gets) within microseconds, far
   * sooner than a sleeping thread wakes. So a call that must wait first
   * polls the queue's item count, without the lock and without registering
   * as a waiter (no notify is owed to it, and it steals no wake-up), for
   * {@link SPIN_MS} in all. A getter stops at the first item. A putter,
   * once a slot is free, keeps polling while the getters are busy (the
   * count moves), until {@link RUN} slots are free, so that both sides run
   * through several items each instead of handing the lock over item by
   * item. Returns whether spinning time is left; the caller then retries
   * under the lock, and sleeps on its condition once the time is spent. The
   * thread's {@link SpinBackoff} learns whether the spin paid (for an item:
   * within {@link ITEM_PAYS_WITHIN_MS}).
   */
  private spin(): boolean {
    const forRoom = this.spins?.awaits === 'room';
    if (this.spinUntil === 0) {
      const start = now();
      this.spinUntil = Math.min(this.blocking.deadline, start + SPIN_MS);
      this.paysUntil = forRoom ? this.spinUntil : Math.min(this.spinUntil, start + ITEM_PAYS_WITHIN_MS);
    }
    const until = this.spinUntil;
    const engine = this.engine;
    let last = engine.countHint;
    let quiet = 0;
    for (let polls = 1; ; polls++) {
      // (ShutDown shares the lock's cache line: read it seldom.)
      if ((polls & 63) === 0 && engine.isShutDown) return true;
      const count = engine.countHint;
      if (count === last) quiet++;
      else {
        last = count;
        quiet = 0;
      }
      // A getter goes as soon as an item is there: it may be the answer its
      // thread waits for. A putter waiting for room waits for a run of slots.
      let ready = count;
      let run = 1;
      if (forRoom) {
        const maxsize = engine.maxsizeHint;
        if (maxsize <= 0) return true;
        ready = maxsize - count;
        run = Math.min(RUN, Math.max(1, maxsize >> 3));
      }
      if (ready >= run || (ready > 0 && quiet >= QUIET_POLLS)) {
        const time = now();
        this.spins?.record(time < this.paysUntil);
        return time < until;
      }
      if (polls % POLLS_PER_CLOCK === 0 && now() >= until) {
        this.spins?.record(false);
        return false;
      }
    }
  }
}
