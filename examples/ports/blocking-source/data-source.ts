/** The blocking producer of ./main.ts: ten random waits, each number put as it is ready, then `null`. */
import { Queue, type QueueHandle } from 'janus-queue';

/** Blocks this thread for `ms` milliseconds, as `time.sleep` does. */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Python's `random.randint(0, 4)`. */
function randint0to4(): number {
  return Math.floor(Math.random() * 5);
}

/**
 * Python's `data_source(queue)`: `secondMs` is how long one second of the
 * original lasts; `drawn`, when given, are the ten numbers to use instead
 * of random ones.
 */
export function dataSource(handle: QueueHandle, secondMs: number, drawn: number[] | null): void {
  const syncQ = Queue.from<number | null>(handle).syncQ;
  for (let i = 0; i < 10; i++) {
    const r = drawn?.[i] ?? randint0to4();
    sleep(r * secondMs);
    syncQ.put(r);
  }
  syncQ.put(null);
}
