/**
 * `putMany` / `getMany` on both faces: the same results as that many
 * `put` / `get` calls, for every queue kind; waiting, timeouts, shutdown,
 * cancellation, errors part-way through a batch, and across threads.
 */
import { expect } from 'chai';
import {
  AsyncQueueShutDown,
  PriorityQueue,
  Queue,
  SyncQueueEmpty,
  SyncQueueFull,
  SyncQueueShutDown,
  ValueError,
} from '../../lib/index.js';
import { KINDS } from '../support/kinds.js';
import { delay, pending, rejection } from '../support/promises.js';
import { startTask } from '../support/workers.js';

const tasks = new URL('./batch-tasks.js', import.meta.url);

describe('putMany / getMany', () => {
  for (const kind of KINDS) {
    describe(kind.name, () => {
      it('syncQ: putMany then getMany give what that many put/get calls give', () => {
        const queue = kind.make<number>();
        queue.syncQ.putMany([3, 1, 2]);
        expect(queue.syncQ.qsize()).to.equal(3);
        expect(queue.syncQ.unfinishedTasks).to.equal(3);
        expect(queue.syncQ.getMany(10)).to.deep.equal(kind.order);
        expect(queue.syncQ.qsize()).to.equal(0);
      });

      it('asyncQ: putMany then getMany give what that many put/get calls give', async () => {
        const queue = kind.make<number>();
        await queue.asyncQ.putMany([3, 1, 2]);
        expect(await queue.asyncQ.getMany(Infinity)).to.deep.equal(kind.order);
      });

      it('getMany returns at most max items, and what is there without waiting for more', async () => {
        const queue = kind.make<number>();
        queue.syncQ.putMany([3, 1, 2]);
        expect(queue.syncQ.getMany(2)).to.deep.equal(kind.order.slice(0, 2));
        expect(await queue.asyncQ.getMany(5)).to.deep.equal(kind.order.slice(2));
      });
    });
  }

  it('keeps a large batch in order across chunks, from a generator', async () => {
    const queue = new Queue<number>();
    function* numbers(count: number): Generator<number> {
      for (let i = 0; i < count; i++) yield i;
    }
    queue.syncQ.putMany(numbers(1000));
    await queue.asyncQ.putMany(numbers(700));
    const got = queue.syncQ.getMany(Infinity);
    expect(got).to.have.length(1700);
    expect(got.slice(0, 1000)).to.deep.equal([...numbers(1000)]);
    expect(got.slice(1000)).to.deep.equal([...numbers(700)]);
  });

  it('copies items of every size, and gives copies, not the items put', () => {
    const queue = new Queue<unknown>();
    const items = [{ id: 1, tags: ['a'] }, 'x'.repeat(5000), new Uint8Array(100).fill(7), 42, null];
    queue.syncQ.putMany(items);
    const got = queue.syncQ.getMany(10);
    expect(got).to.deep.equal(items);
    expect(got[0]).to.not.equal(items[0]);
  });

  it('keeps items of every length, at every offset in a batch, byte for byte', () => {
    const queue = new Queue<string>();
    const items = Array.from({ length: 300 }, (_, i) => String.fromCharCode(97 + (i % 26)).repeat(i % 67));
    queue.syncQ.putMany(items);
    expect(queue.syncQ.getMany(Infinity)).to.deep.equal(items);
  });

  it('a putMany started while another of the same thread is not done (its source, or an await) puts its own items', async () => {
    const queue = new Queue<string>();
    function* outer(): Generator<string> {
      yield 'outer 1';
      queue.syncQ.putMany(['inner 1', 'x'.repeat(100), 'inner 3']);
      yield 'outer 2';
    }
    queue.syncQ.putMany(outer());
    // The outer call encodes its source before it puts: the inner items go in first.
    expect(queue.syncQ.getMany(Infinity)).to.deep.equal(['inner 1', 'x'.repeat(100), 'inner 3', 'outer 1', 'outer 2']);

    const bounded = new Queue<string>(3);
    const first = Array.from({ length: 40 }, (_, i) => `first ${i} ${'.'.repeat(i)}`);
    const second = Array.from({ length: 40 }, (_, i) => `second ${i} ${'-'.repeat(40 - i)}`);
    const both = Promise.all([bounded.asyncQ.putMany(first), bounded.asyncQ.putMany(second)]);
    const got: string[] = [];
    while (got.length < 80) got.push(...(await bounded.asyncQ.getMany(Infinity)));
    await both;
    expect(got.filter((item) => item.startsWith('first'))).to.deep.equal(first);
    expect(got.filter((item) => item.startsWith('second'))).to.deep.equal(second);
  });

  it('counts one unfinished task per item; join waits for a taskDone per item', async () => {
    const queue = new Queue<number>();
    await queue.asyncQ.putMany([1, 2, 3]);
    expect(queue.asyncQ.unfinishedTasks).to.equal(3);
    const items = await queue.asyncQ.getMany(3);
    const joined = queue.asyncQ.join();
    for (let i = 0; i < items.length - 1; i++) queue.asyncQ.taskDone();
    expect(await pending(joined)).to.equal(true);
    queue.asyncQ.taskDone();
    await joined;
    expect(() => queue.syncQ.taskDone()).to.throw(ValueError);
  });

  describe('bounded queues', () => {
    it('syncQ.putMany without blocking puts what fits, then throws SyncQueueFull', () => {
      const queue = new Queue<number>(3);
      expect(() => queue.syncQ.putMany([1, 2, 3, 4, 5], false)).to.throw(SyncQueueFull);
      expect(queue.syncQ.getMany(10)).to.deep.equal([1, 2, 3]);
    });

    it('syncQ.putMany with a timeout throws SyncQueueFull when room does not come; the items before stay', () => {
      const queue = new Queue<number>(2);
      expect(() => queue.syncQ.putMany([1, 2, 3], true, 0.02)).to.throw(SyncQueueFull);
      expect(queue.syncQ.getMany(10)).to.deep.equal([1, 2]);
    });

    it('asyncQ.putMany waits for room item by item, and keeps the order', async () => {
      const queue = new Queue<number>(2);
      const putting = queue.asyncQ.putMany([1, 2, 3, 4, 5]);
      expect(await pending(putting)).to.equal(true);
      expect(queue.asyncQ.qsize()).to.equal(2);
      const got: number[] = [];
      while (got.length < 5) {
        if (!queue.syncQ.empty()) got.push(...queue.syncQ.getMany(1, false));
        await delay(1);
      }
      await putting;
      expect(got).to.deep.equal([1, 2, 3, 4, 5]);
    });

    it('asyncQ.putMany that had to wait encodes the rest of a long source batch by batch, in order', async () => {
      const queue = new Queue<number>(10);
      function* source(): Generator<number> {
        for (let i = 0; i < 700; i++) yield i; // more than one batch of encoded items
      }
      const putting = queue.asyncQ.putMany(source());
      expect(await pending(putting)).to.equal(true);
      const got: number[] = [];
      while (got.length < 700) got.push(...(await queue.asyncQ.getMany(7)));
      await putting;
      expect(got).to.deep.equal(Array.from({ length: 700 }, (_, i) => i));
    });

    it('asyncQ.putMany that had to wait: a source that throws in a later batch leaves the items before it', async () => {
      const queue = new Queue<number>(10);
      let closed = false;
      function* source(): Generator<number> {
        try {
          for (let i = 0; i < 400; i++) yield i;
          throw new Error('source broke at 400');
        } finally {
          closed = true;
        }
      }
      const putting = queue.asyncQ.putMany(source());
      expect(await pending(putting)).to.equal(true);
      const got: number[] = [];
      while (got.length < 400) got.push(...(await queue.asyncQ.getMany(16)));
      expect(await rejection(putting)).to.have.property('message', 'source broke at 400');
      expect(got).to.deep.equal(Array.from({ length: 400 }, (_, i) => i));
      expect(queue.asyncQ.qsize()).to.equal(0);
      expect(closed).to.equal(true);
    });

    it('asyncQ.getMany waits for the first item, then returns what is there', async () => {
      const queue = new Queue<number>();
      const getting = queue.asyncQ.getMany(10);
      expect(await pending(getting)).to.equal(true);
      queue.syncQ.putMany([7, 8]);
      expect(await getting).to.deep.equal([7, 8]);
    });

    it('getMany frees room for that many waiting putters', async () => {
      const queue = new Queue<number>(2);
      queue.syncQ.putMany([1, 2]);
      const putters = [queue.asyncQ.put(3), queue.asyncQ.put(4)];
      expect(await pending(Promise.all(putters))).to.equal(true);
      expect(queue.syncQ.getMany(2)).to.deep.equal([1, 2]);
      await Promise.all(putters);
      expect(queue.syncQ.getMany(5)).to.deep.equal([3, 4]);
    });
  });

  describe('when nothing comes', () => {
    it('syncQ.getMany throws SyncQueueEmpty at once without blocking, and after its timeout', () => {
      const queue = new Queue<number>();
      expect(() => queue.syncQ.getMany(3, false)).to.throw(SyncQueueEmpty);
      expect(() => queue.syncQ.getMany(3, true, 0.02)).to.throw(SyncQueueEmpty);
    });
  });

  describe('shutdown', () => {
    it('putMany on a shut-down queue throws ShutDown and adds nothing', async () => {
      const queue = new Queue<number>();
      queue.shutdown();
      expect(() => queue.syncQ.putMany([1])).to.throw(SyncQueueShutDown);
      expect(await rejection(queue.asyncQ.putMany([1]))).to.be.instanceOf(AsyncQueueShutDown);
      expect(queue.syncQ.qsize()).to.equal(0);
    });

    it('getMany returns the items left after shutdown, then throws ShutDown', async () => {
      const queue = new Queue<number>();
      queue.syncQ.putMany([1, 2, 3]);
      queue.shutdown();
      expect(queue.syncQ.getMany(2)).to.deep.equal([1, 2]);
      expect(await queue.asyncQ.getMany(2)).to.deep.equal([3]);
      expect(() => queue.syncQ.getMany(2)).to.throw(SyncQueueShutDown);
      expect(await rejection(queue.asyncQ.getMany(2))).to.be.instanceOf(AsyncQueueShutDown);
    });

    it('a waiting asyncQ.getMany and asyncQ.putMany wake with AsyncQueueShutDown', async () => {
      const empty = new Queue<number>();
      const full = new Queue<number>(1);
      full.syncQ.put(0);
      const getting = rejection(empty.asyncQ.getMany(3));
      const putting = rejection(full.asyncQ.putMany([1, 2]));
      await delay(5);
      empty.shutdown();
      full.shutdown();
      expect(await getting).to.be.instanceOf(AsyncQueueShutDown);
      expect(await putting).to.be.instanceOf(AsyncQueueShutDown);
    });
  });

  describe('errors part-way through a batch', () => {
    it('an item the codec refuses: the items before it are put, none after', async () => {
      const queue = new Queue<unknown>();
      expect(() => queue.syncQ.putMany([1, 2, () => 3, 4]))
        .to.throw()
        .with.property('name', 'DataCloneError');
      expect(queue.syncQ.getMany(10)).to.deep.equal([1, 2]);
      const error = await rejection(queue.asyncQ.putMany([5, Symbol('no'), 6]));
      expect(error).to.have.property('name', 'DataCloneError');
      expect(queue.syncQ.getMany(10)).to.deep.equal([5]);
    });

    it('a PriorityQueue item without a number priority: TypeError, the items before are put', () => {
      const queue = new PriorityQueue<unknown>();
      expect(() =>
        queue.syncQ.putMany([
          [2, 'b'],
          ['x', 'bad'],
          [1, 'a'],
        ]),
      ).to.throw(TypeError);
      expect(queue.syncQ.getMany(10)).to.deep.equal([[2, 'b']]);
    });

    it('closes the iterator when it stops early, as for...of does', () => {
      const queue = new Queue<unknown>(1);
      let closed = false;
      function* items(): Generator<unknown> {
        try {
          yield 1;
          yield 2;
          yield 3;
        } finally {
          closed = true;
        }
      }
      expect(() => queue.syncQ.putMany(items(), false)).to.throw(SyncQueueFull);
      expect(closed).to.equal(true);
    });

    it("an iterator whose return() throws: the call's own error is reported", () => {
      const queue = new Queue<number>(1);
      let next = 0;
      const items: Iterable<number> = {
        [Symbol.iterator]: () => ({
          next: () => ({ done: false, value: next++ }),
          return: () => {
            throw new Error('return() failed');
          },
        }),
      };
      expect(() => queue.syncQ.putMany(items, false)).to.throw(SyncQueueFull);
      expect(queue.syncQ.getMany(5)).to.deep.equal([0]);
    });

    it('a _get that fails part-way through getMany: the items taken before come back, nothing is lost', async () => {
      /** Its third `_get` throws, before touching anything (as CPython's FailingQueue). */
      class FailsThirdGet<T> extends Queue<T> {
        gets = 0;
        protected override _get(): number {
          if (++this.gets === 3) throw new Error('third _get failed');
          return super._get();
        }
      }
      for (const face of ['syncQ', 'asyncQ'] as const) {
        const queue = new FailsThirdGet<number>();
        queue.syncQ.putMany([1, 2, 3, 4, 5]);
        expect(await queue[face].getMany(5), face).to.deep.equal([1, 2]);
        expect(await queue[face].getMany(5), face).to.deep.equal([3, 4, 5]);
        expect(queue.syncQ.qsize()).to.equal(0);
        queue.gets = 2;
        queue.syncQ.put(6);
        expect(() => queue.syncQ.getMany(5), face).to.throw('third _get failed');
        expect(queue.syncQ.getMany(5)).to.deep.equal([6]);
      }
    });

    it('an iterator that throws: the items before are put, then its error', () => {
      const queue = new Queue<number>();
      function* items(): Generator<number> {
        yield 1;
        throw new Error('broken source');
      }
      expect(() => queue.syncQ.putMany(items())).to.throw('broken source');
      expect(queue.syncQ.getMany(5)).to.deep.equal([1]);
    });
  });

  describe('bad arguments', () => {
    it('max must be a whole number from 1, or Infinity', async () => {
      const queue = new Queue<number>();
      queue.syncQ.put(1);
      for (const max of [0, -1]) {
        expect(() => queue.syncQ.getMany(max)).to.throw(ValueError);
        expect(await rejection(queue.asyncQ.getMany(max))).to.be.instanceOf(ValueError);
      }
      for (const max of [1.5, NaN, '3', undefined]) {
        expect(() => queue.syncQ.getMany(max as number)).to.throw(TypeError);
        expect(await rejection(queue.asyncQ.getMany(max as number))).to.be.instanceOf(TypeError);
      }
      expect(queue.syncQ.qsize()).to.equal(1);
    });

    it('items must be iterable', async () => {
      const queue = new Queue<number>();
      expect(() => queue.syncQ.putMany(5 as unknown as number[])).to.throw(TypeError);
      expect(await rejection(queue.asyncQ.putMany(null as unknown as number[]))).to.be.instanceOf(TypeError);
    });
  });

  describe('cancellation', () => {
    it('an aborted asyncQ.getMany rejects with the reason and takes nothing', async () => {
      const queue = new Queue<number>();
      const controller = new AbortController();
      const getting = rejection(queue.asyncQ.getMany(3, { signal: controller.signal }));
      await delay(5);
      controller.abort(new Error('stop'));
      expect(await getting).to.have.property('message', 'stop');
      queue.syncQ.put(1);
      expect(await queue.asyncQ.getMany(3)).to.deep.equal([1]);
      expect(
        await rejection(queue.asyncQ.getMany(3, { signal: AbortSignal.abort(new Error('early')) })),
      ).to.have.property('message', 'early');
    });

    it('an aborted asyncQ.putMany rejects with the reason; the items put before stay, no others are added', async () => {
      const queue = new Queue<number>(2);
      const controller = new AbortController();
      const putting = rejection(queue.asyncQ.putMany([1, 2, 3, 4], { signal: controller.signal }));
      await delay(5);
      controller.abort(new Error('stop'));
      expect(await putting).to.have.property('message', 'stop');
      expect(queue.syncQ.getMany(10)).to.deep.equal([1, 2]);
      await delay(5);
      expect(queue.syncQ.qsize()).to.equal(0);
    });
  });

  describe('across threads', () => {
    it('a worker blocked in syncQ.getMany wakes for an asyncQ.putMany of the main thread', async () => {
      const queue = new Queue<number>();
      const worker = startTask<{ items: number[] }>(tasks, 'getManyOnce', { handle: queue.handle, batch: 10 });
      await delay(50);
      await queue.asyncQ.putMany([1, 2, 3]);
      const { items } = await worker.result;
      // The worker may wake after the first item or after all three.
      expect(items.length).to.be.within(1, 3);
      expect(items).to.deep.equal([1, 2, 3].slice(0, items.length));
      expect(queue.syncQ.qsize() + items.length).to.equal(3);
    });

    it('a timed syncQ.getMany in a worker throws SyncQueueEmpty', async () => {
      const queue = new Queue<number>();
      const worker = startTask(tasks, 'getManyOnce', { handle: queue.handle, timeout: 0.05 });
      expect(await worker.result).to.deep.equal({ threw: 'SyncQueueEmpty' });
    });

    it('putMany producers and getMany consumers in several threads lose and repeat nothing', async () => {
      const queue = new Queue<number>(8);
      const count = 2000;
      const producers = [0, 1].map((p) =>
        startTask(tasks, 'putManyAll', { handle: queue.handle, count, from: p * count, batch: 7 }),
      );
      const consumers = [0, 1].map(() => startTask<number[]>(tasks, 'drainMany', { handle: queue.handle, batch: 5 }));
      const mine: number[] = [];
      const draining = (async () => {
        try {
          for (;;) {
            const items = await queue.asyncQ.getMany(3);
            mine.push(...items);
            for (let i = 0; i < items.length; i++) queue.asyncQ.taskDone();
          }
        } catch (error) {
          if (!(error instanceof AsyncQueueShutDown)) throw error;
        }
      })();
      expect(await Promise.all(producers.map((p) => p.result))).to.deep.equal(['put', 'put']);
      await queue.asyncQ.join();
      queue.shutdown();
      const theirs = await Promise.all(consumers.map((c) => c.result));
      await draining;
      const all = [...mine, ...theirs.flat()].sort((a, b) => a - b);
      expect(all).to.deep.equal([...Array(2 * count).keys()]);
    });
  });
});
