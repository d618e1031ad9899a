/**
 * Functions that spec/examples/run-in-worker.spec.ts runs with the example
 * helper examples/ports/run-in-worker.ts, each in its own worker.
 */
import { PriorityQueue, Queue, type QueueHandle } from '../../lib/index.js';

/** Returns the sum of its arguments (`asyncio.to_thread(sum_of, 1, 2, 3)`). */
export function sumOf(...numbers: number[]): number {
  return numbers.reduce((a, b) => a + b, 0);
}

/** Resolves later: the helper awaits what the function returns. */
export async function later(value: string): Promise<string> {
  await new Promise((resolve) => setTimeout(resolve, 10));
  return value;
}

/** Puts `count` numbers on the queue of `handle` with the blocking face, then joins. */
export function produce(handle: QueueHandle, count: number): string {
  const syncQ = Queue.from<number>(handle).syncQ;
  for (let i = 0; i < count; i++) syncQ.put(i);
  syncQ.join();
  return 'joined';
}

/** Throws a RangeError. */
export function fail(message: string): never {
  throw new RangeError(message);
}

/** Ends its worker with `code` before returning. */
export function exitEarly(code: number): void {
  process.exit(code);
}

/** Puts a string on a PriorityQueue of numbers: a TypeError in this worker. */
export function putBadPriority(handle: QueueHandle): void {
  PriorityQueue.from<unknown>(handle).syncQ.put('not a number');
}

/** Not a function: the helper must say so. */
export const notAFunction = 42;
