/** The worker of the sync-call recipe: answers each request with async code, on its event loop. */
import { workerData } from 'node:worker_threads';
import { Queue, type QueueHandle } from 'janus-queue';

/** A worker's answer: the value, or the error the async code threw. */
export type Reply = { value: string } | { error: Error };

/** The longest text this worker hashes (to show an error reaching the caller). */
const MAX_LENGTH = 1024;

async function sha256(text: string): Promise<string> {
  if (text.length > MAX_LENGTH) throw new RangeError(`text of ${text.length} characters, more than ${MAX_LENGTH}`);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Buffer.from(digest).toString('hex');
}

const { requests, replies } = workerData as { requests: QueueHandle; replies: QueueHandle };
const requestQ = Queue.from<string>(requests);
const replyQ = Queue.from<Reply>(replies);

for await (const text of requestQ.asyncQ) {
  try {
    await replyQ.asyncQ.put({ value: await sha256(text) });
  } catch (error) {
    await replyQ.asyncQ.put({ error: error as Error });
  }
}
