/**
 * The README example: a worker produces 100 numbers with the blocking face,
 * the main thread consumes them with the promise face, and the worker's
 * `join()` returns once the main thread has marked every item done.
 *
 * Run with `npm run example`.
 */
import { Worker } from 'node:worker_threads';
import { Queue } from 'janus-queue';

const queue = new Queue<number>(1024);
const worker = new Worker(new URL('./producer.js', import.meta.url), { workerData: queue.handle });
const exited = new Promise<number>((resolve) => worker.once('exit', resolve));

let sum = 0;
for (let i = 0; i < 100; i++) {
  sum += await queue.asyncQ.get();
  queue.asyncQ.taskDone();
}
console.log(`main: got 100 items from the worker, sum ${sum}`);

const code = await exited;
console.log(`main: the worker's join() returned and it exited with code ${code}`);
await queue.aclose();
console.log(`main: queue closed: ${queue.closed}`);
if (sum !== 4950 || code !== 0) process.exitCode = 1;
