/**
 * A port of janus 2.0's tests/test_async.py: the promise face on its own, on
 * one event loop. asyncio's task cancellation becomes an `AbortSignal`; each
 * test ends as janus's do: the mutex is free, then close() + waitClosed().
 */
import { expect } from 'chai';
import {
  AsyncQueueEmpty,
  AsyncQueueFull,
  Empty,
  Full,
  LifoQueue,
  PriorityQueue,
  Queue,
  ValueError,
} from '../../lib/index.js';
import { waiters } from '../support/internals.js';
import { rejection, within } from '../support/promises.js';
import { cleanUp, finish, KINDS, own, settle, newEvent, track } from './harness.js';

describe('ports: janus tests/test_async.py', function () {
  this.timeout(30_000);
  cleanUp();

  describe('TestQueueBasic', () => {
    it('test_empty', async () => {
      const queue = own(new Queue<number>());
      const q = queue.async_q;
      expect(q.empty()).to.equal(true);
      q.put_nowait(1);
      expect(q.empty()).to.equal(false);
      expect(q.get_nowait()).to.equal(1);
      expect(q.empty()).to.equal(true);
      await finish(queue);
    });

    it('test_full', async () => {
      const unbounded = own(new Queue<number>());
      expect(unbounded.asyncQ.full()).to.equal(false);
      for (let i = 0; i < 100; i++) unbounded.asyncQ.putNowait(i);
      expect(unbounded.asyncQ.full(), 'never full when maxsize <= 0').to.equal(false);
      const queue = own(new Queue<number>(1));
      queue.asyncQ.putNowait(1);
      expect(queue.asyncQ.full()).to.equal(true);
      await finish(unbounded);
      await finish(queue);
    });

    it('test_order', async () => {
      const queue = own(new Queue<number>());
      for (const i of [1, 3, 2]) queue.asyncQ.putNowait(i);
      expect([1, 2, 3].map(() => queue.asyncQ.getNowait())).to.deep.equal([1, 3, 2]);
      await finish(queue);
    });

    it('test_maxsize: a putter of three items waits after two until one is taken', async () => {
      const queue = own(new Queue<number>(2));
      const q = queue.asyncQ;
      expect(q.maxsize).to.equal(2);
      const haveBeenPut: number[] = [];
      let reachedMax!: () => void;
      const full = new Promise<void>((resolve) => (reachedMax = resolve));
      const putter = track(
        (async () => {
          for (let i = 0; i < 3; i++) {
            await q.put(i);
            haveBeenPut.push(i);
            if (i === q.maxsize - 1) reachedMax();
          }
          return true;
        })(),
      );
      await full;
      await settle();
      // The putter is blocked after putting two items.
      expect(haveBeenPut).to.deep.equal([0, 1]);
      expect(putter.done).to.equal(false);
      expect(q.getNowait()).to.equal(0);
      // Let the putter resume and put the last item.
      expect(await within(putter.promise, 5_000, 'the putter')).to.equal(true);
      expect(haveBeenPut).to.deep.equal([0, 1, 2]);
      expect(q.getNowait()).to.equal(1);
      expect(q.getNowait()).to.equal(2);
      await finish(queue);
    });
  });

  describe('TestQueueGetTests', () => {
    it('test_blocking_get: get() resolves at once with an item there', async () => {
      const queue = own(new Queue<number>());
      queue.asyncQ.putNowait(1);
      expect(await queue.asyncQ.get()).to.equal(1);
      await finish(queue);
    });

    it('test_get_with_putters: a get on a full queue takes the item and lets the waiting put in', async () => {
      const queue = own(new Queue<number>(1));
      const q = queue.asyncQ;
      q.putNowait(1);
      const put = track(q.put(2));
      await settle();
      expect(put.done).to.equal(false);
      expect(await q.get()).to.equal(1);
      await within(put.promise, 5_000, 'the waiting put');
      expect(q.qsize()).to.equal(1);
      await finish(queue);
    });

    it('test_blocking_get_wait: a get waits until a timer puts an item', async () => {
      const queue = own(new Queue<number>());
      const q = queue.asyncQ;
      let finished = false;
      const started = newEvent();
      const getting = (async () => {
        started.set();
        const item = await q.get();
        finished = true;
        return item;
      })();
      // janus awaits its "started" event, then lets the loop run: a get that
      // did not wait would have finished by then.
      await started.wait();
      await settle();
      expect(finished, 'the get waits for an item').to.equal(false);
      expect(waiters(queue, 'notEmpty').async, 'the get waits on notEmpty').to.equal(1);
      // The timer is set once the get is seen waiting, so it cannot win the race with the check.
      const timer = setTimeout(() => q.putNowait(1), 10);
      expect(await within(getting, 5_000, 'the get')).to.equal(1);
      expect(finished).to.equal(true);
      clearTimeout(timer);
      await finish(queue);
    });

    it('test_nonblocking_get', async () => {
      const queue = own(new Queue<number>());
      queue.asyncQ.putNowait(1);
      expect(queue.asyncQ.getNowait()).to.equal(1);
      await finish(queue);
    });

    it('test_nonblocking_get_exception: get_nowait on an empty queue throws AsyncQueueEmpty', async () => {
      const queue = own(new Queue<number>());
      expect(() => queue.async_q.get_nowait())
        .to.throw(AsyncQueueEmpty)
        .and.to.be.instanceOf(Empty);
      await finish(queue);
    });

    it('test_get_cancelled: a get with a signal that never aborts gets the item put later', async () => {
      const queue = own(new Queue<number>());
      const q = queue.asyncQ;
      const controller = new AbortController();
      const getting = q.get({ signal: controller.signal });
      await settle();
      q.putNowait(1);
      expect(await within(getting, 5_000, 'the get')).to.equal(1);
      controller.abort(); // too late: changes nothing
      expect(q.qsize()).to.equal(0);
      await finish(queue);
    });

    it('test_get_cancelled: an aborted get rejects with the reason and consumes nothing', async () => {
      const queue = own(new Queue<number>());
      const q = queue.asyncQ;
      const controller = new AbortController();
      const getting = q.get({ signal: controller.signal });
      await settle();
      const reason = new Error('cancelled');
      controller.abort(reason);
      expect(await within(rejection(getting), 5_000, 'the aborted get')).to.equal(reason);
      q.putNowait(1);
      await settle();
      expect(q.qsize(), 'the cancelled get took nothing').to.equal(1);
      expect(q.getNowait()).to.equal(1);
      // An already aborted signal rejects without waiting, even with an item there.
      q.putNowait(2);
      await rejection(q.get({ signal: AbortSignal.abort() }));
      expect(q.qsize()).to.equal(1);
      await finish(queue);
    });

    it('test_get_cancelled_race: of two waiting gets, the cancelled one does not swallow the item', async () => {
      const queue = own(new Queue<string>());
      const q = queue.asyncQ;
      const controller = new AbortController();
      const t1 = q.get({ signal: controller.signal });
      const t2 = track(q.get());
      await settle();
      controller.abort();
      expect(await rejection(t1))
        .to.be.instanceOf(Error)
        .with.property('name', 'AbortError');
      q.putNowait('a');
      expect(await within(t2.promise, 5_000, 'the second get')).to.equal('a');
      await finish(queue);
    });

    it('test_get_with_waiting_putters: two waiting puts on a queue of one come out in order', async () => {
      const queue = own(new Queue<string>(1));
      const q = queue.asyncQ;
      const putA = q.put('a');
      const putB = track(q.put('b'));
      await settle();
      expect(await q.get()).to.equal('a');
      expect(await within(q.get(), 5_000, 'the second get')).to.equal('b');
      await putA;
      await putB.promise;
      await finish(queue);
    });
  });

  describe('concurrent gets on one thread (the premise of test_task_done)', () => {
    it('two get() calls started in one tick, with both items there, resolve with the two different items', async () => {
      const queue = own(new Queue<number>());
      queue.asyncQ.putNowait(1);
      queue.asyncQ.putNowait(2);
      const got = await within(Promise.all([queue.asyncQ.get(), queue.asyncQ.get()]), 5_000, 'the two gets');
      expect(got).to.deep.equal([1, 2]);
      expect(queue.asyncQ.qsize()).to.equal(0);
      await finish(queue);
    });

    it('a get_nowait() made before a pending get() resolves does not change the item that get() resolves with', async () => {
      const queue = own(new Queue<string>());
      queue.asyncQ.putNowait('first');
      queue.asyncQ.putNowait('second');
      const getting = queue.asyncQ.get();
      const now = queue.async_q.get_nowait();
      expect(now).to.equal('second');
      expect(await getting).to.equal('first');
      await finish(queue);
    });

    it('a peek() and a get() started in one tick both see the head item, and the get removes it', async () => {
      const queue = own(new Queue<string>());
      queue.asyncQ.putNowait('a');
      queue.asyncQ.putNowait('b');
      const [peeked, got] = await Promise.all([queue.asyncQ.peek(), queue.asyncQ.get()]);
      expect([peeked, got]).to.deep.equal(['a', 'a']);
      expect(queue.asyncQ.getNowait()).to.equal('b');
      await finish(queue);
    });

    it('a get() started before a peek() in one tick resolves with its own item', async () => {
      const queue = own(new Queue<string>());
      queue.asyncQ.putNowait('a');
      queue.asyncQ.putNowait('b');
      const [got, peeked] = await Promise.all([queue.asyncQ.get(), queue.asyncQ.peek()]);
      expect([got, peeked]).to.deep.equal(['a', 'b']);
      await finish(queue);
    });
  });

  describe('TestQueuePut', () => {
    it('test_blocking_put: put() on an unbounded queue resolves at once', async () => {
      const queue = own(new Queue<number>());
      await queue.asyncQ.put(1);
      expect(queue.asyncQ.qsize()).to.equal(1);
      await finish(queue);
    });

    it('test_blocking_put_wait: the second put waits until a timer takes an item', async () => {
      const queue = own(new Queue<number>(1));
      const q = queue.asyncQ;
      let finished = false;
      const started = newEvent();
      const putting = (async () => {
        started.set();
        await q.put(1);
        await q.put(2);
        finished = true;
      })();
      // janus awaits its "started" event, then lets the loop run: a second
      // put that did not wait for room would have finished by then.
      await started.wait();
      await settle();
      expect(finished, 'the second put waits for room').to.equal(false);
      expect(waiters(queue, 'notFull').async, 'the second put waits on notFull').to.equal(1);
      expect(q.qsize()).to.equal(1);
      // The timer is set once the put is seen waiting, so it cannot win the race with the check.
      const timer = setTimeout(() => q.getNowait(), 10);
      await within(putting, 5_000, 'the puts');
      expect(finished).to.equal(true);
      expect(q.getNowait()).to.equal(2);
      clearTimeout(timer);
      await finish(queue);
    });

    it('test_nonblocking_put', async () => {
      const queue = own(new Queue<number>());
      queue.async_q.put_nowait(1);
      expect(queue.async_q.get_nowait()).to.equal(1);
      await finish(queue);
    });

    it('test_nonblocking_put_exception: put_nowait on a full queue throws AsyncQueueFull', async () => {
      const queue = own(new Queue<number>(1));
      queue.asyncQ.putNowait(1);
      expect(() => queue.asyncQ.putNowait(2))
        .to.throw(AsyncQueueFull)
        .and.to.be.instanceOf(Full);
      expect(queue.asyncQ.qsize()).to.equal(1);
      await finish(queue);
    });

    it('test_float_maxsize: a maxsize that is not an integer is a TypeError (janus rounds; the contract refuses)', () => {
      expect(() => own(new Queue(1.3))).to.throw(TypeError);
      expect(() => own(new Queue(NaN))).to.throw(TypeError);
      const queue = own(new Queue(1));
      expect(() => (queue.maxsize = 1.3)).to.throw(TypeError);
      expect(queue.maxsize).to.equal(1);
      queue.close();
    });

    it('test_put_cancelled: a put started before a get resolves, and the get gets its item', async () => {
      const queue = own(new Queue<number>());
      const q = queue.asyncQ;
      const putting = track(
        (async () => {
          await q.put(1);
          return true;
        })(),
      );
      expect(await q.get()).to.equal(1);
      await settle();
      expect(putting.done).to.equal(true);
      expect(putting.value).to.equal(true);
      await finish(queue);
    });

    it('test_put_cancelled_race: a cancelled put among waiting puts adds nothing and loses no wake-up', async () => {
      const queue = own(new Queue<string>(1));
      const q = queue.asyncQ;
      const controller = new AbortController();
      const putA = track(q.put('a'));
      const putB = track(q.put('b'));
      const putC = q.put('X', { signal: controller.signal });
      await putA.promise;
      await settle();
      expect(putB.done).to.equal(false);
      controller.abort();
      expect(await rejection(putC)).to.equal(controller.signal.reason);
      expect(await q.get()).to.equal('a');
      expect(await within(q.get(), 5_000, 'the get of b')).to.equal('b');
      await within(putB.promise, 5_000, 'the put of b');
      await settle();
      expect(q.qsize(), 'the cancelled put added nothing').to.equal(0);
      await finish(queue);
    });

    it('test_put_with_waiting_getters: a put hands its item to a waiting get', async () => {
      const queue = own(new Queue<string>());
      const q = queue.asyncQ;
      const getting = q.get();
      await settle();
      await q.put('a');
      expect(await within(getting, 5_000, 'the get')).to.equal('a');
      await finish(queue);
    });
  });

  describe('TestLifoQueue / TestPriorityQueue', () => {
    it('LifoQueue test_order', async () => {
      const queue = own(new LifoQueue<number>());
      for (const i of [1, 3, 2]) queue.asyncQ.putNowait(i);
      expect([1, 2, 3].map(() => queue.asyncQ.getNowait())).to.deep.equal([2, 3, 1]);
      await finish(queue);
    });

    it('PriorityQueue test_order', async () => {
      const queue = own(new PriorityQueue<number>());
      for (const i of [1, 3, 2]) queue.asyncQ.putNowait(i);
      expect([1, 2, 3].map(() => queue.asyncQ.getNowait())).to.deep.equal([1, 2, 3]);
      await finish(queue);
    });
  });

  for (const kind of KINDS) {
    describe(`_QueueJoinTestMixin: ${kind.name}`, () => {
      it('test_task_done_underflow: task_done() with no task throws ValueError', async () => {
        const queue = kind.make();
        expect(() => queue.async_q.task_done()).to.throw(ValueError);
        await finish(queue);
      });

      it('test_task_done: join() resolves once two async workers marked 100 items done', async () => {
        const queue = kind.make<number>();
        const q = queue.asyncQ;
        for (let i = 0; i < 100; i++) q.putNowait(i);
        let accumulator = 0;
        let running = true;
        const worker = async (): Promise<void> => {
          while (running) {
            const item = await q.get();
            accumulator += item;
            q.taskDone();
          }
        };
        const workers = [track(worker()), track(worker())];
        await within(q.join(), 5_000, 'join()');
        expect(accumulator, 'each item was taken once').to.equal(4950);
        expect(q.unfinishedTasks).to.equal(0);
        // Stop the workers.
        running = false;
        for (let i = 0; i < workers.length; i++) q.putNowait(0);
        await within(Promise.all(workers.map((w) => w.promise)), 5_000, 'the workers');
        await finish(queue);
      });

      it('test_join_empty_queue: join() on a queue with no task resolves, twice', async () => {
        const queue = kind.make();
        await within(queue.asyncQ.join(), 1_000, 'join()');
        await within(queue.asyncQ.join(), 1_000, 'join()');
        await finish(queue);
      });

      it('join({ signal }) aborted rejects with the reason and leaves the tasks counted', async () => {
        const queue = kind.make<number>();
        queue.asyncQ.putNowait(1);
        const controller = new AbortController();
        const joining = queue.asyncQ.join({ signal: controller.signal });
        await settle();
        controller.abort();
        expect(await rejection(joining)).to.equal(controller.signal.reason);
        expect(queue.asyncQ.unfinishedTasks).to.equal(1);
        await finish(queue);
      });
    });
  }
});
