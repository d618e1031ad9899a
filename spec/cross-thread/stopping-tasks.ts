/**
 * Worker-side halves of stopping.spec: consumers that loop over a queue
 * until they are stopped, counting what they take in shared memory (a
 * terminated worker cannot report, but its counter can).
 */
import { Empty, Queue, type QueueHandle } from '../../lib/index.js';

interface Consumer {
  handle: QueueHandle;
  /** Word 0: items taken so far. */
  counter: SharedArrayBuffer;
}

/** `for (const item of queue.syncQ)`: takes items until the queue shuts down. */
export function drain({ handle, counter }: Consumer): number[] {
  const queue = Queue.from<number>(handle);
  const taken = new Int32Array(counter);
  const got: number[] = [];
  for (const item of queue.syncQ) {
    got.push(item);
    Atomics.add(taken, 0, 1);
    queue.syncQ.taskDone();
  }
  return got;
}

/**
 * Takes items with a timed `syncQ.get()` and checks word 0 of `stop` between
 * calls: returns what it took once that word is set, leaving the queue to
 * the others.
 */
export function drainUntilStopped({
  handle,
  counter,
  stop,
  timeout,
}: Consumer & { stop: SharedArrayBuffer; timeout: number }): number[] {
  const queue = Queue.from<number>(handle);
  const taken = new Int32Array(counter);
  const stopped = new Int32Array(stop);
  const got: number[] = [];
  while (Atomics.load(stopped, 0) === 0) {
    try {
      got.push(queue.syncQ.get(true, timeout));
    } catch (error) {
      if (error instanceof Empty) continue;
      throw error;
    }
    Atomics.add(taken, 0, 1);
    queue.syncQ.taskDone();
  }
  return got;
}
