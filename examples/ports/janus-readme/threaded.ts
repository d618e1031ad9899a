/** The README example's thread: puts 0..99, then waits until every item is done. */
import { Queue, type QueueHandle } from 'janus-queue';

/** Python's `threaded(sync_q)`; the queue arrives as a handle and is attached here. */
export function threaded(handle: QueueHandle): void {
  const syncQ = Queue.from<number>(handle).syncQ;
  for (let i = 0; i < 100; i++) syncQ.put(i);
  syncQ.join();
}
