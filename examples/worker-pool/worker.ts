/** A worker of the pool recipe: serves `x => 2x + 1` until the tasks queue is shut down and empty. */
import { workerData } from 'node:worker_threads';
import { Queue, type QueueHandle } from 'janus-queue';

const { tasks, results } = workerData as { tasks: QueueHandle; results: QueueHandle };
const taskQ = Queue.from<number>(tasks);
const resultQ = Queue.from<number>(results);

for (const x of taskQ.syncQ) resultQ.syncQ.put(2 * x + 1); // the loop ends at shutdown
