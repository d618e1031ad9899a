/**
 * The timed run of `--ceiling`: a bare ring of ints (bench/rings.ts), not
 * janus-queue, from a worker to the main thread.
 */
import type { BenchWorker } from '../bench-worker.js';
import { checkLast } from '../items.js';
import { ringBuffer, ringConsume, type RingKind } from '../rings.js';

/** A worker fills a bare ring → main awaits each int; returns the milliseconds `n` ints took. */
export async function ringToMain(worker: BenchWorker, ring: RingKind, n: number): Promise<number> {
  const buffer = ringBuffer(ring);
  const start = performance.now();
  const done = worker.run({ op: 'ring', buffer, kind: ring, n });
  const last = await ringConsume(buffer, ring, n);
  const elapsed = performance.now() - start;
  await done;
  checkLast('int', last, n - 1);
  return elapsed;
}
