/**
 * The timed runs of `--ceiling`, not janus-queue: bare rings of ints
 * (bench/rings.ts) from a worker to the main thread, and from 4 producer
 * workers to 2 consumer workers and the main thread; a ring of encoded
 * records (bench/record-ring.ts) from a worker to the main thread.
 */
import type { BenchWorker } from '../bench-worker.js';
import { checkLast, type Kind } from '../items.js';
import { recordRingBuffer, recordsConsume } from '../record-ring.js';
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

/** A worker fills a ring of encoded records → main awaits each item; returns the milliseconds `n` items of `kind` took. */
export async function recordsToMain(worker: BenchWorker, kind: Kind, n: number): Promise<number> {
  const buffer = recordRingBuffer();
  const start = performance.now();
  const done = worker.run({ op: 'records', buffer, kind, n });
  await recordsConsume(buffer, kind, n);
  const elapsed = performance.now() - start;
  await done;
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
