/**
 * Test helpers of the primitive and store specs: workers that are always
 * terminated, polling with a bound, settling with a bound (and no timer
 * left behind), expected rejections, a seeded PRNG.
 */
import { delay, within } from '../support/promises.js';
import { startTask, type TaskWorker } from '../support/workers.js';

export const TASKS = new URL('./tasks.js', import.meta.url);

/** A worker task that the test must `stop()` (in a `finally`). */
export interface Running<R> extends TaskWorker<R> {
  stop(): Promise<void>;
}

export function spawn<R = unknown>(task: string, data: unknown, module: URL = TASKS): Running<R> {
  const running = startTask<R>(module, task, data);
  running.result.catch(() => {}); // observed by the test when it matters
  return {
    ...running,
    stop: async () => {
      await running.worker.terminate();
    },
  };
}

/** Runs `task` in a new worker, with a bound, and terminates the worker. */
export async function runTask<R = unknown>(task: string, data: unknown, module: URL = TASKS, ms = 30_000): Promise<R> {
  const running = spawn<R>(task, data, module);
  try {
    return await within(running.result, ms, `task ${task}`);
  } finally {
    await running.stop();
  }
}

/** Whether `promise` settles within `ms` ms (its outcome is ignored). */
export async function settles(promise: Promise<unknown>, ms: number): Promise<boolean> {
  try {
    await within(
      promise.then(
        () => {},
        () => {},
      ),
      ms,
    );
    return true;
  } catch {
    return false;
  }
}

/** Polls `predicate` on timers until it holds; rejects after `ms` ms. */
export async function until(predicate: () => boolean, what = 'condition', ms = 10_000): Promise<void> {
  const end = performance.now() + ms;
  while (!predicate()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await delay(2);
  }
}

/** A seeded PRNG (mulberry32): floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed from `$SEED` (to replay a failure) or a fresh random one. */
export function seedOf(): number {
  const fromEnv = process.env.SEED;
  if (fromEnv !== undefined && fromEnv !== '') return Number(fromEnv) >>> 0;
  return Math.floor(Math.random() * 2 ** 32) >>> 0;
}
