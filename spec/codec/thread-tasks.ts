/**
 * Worker-side halves of the codec's cross-thread tests: each export runs in
 * its own worker thread (see spec/support/workers.ts).
 */
import { Queue, type QueueHandle } from '../../lib/index.js';
import { thrownBy } from '../support/promises.js';

interface Job {
  handle: QueueHandle;
  length?: number;
}

interface Node {
  value: number;
  next: Node | null;
}

/** Puts a linked list of `length` nodes, values 0 up. */
export function putLinkedList({ handle, length = 0 }: Job): string {
  let head: Node | null = null;
  for (let i = length - 1; i >= 0; i--) head = { value: i, next: head };
  Queue.from(handle).syncQ.put(head);
  return 'put';
}

/** Gets a linked list and reports its length and whether its values count up from 0. */
export function getLinkedList({ handle }: Job): { length: number; inOrder: boolean } {
  let length = 0;
  let inOrder = true;
  for (let node = Queue.from<Node | null>(handle).syncQ.get(); node !== null; node = node.next) {
    inOrder &&= node.value === length;
    length++;
  }
  return { length, inOrder };
}

/** Makes the queue calls of this thread throw each of the library's errors, and puts what they threw. */
export async function putThrownErrors({ handle }: Job): Promise<string[]> {
  const scratch = new Queue<number>(1);
  const errors = [
    await thrownBy(() => scratch.syncQ.getNowait()),
    await thrownBy(() => scratch.asyncQ.getNowait()),
    await thrownBy(() => scratch.syncQ.get(true, -1)),
    await thrownBy(() => scratch.waitClosed()),
  ];
  scratch.syncQ.putNowait(1);
  errors.push(await thrownBy(() => scratch.syncQ.putNowait(2)), await thrownBy(() => scratch.asyncQ.putNowait(2)));
  scratch.shutdown(true);
  errors.push(await thrownBy(() => scratch.syncQ.put(3)), await thrownBy(() => scratch.asyncQ.get()));
  Queue.from(handle).syncQ.put(errors);
  return errors.map((error) => (error as Error).name);
}

/** Throws the SyncQueueShutDown that a put on a shut-down queue throws (the test runner posts it back). */
export function throwShutDown(): never {
  const queue = new Queue<number>();
  queue.shutdown();
  queue.syncQ.put(1);
  throw new Error('put did not throw');
}

/** Throws the same error outside any handler, so that it reaches the worker's 'error' event. */
export function throwShutDownUncaught(): Promise<never> {
  setTimeout(throwShutDown, 0);
  return new Promise<never>(() => {});
}
