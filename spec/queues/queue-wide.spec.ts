/**
 * The calls of the queue itself, against every queue kind: clear(), the
 * settable maxsize, the faces and their snake_case names, closing, and
 * attaching a handle in the same thread.
 */
import { expect } from 'chai';
import { Full, Queue, SyncQueueShutDown } from '../../lib/index.js';
import { KINDS } from '../support/kinds.js';

for (const kind of KINDS) {
  describe(`${kind.name} (queue-wide calls)`, () => {
    it('clear() removes every item and lowers unfinishedTasks by that number', () => {
      const queue = kind.make<number>();
      for (let i = 0; i < 5; i++) queue.syncQ.putNowait(i);
      queue.syncQ.getNowait();
      queue.clear();
      expect(queue.syncQ.qsize()).to.equal(0);
      expect(queue.syncQ.unfinishedTasks).to.equal(1);
      queue.syncQ.putNowait(7);
      expect(queue.asyncQ.getNowait()).to.equal(7);
    });

    it('maxsize is settable: growing makes room, shrinking keeps the items', () => {
      const queue = kind.make<number>(1);
      queue.syncQ.putNowait(1);
      expect(queue.syncQ.full()).to.equal(true);
      queue.maxsize = 3;
      queue.syncQ.putNowait(2);
      queue.syncQ.putNowait(3);
      queue.maxsize = 1;
      expect(queue.syncQ.qsize()).to.equal(3);
      expect(() => queue.syncQ.putNowait(4)).to.throw(Full);
      queue.maxsize = 0;
      queue.syncQ.putNowait(4);
      expect(queue.asyncQ.maxsize).to.equal(0);
    });

    it('sync_q and async_q are the faces', () => {
      const queue = kind.make<number>();
      expect(queue.sync_q).to.equal(queue.syncQ);
      expect(queue.async_q).to.equal(queue.asyncQ);
    });

    it('aclose() and await using close the queue', async () => {
      const queue = kind.make<number>();
      queue.syncQ.putNowait(1);
      await queue.aclose();
      expect(queue.closed).to.equal(true);
      expect(queue.syncQ.qsize()).to.equal(0);
      let inner: ReturnType<typeof kind.make<number>> | undefined;
      {
        await using scoped = kind.make<number>();
        inner = scoped;
        expect(inner.closed).to.equal(false);
      }
      expect(inner.closed).to.equal(true);
    });

    it('from(handle) in the same thread is the same queue, of the same kind', () => {
      const queue = kind.make<number>(3);
      const twin = (queue.constructor as typeof Queue).from<number>(queue.handle);
      expect(twin).to.be.instanceOf(queue.constructor);
      expect(twin.maxsize).to.equal(3);
      queue.syncQ.putNowait(3);
      twin.syncQ.putNowait(1);
      queue.asyncQ.putNowait(2);
      expect(twin.asyncQ.qsize()).to.equal(3);
      expect(queue.syncQ.qsize()).to.equal(3);
      expect([queue.syncQ.getNowait(), twin.syncQ.getNowait(), twin.asyncQ.getNowait()]).to.deep.equal(kind.order);
      twin.shutdown();
      expect(queue.closed).to.equal(true);
      expect(() => queue.syncQ.put(4)).to.throw(SyncQueueShutDown);
    });
  });
}
