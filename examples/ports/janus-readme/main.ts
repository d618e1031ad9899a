/**
 * The usage example of janus's README, ported line for line: a thread puts
 * 0..99 with the blocking face and joins; a coroutine gets them with the
 * async face, asserts each is the next number and marks it done. Like the
 * Python program, it prints nothing and exits 0.
 *
 * | Python (janus README)                                   | here |
 * |---|---|
 * | `queue = janus.Queue()`                                 | `const queue = new Queue<number>()` |
 * | `loop.run_in_executor(None, threaded, queue.sync_q)`    | `runInWorker(threadedModule, 'threaded', queue.handle).result` (the worker attaches `Queue.from(handle).syncQ`) |
 * | `await async_coro(queue.async_q)`                       | `await asyncCoro(queue.asyncQ)` |
 * | `assert val == i`                                       | `assert.equal(val, i)` |
 * | `await fut`                                             | `await fut` |
 * | `queue.close(); await queue.wait_closed()`              | `queue.close(); await queue.waitClosed()` |
 *
 * Run: `npm run build && npm run build:test && node build/examples/ports/janus-readme/main.js`.
 */
import assert from 'node:assert/strict';
import { Queue, type AsyncQueue } from 'janus-queue';
import { runInWorker } from '../run-in-worker.js';

async function asyncCoro(asyncQ: AsyncQueue<number>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const val = await asyncQ.get();
    assert.equal(val, i);
    asyncQ.taskDone();
  }
}

const queue = new Queue<number>();
const fut = runInWorker<void>(new URL('./threaded.js', import.meta.url), 'threaded', queue.handle).result;
await asyncCoro(queue.asyncQ);
await fut;
queue.close();
await queue.waitClosed();
