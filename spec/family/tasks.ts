/**
 * Worker-side halves of the QueueFamily tests: servers that answer on the
 * reply queue an id names, and clients that acquire, wait and release.
 */
import { Queue, QueueFamily, type QueueFamilyHandle, type QueueHandle } from '../../lib/index.js';

/** A request of the tests: a number to answer, and the reply queue to answer on. */
export interface Request {
  n: number;
  replyTo: number;
}

/** A reply stream: `parts` numbers, then `null`. */
export type Reply = number | null;

interface Served {
  requests: QueueHandle;
  replies: QueueFamilyHandle;
  parts: number;
}

/**
 * Serves requests until the request queue is shut down: answers each with
 * `n * 1000 + part` for every part, then `null`. Returns how many it served.
 */
export function serve({ requests, replies, parts }: Served): number {
  const inbox = Queue.from<Request>(requests);
  const family = QueueFamily.from<Reply>(replies);
  let served = 0;
  for (const { n, replyTo } of inbox.syncQ) {
    const reply = family.queue(replyTo);
    for (let part = 0; part < parts; part++) reply.syncQ.put(n * 1000 + part);
    reply.syncQ.put(null);
    served++;
  }
  return served;
}

interface Client {
  requests: QueueHandle;
  replies: QueueFamilyHandle;
  from: number;
  count: number;
}

/**
 * Sends `count` requests (`from` onwards) one at a time, each on a reply
 * queue acquired with the blocking call and released after its `null`;
 * returns every reply stream it got, in order.
 */
export function ask({ requests, replies, from, count }: Client): number[][] {
  const outbox = Queue.from<Request>(requests);
  const family = QueueFamily.from<Reply>(replies);
  const streams: number[][] = [];
  for (let n = from; n < from + count; n++) {
    const replyTo = family.acquire();
    outbox.syncQ.put({ n, replyTo });
    const stream: number[] = [];
    for (let part: Reply; (part = family.queue(replyTo).syncQ.get()) !== null; ) stream.push(part);
    family.release(replyTo);
    streams.push(stream);
  }
  return streams;
}

interface Held {
  replies: QueueFamilyHandle;
}

/** Acquires every free queue without waiting; returns the ids. */
export function acquireAll({ replies }: Held): number[] {
  const family = QueueFamily.from<Reply>(replies);
  const ids: number[] = [];
  while (family.available > 0) ids.push(family.acquire(false));
  return ids;
}

/** Releases `ids` (acquired by another thread). */
export function releaseAll({ replies, ids }: Held & { ids: number[] }): void {
  const family = QueueFamily.from<Reply>(replies);
  for (const id of ids) family.release(id);
}

/** Resolves `id` and puts `value` on its queue; reports what was thrown, if anything. */
export function replyTo({ replies, id, value }: Held & { id: number; value: number }): string {
  const family = QueueFamily.from<Reply>(replies);
  try {
    family.queue(id).syncQ.put(value);
    return 'put';
  } catch (error) {
    return (error as Error).name;
  }
}

/** Blocks in `acquire()` (no timeout); reports the id, or the name of what was thrown. */
export function acquireBlocking({ replies, timeout = null }: Held & { timeout?: number | null }): number | string {
  const family = QueueFamily.from<Reply>(replies);
  try {
    return family.acquire(true, timeout);
  } catch (error) {
    return (error as Error).name;
  }
}
