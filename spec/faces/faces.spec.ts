/**
 * One behavioural suite of the non-blocking calls, run against every queue
 * kind and each face (Python's queue / asyncio.Queue semantics).
 */
import { expect } from 'chai';
import { Empty, Full, ShutDown, ValueError } from '../../lib/index.js';
import { FACES, KINDS } from '../support/kinds.js';

for (const kind of KINDS) {
  for (const face of FACES) {
    describe(`${kind.name}.${face.name} (non-blocking calls)`, () => {
      it("returns items in the kind's order", () => {
        const q = face.of(kind.make<number>());
        for (const item of [3, 1, 2]) q.putNowait(item);
        expect([q.getNowait(), q.getNowait(), q.getNowait()]).to.deep.equal(kind.order);
      });

      it('reports qsize, empty and full', () => {
        const q = face.of(kind.make<number>(2));
        expect([q.qsize(), q.empty(), q.full()]).to.deep.equal([0, true, false]);
        q.putNowait(1);
        expect([q.qsize(), q.empty(), q.full()]).to.deep.equal([1, false, false]);
        q.putNowait(2);
        expect([q.qsize(), q.empty(), q.full()]).to.deep.equal([2, false, true]);
        expect(q.maxsize).to.equal(2);
      });

      it('is never full when unbounded', () => {
        for (const maxsize of [0, -1]) {
          const q = face.of(kind.make<number>(maxsize));
          for (let i = 0; i < 1000; i++) q.putNowait(i);
          expect(q.full()).to.equal(false);
          expect(q.qsize()).to.equal(1000);
        }
      });

      it('throws its own Full from putNowait on a full queue, leaving it unchanged', () => {
        const q = face.of(kind.make<number>(1));
        q.putNowait(1);
        expect(() => q.putNowait(2))
          .to.throw(face.Full)
          .that.is.instanceOf(Full);
        expect(q.qsize()).to.equal(1);
        expect(q.getNowait()).to.equal(1);
      });

      it('throws its own Empty from getNowait and peekNowait on an empty queue', () => {
        const q = face.of(kind.make<number>());
        expect(() => q.getNowait())
          .to.throw(face.Empty)
          .that.is.instanceOf(Empty);
        expect(() => q.peekNowait()).to.throw(face.Empty);
      });

      it('peeks at the next item without removing it, as a copy', () => {
        const q = face.of(kind.make<number[]>());
        for (const item of [[3], [1], [2]]) q.putNowait(item);
        const peeked = q.peekNowait();
        expect(peeked).to.deep.equal([kind.order[0]]);
        peeked.push(99);
        expect(q.qsize()).to.equal(3);
        expect(q.getNowait()).to.deep.equal([kind.order[0]]);
      });

      it('copies items: equal, not identical', () => {
        const q = face.of(kind.make<[number, { nested: Map<string, Date> }]>());
        const item: [number, { nested: Map<string, Date> }] = [1, { nested: new Map([['at', new Date(5)]]) }];
        q.putNowait(item);
        const got = q.getNowait();
        expect(got).to.deep.equal(item);
        expect(got).not.to.equal(item);
      });

      it('counts unfinished tasks and throws ValueError for one taskDone too many', () => {
        const q = face.of(kind.make<number>());
        q.putNowait(1);
        q.putNowait(2);
        expect(q.unfinishedTasks).to.equal(2);
        expect(q.unfinished_tasks).to.equal(2);
        q.getNowait();
        q.taskDone();
        q.task_done();
        expect(q.unfinishedTasks).to.equal(0);
        expect(() => q.taskDone())
          .to.throw(ValueError)
          .that.is.instanceOf(RangeError);
        expect(q.unfinishedTasks).to.equal(0);
      });

      it('has the snake_case aliases', () => {
        const q = face.of(kind.make<number>());
        q.put_nowait(1);
        expect(q.peek_nowait()).to.equal(1);
        expect(q.unfinished_tasks).to.equal(1);
        expect(q.get_nowait()).to.equal(1);
        q.task_done();
        expect(q.unfinished_tasks).to.equal(0);
      });

      it('after shutdown(): put throws ShutDown, get drains then throws ShutDown', () => {
        const queue = kind.make<number>();
        const q = face.of(queue);
        q.putNowait(1);
        q.shutdown();
        expect(() => q.putNowait(2))
          .to.throw(face.ShutDown)
          .that.is.instanceOf(ShutDown);
        expect(q.getNowait()).to.equal(1);
        expect(() => q.getNowait()).to.throw(face.ShutDown);
        expect(() => q.peekNowait()).to.throw(face.ShutDown);
        expect(q.unfinishedTasks).to.equal(1);
        q.taskDone();
        expect(queue.closed).to.equal(true);
      });

      it('after shutdown(true): drops the items and counts them as done', () => {
        const queue = kind.make<number>();
        const q = face.of(queue);
        q.putNowait(1);
        q.putNowait(2);
        q.shutdown(true);
        expect(q.qsize()).to.equal(0);
        expect(q.unfinishedTasks).to.equal(0);
        expect(() => q.getNowait()).to.throw(face.ShutDown);
        expect(() => q.taskDone()).to.throw(ValueError);
      });

      it('reports closed once shut down', () => {
        const queue = kind.make<number>();
        const q = face.of(queue);
        expect(q.closed).to.equal(false);
        queue.close();
        expect(q.closed).to.equal(true);
      });
    });
  }
}
