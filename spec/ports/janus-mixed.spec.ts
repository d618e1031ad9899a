/**
 * A port of janus 2.0's tests/test_mixed.py: the blocking face in worker
 * threads (Python's executor threads) and the promise face on the main
 * thread's event loop, on one queue; closing, shutdown and the wake-ups
 * each side owes the other.
 */
import { expect } from 'chai';
import { AsyncQueueShutDown, Queue, RuntimeError, ShutDown, SyncQueueShutDown } from '../../lib/index.js';
import { delay, rejection, within } from '../support/promises.js';
import { cleanUp, finish, KINDS, own, settle, spawn, track, waitFlag, waitUntil } from './harness.js';
import { sharedInts, type Outcome } from './shared.js';
import type { OpJob } from './tasks.js';

/** Starts one `op` worker per job, sharing a start counter (`signals[0]`). */
function opWorkers(handle: Queue<unknown>['handle'], jobs: Array<Omit<OpJob, 'handle' | 'signals'>>) {
  const signals = sharedInts(2);
  const results = jobs.map((job) => spawn<Outcome>('op', { ...job, handle, signals }));
  return { signals, all: () => Promise.all(results), started: (n = jobs.length) => waitFlag(signals, 0, n) };
}

/** Values of successful outcomes, sorted. */
function values(outcomes: Outcome[]): unknown[] {
  return outcomes.map((o) => (o.ok ? o.value : `threw ${o.error}`)).sort();
}

describe('ports: janus tests/test_mixed.py', function () {
  this.timeout(30_000);
  cleanUp();

  it('test_maxsize / test_maxsize_default: the queue and both faces report maxsize', async () => {
    const five = own(new Queue(5));
    expect([five.maxsize, five.sync_q.maxsize, five.async_q.maxsize]).to.deep.equal([5, 5, 5]);
    const seven = own(new Queue(7));
    expect(seven.maxsize).to.equal(7);
    const unbounded = own(new Queue());
    expect([unbounded.maxsize, unbounded.syncQ.maxsize, unbounded.asyncQ.maxsize]).to.deep.equal([0, 0, 0]);
    await finish(five);
    await finish(seven);
    await finish(unbounded);
  });

  it('test_unfinished: unfinished_tasks on both faces follows puts and task_done() from any thread', async () => {
    const queue = own(new Queue<number>());
    const tasks = () => [
      queue.sync_q.unfinished_tasks,
      queue.async_q.unfinished_tasks,
      queue.syncQ.unfinishedTasks,
      queue.asyncQ.unfinishedTasks,
    ];
    expect(tasks()).to.deep.equal([0, 0, 0, 0]);
    queue.sync_q.put(1);
    expect(tasks()).to.deep.equal([1, 1, 1, 1]);
    expect(await spawn('getCount', { handle: queue.handle, count: 1 })).to.deep.equal([1]);
    expect(tasks(), 'a get does not finish the task').to.deep.equal([1, 1, 1, 1]);
    expect(await spawn<Outcome>('op', { handle: queue.handle, op: 'taskDone' })).to.deep.equal({
      ok: true,
      value: 'done',
    });
    expect(tasks()).to.deep.equal([0, 0, 0, 0]);
    await finish(queue);
  });

  for (const kind of KINDS) {
    describe(kind.name, () => {
      it('test_sync_put_async_get: a worker puts with sync_q, the main thread awaits async_q.get() (3 rounds)', async () => {
        const queue = kind.make<number>();
        for (let round = 0; round < 3; round++) {
          const producer = spawn<number>('putRange', { handle: queue.handle, count: 5 });
          const got: number[] = [];
          for (let i = 0; i < 5; i++) got.push(await within(queue.async_q.get(), 10_000, `get #${i}`));
          // Only FIFO order is fixed: the worker may be ahead of the gets.
          if (kind.name === 'Queue') expect(got).to.deep.equal([0, 1, 2, 3, 4]);
          else expect([...got].sort()).to.deep.equal([0, 1, 2, 3, 4]);
          expect(queue.async_q.empty()).to.equal(true);
          expect(await producer).to.equal(5);
        }
        await finish(queue);
      });

      it('test_async_put_sync_get: the main thread awaits async_q.put(), a worker gets with sync_q (3 rounds)', async () => {
        const queue = kind.make<number>();
        for (let round = 0; round < 3; round++) {
          const consumer = spawn<number[]>('getCount', { handle: queue.handle, count: 5 });
          for (let i = 0; i < 5; i++) await queue.async_q.put(i);
          const got = await consumer;
          if (kind.name === 'Queue') expect(got).to.deep.equal([0, 1, 2, 3, 4]);
          else expect([...got].sort()).to.deep.equal([0, 1, 2, 3, 4]);
          expect(queue.async_q.empty()).to.equal(true);
        }
        await finish(queue);
      });
    });
  }

  it('async put / sync get through a queue of one: each side waits for the other', async () => {
    const queue = own(new Queue<number>(1));
    const consumer = spawn<number[]>('getCount', { handle: queue.handle, count: 50 });
    for (let i = 0; i < 50; i++) await within(queue.asyncQ.put(i), 10_000, `put #${i}`);
    expect(await consumer).to.deep.equal([...Array(50).keys()]);
    const producer = spawn<number>('putRange', { handle: queue.handle, count: 50 });
    const got: number[] = [];
    for (let i = 0; i < 50; i++) got.push(await within(queue.asyncQ.get(), 10_000, `get #${i}`));
    expect(got).to.deep.equal([...Array(50).keys()]);
    expect(await producer).to.equal(50);
    await finish(queue);
  });

  it('test_sync_put_async_join: async_q.join() waits for an async worker to mark sync-put items done', async () => {
    const queue = own(new Queue<number>());
    for (let i = 0; i < 5; i++) queue.sync_q.put(i);
    const work = (async () => {
      await delay(100);
      while (!queue.async_q.empty()) {
        await queue.async_q.get();
        queue.async_q.task_done();
      }
    })();
    const joined = track(queue.async_q.join());
    await settle();
    expect(joined.done).to.equal(false);
    await within(joined.promise, 10_000, 'async_q.join()');
    await work;
    expect(queue.async_q.unfinished_tasks).to.equal(0);
    await finish(queue);
  });

  it('test_sync_join_async_done: a worker puts and blocks in sync_q.join() until async task_done() calls (3 rounds)', async () => {
    const queue = own(new Queue<number>());
    for (let round = 0; round < 3; round++) {
      const producer = track(spawn<string>('putRangeThenJoin', { handle: queue.handle, count: 5 }));
      for (let i = 0; i < 5; i++) {
        expect(await within(queue.async_q.get(), 10_000, `get #${i}`)).to.equal(i);
        if (i === 4) {
          await delay(50);
          expect(producer.done, 'the worker is still joined before the last task_done()').to.equal(false);
        }
        queue.async_q.task_done();
      }
      expect(queue.async_q.empty()).to.equal(true);
      expect(await producer.promise).to.equal('joined');
    }
    await finish(queue);
  });

  it('test_async_join_async_done: async_q.join() waits for a worker to get and task_done() every item (3 rounds)', async () => {
    const queue = own(new Queue<number>());
    for (let round = 0; round < 3; round++) {
      const consumer = spawn<number[]>('getCount', { handle: queue.handle, count: 5, taskDone: true });
      for (let i = 0; i < 5; i++) await queue.async_q.put(i);
      await within(queue.async_q.join(), 10_000, 'async_q.join()');
      expect(queue.async_q.unfinished_tasks).to.equal(0);
      expect(await consumer).to.deep.equal([0, 1, 2, 3, 4]);
      expect(queue.async_q.empty()).to.equal(true);
    }
    await finish(queue);
  });

  it('test_wait_without_closing: waitClosed() rejects with RuntimeError until the queue is shut down (every kind)', async () => {
    for (const kind of KINDS) {
      const queue = kind.make();
      expect(await rejection(queue.waitClosed()), kind.name)
        .to.be.instanceOf(RuntimeError)
        .with.property('name', 'RuntimeError');
      expect(await rejection(queue.wait_closed()), kind.name).to.be.instanceOf(RuntimeError);
      queue.close();
      await within(queue.wait_closed(), 2_000, 'wait_closed()');
      await within(queue.waitClosed(), 2_000, 'waitClosed()');
      expect(queue.closed, kind.name).to.equal(true);
    }
  });

  it('test_modifying_forbidden_after_closing: after close() puts and gets on both faces throw ShutDown', async () => {
    const queue = own(new Queue<number>());
    queue.close();
    expect(() => queue.sync_q.put(5)).to.throw(SyncQueueShutDown);
    expect(() => queue.sync_q.get()).to.throw(SyncQueueShutDown);
    expect(await rejection(queue.async_q.put(5))).to.be.instanceOf(AsyncQueueShutDown);
    expect(() => queue.async_q.put_nowait(5)).to.throw(AsyncQueueShutDown);
    expect(() => queue.async_q.get_nowait()).to.throw(AsyncQueueShutDown);
    expect(await rejection(queue.async_q.get())).to.be.instanceOf(AsyncQueueShutDown);
    // ...and in a worker too.
    const worker = await spawn<Outcome>('op', { handle: queue.handle, op: 'put', item: 1 });
    expect(worker).to.include({ ok: false, error: 'SyncQueueShutDown' });
    await within(queue.wait_closed(), 2_000, 'wait_closed()');
  });

  it('test_double_closing: close() twice is fine', async () => {
    const queue = own(new Queue());
    queue.close();
    queue.close();
    await within(queue.waitClosed(), 2_000, 'waitClosed()');
  });

  it('test_closed: closed is false, then true after close() on the queue and both faces', async () => {
    const queue = own(new Queue());
    expect([queue.closed, queue.async_q.closed, queue.sync_q.closed]).to.deep.equal([false, false, false]);
    queue.close();
    await queue.waitClosed();
    expect([queue.closed, queue.async_q.closed, queue.sync_q.closed]).to.deep.equal([true, true, true]);
  });

  it('test_async_join_after_closing: async_q.join() resolves on a closed queue', async () => {
    const queue = own(new Queue<number>());
    queue.sync_q.put(1);
    queue.close();
    await within(queue.async_q.join(), 2_000, 'async_q.join()');
    await queue.waitClosed();
  });

  it('test_close_after_async_join: close() releases a pending async_q.join()', async () => {
    const queue = own(new Queue<number>());
    queue.sync_q.put(1);
    const joined = track(queue.async_q.join());
    await settle();
    expect(joined.done).to.equal(false);
    queue.close();
    await within(joined.promise, 2_000, 'async_q.join()');
    await within(queue.waitClosed(), 2_000, 'waitClosed()');
  });

  it('test_sync_join_after_closing: sync_q.join() in a worker returns on a closed queue', async () => {
    const queue = own(new Queue<number>());
    queue.sync_q.put(1);
    queue.close();
    expect(await spawn<Outcome>('op', { handle: queue.handle, op: 'join' })).to.deep.equal({
      ok: true,
      value: 'joined',
    });
    await queue.waitClosed();
  });

  it('test_close_after_sync_join: close() releases a worker blocked in sync_q.join()', async () => {
    const queue = own(new Queue<number>());
    queue.sync_q.put(1);
    const joiner = opWorkers(queue.handle, [{ op: 'join' }]);
    await joiner.started();
    await delay(100); // let it block
    queue.close();
    expect(await joiner.all()).to.deep.equal([{ ok: true, value: 'joined' }]);
    await queue.waitClosed();
  });

  it('test_put_notifies_sync_not_empty: puts from either face and thread wake four workers blocked in sync_q.get()', async () => {
    const queue = own(new Queue<number>());
    const getters = opWorkers(queue.handle, [{ op: 'get' }, { op: 'get' }, { op: 'get' }, { op: 'get' }]);
    await getters.started();
    await delay(100); // let them block
    queue.sync_q.put_nowait(1);
    queue.async_q.put_nowait(2);
    expect(await spawn<Outcome>('op', { handle: queue.handle, op: 'put', item: 3 })).to.deep.equal({
      ok: true,
      value: 'put',
    });
    await queue.async_q.put(4);
    expect(values(await getters.all())).to.deep.equal([1, 2, 3, 4]);
    expect(queue.sync_q.empty()).to.equal(true);
    await queue.aclose();
  });

  it('test_put_notifies_async_not_empty: puts from either face and thread resolve four pending async_q.get()', async () => {
    const queue = own(new Queue<number>());
    const gets = [0, 1, 2, 3].map(() => queue.async_q.get());
    await settle();
    queue.sync_q.put_nowait(1);
    queue.async_q.put_nowait(2);
    expect(await spawn<Outcome>('op', { handle: queue.handle, op: 'put', item: 3 })).to.deep.equal({
      ok: true,
      value: 'put',
    });
    await queue.async_q.put(4);
    const got = await within(Promise.all(gets), 10_000, 'the four gets');
    expect([...got].sort()).to.deep.equal([1, 2, 3, 4]);
    expect(queue.sync_q.empty()).to.equal(true);
    await queue.aclose();
  });

  it('test_get_notifies_sync_not_full: gets from either face and thread wake four workers blocked in sync_q.put()', async () => {
    const queue = own(new Queue<number>(2));
    queue.sync_q.put_nowait(1);
    queue.sync_q.put_nowait(2);
    const putters = opWorkers(
      queue.handle,
      [10, 11, 12, 13].map((item) => ({ op: 'put' as const, item })),
    );
    await putters.started();
    await delay(100); // let them block
    const taken: number[] = [queue.sync_q.get_nowait(), queue.async_q.get_nowait()];
    const worker = await spawn<Outcome<number>>('op', { handle: queue.handle, op: 'get' });
    expect(worker.ok, JSON.stringify(worker)).to.equal(true);
    if (worker.ok) taken.push(worker.value);
    taken.push(await within(queue.async_q.get(), 10_000, 'async_q.get()'));
    expect(await putters.all()).to.deep.equal([0, 1, 2, 3].map(() => ({ ok: true, value: 'put' })));
    expect(queue.sync_q.qsize()).to.equal(2);
    const all = [...taken, queue.syncQ.getNowait(), queue.syncQ.getNowait()].sort((a, b) => a - b);
    expect(all).to.deep.equal([1, 2, 10, 11, 12, 13]);
    await queue.aclose();
  });

  it('test_get_notifies_async_not_full: gets from either face and thread resolve four pending async_q.put()', async () => {
    const queue = own(new Queue<number>(2));
    queue.sync_q.put_nowait(1);
    queue.sync_q.put_nowait(2);
    const puts = [10, 11, 12, 13].map((item) => queue.async_q.put(item));
    await settle();
    queue.sync_q.get_nowait();
    queue.async_q.get_nowait();
    expect(await spawn<Outcome>('op', { handle: queue.handle, op: 'get' })).to.have.property('ok', true);
    await within(queue.async_q.get(), 10_000, 'async_q.get()');
    await within(Promise.all(puts), 10_000, 'the four puts');
    expect(queue.sync_q.qsize()).to.equal(2);
    await queue.aclose();
  });

  it('test_wait_closed_with_pending_tasks: waitClosed() waits until the pending async get has settled, with AsyncQueueShutDown', async () => {
    const queue = own(new Queue<number>());
    const getting = track(queue.async_q.get());
    await settle();
    queue.shutdown();
    // The contract: closed = shut down and no promise of this thread's asyncQ still pending.
    expect(queue.closed, 'not closed while an async get is pending (it wakes asynchronously)').to.equal(false);
    const order: string[] = [];
    const waiting = queue.waitClosed().then(() => order.push(`closed, get settled: ${getting.done}`));
    expect(await rejection(getting.promise)).to.be.instanceOf(AsyncQueueShutDown);
    await within(waiting, 2_000, 'waitClosed()');
    expect(order).to.deep.equal(['closed, get settled: true']);
    expect(queue.closed).to.equal(true);
  });

  describe('close() while waiters are blocked', () => {
    for (const kind of KINDS) {
      it(`${kind.name}: close() wakes worker and event-loop putters, getters and joiners; waitClosed() then resolves`, async () => {
        const full = kind.make<number>(1);
        full.syncQ.put(1);
        const empty = kind.make<number>();
        const workers = opWorkers(full.handle, [{ op: 'put', item: 2, timeout: null }, { op: 'join' }]);
        const getter = opWorkers(empty.handle, [{ op: 'get', timeout: null }]);
        const asyncPut = track(full.asyncQ.put(3));
        const asyncJoin = track(full.asyncQ.join());
        const asyncGet = track(empty.asyncQ.get());
        await workers.started();
        await getter.started();
        await delay(100); // let everyone block
        expect([asyncPut.done, asyncJoin.done, asyncGet.done]).to.deep.equal([false, false, false]);
        expect(full.closed).to.equal(false);
        full.close();
        empty.close();
        const [put, join] = await workers.all();
        const [get] = await getter.all();
        expect(put).to.include({ ok: false, error: 'SyncQueueShutDown' });
        expect(join).to.deep.equal({ ok: true, value: 'joined' });
        expect(get).to.include({ ok: false, error: 'SyncQueueShutDown' });
        await within(full.waitClosed(), 2_000, 'waitClosed() of the full queue');
        await within(empty.waitClosed(), 2_000, 'waitClosed() of the empty queue');
        expect(asyncPut.error).to.be.instanceOf(AsyncQueueShutDown);
        expect(asyncJoin.done && asyncJoin.error === undefined, 'join resolves').to.equal(true);
        expect(asyncGet.error).to.be.instanceOf(AsyncQueueShutDown);
        expect(full.closed && empty.closed).to.equal(true);
        expect(full.syncQ.qsize()).to.equal(0);
        expect(full.syncQ.unfinishedTasks).to.equal(0);
      });
    }

    it('close() in one worker wakes another worker blocked in sync_q.get() and a pending async_q.get() on the main thread', async () => {
      const queue = own(new Queue<number>());
      const getter = opWorkers(queue.handle, [{ op: 'get', timeout: null }]);
      const asyncGet = track(queue.asyncQ.get());
      await getter.started();
      await delay(100); // let it block
      expect(await spawn<Outcome>('op', { handle: queue.handle, op: 'close' })).to.deep.equal({
        ok: true,
        value: 'closed',
      });
      const [get] = await getter.all();
      expect(get).to.include({ ok: false, error: 'SyncQueueShutDown' });
      await within(queue.waitClosed(), 2_000, 'waitClosed()');
      expect(asyncGet.error).to.be.instanceOf(AsyncQueueShutDown);
      expect(queue.closed).to.equal(true);
    });
  });

  describe('aclose()', () => {
    it('closes the queue and resolves once the pending async calls of this thread have settled', async () => {
      const queue = own(new Queue<number>(1));
      queue.asyncQ.putNowait(1);
      const putting = track(queue.asyncQ.put(2));
      await settle();
      await within(queue.aclose(), 2_000, 'aclose()');
      expect(putting.done, 'aclose() resolved after the pending put settled').to.equal(true);
      expect(putting.error).to.be.instanceOf(AsyncQueueShutDown);
      expect(queue.closed).to.equal(true);
      expect(queue.asyncQ.qsize(), 'close() is shutdown(true): the items are dropped').to.equal(0);
    });

    it('is what Symbol.asyncDispose does (await using)', async () => {
      const queue = own(new Queue<number>());
      queue.syncQ.put(1);
      await queue[Symbol.asyncDispose]();
      expect(queue.closed).to.equal(true);
      expect(() => queue.asyncQ.getNowait()).to.throw(AsyncQueueShutDown);
    });
  });

  describe('iteration across threads', () => {
    it('a worker iterating sync_q gets every item put on the event loop, and stops at shutdown()', async () => {
      const queue = own(new Queue<number>(2));
      const drainer = spawn<number[]>('drainUntilShutDown', { handle: queue.handle });
      for (let i = 0; i < 20; i++) await within(queue.asyncQ.put(i), 10_000, `put #${i}`);
      await within(queue.asyncQ.join(), 10_000, 'join()');
      queue.shutdown();
      expect(await drainer).to.deep.equal([...Array(20).keys()]);
    });

    it('for await over async_q gets every item a worker puts, and stops when the worker shuts the queue down', async () => {
      const queue = own(new Queue<number>(2));
      const producer = spawn<number>('putRange', { handle: queue.handle, count: 20 });
      const got: number[] = [];
      const draining = (async () => {
        for await (const item of queue.asyncQ) got.push(item);
      })();
      expect(await producer).to.equal(20);
      await waitUntil(() => got.length === 20, 'the 20 items arrived');
      expect(await spawn<Outcome>('op', { handle: queue.handle, op: 'qsize' })).to.deep.equal({ ok: true, value: 0 });
      Queue.from(queue.handle).shutdown();
      await within(draining, 2_000, 'the for await loop');
      expect(got).to.deep.equal([...Array(20).keys()]);
      expect(queue.closed).to.equal(true);
    });
  });

  it('a ShutDown from either face is a ShutDown', async () => {
    const queue = own(new Queue<number>());
    queue.shutdown();
    expect(() => queue.syncQ.getNowait()).to.throw(ShutDown);
    expect(await rejection(queue.asyncQ.get())).to.be.instanceOf(ShutDown);
  });
});
