/**
 * Timed runs of a pool of worker threads serving tiny tasks (`x => 2x + 1`)
 * for an event loop that keeps a window of tasks in flight: a janus-queue
 * pool (a tasks queue and a results queue) and a piscina pool. Each returns
 * the milliseconds its `n` tasks took, and checks the sum of the results
 * (`n²` for tasks 0..n-1).
 */
import { Piscina } from 'piscina';
import { Queue } from '../../lib/index.js';
import type { BenchWorker } from '../bench-worker.js';

/** Main `asyncQ.put`s tasks and `asyncQ.get`s results, at most `inFlight` tasks ahead; the workers serve with `syncQ` until shutdown. */
export async function janusPool(workers: BenchWorker[], n: number, inFlight: number): Promise<number> {
  const tasks = new Queue<number>();
  const results = new Queue<number>();
  const start = performance.now();
  const served = workers.map((worker) => worker.run({ op: 'serve', tasks: tasks.handle, results: results.handle }));
  let sent = 0;
  let sum = 0;
  for (let got = 0; got < n; got++) {
    while (sent < n && sent - got < inFlight) await tasks.asyncQ.put(sent++);
    sum += await results.asyncQ.get();
  }
  tasks.shutdown();
  const counts = (await Promise.all(served)) as number[];
  const elapsed = performance.now() - start;
  checkPool(
    'janus-queue pool',
    n,
    sum,
    counts.reduce((a, b) => a + b, 0),
  );
  return elapsed;
}

/** A piscina pool of `threads` workers, started on first use; `close` ends it. */
export class PiscinaPool {
  private pool: Piscina<number, number> | undefined;

  constructor(private readonly threads: number) {}

  /** `inFlight` lanes, each `await pool.run(x)` after the other, until `n` tasks are done. */
  async run(n: number, inFlight: number): Promise<number> {
    this.pool ??= new Piscina({
      filename: new URL('../threads/piscina-task.js', import.meta.url).href,
      minThreads: this.threads,
      maxThreads: this.threads,
    });
    const pool = this.pool;
    let next = 0;
    let sum = 0;
    const lane = async (): Promise<void> => {
      while (next < n) {
        const result = await pool.run(next++);
        sum += result; // after the await: lanes add concurrently
      }
    };
    const start = performance.now();
    await Promise.all(Array.from({ length: inFlight }, lane));
    const elapsed = performance.now() - start;
    checkPool('piscina', n, sum, n);
    return elapsed;
  }

  /** Ends the pool's threads. */
  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = undefined;
  }
}

/** Throws unless `served` tasks were served and the results add up to `n²`. */
function checkPool(name: string, n: number, sum: number, served: number): void {
  if (sum !== n * n || served !== n)
    throw new Error(`${name}: ${served} of ${n} tasks served, results add up to ${sum}, expected ${n * n}`);
}
