/**
 * A port of CPython 3.13's Lib/test/test_queue.py (the Queue, LifoQueue,
 * PriorityQueue and FailingQueue tests, shutdown included) to janus-queue's
 * blocking face. Python's threads are real worker threads here; the main
 * thread plays Python's main thread and blocks in `syncQ` calls.
 */
import { expect } from 'chai';
import {
  Empty,
  Full,
  Queue,
  ShutDown,
  SyncQueueEmpty,
  SyncQueueFull,
  SyncQueueShutDown,
  ValueError,
  type QueueHandle,
} from '../../lib/index.js';
import { FailingQueue } from './failing-queue.js';
import { cleanUp, KINDS, own, spawn, waitFlag } from './harness.js';
import { lockIsFree } from '../support/internals.js';
import { basicQueueScenario, failingQueueScenario, ORDER, QUEUE_SIZE } from './scenarios.js';
import { newRendezvous, raise, RV, sharedInts, type Outcome } from './shared.js';
import type { OpJob } from './tasks.js';

/** Starts a worker that serves the trigger requests of a new rendezvous. */
function triggerWorker(handle: QueueHandle): { rv: Int32Array; stop: () => Promise<number> } {
  const rv = newRendezvous();
  const served = spawn<number>('triggerServer', { handle, rv });
  return {
    rv,
    stop: () => {
      raise(rv, RV.STOP);
      Atomics.notify(rv, RV.REQ);
      return served;
    },
  };
}

/** Starts `op` workers; `signals[0]` counts those that started, `signals[1]` is their go flag. */
function opWorkers(handle: QueueHandle, jobs: Array<Omit<OpJob, 'handle' | 'signals'>>, signals = sharedInts(2)) {
  const results = jobs.map((job) => spawn<Outcome>('op', { ...job, handle, signals }));
  return { signals, results, all: () => Promise.all(results), go: () => raise(signals, 1) };
}

/**
 * `q.join()` on the main thread, which cannot time out: a watchdog worker
 * wakes it by hand if it has not returned within a generous time, and the
 * call then fails as a lost wake-up instead of hanging the run.
 */
function joinGuarded(q: Queue<number>['syncQ'], handle: QueueHandle): void {
  const flags = sharedInts(2);
  const watching = spawn<boolean>('watchdog', { handle, flags, ms: 15_000 });
  void watching.catch(() => {});
  q.join();
  raise(flags, 0);
  if (Atomics.load(flags, 1) !== 0) throw new Error('join() returned only when woken by hand: a lost wake-up');
}

function threw(outcome: Outcome, name: string): boolean {
  return !outcome.ok && outcome.error === name;
}

describe('ports: CPython test_queue.py', function () {
  this.timeout(30_000);
  cleanUp();

  for (const kind of KINDS) {
    describe(`${kind.name} (BaseQueueTestMixin)`, () => {
      it('test_basic: order, Full/Empty without blocking and after a timeout, blocking put/get released by a worker (twice on one queue)', async () => {
        const queue = kind.make<number>(QUEUE_SIZE);
        const trigger = triggerWorker(queue.handle);
        basicQueueScenario(queue, ORDER[kind.name], trigger.rv);
        basicQueueScenario(queue, ORDER[kind.name], trigger.rv);
        expect(await trigger.stop()).to.equal(8);
      });

      it('test_queue_task_done: taskDone() on a fresh queue throws ValueError', () => {
        const q = kind.make().syncQ;
        expect(() => q.taskDone()).to.throw(ValueError);
        expect(() => q.task_done()).to.throw(RangeError);
        expect(q.unfinishedTasks).to.equal(0);
      });

      it('test_queue_join: join() waits for two worker consumers to mark every item done, twice; then taskDone() is one too many', async () => {
        const queue = kind.make<number>();
        const q = queue.syncQ;
        for (let round = 0; round < 2; round++) {
          const sum = sharedInts(1);
          const consumers = [0, 1].map(() => spawn<number>('sumConsumer', { handle: queue.handle, sum }));
          for (let i = 0; i < 100; i++) q.put(i);
          joinGuarded(q, queue.handle);
          expect(Atomics.load(sum, 0), 'join() did not block until all tasks were done').to.equal(4950);
          expect(q.unfinishedTasks).to.equal(0);
          q.put(-1); // tell the consumers to stop
          q.put(-1);
          joinGuarded(q, queue.handle); // joining twice works
          const taken = await Promise.all(consumers);
          expect(taken[0] + taken[1]).to.equal(102);
        }
        expect(() => q.taskDone(), 'did not detect the task count going negative').to.throw(ValueError);
      });

      // test_negative_timeout_raises_exception: spec/faces/bad-input.spec.ts ("timeouts and block"), for every kind.

      it('test_nowait: putNowait up to maxsize then Full, getNowait until Empty', () => {
        const q = kind.make<number>(QUEUE_SIZE).syncQ;
        for (let i = 0; i < QUEUE_SIZE; i++) q.putNowait(1);
        expect(() => q.putNowait(1))
          .to.throw(SyncQueueFull)
          .and.to.be.instanceOf(Full);
        for (let i = 0; i < QUEUE_SIZE; i++) q.getNowait();
        expect(() => q.getNowait())
          .to.throw(SyncQueueEmpty)
          .and.to.be.instanceOf(Empty);
      });

      it('test_shrinking_queue: lowering maxsize below qsize keeps the items and refuses puts', () => {
        const queue = kind.make<number>(3);
        const q = queue.syncQ;
        q.put(1);
        q.put(2);
        q.put(3);
        expect(() => q.putNowait(4)).to.throw(SyncQueueFull);
        expect(q.qsize()).to.equal(3);
        queue.maxsize = 2; // shrink the queue
        expect(q.maxsize).to.equal(2);
        expect(() => q.putNowait(4)).to.throw(SyncQueueFull);
        expect(q.qsize()).to.equal(3);
        expect(q.full()).to.equal(true);
      });

      it('test_shutdown_empty: after shutdown() put and get throw ShutDown', () => {
        const queue = kind.make<number>();
        queue.shutdown();
        expect(() => queue.syncQ.put(7))
          .to.throw(SyncQueueShutDown)
          .and.to.be.instanceOf(ShutDown);
        expect(() => queue.syncQ.get()).to.throw(SyncQueueShutDown);
      });

      it('test_shutdown_nonempty: after shutdown() the items left can still be taken, then get throws ShutDown', () => {
        const queue = kind.make<number>();
        queue.syncQ.put(7);
        queue.shutdown();
        expect(queue.syncQ.get()).to.equal(7);
        expect(() => queue.syncQ.get()).to.throw(SyncQueueShutDown);
      });

      it('test_shutdown_immediate: after shutdown(true) get throws ShutDown at once', () => {
        const queue = kind.make<number>();
        queue.syncQ.put(7);
        queue.shutdown(true);
        expect(() => queue.syncQ.get()).to.throw(SyncQueueShutDown);
        expect(queue.syncQ.qsize()).to.equal(0);
      });

      it('test_shutdown_allowed_transitions: alive -> shut down -> immediate -> shutdown(false) again', () => {
        const queue = kind.make<number>();
        expect(queue.closed).to.equal(false);
        queue.shutdown();
        expect(queue.closed).to.equal(true);
        queue.shutdown(true);
        expect(queue.closed).to.equal(true);
        queue.shutdown(false);
        expect(queue.closed).to.equal(true);
      });

      for (const immediate of [false, true]) {
        const label = immediate
          ? 'test_shutdown_immediate_all_methods_in_one_thread'
          : 'test_shutdown_all_methods_in_one_thread';
        it(`${label}: every method after shutdown(${immediate})`, () => {
          const queue = kind.make<number>(2);
          const q = queue.syncQ;
          q.put(10);
          q.putNowait(20);
          queue.shutdown(immediate);
          expect(() => q.put(30)).to.throw(SyncQueueShutDown);
          expect(() => q.putNowait(40)).to.throw(SyncQueueShutDown);
          if (immediate) {
            expect(() => q.get()).to.throw(SyncQueueShutDown);
            expect(() => q.getNowait()).to.throw(SyncQueueShutDown);
            expect(() => q.taskDone()).to.throw(ValueError);
            q.join();
          } else {
            expect([10, 20]).to.include(q.get());
            q.taskDone();
            expect([10, 20]).to.include(q.get());
            q.taskDone();
            q.join();
            // Shut down and now empty: every get throws ShutDown.
            expect(() => q.get()).to.throw(SyncQueueShutDown);
            expect(() => q.getNowait()).to.throw(SyncQueueShutDown);
            expect(() => q.get(true, 1.0)).to.throw(SyncQueueShutDown);
          }
          expect(q.unfinishedTasks).to.equal(0);
        });
      }

      for (const immediate of [false, true]) {
        const label = immediate
          ? 'test_shutdown_immediate_all_methods_in_many_threads'
          : 'test_shutdown_all_methods_in_many_threads';
        it(`${label}: writers, readers${immediate ? ', joiners' : ''} and a shutdown in worker threads`, async function () {
          this.timeout(60_000);
          const queue = kind.make<[number, string]>();
          const writers = 4;
          const readers = 6;
          const joiners = 2;
          const messages = 4096;
          const perWriter = messages / writers;
          const when = perWriter / 2;
          const parties = writers + readers + (immediate ? joiners : 0);
          const words = sharedInts(2);
          const base = { handle: queue.handle, words, parties };
          const puts = Array.from({ length: writers }, () =>
            spawn<boolean[]>('manyWriter', { ...base, n: perWriter, when }),
          );
          const gets = Array.from({ length: readers }, () => spawn<boolean>('manyReader', base));
          const shutdown = spawn<boolean>('manyShutdown', { ...base, immediate });
          const joins = immediate ? Array.from({ length: joiners }, () => spawn<string>('manyJoiner', base)) : [];
          const [putResults, getResults, shutdownResult, joinResults] = await Promise.all([
            Promise.all(puts),
            Promise.all(gets),
            shutdown,
            Promise.all(joins),
          ]);
          expect(putResults.flat(), 'one writer triggered the shutdown').to.include(true);
          expect(getResults.filter((r) => r === true)).to.have.length(readers);
          expect(joinResults).to.deep.equal(immediate ? ['joined', 'joined'] : []);
          if (immediate) {
            expect(shutdownResult, 'the queue was empty right after shutdown(true)').to.equal(true);
            expect(queue.syncQ.empty()).to.equal(true);
            expect(queue.syncQ.unfinishedTasks).to.equal(0);
          }
          expect(lockIsFree(queue)).to.equal(true);
        });
      }

      it('test_shutdown_get: shutdown() with a full queue lets two of three worker getters take an item; the third gets ShutDown', async () => {
        const queue = kind.make<number>(2);
        queue.syncQ.put(1);
        queue.syncQ.put(2);
        const getters = opWorkers(queue.handle, [
          { op: 'get', waitGo: true },
          { op: 'get', waitGo: true },
          { op: 'get', waitGo: true },
        ]);
        queue.shutdown(false);
        getters.go();
        const results = await getters.all();
        expect(
          results
            .filter((r) => r.ok)
            .map((r) => (r.ok ? r.value : 0))
            .sort(),
        ).to.deep.equal([1, 2]);
        expect(results.filter((r) => threw(r, 'SyncQueueShutDown'))).to.have.length(1);
      });

      it('test_shutdown_immediate_get: after shutdown(true) both worker getters get ShutDown', async () => {
        const queue = kind.make<number>(2);
        queue.syncQ.put(1);
        queue.syncQ.put(2);
        const getters = opWorkers(queue.handle, [
          { op: 'get', waitGo: true },
          { op: 'get', waitGo: true },
        ]);
        queue.shutdown(true);
        getters.go();
        const results = await getters.all();
        expect(results.map((r) => threw(r, 'SyncQueueShutDown'))).to.deep.equal([true, true]);
      });

      for (const immediate of [false, true]) {
        it(`test_shutdown_${immediate ? 'immediate_' : ''}put: worker putters on a full queue get ShutDown after shutdown(${immediate})`, async () => {
          const queue = kind.make<number>(2);
          queue.syncQ.put(1);
          queue.syncQ.put(2);
          const putters = opWorkers(queue.handle, [
            { op: 'put', item: 3, waitGo: true },
            { op: 'put', item: 4, waitGo: true },
          ]);
          queue.shutdown(immediate);
          putters.go();
          const results = await putters.all();
          expect(results.map((r) => threw(r, 'SyncQueueShutDown'))).to.deep.equal([true, true]);
          expect(queue.syncQ.qsize()).to.equal(immediate ? 0 : 2);
        });

        it(`test_shutdown_${immediate ? 'immediate_' : ''}put, blocked: worker putters already waiting on a full queue wake with ShutDown`, async () => {
          const queue = kind.make<number>(2);
          queue.syncQ.put(1);
          queue.syncQ.put(2);
          const putters = opWorkers(queue.handle, [
            { op: 'put', item: 3, timeout: null },
            { op: 'put', item: 4, timeout: null },
          ]);
          await waitFlag(putters.signals, 0, 2);
          await new Promise((resolve) => setTimeout(resolve, 100)); // let them block
          queue.shutdown(immediate);
          const results = await putters.all();
          expect(results.map((r) => threw(r, 'SyncQueueShutDown'))).to.deep.equal([true, true]);
        });

        it(`test_shutdown_${immediate ? 'immediate_' : ''}join: worker joiners return (never ShutDown) after shutdown(${immediate})`, async () => {
          const queue = kind.make<number>();
          queue.syncQ.put(1);
          const joiners = opWorkers(queue.handle, [{ op: 'join' }, { op: 'join' }]);
          // Without immediate, a worker must still take the item and mark it done.
          const consumer = immediate ? null : opWorkers(queue.handle, [{ op: 'getTaskDone', waitGo: true }]);
          await waitFlag(joiners.signals, 0, 2);
          queue.shutdown(immediate);
          consumer?.go();
          const results = await joiners.all();
          expect(results).to.deep.equal([
            { ok: true, value: 'joined' },
            { ok: true, value: 'joined' },
          ]);
          if (consumer) expect(await consumer.all()).to.deep.equal([{ ok: true, value: 1 }]);
          expect(queue.syncQ.unfinishedTasks).to.equal(0);
        });

        it(`test_shutdown_${immediate ? 'immediate_' : ''}put_join: a putter gets ShutDown and a joiner returns after shutdown(${immediate})`, async () => {
          const queue = kind.make<number>(2);
          queue.syncQ.put(1);
          const putter = opWorkers(queue.handle, [{ op: 'put', item: 5, waitGo: true }]);
          const joiner = opWorkers(queue.handle, [{ op: 'join' }]);
          expect(queue.syncQ.unfinishedTasks).to.equal(1);
          await waitFlag(joiner.signals, 0, 1);
          queue.shutdown(immediate);
          putter.go();
          if (immediate) {
            expect(() => queue.syncQ.getNowait()).to.throw(SyncQueueShutDown);
          } else {
            expect(queue.syncQ.get()).to.equal(1);
            queue.syncQ.taskDone();
          }
          const [put] = await putter.all();
          const [join] = await joiner.all();
          expect(threw(put, 'SyncQueueShutDown'), JSON.stringify(put)).to.equal(true);
          expect(join).to.deep.equal({ ok: true, value: 'joined' });
        });
      }

      it('test_shutdown_get_task_done_join: getters finish their tasks and joiners return across shutdown(false)', async () => {
        const queue = kind.make<number>(2);
        queue.syncQ.put(1);
        queue.syncQ.put(2);
        expect(queue.syncQ.unfinishedTasks).to.equal(queue.syncQ.qsize());
        const workers = opWorkers(queue.handle, [
          { op: 'getTaskDone', waitGo: true },
          { op: 'getTaskDone', waitGo: true },
          { op: 'join' },
          { op: 'join' },
        ]);
        workers.go();
        queue.shutdown(false);
        const results = await workers.all();
        expect(
          results
            .slice(0, 2)
            .map((r) => (r.ok ? r.value : r.error))
            .sort(),
        ).to.deep.equal([1, 2]);
        expect(results.slice(2)).to.deep.equal([
          { ok: true, value: 'joined' },
          { ok: true, value: 'joined' },
        ]);
      });

      it('test_shutdown_pending_get: a worker blocked in get (no timeout) wakes with ShutDown on shutdown()', async () => {
        const queue = kind.make<number>();
        const getter = opWorkers(queue.handle, [{ op: 'get', timeout: null }]);
        await waitFlag(getter.signals, 0, 1);
        await new Promise((resolve) => setTimeout(resolve, 100)); // let it block
        queue.shutdown(false);
        const [result] = await getter.all();
        expect(threw(result, 'SyncQueueShutDown'), JSON.stringify(result)).to.equal(true);
      });
    });
  }

  describe('FailingQueueTest', () => {
    it('test_failing_queue: after _put/_get throw (non-blocking, timed, blocking, woken) the queue is unchanged and usable (twice)', async () => {
      const queue = own(new FailingQueue<unknown>(QUEUE_SIZE));
      const trigger = triggerWorker(queue.handle);
      failingQueueScenario(queue, trigger.rv);
      failingQueueScenario(queue, trigger.rv);
      expect(await trigger.stop()).to.equal(8);
      expect(lockIsFree(queue)).to.equal(true);
    });

    it('a failing put in one thread leaves the queue usable from a worker', async () => {
      const queue = own(new FailingQueue<number>(2));
      queue.syncQ.put(1);
      queue.failNextPut = true;
      expect(() => queue.syncQ.put(2)).to.throw('You Lose');
      const worker = await spawn<Outcome>('op', { handle: queue.handle, op: 'put', item: 3, timeout: 5 });
      expect(worker).to.deep.equal({ ok: true, value: 'put' });
      expect([queue.syncQ.get(), queue.syncQ.get()]).to.deep.equal([1, 3]);
      expect(queue.syncQ.unfinishedTasks).to.equal(2);
    });
  });

  describe('queue handles (Queue.from)', () => {
    // In the same thread: spec/queues/queue-wide.spec.ts; bad handles: spec/faces/bad-input.spec.ts.
    for (const kind of KINDS) {
      it(`a ${kind.name} attached in a worker with Queue.from keeps its kind and order`, async () => {
        const queue = kind.make<number>();
        const { kind: attached, got } = await spawn<{ kind: string; got: number[] }>('attachAndDrain', {
          handle: queue.handle,
          items: [111, 333, 222],
        });
        expect(got).to.deep.equal(ORDER[kind.name]);
        if (kind.name !== 'Queue') expect(attached).to.equal(kind.name);
      });
    }

    it('a handle survives postMessage to a worker and back (structured clone)', async () => {
      const queue = own(new Queue<string>());
      queue.syncQ.put('from main');
      const worker = await spawn<Outcome>('op', { handle: queue.handle, op: 'getTaskDone', timeout: 5 });
      expect(worker).to.deep.equal({ ok: true, value: 'from main' });
      expect(queue.syncQ.unfinishedTasks).to.equal(0);
    });
  });
});
