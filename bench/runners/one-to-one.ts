/**
 * Timed runs between one worker and the main thread, one item per call (or
 * per batch): janus-queue's two faces, and `postMessage` with one item per
 * message. Each returns the milliseconds its `n` items took.
 */
import { Queue } from '../../lib/index.js';
import type { BenchWorker } from '../bench-worker.js';
import { checkLast, makeItem, type Kind } from '../items.js';

/** Worker `syncQ.put` (or `putMany(batch)`) → main `await asyncQ.get()` (or `getMany(batch)`). */
export async function workerToMain(
  worker: BenchWorker,
  kind: Kind,
  n: number,
  maxsize: number,
  batch = 0,
): Promise<number> {
  const queue = new Queue<unknown>(maxsize);
  const start = performance.now();
  const done = worker.run({ op: 'put', handle: queue.handle, kind, n, batch });
  const asyncQ = queue.asyncQ;
  let last: unknown;
  if (batch > 0) {
    for (let got = 0; got < n; ) {
      const items = await asyncQ.getMany(batch);
      got += items.length;
      last = items[items.length - 1];
    }
  } else {
    for (let i = 0; i < n; i++) last = await asyncQ.get();
  }
  const elapsed = performance.now() - start;
  await done;
  checkLast(kind, last, n - 1);
  return elapsed;
}

/** Worker `postMessage` → main `'message'` events, one item per message. */
export async function postWorkerToMain(worker: BenchWorker, kind: Kind, n: number): Promise<number> {
  let last: unknown;
  let got = 0;
  const received = new Promise<void>((resolve) => {
    worker.sink = (message) => {
      last = message;
      if (++got < n) return;
      worker.sink = null;
      resolve();
    };
  });
  const start = performance.now();
  const done = worker.run({ op: 'post', kind, n });
  await received;
  const elapsed = performance.now() - start;
  await done;
  checkLast(kind, last, n - 1);
  return elapsed;
}

/** Main `await asyncQ.put()` → worker `syncQ.get()`. */
export async function mainToWorker(worker: BenchWorker, kind: Kind, n: number, maxsize: number): Promise<number> {
  const queue = new Queue<unknown>(maxsize);
  const start = performance.now();
  const done = worker.run({ op: 'get', handle: queue.handle, n });
  const asyncQ = queue.asyncQ;
  for (let i = 0; i < n; i++) await asyncQ.put(makeItem(kind, i));
  const last = await done;
  const elapsed = performance.now() - start;
  checkLast(kind, last, n - 1);
  return elapsed;
}

/** Main `postMessage` → worker `'message'` events. */
export async function postMainToWorker(worker: BenchWorker, kind: Kind, n: number): Promise<number> {
  const start = performance.now();
  const done = worker.run({ op: 'recv', n });
  for (let i = 0; i < n; i++) worker.post(makeItem(kind, i));
  await done;
  return performance.now() - start;
}
