/**
 * The timed runs of `--ceiling`: bare rings of ints (bench/rings.ts), not
 * janus-queue, from a worker to the main thread, and from 4 producer
 * workers to 2 consumer workers and the main thread.
 */
import type { BenchWorker } from '../bench-worker.js';
import { checkLast } from '../items.js';
import { ringBuffer, ringConsume, ringDone, type RingKind } from '../rings.js';

/** A worker fills a bare ring → main awaits each int; returns the milliseconds `n` ints took. */
export async function ringToMain(worker: BenchWorker, ring: RingKind, n: number): Promise<number> {
  const buffer = ringBuffer(ring);
  const start = performance.now();
  const done = worker.run({ op: 'ring', buffer, kind: ring, n });
  const { last } = await ringConsume(buffer, ring, n);
  const elapsed = performance.now() - start;
  await done;
  checkLast('int', last, n - 1);
  return elapsed;
}

/**
 * `producers` fill a bare ring with `n` ints in all → `consumers` and main
 * take them, as the many-to-many scenario does with a queue; returns the
 * milliseconds they took.
 */
export async function ringManyToMany(
  producers: BenchWorker[],
  consumers: BenchWorker[],
  ring: RingKind,
  n: number,
): Promise<number> {
  const buffer = ringBuffer(ring);
  const each = Math.ceil(n / producers.length);
  const start = performance.now();
  const drained = consumers.map((consumer) => consumer.run({ op: 'ringDrain', buffer, kind: ring }));
  const produced = producers.map((producer) => producer.run({ op: 'ring', buffer, kind: ring, n: each }));
  void Promise.all(produced).then(() => ringDone(buffer));
  const { count: mine } = await ringConsume(buffer, ring);
  const counts = (await Promise.all(drained)) as number[];
  const elapsed = performance.now() - start;
  const total = mine + counts.reduce((a, b) => a + b, 0);
  if (total !== each * producers.length)
    throw new Error(`the ring moved ${total} ints, expected ${each * producers.length}`);
  return elapsed;
}
