/**
 * Thread-neutral helpers of the ported suites (CPython's test_queue.py and
 * janus's tests): they run on the main thread and in worker threads alike,
 * so they use only shared memory and `Atomics` (no mocha globals).
 *
 * - flags and a barrier over `Int32Array`s of a `SharedArrayBuffer`;
 * - a "trigger" rendezvous: one thread makes a call that must block, another
 *   (the trigger) waits a little, records that it started, then changes the
 *   queue so that the call can return. The blocking side checks afterwards
 *   that it returned only after the trigger started, as CPython's
 *   `do_blocking_test` does.
 */
import { Queue, ShutDown } from '../../lib/index.js';

/** Longest any helper waits for another thread before giving up (ms). */
export const PATIENCE_MS = 10_000;

/** A new zeroed `Int32Array` of `length` words over shared memory. */
export function sharedInts(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(length * 4));
}

/** Blocks this thread for `ms` milliseconds (workers, or Node's main thread). */
export function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Sets `flags[at]` to `value` and wakes whoever waits on it. */
export function raise(flags: Int32Array, at: number, value = 1): void {
  Atomics.store(flags, at, value);
  Atomics.notify(flags, at);
}

/** Adds one to `flags[at]` and wakes whoever waits on it; returns the new value. */
export function bump(flags: Int32Array, at: number): number {
  const value = Atomics.add(flags, at, 1) + 1;
  Atomics.notify(flags, at);
  return value;
}

/**
 * Blocks until `flags[at] >= value`; throws after `patienceMs`.
 * For worker threads (the main thread uses the async `waitUntil` of the harness).
 */
export function blockUntil(flags: Int32Array, at: number, value: number, patienceMs = PATIENCE_MS): void {
  const deadline = performance.now() + patienceMs;
  for (;;) {
    const seen = Atomics.load(flags, at);
    if (seen >= value) return;
    const remaining = deadline - performance.now();
    if (remaining <= 0) throw new Error(`gave up waiting for flag ${at} to reach ${value} (it is ${seen})`);
    Atomics.wait(flags, at, seen, remaining);
  }
}

/** Waits (blocking) until `parties` threads arrived at the barrier word `flags[at]`. */
export function barrierWait(flags: Int32Array, at: number, parties: number): void {
  bump(flags, at);
  blockUntil(flags, at, parties);
}

/** What a call returned or threw, as plain data that crosses threads. */
export type Outcome<T = unknown> = { ok: true; value: T } | { ok: false; error: string; message: string };

/** Runs `call` and reports its value, or the `name` of what it threw. */
export function outcomeOf<T>(call: () => T): Outcome<T> {
  try {
    return { ok: true, value: call() };
  } catch (error) {
    const e = error as Error;
    return { ok: false, error: e?.name ?? String(error), message: e?.message ?? String(error) };
  }
}

/** Whether `error` is a ShutDown (of either face). */
export function isShutDown(error: unknown): boolean {
  return error instanceof ShutDown;
}

// ------------------------------------------------------------ rendezvous

/** Words of a rendezvous. */
export const RV = {
  /** Sequence number of the latest blocking call announced. */
  REQ: 0,
  /** What the trigger must do for it (a {@link TriggerAction}). */
  ACTION: 1,
  /** Sequence number of the latest request whose trigger started. */
  STARTED: 2,
  /** Sequence number of the latest request whose trigger finished. */
  DONE: 3,
  /** Set to stop a trigger server. */
  STOP: 4,
  /** Sequence number of a request whose trigger action threw. */
  FAILED: 5,
  /** Sequence number of the latest blocking call that returned (or threw). */
  ACK: 6,
  /** Sequence number of a blocking call the trigger had to wake by hand (a lost wake-up). */
  RESCUED: 7,
} as const;
const RV_WORDS = 8;

/** What a trigger does to unblock the blocked call. */
export const TriggerAction = {
  /** Take one item (unblocks a put on a full queue). */
  Get: 1,
  /** Put {@link TRIGGER_ITEM} (unblocks a get on an empty queue). */
  Put: 2,
} as const;

/** The item a trigger puts (a number, so that a PriorityQueue takes it too). */
export const TRIGGER_ITEM = 4242;

/** How long a trigger waits before it acts, so the other call really blocks (ms). */
export const TRIGGER_DELAY_MS = 100;

/**
 * How long a trigger waits, after acting, for the blocked call to return
 * before it declares the wake-up lost and wakes every waiter of the queue by
 * hand, so that a lost wake-up fails the test instead of hanging the run.
 */
export const RESCUE_AFTER_MS = 5_000;

/**
 * Wakes every thread sleeping on any word of a queue's control memory (a
 * spurious wake-up for each), so a call stuck on a lost wake-up returns.
 */
export function wakeEverything(control: SharedArrayBuffer): void {
  const words = new Int32Array(control);
  for (let i = 0; i < words.length; i++) Atomics.notify(words, i);
}

/** A new rendezvous (shared words). */
export function newRendezvous(): Int32Array {
  return sharedInts(RV_WORDS);
}

/**
 * The blocking side of a rendezvous: announces a request for `action`, runs
 * `call` (which must block until the trigger acts), waits for the trigger to
 * finish, and checks that `call` did not return (or throw) before the trigger
 * started. Returns what `call` returned; rethrows what it threw.
 */
export function blockOn<R>(rv: Int32Array, action: number, call: () => R): R {
  const step = Atomics.load(rv, RV.REQ) + 1;
  Atomics.store(rv, RV.ACTION, action);
  raise(rv, RV.REQ, step);
  let value: R | undefined;
  let failure: { error: unknown } | undefined;
  try {
    value = call();
  } catch (error) {
    failure = { error };
  }
  raise(rv, RV.ACK, step);
  try {
    blockUntil(rv, RV.DONE, step);
  } catch {
    throw new Error(`the trigger of blocking call #${step} appeared not to return`);
  }
  if (Atomics.load(rv, RV.FAILED) === step) throw new Error(`the trigger of blocking call #${step} threw`);
  if (Atomics.load(rv, RV.RESCUED) === step) {
    throw new Error(
      `blocking call #${step} did not return within ${RESCUE_AFTER_MS} ms of its trigger's action (a lost wake-up); the test woke it by hand`,
    );
  }
  if (Atomics.load(rv, RV.STARTED) < step) {
    throw new Error(`blocking call #${step} returned before its trigger started: it appeared not to block`);
  }
  if (failure) throw failure.error;
  return value as R;
}

/**
 * Performs a trigger action on `queue` with the blocking face (`wait`: with
 * a generous timeout, in a worker) or the non-blocking one (on a thread that
 * must not block). The blocked call guarantees the action can proceed.
 */
export function act(queue: Queue<unknown>, action: number, wait: boolean): void {
  if (action === TriggerAction.Get) {
    if (wait) queue.syncQ.get(true, PATIENCE_MS / 1000);
    else queue.syncQ.getNowait();
  } else if (action === TriggerAction.Put) {
    if (wait) queue.syncQ.put(TRIGGER_ITEM, true, PATIENCE_MS / 1000);
    else queue.syncQ.putNowait(TRIGGER_ITEM);
  } else {
    throw new Error(`unknown trigger action ${action}`);
  }
}

/**
 * A trigger server for a worker thread: serves the requests of `rv` one by
 * one (wait, mark started, act, mark done) until `RV.STOP` is raised.
 * Returns how many it served.
 */
export function serveTriggersBlocking(queue: Queue<unknown>, rv: Int32Array): number {
  let last = 0;
  let served = 0;
  for (;;) {
    while (Atomics.load(rv, RV.STOP) === 0 && Atomics.load(rv, RV.REQ) === last) {
      Atomics.wait(rv, RV.REQ, last, 50);
    }
    if (Atomics.load(rv, RV.STOP) !== 0) return served;
    const step = Atomics.load(rv, RV.REQ);
    last = step;
    sleepMs(TRIGGER_DELAY_MS);
    raise(rv, RV.STARTED, step);
    try {
      act(queue, Atomics.load(rv, RV.ACTION), true);
    } catch (error) {
      Atomics.store(rv, RV.FAILED, step);
      raise(rv, RV.DONE, step);
      throw error;
    }
    raise(rv, RV.DONE, step);
    rescueIfStuck(queue.handle.control, rv, step);
    served++;
  }
}

/** Waits for the blocked call of `step` to return; wakes everyone by hand if it does not in time. */
function rescueIfStuck(control: SharedArrayBuffer, rv: Int32Array, step: number): void {
  try {
    blockUntil(rv, RV.ACK, step, RESCUE_AFTER_MS);
    return;
  } catch {
    raise(rv, RV.RESCUED, step);
  }
  while (Atomics.load(rv, RV.ACK) < step && Atomics.load(rv, RV.STOP) === 0) {
    wakeEverything(control);
    Atomics.wait(rv, RV.ACK, Atomics.load(rv, RV.ACK), 50);
  }
}

/** `0 < maxsize` and `qsize() == maxsize` (the `qfull` of the Python suites). */
export function qfull(queue: Queue<unknown>): boolean {
  return queue.maxsize > 0 && queue.syncQ.qsize() === queue.maxsize;
}
