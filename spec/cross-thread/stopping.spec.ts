/**
 * Stopping a worker that blocks in syncQ, on every runtime the suite runs on.
 *
 * The safe ways, which docs/limitations.md recommends everywhere: shut the
 * queue down (the worker's loop ends and it exits by itself), or, when the
 * queue must go on serving others, a stop flag that the worker checks between
 * timed gets. And what `worker.terminate()` does to a worker blocked in
 * syncQ, which differs: Node and Bun end its thread, while Deno resolves
 * `terminate()` but leaves the thread running until its code returns to the
 * event loop, so a terminated worker looping over syncQ goes on taking items.
 */
import { expect } from 'chai';
import { once } from 'node:events';
import { Queue } from '../../lib/index.js';
import { delay, within } from '../support/promises.js';
import { RUNTIME } from '../support/runtime.js';
import { startTask, type TaskWorker } from '../support/workers.js';
import { blocked, snapshot, until } from '../stress/config.js';

const tasks = new URL('./stopping-tasks.js', import.meta.url);

describe('stopping a worker blocked in syncQ', function () {
  this.timeout(30_000);
  const started: Array<TaskWorker<unknown>> = [];
  /** Starts a task and remembers its worker, terminated after the test. */
  function start<R>(task: string, data: unknown): TaskWorker<R> {
    const running = startTask<R>(tasks, task, data);
    running.result.catch(() => {}); // observed by the test when it matters
    started.push(running);
    return running;
  }
  afterEach(async () => {
    await Promise.all(started.splice(0).map(({ worker }) => worker.terminate()));
  });

  /**
   * A queue and a worker looping over its syncQ (the 'drain' task), once the
   * worker blocks in get; `taken()` is how many items the worker has taken.
   */
  async function blockedDrainer(): Promise<{
    queue: Queue<number>;
    consumer: TaskWorker<number[]>;
    taken: () => number;
  }> {
    const queue = new Queue<number>();
    const counter = new Int32Array(new SharedArrayBuffer(4));
    const consumer = start<number[]>('drain', { handle: queue.handle, counter: counter.buffer });
    await until(
      () => blocked(queue, 'notEmpty', 'sync', 1),
      () => `the worker to block: ${snapshot(queue)}`,
    );
    return { queue, consumer, taken: () => Atomics.load(counter, 0) };
  }

  it("queue.shutdown() ends a worker's loop over syncQ: it takes what was put, then exits by itself (code 0)", async () => {
    const { queue, consumer } = await blockedDrainer();
    const exited = once(consumer.worker, 'exit'); // it cannot exit while it blocks
    for (const item of [1, 2, 3]) queue.syncQ.put(item);
    await queue.asyncQ.join();
    queue.shutdown();
    expect(await within(consumer.result, 10_000, "the worker's loop")).to.deep.equal([1, 2, 3]);
    expect(await within(exited, 10_000, "the worker's exit")).to.deep.equal([0]);
  });

  it('a stop flag checked between timed gets stops one of two workers while the queue goes on serving the other: no item lost', async () => {
    const queue = new Queue<number>();
    const stops = [new SharedArrayBuffer(4), new SharedArrayBuffer(4)];
    const counters = [new SharedArrayBuffer(4), new SharedArrayBuffer(4)];
    const workers = [0, 1].map((i) =>
      start<number[]>('drainUntilStopped', {
        handle: queue.handle,
        counter: counters[i],
        stop: stops[i],
        timeout: 0.05,
      }),
    );
    const firstExited = once(workers[0].worker, 'exit');
    for (let i = 0; i < 20; i++) queue.syncQ.put(i);
    await within(queue.asyncQ.join(), 10_000, 'the first 20 items');

    Atomics.store(new Int32Array(stops[0]), 0, 1);
    const firstGot = await within(workers[0].result, 10_000, 'the stopped worker');
    expect(await within(firstExited, 10_000, "the stopped worker's exit")).to.deep.equal([0]);
    for (let i = 20; i < 40; i++) queue.syncQ.put(i);
    await within(queue.asyncQ.join(), 10_000, 'the other worker to take the next 20 items');

    Atomics.store(new Int32Array(stops[1]), 0, 1);
    const secondGot = await within(workers[1].result, 10_000, 'the other worker');
    expect([...firstGot, ...secondGot].sort((a, b) => a - b)).to.deep.equal([...Array(40).keys()]);
    expect(
      firstGot.every((item) => item < 20),
      'the stopped worker took nothing after it stopped',
    ).to.equal(true);
    expect(queue.syncQ.qsize()).to.equal(0);
  });

  if (RUNTIME === 'deno') {
    it("Deno: terminate() resolves, but the worker's thread goes on looping over syncQ: it takes every item put until the queue shuts down", async () => {
      const { queue, consumer, taken } = await blockedDrainer();
      await consumer.worker.terminate();
      for (const item of [1, 2, 3]) queue.syncQ.put(item);
      await until(
        () => taken() === 3,
        () => `the terminated worker to take the items: ${snapshot(queue)}`,
        10_000,
      );
      expect(queue.syncQ.qsize(), 'items left in the queue').to.equal(0);
      expect(queue.syncQ.unfinishedTasks, 'the terminated worker marked them done').to.equal(0);
      queue.shutdown(); // ends its loop; it stops for good when it returns to its event loop
      await until(
        () => queue.syncQ.qsize() === 0 && blocked(queue, 'notEmpty', 'sync', 0),
        () => `the loop to end: ${snapshot(queue)}`,
        10_000,
      );
    });
  } else {
    it(`${RUNTIME === 'bun' ? 'Bun' : 'Node'}: terminate() ends a worker blocked in its loop over syncQ: items put afterwards stay in the queue`, async () => {
      const { queue, consumer, taken } = await blockedDrainer();
      await consumer.worker.terminate();
      for (const item of [1, 2, 3]) queue.syncQ.put(item);
      await delay(300); // time enough for a thread that still ran to take them
      expect(taken(), 'items the terminated worker took').to.equal(0);
      expect(queue.syncQ.qsize()).to.equal(3);
      expect(queue.syncQ.getNowait()).to.equal(1);
    });
  }
});
