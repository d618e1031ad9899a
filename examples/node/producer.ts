/** The README example's worker: puts 100 numbers, then waits until all are done. */
import { workerData } from 'node:worker_threads';
import { Queue, type QueueHandle } from 'janus-queue';

const queue = Queue.from<number>(workerData as QueueHandle);
for (let i = 0; i < 100; i++) queue.syncQ.put(i); // blocks when the queue is full
console.log('worker: put 100 items, now blocking in join()');
queue.syncQ.join(); // blocks until the main thread has done every task
console.log('worker: join() returned');
