/**
 * Worker-side halves of spin-backoff.spec.ts: blocking calls that first
 * time out a few times (their spins find nothing, so later calls skip
 * spinning), then block with no timeout until the main thread answers.
 */
import { Queue, SyncQueueEmpty, SyncQueueFull, type QueueHandle } from '../../lib/index.js';

interface Job {
  /** The queue the calls wait on. */
  handle: QueueHandle;
  /** Where the worker says it is about to block (it puts 'blocking'). */
  signal: QueueHandle;
  /** Timed-out calls before the blocking ones. */
  misses: number;
  /** Blocking calls after them. */
  count: number;
}

/** `misses` gets that time out on the empty queue, then `count` blocking gets; returns the items. */
export function getsAfterMisses({ handle, signal, misses, count }: Job): number[] {
  const queue = Queue.from<number>(handle);
  for (let i = 0; i < misses; i++) {
    try {
      queue.syncQ.get(true, 0.002);
      throw new Error('the queue should have been empty');
    } catch (error) {
      if (!(error instanceof SyncQueueEmpty)) throw error;
    }
  }
  Queue.from<string>(signal).syncQ.put('blocking');
  const items: number[] = [];
  for (let i = 0; i < count; i++) items.push(queue.syncQ.get());
  return items;
}

/** On a full queue, `misses` puts that time out, then blocking puts of 1..count; returns 'put'. */
export function putsAfterMisses({ handle, signal, misses, count }: Job): string {
  const queue = Queue.from<number>(handle);
  for (let i = 0; i < misses; i++) {
    try {
      queue.syncQ.put(-1, true, 0.002);
      throw new Error('the queue should have been full');
    } catch (error) {
      if (!(error instanceof SyncQueueFull)) throw error;
    }
  }
  Queue.from<string>(signal).syncQ.put('blocking');
  for (let i = 1; i <= count; i++) queue.syncQ.put(i);
  return 'put';
}
