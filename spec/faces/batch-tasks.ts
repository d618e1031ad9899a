/**
 * Worker-side halves of the batch specs (see batch.spec.ts): each export
 * runs in its own worker thread on a queue attached by handle.
 */
import { Queue, ShutDown, type QueueHandle } from '../../lib/index.js';

interface Job {
  handle: QueueHandle;
  count?: number;
  from?: number;
  batch?: number;
  timeout?: number;
}

/** One blocking `getMany(batch)`; reports the items or what was thrown. */
export function getManyOnce({ handle, batch = 10, timeout }: Job): unknown {
  const queue = Queue.from<number>(handle);
  try {
    return { items: queue.syncQ.getMany(batch, true, timeout ?? null) };
  } catch (error) {
    return { threw: (error as Error).name };
  }
}

/** `putMany` of `from .. from+count-1` in batches of `batch`; reports 'put' or what was thrown. */
export function putManyAll({ handle, count = 0, from = 0, batch = 16 }: Job): unknown {
  const queue = Queue.from<number>(handle);
  try {
    for (let i = 0; i < count; i += batch) {
      const items: number[] = [];
      for (let j = i; j < Math.min(count, i + batch); j++) items.push(from + j);
      queue.syncQ.putMany(items);
    }
    return 'put';
  } catch (error) {
    return { threw: (error as Error).name };
  }
}

/** `getMany(batch)` until the queue is shut down and empty; returns every item got, marking each done. */
export function drainMany({ handle, batch = 16 }: Job): number[] {
  const queue = Queue.from<number>(handle);
  const got: number[] = [];
  try {
    for (;;) {
      const items = queue.syncQ.getMany(batch);
      got.push(...items);
      for (let i = 0; i < items.length; i++) queue.syncQ.taskDone();
    }
  } catch (error) {
    if (!(error instanceof ShutDown)) throw error;
  }
  return got;
}
