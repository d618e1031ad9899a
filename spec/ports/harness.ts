/**
 * Main-thread helpers of the ported suites: workers that are always reaped,
 * async waits on shared flags, a trigger server for the event loop, promise
 * state tracking and the janus-style end-of-test checks.
 */
import { expect } from 'chai';
import type { Worker } from 'node:worker_threads';
import { LifoQueue, PriorityQueue, Queue } from '../../lib/index.js';
import { delay, within } from '../support/promises.js';
import { startTask } from '../support/workers.js';
import { lockIsFree } from '../support/internals.js';
import { act, PATIENCE_MS, raise, RESCUE_AFTER_MS, RV, TRIGGER_DELAY_MS, wakeEverything } from './shared.js';

const TASKS = new URL('./tasks.js', import.meta.url);

/** How long a worker may linger after reporting before it counts as leaked (ms). */
const EXIT_GRACE_MS = 5_000;

interface Live {
  worker: Worker;
  exited: Promise<void>;
}

const live = new Set<Live>();
/** Queues made by the tests, closed after each test so no pending asyncQ call outlives it. */
const owned = new Set<Queue<unknown>>();

/** Registers `queue` to be closed after the current test; returns it. */
export function own<Q extends Queue<unknown>>(queue: Q): Q {
  owned.add(queue);
  return queue;
}

/**
 * Runs the export `task` of ./tasks.ts in a new worker. Resolves with its
 * result once the worker has also exited (a worker that stays alive after
 * reporting, e.g. held by a pending keep-alive, fails the call).
 */
export function spawn<R = unknown>(task: string, data: unknown): Promise<R> {
  const { worker, result } = startTask<R>(TASKS, task, data);
  const entry: Live = { worker, exited: new Promise<void>((resolve) => worker.once('exit', () => resolve())) };
  live.add(entry);
  void entry.exited.then(() => live.delete(entry));
  const settled = result.then(async (value) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const lingered = new Promise<'lingered'>((resolve) => {
      timer = setTimeout(() => resolve('lingered'), EXIT_GRACE_MS);
    });
    const how = await Promise.race([entry.exited.then(() => 'exited' as const), lingered]);
    clearTimeout(timer);
    if (how === 'lingered')
      throw new Error(`the worker of ${task} reported but did not exit: something kept its event loop alive`);
    return value;
  });
  settled.catch(() => {}); // a test that fails early may never await it; cleanup reaps the worker
  return settled;
}

/**
 * Registers (in the enclosing `describe`) an `afterEach` that closes every
 * queue made with {@link own} (waking whatever still waits on it, so a
 * failed test leaves no pending asyncQ call holding the event loop) and
 * terminates every worker still running.
 */
export function cleanUp(): void {
  afterEach(async () => {
    const queues = [...owned];
    owned.clear();
    for (const queue of queues) queue.close();
    await delay(1); // let the woken asyncQ calls settle
    const left = [...live];
    live.clear();
    await Promise.all(
      left.map(async ({ worker, exited }) => {
        await worker.terminate();
        await exited;
      }),
    );
  });
}

/** Resolves once `check()` is true; rejects after `patienceMs`. Polls on timers. */
export async function waitUntil(check: () => boolean, what: string, patienceMs = PATIENCE_MS): Promise<void> {
  const deadline = performance.now() + patienceMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`gave up waiting until ${what}`);
    await delay(1);
  }
}

/** Resolves once `flags[at] >= value`. */
export function waitFlag(flags: Int32Array, at: number, value: number): Promise<void> {
  return waitUntil(() => Atomics.load(flags, at) >= value, `flag ${at} reaches ${value}`);
}

/**
 * A trigger server on the event loop: serves the requests of `rv` (made by
 * a worker blocked in `syncQ`) with the non-blocking calls of `queue` until
 * `until` settles. Never rejects: reports how many it served, or its error.
 */
export async function serveTriggers(
  queue: Queue<unknown>,
  rv: Int32Array,
  until: Promise<unknown>,
): Promise<{ served: number; error?: unknown }> {
  let finished = false;
  until.then(
    () => (finished = true),
    () => (finished = true),
  );
  let last = 0;
  let served = 0;
  while (!finished) {
    const step = Atomics.load(rv, RV.REQ);
    if (step === last) {
      await delay(2);
      continue;
    }
    last = step;
    await delay(TRIGGER_DELAY_MS);
    raise(rv, RV.STARTED, step);
    try {
      act(queue, Atomics.load(rv, RV.ACTION), false);
    } catch (error) {
      Atomics.store(rv, RV.FAILED, step);
      raise(rv, RV.DONE, step);
      return { served, error };
    }
    raise(rv, RV.DONE, step);
    const deadline = performance.now() + RESCUE_AFTER_MS;
    while (Atomics.load(rv, RV.ACK) < step && performance.now() < deadline) await delay(2);
    if (Atomics.load(rv, RV.ACK) < step) {
      // A lost wake-up: wake the worker by hand so that it fails instead of hanging.
      raise(rv, RV.RESCUED, step);
      while (Atomics.load(rv, RV.ACK) < step && !finished) {
        wakeEverything(queue.handle.control);
        await delay(50);
      }
    }
    served++;
  }
  return { served };
}

/** The state of a promise, readable synchronously. */
export interface Tracked<T> {
  promise: Promise<T>;
  done: boolean;
  value?: T;
  error?: unknown;
}

/** Tracks `promise` (and marks its rejection handled). */
export function track<T>(promise: Promise<T>): Tracked<T> {
  const state: Tracked<T> = { promise, done: false };
  promise.then(
    (value) => {
      state.done = true;
      state.value = value;
    },
    (error: unknown) => {
      state.done = true;
      state.error = error;
    },
  );
  return state;
}

/** asyncio's `Event`: `wait()` resolves once `set()` was called. */
export interface AsyncioEvent {
  set(): void;
  wait(): Promise<void>;
}

/** A new, unset {@link AsyncioEvent}. */
export function newEvent(): AsyncioEvent {
  let set!: () => void;
  const isSet = new Promise<void>((resolve) => (set = resolve));
  return { set, wait: () => isSet };
}

/** A few macrotask turns, to let pending async calls reach their wait. */
export async function settle(ms = 10): Promise<void> {
  await delay(ms);
}

/** janus's end of test: the mutex is free, then `close()` + `waitClosed()`, and the queue is closed. */
export async function finish(queue: Queue<unknown>): Promise<void> {
  expect(lockIsFree(queue), 'the mutex is free at the end of the test').to.equal(true);
  queue.close();
  await within(queue.waitClosed(), 2_000, 'waitClosed()');
  expect(queue.closed).to.equal(true);
}

/** The queue kinds, by name, with a constructor (the queues made are closed after the test). */
export const KINDS = [
  { name: 'Queue', make: <T>(maxsize = 0) => own(new Queue<T>(maxsize)) },
  { name: 'LifoQueue', make: <T>(maxsize = 0) => own(new LifoQueue<T>(maxsize)) as Queue<T> },
  { name: 'PriorityQueue', make: <T>(maxsize = 0) => own(new PriorityQueue<T>(maxsize)) as Queue<T> },
] as const;
