/**
 * Timed synchronous calls into async code in a worker (`x => 2x + 1`): the
 * main thread blocks on janus-queue's `syncQ` while the worker serves with
 * `asyncQ`, and synckit's `createSyncFn`. Each returns the milliseconds of
 * every call.
 */
import { fileURLToPath } from 'node:url';
import { createSyncFn } from 'synckit';
import { Queue } from '../../lib/index.js';
import type { BenchWorker } from '../bench-worker.js';

/** Main `req.syncQ.put(i)` then `resp.syncQ.get()`; the worker answers with `for await` over `req.asyncQ` and `resp.asyncQ.put`. */
export async function janusSyncCall(worker: BenchWorker, n: number): Promise<number[]> {
  const req = new Queue<number>();
  const resp = new Queue<number>();
  const served = worker.run({ op: 'serveAsync', req: req.handle, resp: resp.handle });
  const latencies: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    req.syncQ.put(i);
    const result = resp.syncQ.get();
    latencies.push(performance.now() - start);
    checkCall('janus-queue', i, result);
  }
  req.shutdown();
  await served;
  return latencies;
}

/** The synckit call, made on first use (synckit keeps its worker, unref'd, for the process). */
let synckitCall: ((x: number) => number) | undefined;

/** `n` calls of a function made by synckit's `createSyncFn`. */
export function synckitSyncCall(n: number): Promise<number[]> {
  synckitCall ??= createSyncFn<(x: number) => Promise<number>>(
    fileURLToPath(new URL('../threads/synckit-server.js', import.meta.url)),
  );
  const latencies: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    const result = synckitCall(i);
    latencies.push(performance.now() - start);
    checkCall('synckit', i, result);
  }
  return Promise.resolve(latencies);
}

/** Throws unless the call of `x` returned `2x + 1`. */
function checkCall(name: string, x: number, result: number): void {
  if (result !== 2 * x + 1) throw new Error(`${name}: the call of ${x} returned ${result}, expected ${2 * x + 1}`);
}
