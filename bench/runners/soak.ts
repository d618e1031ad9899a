/**
 * `--soak`: many small objects through one bounded queue, worker → main,
 * sampling the process's memory and the queue's shared store as they go.
 */
import { Queue } from '../../lib/index.js';
import type { BenchWorker } from '../bench-worker.js';
import { checkLast, type Kind } from '../items.js';

/** Memory at one point of the soak run, in MB. */
export interface SoakSample {
  items: number;
  seconds: number;
  rssMB: number;
  heapMB: number;
  /** The byte length of the queue's shared store (`queue.handle.store`). */
  storeMB: number;
}

/** What the soak run measured. */
export interface SoakResult {
  items: number;
  kind: Kind;
  maxsize: number;
  /** Items per second. */
  rate: number;
  samples: SoakSample[];
  /** Spread (max - min) after the first sample, in MB. */
  rssSpreadMB: number;
  storeSpreadMB: number;
}

/** Samples taken over the run. */
const SAMPLES = 40;

/** Moves `total` small objects worker `syncQ.put` → main `asyncQ.get` through a queue of maxsize 1024. */
export async function soak(worker: BenchWorker, total: number): Promise<SoakResult> {
  const kind: Kind = 'object';
  const maxsize = 1024;
  const queue = new Queue<unknown>(maxsize);
  const store = queue.handle.store;
  const every = Math.max(1, Math.floor(total / SAMPLES));
  const samples: SoakSample[] = [];
  const mb = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;
  const start = performance.now();
  const sample = (items: number): void => {
    const memory = process.memoryUsage();
    samples.push({
      items,
      seconds: (performance.now() - start) / 1000,
      rssMB: mb(memory.rss),
      heapMB: mb(memory.heapUsed),
      storeMB: mb(store.byteLength),
    });
  };
  sample(0);
  const done = worker.run({ op: 'put', handle: queue.handle, kind, n: total });
  const asyncQ = queue.asyncQ;
  let last: unknown;
  for (let i = 1; i <= total; i++) {
    last = await asyncQ.get();
    if (i % every === 0) sample(i);
  }
  const elapsed = performance.now() - start;
  await done;
  checkLast(kind, last, total - 1);
  const steady = samples.slice(1);
  const spread = (pick: (s: SoakSample) => number): number => {
    const values = steady.map(pick);
    return Math.round((Math.max(...values) - Math.min(...values)) * 10) / 10;
  };
  return {
    items: total,
    kind,
    maxsize,
    rate: total / (elapsed / 1000),
    samples,
    rssSpreadMB: spread((s) => s.rssMB),
    storeSpreadMB: spread((s) => s.storeMB),
  };
}
