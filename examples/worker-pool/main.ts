/**
 * Recipe: a pool of worker threads fed by an event loop. The main thread
 * puts tasks into one queue and gets results from another, with `asyncQ`;
 * each worker serves tasks with `syncQ` until the tasks queue is shut down.
 *
 * Run with `npm run example:pool`.
 */
import { Worker } from 'node:worker_threads';
import { Queue } from 'janus-queue';

const WORKERS = 2;
const TASKS = 100_000;

const tasks = new Queue<number>(1024); // bounded: the event loop waits for room, not the workers
const results = new Queue<number>();
const workerData = { tasks: tasks.handle, results: results.handle };
const exits = Array.from({ length: WORKERS }, () => {
  const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData });
  return new Promise<number>((resolve) => worker.once('exit', resolve));
});

async function feed(): Promise<void> {
  for (let x = 0; x < TASKS; x++) await tasks.asyncQ.put(x);
  tasks.shutdown(); // the workers finish the tasks still queued, then stop
}

async function collect(): Promise<number> {
  let sum = 0;
  for (let i = 0; i < TASKS; i++) sum += await results.asyncQ.get();
  return sum;
}

const [, sum] = await Promise.all([feed(), collect()]);
console.log(`main: ${TASKS} tasks done by ${WORKERS} workers, results add up to ${sum}`);
const codes = await Promise.all(exits);
console.log(`main: the workers exited with codes ${codes.join(', ')}`);
if (sum !== TASKS * TASKS || codes.some((code) => code !== 0)) process.exitCode = 1;
