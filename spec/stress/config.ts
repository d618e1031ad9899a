/**
 * Sizes, seeds and shared helpers of the stress suites (spec/stress).
 *
 * Sizes: `STRESS_SCALE=full` (what `npm run test:stress` sets) runs the sizes
 * of the stress suites; unset or `small` runs a scaled-down version that keeps
 * `npm test` short; a number in (0, 1] runs that fraction of the full sizes.
 *
 * Seeds: every run picks a base seed (printed once) and derives one seed per
 * test from it and the test's name. `STRESS_SEED=<base seed>` replays a run's
 * random choices (thread interleavings are, of course, not replayed).
 */
import { isMainThread } from 'node:worker_threads';
import type { Queue } from '../../lib/index.js';
import { Word } from '../../lib/engine/layout.js';
import {
  controlWords,
  describeCondition,
  liveBytes,
  lockIsFree,
  waiters,
  type ConditionName,
} from '../support/internals.js';
import { startTask, type TaskWorker } from '../support/workers.js';

// ------------------------------------------------------------------ sizes

const SCALE_ENV = (process.env.STRESS_SCALE ?? '').trim().toLowerCase();

/** 1 for the full sizes, 0 for the small ones, or the fraction asked for. */
export const SCALE: number = (() => {
  if (SCALE_ENV === 'full') return 1;
  if (SCALE_ENV === '' || SCALE_ENV === 'small') return 0;
  const fraction = Number(SCALE_ENV);
  if (!(fraction > 0 && fraction <= 1)) {
    throw new Error(`STRESS_SCALE must be "small", "full" or a number in (0, 1]; received ${process.env.STRESS_SCALE}`);
  }
  return fraction;
})();

/** Whether the full sizes of the issue run. */
export const FULL = SCALE === 1;

/** `small` in the default run, `full` with STRESS_SCALE=full, in between for a fraction. */
export function sized(small: number, full: number): number {
  if (SCALE === 0) return small;
  return Math.max(small, Math.round(full * SCALE));
}

// ------------------------------------------------------------------ seeds

function parseSeed(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`STRESS_SEED must be a number; received ${text}`);
  return value >>> 0;
}

/** The base seed of this run. */
export const BASE_SEED: number = parseSeed(process.env.STRESS_SEED) ?? (Math.random() * 2 ** 32) >>> 0;

if (isMainThread)
  console.log(
    `  [stress] scale ${FULL ? 'full' : SCALE === 0 ? 'small' : SCALE}, seed ${BASE_SEED} ` +
      `(replay: STRESS_SEED=${BASE_SEED}${FULL ? ' STRESS_SCALE=full' : ''})`,
  );

/** The seed of one test: derived from the base seed and `name` (FNV-1a). */
export function seedFor(name: string): number {
  let hash = 0x811c9dc5 ^ BASE_SEED;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** A label to put in assertion messages: enough to replay the failure. */
export function replay(name: string): string {
  return `[${name}: seed ${seedFor(name)}, replay with STRESS_SEED=${BASE_SEED}]`;
}

/** A seeded PRNG (mulberry32) with a few conveniences. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** A new seed for a sub-stream (a worker, a round). */
  fork(): number {
    return (this.next() * 2 ** 32) >>> 0;
  }
}

// ---------------------------------------------------------------- workers

/** The worker side of the stress suites. */
export const TASKS = new URL('./tasks.js', import.meta.url);

/**
 * Workers started by one test; `stopAll()` (in an `afterEach`) terminates
 * every one of them, so a failing test leaves no thread behind.
 */
export class Crew {
  private readonly workers: Array<TaskWorker<unknown>> = [];
  private readonly controllers: AbortController[] = [];

  /** Starts `task` of ./tasks.ts in a new worker. */
  start<R = unknown>(task: string, data: unknown, module: URL = TASKS): TaskWorker<R> {
    const running = startTask<R>(module, task, data);
    running.result.catch(() => {}); // observed by the test when it matters
    this.workers.push(running);
    return running;
  }

  /** A signal aborted by `stopAll()`: for async calls that could outlive a failed test. */
  signal(): AbortSignal {
    const controller = new AbortController();
    this.controllers.push(controller);
    return controller.signal;
  }

  /** Terminates every worker and aborts every signal handed out. */
  async stopAll(): Promise<void> {
    for (const controller of this.controllers.splice(0)) controller.abort(new Error('test over'));
    await Promise.all(this.workers.splice(0).map((w) => w.worker.terminate()));
  }
}

// ---------------------------------------------------------------- waiting

/** Polls `predicate` on timers until it holds; rejects after `ms` ms, with `what()` in the message. */
export async function until(predicate: () => boolean, what: () => string, ms = 20_000): Promise<void> {
  const end = performance.now() + ms;
  while (!predicate()) {
    if (performance.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** What a call threw, as plain data (errors cross threads as data). */
export interface Failure {
  threw: string;
  message: string;
}

/** `error` as a {@link Failure}. */
export function failure(error: unknown): Failure {
  const e = error as Error;
  return { threw: e?.name ?? typeof e, message: e?.message ?? String(e) };
}

/** The settled outcome of `promise`: `{ value }` or `{ error }`. */
export async function outcome<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error };
  }
}

// ------------------------------------------------------------ diagnostics

/**
 * The queue's shared words, read without the lock (a stuck test must still
 * be able to say what it is stuck on): for failure messages only.
 */
export function snapshot(queue: Queue<unknown>): string {
  const words = controlWords(queue);
  return (
    `mutex ${Atomics.load(words, Word.Mutex)}, shut down ${Atomics.load(words, Word.ShutDown)}, ` +
    `unfinished ${Atomics.load(words, Word.UnfinishedTasks)}, index words [${Array.from(words.subarray(Word.Index, Word.Index + 4)).join(', ')}], ` +
    `live bytes ${liveBytes(queue)}; notEmpty {${describeCondition(queue, 'notEmpty')}}; ` +
    `notFull {${describeCondition(queue, 'notFull')}}; allTasksDone {${describeCondition(queue, 'allTasksDone')}}`
  );
}

/**
 * Whether `n` waiters of `kind` are registered on `condition` and the lock
 * is free: a waiter registers with the lock held, so only then is it
 * certainly asleep (and safe to terminate) rather than about to unlock.
 */
export function blocked(queue: Queue<unknown>, condition: ConditionName, kind: 'sync' | 'async', n: number): boolean {
  return waiters(queue, condition)[kind] === n && lockIsFree(queue);
}
