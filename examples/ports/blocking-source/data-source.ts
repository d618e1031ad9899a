/** The blocking producer of ./main.ts: ten random waits, each number put as it is ready, then `null`. */
import { Queue, type QueueHandle } from 'janus-queue';
import { randint, seededRandom } from './seeded-random.js';

/** Blocks this thread for `ms` milliseconds, as `time.sleep` does. */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Python's `data_source(queue)`: `secondMs` is how long one second of the
 * original lasts; `seed` fixes the numbers (`null`: `Math.random`).
 */
export function dataSource(handle: QueueHandle, secondMs: number, seed: number | null): void {
  const syncQ = Queue.from<number | null>(handle).syncQ;
  const random = seed === null ? Math.random : seededRandom(seed);
  for (let i = 0; i < 10; i++) {
    const r = randint(random, 0, 4);
    sleep(r * secondMs);
    syncQ.put(r);
  }
  syncQ.put(null);
}
