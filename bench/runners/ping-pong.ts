/**
 * Timed round trips between the main thread and one worker: janus-queue
 * (main `asyncQ`, worker `syncQ`) and `postMessage`. Each returns the
 * milliseconds of every round trip.
 */
import { Queue } from '../../lib/index.js';
import type { BenchWorker } from '../bench-worker.js';

/** Main `asyncQ.put` on one queue, the worker echoes with `syncQ`, main `asyncQ.get` on another. */
export async function pingPong(worker: BenchWorker, n: number): Promise<number[]> {
  const req = new Queue<number>();
  const resp = new Queue<number>();
  const done = worker.run({ op: 'echo', req: req.handle, resp: resp.handle, n });
  const latencies: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await req.asyncQ.put(i);
    const back = await resp.asyncQ.get();
    latencies.push(performance.now() - start);
    if (back !== i) throw new Error(`ping-pong: sent ${i}, got ${back}`);
  }
  await done;
  return latencies;
}

/** Round trips over postMessage. */
export async function postPingPong(worker: BenchWorker, n: number): Promise<number[]> {
  const done = worker.run({ op: 'echoPost', n });
  const latencies: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    const back = worker.nextMessage();
    worker.post(i);
    if ((await back) !== i) throw new Error(`postMessage ping-pong: sent ${i}, got something else`);
    latencies.push(performance.now() - start);
  }
  await done;
  return latencies;
}
