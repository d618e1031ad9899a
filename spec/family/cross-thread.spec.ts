/**
 * QueueFamily across real worker threads: reply queues named by id inside
 * requests, acquired and released from any thread, exhaustion waiting
 * across threads, stale ids and shutdown.
 */
import { expect } from 'chai';
import { Queue, QueueFamily, QueueFamilyExhausted } from '../../lib/index.js';
import { delay, within } from '../support/promises.js';
import { inWorker, startTask } from '../support/workers.js';
import type { Reply, Request } from './tasks.js';

const tasks = new URL('./tasks.js', import.meta.url);

/** The reply stream the `serve` task sends for request `n`. */
function expectedStream(n: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, part) => n * 1000 + part);
}

describe('QueueFamily across threads', () => {
  it('200 requests from 20 async handlers over 4 reply queues, served by 2 workers: every stream complete and its own', async () => {
    const parts = 5;
    const requests = new Queue<Request>();
    const replies = new QueueFamily<Reply>(4);
    const servers = [0, 1].map(() =>
      startTask<number>(tasks, 'serve', { requests: requests.handle, replies: replies.handle, parts }),
    );
    let lentAtOnce = 0;

    async function handle(n: number): Promise<number[]> {
      const replyTo = await replies.acquireAsync();
      lentAtOnce = Math.max(lentAtOnce, replies.size - replies.available);
      try {
        await requests.asyncQ.put({ n, replyTo });
        const stream: number[] = [];
        for (let part: Reply; (part = await replies.queue(replyTo).asyncQ.get()) !== null; ) stream.push(part);
        return stream;
      } finally {
        replies.release(replyTo);
      }
    }

    const streams = new Map<number, number[]>();
    await within(
      Promise.all(
        Array.from({ length: 20 }, async (_, handler) => {
          for (let n = handler; n < 200; n += 20) streams.set(n, await handle(n));
        }),
      ),
      30_000,
      '200 requests',
    );
    requests.shutdown();
    const served = await Promise.all(servers.map((server) => server.result));

    expect(served.reduce((a, b) => a + b, 0)).to.equal(200);
    expect(streams.size).to.equal(200);
    for (const [n, stream] of streams) expect(stream, `request ${n}`).to.deep.equal(expectedStream(n, parts));
    expect(lentAtOnce).to.equal(4);
    expect(replies.available).to.equal(4);
  });

  it('3 client workers acquire with the blocking call from a family of 2, a server worker answers: 150 streams, each its own', async () => {
    const parts = 3;
    const requests = new Queue<Request>();
    const replies = new QueueFamily<Reply>(2);
    const server = startTask<number>(tasks, 'serve', { requests: requests.handle, replies: replies.handle, parts });
    const clients = [0, 1, 2].map((client) =>
      inWorker<number[][]>(tasks, 'ask', {
        requests: requests.handle,
        replies: replies.handle,
        from: client * 50,
        count: 50,
      }),
    );
    const results = await within(Promise.all(clients), 30_000, '3 clients');
    requests.shutdown();
    expect(await server.result).to.equal(150);
    results.forEach((streams, client) => {
      expect(streams).to.have.length(50);
      streams.forEach((stream, i) =>
        expect(stream, `client ${client}, request ${i}`).to.deep.equal(expectedStream(client * 50 + i, parts)),
      );
    });
    expect(replies.available).to.equal(2);
  });

  it('ids lent in a worker are exhausted here, and released by another worker: a pending acquireAsync here gets one', async () => {
    const replies = new QueueFamily<Reply>(3);
    const ids = await inWorker<number[]>(tasks, 'acquireAll', { replies: replies.handle });
    expect(ids).to.have.length(3);
    expect(replies.available).to.equal(0);
    expect(() => replies.acquire(false)).to.throw(QueueFamilyExhausted);

    let got: number | undefined;
    const waiting = replies.acquireAsync().then((id) => (got = id));
    await delay(20);
    expect(got).to.equal(undefined);
    await inWorker(tasks, 'releaseAll', { replies: replies.handle, ids: ids.slice(0, 1) });
    const id = await within(waiting, 5_000, 'acquireAsync after a release in a worker');
    expect(ids).to.not.include(id); // a new loan, a new id
    replies.queue(id).syncQ.put(1);
    expect(replies.queue(id).syncQ.get()).to.equal(1);
  });

  it('a worker blocked in acquire() wakes when this thread releases, and gets that queue', async () => {
    const replies = new QueueFamily<Reply>(1);
    const held = replies.acquire();
    const queue = replies.queue(held);
    const waiter = startTask<number | string>(tasks, 'acquireBlocking', { replies: replies.handle });
    await delay(50);
    replies.release(held);
    const id = await within(waiter.result, 5_000, 'the blocked acquire');
    expect(id).to.be.a('number');
    expect(replies.queue(id as number)).to.equal(queue);
  });

  it('a worker that answers on a released id gets ValueError, and the next borrower of that queue sees nothing', async () => {
    const replies = new QueueFamily<Reply>(1);
    const stale = replies.acquire();
    replies.release(stale);
    const next = replies.acquire();
    expect(await inWorker(tasks, 'replyTo', { replies: replies.handle, id: stale, value: 1 })).to.equal('ValueError');
    expect(replies.queue(next).syncQ.qsize()).to.equal(0);
    expect(await inWorker(tasks, 'replyTo', { replies: replies.handle, id: next, value: 2 })).to.equal('put');
    expect(replies.queue(next).syncQ.get()).to.equal(2);
  });

  it('exhaustion in a worker: a timed acquire gives up with QueueFamilyExhausted; shutdown() here wakes an untimed one with ShutDown', async () => {
    const replies = new QueueFamily<Reply>(1);
    replies.acquire();
    expect(await inWorker(tasks, 'acquireBlocking', { replies: replies.handle, timeout: 0.05 })).to.equal(
      'QueueFamilyExhausted',
    );
    const waiter = startTask<number | string>(tasks, 'acquireBlocking', { replies: replies.handle });
    await delay(50);
    replies.shutdown();
    expect(await within(waiter.result, 5_000, 'the blocked acquire after shutdown')).to.equal('SyncQueueShutDown');
  });
});
