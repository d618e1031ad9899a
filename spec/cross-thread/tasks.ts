/**
 * Worker-side halves of the cross-thread tests: each export runs in its own
 * worker thread (see spec/support/workers.ts) on a queue attached by handle.
 */
import { LifoQueue, PriorityQueue, Queue, ShutDown, type QueueHandle } from '../../lib/index.js';

interface Job {
  handle: QueueHandle;
  count?: number;
  from?: number;
  timeout?: number;
  block?: boolean;
}

/** What a call threw, as plain data. */
function failure(error: unknown): { threw: string; message: string } {
  const e = error as Error;
  return { threw: e.name, message: e.message };
}

/** Puts `from .. from+count-1` with the blocking face, then joins. */
export function produce({ handle, count = 0, from = 0 }: Job): string {
  const queue = Queue.from<number>(handle);
  for (let i = 0; i < count; i++) queue.syncQ.put(from + i);
  queue.syncQ.join();
  return 'joined';
}

/** Puts `count` items without joining. */
export function produceOnly({ handle, count = 0, from = 0 }: Job): number {
  const queue = Queue.from<number>(handle);
  for (let i = 0; i < count; i++) queue.syncQ.put(from + i);
  return count;
}

/** Gets `count` items with the blocking face, marking each done. */
export function consume({ handle, count = 0 }: Job): number[] {
  const queue = Queue.from<number>(handle);
  const got: number[] = [];
  for (let i = 0; i < count; i++) {
    got.push(queue.syncQ.get());
    queue.syncQ.taskDone();
  }
  return got;
}

/** Gets items until the queue is shut down and empty (sync iteration). */
export function drain({ handle }: Job): number[] {
  const queue = Queue.from<number>(handle);
  const got: number[] = [];
  for (const item of queue.syncQ) {
    got.push(item);
    queue.syncQ.taskDone();
  }
  return got;
}

/** One blocking get (with optional timeout); reports the item or what was thrown. */
export function getOnce({ handle, timeout, block = true }: Job): unknown {
  const queue = Queue.from<unknown>(handle);
  try {
    return { item: queue.syncQ.get(block, timeout ?? null) };
  } catch (error) {
    return failure(error);
  }
}

/** One blocking peek; reports the item and the size after. */
export function peekOnce({ handle, timeout }: Job): unknown {
  const queue = Queue.from<unknown>(handle);
  try {
    return { item: queue.syncQ.peek(true, timeout ?? null), size: queue.syncQ.qsize() };
  } catch (error) {
    return failure(error);
  }
}

/** One blocking put of `from`; reports 'put' or what was thrown. */
export function putOnce({ handle, from = 0, timeout }: Job): unknown {
  const queue = Queue.from<number>(handle);
  try {
    queue.syncQ.put(from, true, timeout ?? null);
    return 'put';
  } catch (error) {
    return failure(error);
  }
}

/** Blocks in join(); reports when it returns. */
export function joinOnce({ handle }: Job): string {
  Queue.from(handle).syncQ.join();
  return 'joined';
}

/** Shuts the queue down from this thread. */
export function shutDown({ handle, block: immediate = false }: Job): string {
  Queue.from(handle).shutdown(immediate);
  return 'shut down';
}

/** Attaches with `Queue.from` and reports the class it got. */
export function attachedKind({ handle }: Job): string {
  return Queue.from(handle).constructor.name;
}

/** Gets everything from a PriorityQueue or LifoQueue attached with its own class. */
export function getAllOfKind({ handle }: Job): unknown[] {
  const queue = Queue.from<unknown>(handle);
  if (!(queue instanceof PriorityQueue || queue instanceof LifoQueue)) throw new Error('not a subclass');
  const got: unknown[] = [];
  while (queue.syncQ.qsize() > 0) got.push(queue.syncQ.get());
  return got;
}

/** Gets with the async face inside a worker until shut down. */
export async function asyncDrain({ handle }: Job): Promise<number[]> {
  const queue = Queue.from<number>(handle);
  const got: number[] = [];
  try {
    for (;;) got.push(await queue.asyncQ.get());
  } catch (error) {
    if (!(error instanceof ShutDown)) throw error;
  }
  return got;
}
