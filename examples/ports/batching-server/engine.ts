/**
 * The batching CPU worker of ./main.ts (continuous batching, as in
 * InfiniLM's `launch_server.py`): it takes up to three requests at a time,
 * and every step produces the next word of each, on that request's reply
 * queue; a finished request gets `null` and leaves the batch.
 */
import {
  Queue,
  QueueFamily,
  SyncQueueEmpty,
  SyncQueueShutDown,
  type QueueFamilyHandle,
  type QueueHandle,
} from 'janus-queue';

/** How many requests one step advances at most. */
const MAX_BATCH = 3;

/** A request: the words still to produce, and the id of its reply queue. */
export interface Request {
  words: string[];
  replyTo: number;
}

/** Serves requests until the request queue is shut down and every active request is finished. */
export function engine(requestsHandle: QueueHandle, repliesHandle: QueueFamilyHandle): void {
  const requests = Queue.from<Request>(requestsHandle).syncQ;
  const replies = QueueFamily.from<string | null>(repliesHandle);
  const active: Request[] = [];
  for (;;) {
    if (active.length === 0) {
      try {
        active.push(requests.get()); // sleep until work comes
      } catch (error) {
        if (error instanceof SyncQueueShutDown) return;
        throw error;
      }
    }
    while (active.length < MAX_BATCH) {
      try {
        active.push(requests.getNowait());
      } catch (error) {
        if (error instanceof SyncQueueEmpty || error instanceof SyncQueueShutDown) break;
        throw error;
      }
    }
    for (const request of [...active]) {
      const out = replies.queue(request.replyTo).syncQ;
      out.put(request.words.shift()!.toUpperCase());
      if (request.words.length === 0) {
        out.put(null);
        active.splice(active.indexOf(request), 1);
      }
    }
  }
}
