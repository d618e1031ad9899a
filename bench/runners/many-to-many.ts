/**
 * Timed runs of 4 producer workers → 2 consumer workers + the main thread:
 * one janus-queue, and `postMessage` round-robin over ports. Each returns
 * the milliseconds its `n` items took.
 */
import { MessageChannel } from 'node:worker_threads';
import { Queue, ShutDown } from '../../lib/index.js';
import type { BenchWorker } from '../bench-worker.js';
import type { Kind } from '../items.js';

/** Producers `syncQ.put` → worker consumers `syncQ.get` + main `asyncQ.get`, until shutdown. */
export async function manyToMany(
  producers: BenchWorker[],
  consumers: BenchWorker[],
  kind: Kind,
  n: number,
  maxsize: number,
): Promise<number> {
  const queue = new Queue<unknown>(maxsize);
  const each = Math.ceil(n / producers.length);
  const start = performance.now();
  const drained = consumers.map((consumer) => consumer.run({ op: 'drain', handle: queue.handle }));
  const produced = producers.map((producer) => producer.run({ op: 'put', handle: queue.handle, kind, n: each }));
  void Promise.all(produced).then(() => queue.shutdown());
  let mine = 0;
  const asyncQ = queue.asyncQ;
  try {
    for (;;) {
      await asyncQ.get();
      mine++;
    }
  } catch (error) {
    if (!(error instanceof ShutDown)) throw error;
  }
  const counts = (await Promise.all(drained)) as number[];
  const elapsed = performance.now() - start;
  const total = mine + counts.reduce((a, b) => a + b, 0);
  if (total !== each * producers.length)
    throw new Error(`many-to-many moved ${total} items, expected ${each * producers.length}`);
  return elapsed;
}

/** The postMessage equivalent: each producer posts round-robin to the consumers and main over MessagePorts. */
export async function postManyToMany(
  producers: BenchWorker[],
  consumers: BenchWorker[],
  kind: Kind,
  n: number,
): Promise<number> {
  const each = Math.ceil(n / producers.length);
  const sinks = consumers.length + 1;
  // channels[p][c]: producer p → consumer c (the last consumer is main).
  const channels = producers.map(() => Array.from({ length: sinks }, () => new MessageChannel()));
  const share = (c: number): number => Math.floor((each - c + sinks - 1) / sinks);
  const start = performance.now();
  const received = consumers.map((consumer, c) => {
    const ports = channels.map((row) => row[c].port2);
    return consumer.run({ op: 'recv', n: share(c) * producers.length, ports }, ports);
  });
  const mainPorts = channels.map((row) => row[sinks - 1].port2);
  const mainReceived = new Promise<void>((resolve) => {
    const expected = share(sinks - 1) * producers.length;
    let got = 0;
    const onItem = (): void => {
      if (++got < expected) return;
      for (const p of mainPorts) p.close();
      resolve();
    };
    for (const p of mainPorts) p.on('message', onItem);
  });
  const produced = producers.map((producer, p) => {
    const ports = channels[p].map((channel) => channel.port1);
    return producer.run({ op: 'post', kind, n: each, ports }, ports);
  });
  await Promise.all([...received, mainReceived]);
  const elapsed = performance.now() - start;
  await Promise.all(produced);
  return elapsed;
}
