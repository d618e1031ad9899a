/**
 * A port of janus 2.0's tests/test_sync.py: the blocking face on its own.
 * Where CPython's port (cpython-test-queue.spec.ts) blocks the main thread
 * and triggers from a worker, this one runs the blocking scenarios inside a
 * worker (where `syncQ` normally lives) and triggers them from the main
 * thread's non-blocking calls; it also uses janus's snake_case names.
 */
import { expect } from 'chai';
import { Full, Queue, SyncQueueEmpty, SyncQueueFull, ValueError } from '../../lib/index.js';
import { FailingQueue } from './failing-queue.js';
import { cleanUp, finish, KINDS, own, serveTriggers, spawn } from './harness.js';
import { ORDER, QUEUE_SIZE } from './scenarios.js';
import { newRendezvous, sharedInts, type Outcome } from './shared.js';

describe('ports: janus tests/test_sync.py', function () {
  this.timeout(30_000);
  cleanUp();

  for (const kind of KINDS) {
    describe(kind.name, () => {
      it('test_queue_task_done: sync_q.task_done() on a fresh queue throws ValueError', async () => {
        const queue = kind.make();
        expect(() => queue.sync_q.task_done()).to.throw(ValueError);
        expect(queue.sync_q.unfinished_tasks).to.equal(0);
        await finish(queue);
      });

      it('test_queue_join: a worker puts and joins while two worker consumers mark items done (twice)', async () => {
        const queue = kind.make<number>();
        for (let round = 0; round < 2; round++) {
          const sum = sharedInts(1);
          const consumers = [0, 1].map(() => spawn<number>('sumConsumer', { handle: queue.handle, sum }));
          const total = await spawn<number>('joinRound', { handle: queue.handle, sum });
          expect(total, 'join() did not block until all tasks were done').to.equal(4950);
          const taken = await Promise.all(consumers);
          expect(taken[0] + taken[1]).to.equal(102);
        }
        expect(() => queue.sync_q.task_done(), 'did not detect the task count going negative').to.throw(ValueError);
        await finish(queue);
      });

      it('test_simple_queue: the basic scenario runs in a worker, its blocking calls released from the main thread (twice)', async () => {
        const queue = kind.make<number>(QUEUE_SIZE);
        const rv = newRendezvous();
        const scenario = spawn<string>('basicScenario', { handle: queue.handle, order: ORDER[kind.name], rv });
        const server = serveTriggers(queue, rv, scenario);
        expect(await scenario).to.be.a('string');
        const { served, error } = await server;
        expect(error).to.equal(undefined);
        expect(served).to.equal(8);
        await finish(queue);
      });

      // test_negative_timeout_raises_exception: spec/faces/bad-input.spec.ts ("timeouts and block"), for every kind.

      it('test_nowait: put_nowait to maxsize then Full; get_nowait until Empty', async () => {
        const queue = kind.make<number>(QUEUE_SIZE);
        const q = queue.sync_q;
        for (let i = 0; i < QUEUE_SIZE; i++) q.put_nowait(1);
        expect(() => q.put_nowait(1)).to.throw(SyncQueueFull);
        for (let i = 0; i < QUEUE_SIZE; i++) expect(q.get_nowait()).to.equal(1);
        expect(() => q.get_nowait()).to.throw(SyncQueueEmpty);
        await finish(queue);
      });

      it('test_shrinking_queue: maxsize lowered on the main thread is seen by a worker put_nowait', async () => {
        const queue = kind.make<number>(3);
        const q = queue.sync_q;
        q.put(1);
        q.put(2);
        q.put(3);
        expect(() => q.put_nowait(4)).to.throw(Full);
        expect(q.qsize()).to.equal(3);
        queue.maxsize = 2;
        const worker = await spawn<Outcome>('op', { handle: queue.handle, op: 'putNowait', item: 4 });
        expect(worker).to.include({ ok: false, error: 'SyncQueueFull' });
        expect(q.qsize()).to.equal(3);
        await finish(queue);
      });

      it('test_maxsize: sync_q.maxsize is the maxsize given', async () => {
        const queue = kind.make(5);
        expect(queue.sync_q.maxsize).to.equal(5);
        expect(queue.maxsize).to.equal(5);
        await finish(queue);
      });
    });
  }

  describe('TestFailingQueue', () => {
    it('test_failing_queue: a FailingQueue attached in a worker fails _put/_get on demand and stays intact (twice)', async () => {
      const queue = own(new FailingQueue<unknown>(QUEUE_SIZE));
      const rv = newRendezvous();
      const scenario = spawn<string>('failingScenario', { handle: queue.handle, rv });
      const server = serveTriggers(queue, rv, scenario);
      expect(await scenario).to.equal('ok');
      const { served, error } = await server;
      expect(error).to.equal(undefined);
      expect(served).to.equal(8);
      await finish(queue);
    });

    it('Queue.from on a FailingQueue handle gives a working plain Queue', async () => {
      const queue = own(new FailingQueue<number>(QUEUE_SIZE));
      const plain = Queue.from<number>(queue.handle);
      queue.failNextGet = true;
      plain.sync_q.put(1);
      expect(plain.sync_q.get()).to.equal(1); // only the FailingQueue instance fails
      expect(queue.failNextGet).to.equal(true);
      await finish(queue);
    });
  });
});
