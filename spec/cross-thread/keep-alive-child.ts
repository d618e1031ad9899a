/**
 * A child process for the keep-alive test: its main thread awaits
 * `asyncQ.get()` with nothing else keeping Node alive, while a worker puts
 * an item after a pause. Without the keep-alive Node would exit with code 13
 * during the wait.
 */
import { Worker } from 'node:worker_threads';
import { Queue } from '../../lib/index.js';

const queue = new Queue<string>();
const worker = new Worker(
  `const { workerData } = require('node:worker_threads');
   const sleeper = new Int32Array(new SharedArrayBuffer(4));
   Atomics.wait(sleeper, 0, 0, 300);
   import(workerData.lib).then(({ Queue }) => Queue.from(workerData.handle).syncQ.put('late'));`,
  { eval: true, workerData: { handle: queue.handle, lib: new URL('../../lib/index.js', import.meta.url).href } },
);
worker.unref();
console.log(`got ${await queue.asyncQ.get()}`);
