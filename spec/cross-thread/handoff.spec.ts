/**
 * Items crossing threads: worker syncQ to main asyncQ and back, ordering,
 * backpressure, join across threads, and several threads at once.
 */
import { expect } from 'chai';
import { LifoQueue, PriorityQueue, Queue } from '../../lib/index.js';
import { delay } from '../support/promises.js';
import { inWorker, startTask } from '../support/workers.js';

const tasks = new URL('./tasks.js', import.meta.url);

describe('cross-thread hand-off', () => {
  it('worker syncQ.put -> main asyncQ.get, in order, with backpressure, and worker join', async () => {
    const queue = new Queue<number>(4);
    const producer = startTask<string>(tasks, 'produce', { handle: queue.handle, count: 500 });
    const got: number[] = [];
    for (let i = 0; i < 500; i++) {
      got.push(await queue.asyncQ.get());
      expect(queue.asyncQ.qsize()).to.be.at.most(4);
      queue.asyncQ.taskDone();
    }
    expect(got).to.deep.equal([...Array(500).keys()]);
    expect(await producer.result).to.equal('joined');
  });

  it('main asyncQ.put -> worker syncQ.get, and main asyncQ.join', async () => {
    const queue = new Queue<number>(8);
    const consumer = startTask<number[]>(tasks, 'consume', { handle: queue.handle, count: 300 });
    for (let i = 0; i < 300; i++) await queue.asyncQ.put(i);
    await queue.asyncQ.join();
    expect(queue.asyncQ.unfinishedTasks).to.equal(0);
    expect(await consumer.result).to.deep.equal([...Array(300).keys()]);
  });

  it('worker join() blocks until the main thread has marked every task done', async () => {
    const queue = new Queue<number>();
    queue.asyncQ.putNowait(1);
    queue.asyncQ.putNowait(2);
    const joiner = startTask<string>(tasks, 'joinOnce', { handle: queue.handle });
    let joined = false;
    void joiner.result.then(() => (joined = true));
    await queue.asyncQ.get();
    queue.asyncQ.taskDone();
    await delay(100);
    expect(joined).to.equal(false);
    await queue.asyncQ.get();
    queue.asyncQ.taskDone();
    expect(await joiner.result).to.equal('joined');
  });

  it('4 producer workers -> 2 consumer workers + main asyncQ: every item exactly once', async () => {
    const queue = new Queue<number>(16);
    const perProducer = 2000;
    const producers = [0, 1, 2, 3].map((p) =>
      inWorker<number>(tasks, 'produceOnly', { handle: queue.handle, count: perProducer, from: p * perProducer }),
    );
    const consumers = [0, 1].map(() => inWorker<number[]>(tasks, 'drain', { handle: queue.handle }));
    const mainGot: number[] = [];
    const mainConsumer = (async () => {
      for await (const item of queue.asyncQ) {
        mainGot.push(item);
        queue.asyncQ.taskDone();
      }
    })();
    await Promise.all(producers);
    await queue.asyncQ.join();
    queue.shutdown();
    const [a, b] = await Promise.all(consumers);
    await mainConsumer;
    const all = [...a, ...b, ...mainGot].sort((x, y) => x - y);
    expect(all).to.deep.equal([...Array(4 * perProducer).keys()]);
    // Each producer's items come out in its order, whoever consumes them.
    for (const seen of [a, b, mainGot]) {
      for (let p = 0; p < 4; p++) {
        const mine = seen.filter((v) => Math.floor(v / perProducer) === p);
        expect(mine).to.deep.equal([...mine].sort((x, y) => x - y));
      }
    }
  });

  it('a worker blocked in peek() wakes for an item and leaves it', async () => {
    const queue = new Queue<string>();
    const peeker = startTask<{ item: string; size: number }>(tasks, 'peekOnce', { handle: queue.handle });
    await delay(50);
    await queue.asyncQ.put('x');
    expect(await peeker.result).to.deep.equal({ item: 'x', size: 1 });
    expect(await queue.asyncQ.get()).to.equal('x');
  });

  it('a peeking worker passes the wake-up on to a getting worker', async () => {
    const queue = new Queue<string>();
    // The peeker sleeps first, so the one notify of the put goes to it.
    const peeker = startTask(tasks, 'peekOnce', { handle: queue.handle });
    await delay(150);
    const getter = startTask(tasks, 'getOnce', { handle: queue.handle });
    await delay(150);
    queue.asyncQ.putNowait('only');
    expect(await getter.result).to.deep.equal({ item: 'only' });
    queue.shutdown();
    const peeked = (await peeker.result) as { item?: string; threw?: string };
    expect(peeked.item ?? peeked.threw).to.be.oneOf(['only', 'SyncQueueShutDown']);
  });

  it('PriorityQueue and LifoQueue keep their order across threads, and Queue.from returns the subclass', async () => {
    const prio = new PriorityQueue<[number, string]>();
    for (const item of [
      [3, 'c'],
      [1, 'a'],
      [2, 'b'],
      [1, 'a2'],
    ] as [number, string][])
      prio.syncQ.put(item);
    expect(await inWorker(tasks, 'attachedKind', { handle: prio.handle })).to.equal('PriorityQueue');
    expect(await inWorker(tasks, 'getAllOfKind', { handle: prio.handle })).to.deep.equal([
      [1, 'a'],
      [1, 'a2'],
      [2, 'b'],
      [3, 'c'],
    ]);
    const lifo = new LifoQueue<number>();
    for (const item of [1, 2, 3]) lifo.syncQ.put(item);
    expect(await inWorker(tasks, 'getAllOfKind', { handle: lifo.handle })).to.deep.equal([3, 2, 1]);
  });

  it('asyncQ works inside a worker too', async () => {
    const queue = new Queue<number>(2);
    const worker = startTask<number[]>(tasks, 'asyncDrain', { handle: queue.handle });
    for (let i = 0; i < 50; i++) queue.syncQ.put(i);
    while (queue.syncQ.qsize() > 0) await delay(5);
    queue.shutdown();
    expect(await worker.result).to.deep.equal([...Array(50).keys()]);
  });

  it('growing maxsize from another thread wakes a blocked putter', async () => {
    const queue = new Queue<number>(1);
    queue.syncQ.put(0);
    const putter = startTask(tasks, 'putOnce', { handle: queue.handle, from: 1 });
    await delay(100);
    expect(queue.syncQ.qsize()).to.equal(1);
    queue.maxsize = 2;
    expect(await putter.result).to.equal('put');
    expect(queue.syncQ.qsize()).to.equal(2);
  });

  it('clear() wakes a blocked putter', async () => {
    const queue = new Queue<number>(1);
    queue.syncQ.put(0);
    const putter = startTask(tasks, 'putOnce', { handle: queue.handle, from: 5 });
    await delay(50);
    queue.clear();
    expect(await putter.result).to.equal('put');
    expect(queue.syncQ.get()).to.equal(5);
  });
});
