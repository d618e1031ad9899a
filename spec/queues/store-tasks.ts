/** Worker-side halves of the store memory tests. */
import { Queue, type QueueHandle } from '../../lib/index.js';

/**
 * Gets the `'attached'` item and marks it done, so the main thread knows
 * this thread has its views of the store at its first size; then gets
 * `count` items (returning their numbers, after checking each one's text)
 * and puts `count` items of `size` characters, numbered from 1,000.
 */
export function getThenPut({ handle, count, size }: { handle: QueueHandle; count: number; size: number }): number[] {
  const queue = Queue.from<[number, string]>(handle);
  queue.syncQ.get();
  queue.syncQ.taskDone();
  const got: number[] = [];
  for (let i = 0; i < count; i++) {
    const [n, text] = queue.syncQ.get();
    if (text !== String(n % 10).repeat(text.length)) throw new Error(`item ${n} came back changed`);
    got.push(n);
  }
  for (let i = 0; i < count; i++) queue.syncQ.put([1000 + i, String(i % 10).repeat(size)]);
  return got;
}
