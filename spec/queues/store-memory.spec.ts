/**
 * What a queue's shared store costs: many default queues live at once in
 * one process, and a store grown by one thread is seen by every thread
 * attached to it.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LifoQueue, PriorityQueue, Queue } from '../../lib/index.js';
import { RUNTIME } from '../support/runtime.js';
import { startTask } from '../support/workers.js';

const tasks = new URL('./store-tasks.js', import.meta.url);

/** Runs the many-queues child with `count` queues; its exit code (or signal) and output. */
function manyQueues(count: number): Promise<{ exit: number | string | null; stdout: string }> {
  const script = fileURLToPath(new URL('./many-queues-child.js', import.meta.url));
  return new Promise((resolve) => {
    execFile(process.execPath, [script, String(count)], { timeout: 60_000 }, (error, stdout) => {
      const failed = error as (Error & { code?: number | string; signal?: string }) | null;
      resolve({ exit: failed ? (failed.signal ?? failed.code ?? 1) : 0, stdout: stdout.trim() });
    });
  });
}

/**
 * Live default queues that must work in one process (docs/limitations.md):
 * Node and Deno on Linux commit the buffers whole, so 20,000 (and far more)
 * work; Bun reserves and grows them, and stays under its memory-mapping
 * bound of some 16,000 default queues.
 */
const LIVE_QUEUES = RUNTIME === 'bun' ? 10_000 : 20_000;

describe('store memory', () => {
  it(`${LIVE_QUEUES} live queues with default options work in one process`, async function () {
    this.timeout(90_000);
    expect(await manyQueues(LIVE_QUEUES)).to.deep.equal({ exit: 0, stdout: `${LIVE_QUEUES} queues used` });
  });

  for (const Kind of [Queue, LifoQueue, PriorityQueue]) {
    it(`${Kind.name}: a store grown by one thread is seen by the other, both ways`, async () => {
      const count = 200;
      const queue = new Kind<[number, string]>();
      const worker = startTask<number[]>(tasks, 'getThenPut', { handle: queue.handle, count, size: 20_000 });
      queue.syncQ.put([-1, 'attached']);
      await queue.asyncQ.join(); // the worker has its views of the first, 64 KiB store
      // 200 items of 8,000 bytes: the store grows past 1.6 MB, the index past its first 1 KiB.
      for (let i = 0; i < count; i++) queue.syncQ.put([i, String(i % 10).repeat(8_000)]);
      const taken = await worker.result; // in an order that depends on when the worker got each
      expect(taken.sort((a, b) => a - b)).to.deep.equal([...Array(count).keys()]);
      // The worker grew it to 4 MB: items of 20,000 characters.
      const got: number[] = [];
      while (!queue.syncQ.empty()) {
        const [n, text] = queue.syncQ.get();
        expect(text).to.equal(String((n - 1000) % 10).repeat(20_000));
        got.push(n);
      }
      expect(got.length).to.equal(count);
    });
  }
});
