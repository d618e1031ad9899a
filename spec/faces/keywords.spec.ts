/**
 * Python's keyword arguments as options objects: `put(x, timeout=2)` is
 * `put(x, { timeout: 2 })`, next to the positional form, on every blocking
 * `syncQ` call and on `shutdown` of the queue and both faces.
 */
import { expect } from 'chai';
import { SyncQueueEmpty, SyncQueueFull, SyncQueueShutDown, ValueError } from '../../lib/index.js';
import { KINDS } from '../support/kinds.js';

for (const kind of KINDS) {
  describe(`${kind.name}.syncQ keyword options`, () => {
    it('put, get and peek take { block, timeout } as their positional forms do', () => {
      const q = kind.make<number>(1).syncQ;
      q.put(1, { timeout: 1 });
      expect(() => q.put(2, { block: false })).to.throw(SyncQueueFull);
      const started = performance.now();
      expect(() => q.put(2, { timeout: 0.05 })).to.throw(SyncQueueFull);
      expect(performance.now() - started).to.be.at.least(25);
      expect(q.peek({ block: false })).to.equal(1);
      expect(q.get({ timeout: 1 })).to.equal(1);
      expect(() => q.get({ block: false })).to.throw(SyncQueueEmpty);
      expect(() => q.get({ timeout: 0.02 })).to.throw(SyncQueueEmpty);
      expect(() => q.peek({ block: true, timeout: 0 })).to.throw(SyncQueueEmpty);
      q.put(3, {});
      expect(q.get({})).to.equal(3);
    });

    it('putMany and getMany take { block, timeout }', () => {
      const q = kind.make<number>(2).syncQ;
      const error = (() => {
        try {
          q.putMany([1, 2, 3], { block: false });
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).to.be.instanceOf(SyncQueueFull).and.to.have.property('itemsPut', 2);
      expect(q.getMany(5, { timeout: 1 })).to.have.length(2);
      expect(() => q.getMany(5, { block: false })).to.throw(SyncQueueEmpty);
      expect(() => q.getMany(5, { timeout: 0.02 })).to.throw(SyncQueueEmpty);
    });

    it('an option of the wrong type is a TypeError naming it; a bad timeout a ValueError', () => {
      const q = kind.make<number>().syncQ;
      expect(() => q.put(1, { block: 'yes' as unknown as boolean })).to.throw(
        TypeError,
        /options\.block must be a boolean; received the string "yes"/,
      );
      expect(() => q.get({ timeout: '1' as unknown as number })).to.throw(
        TypeError,
        /options\.timeout must be a number.*"1"/,
      );
      expect(() => q.get({ timeout: -1 })).to.throw(ValueError, /options\.timeout/);
      expect(() => q.getMany(2, { timeout: NaN })).to.throw(ValueError, /options\.timeout/);
      expect(q.qsize()).to.equal(0);
    });
  });

  describe(`${kind.name} shutdown({ immediate })`, () => {
    it('on the queue and on both faces, shutdown({ immediate: true }) drops the items as shutdown(true) does', () => {
      for (const shut of [
        (queue: ReturnType<typeof kind.make<number>>) => queue.shutdown({ immediate: true }),
        (queue: ReturnType<typeof kind.make<number>>) => queue.syncQ.shutdown({ immediate: true }),
        (queue: ReturnType<typeof kind.make<number>>) => queue.asyncQ.shutdown({ immediate: true }),
      ]) {
        const queue = kind.make<number>();
        queue.syncQ.putMany([1, 2]);
        shut(queue);
        expect(queue.syncQ.qsize()).to.equal(0);
        expect(queue.syncQ.unfinishedTasks).to.equal(0);
        expect(() => queue.syncQ.getNowait()).to.throw(SyncQueueShutDown);
      }
    });

    it('shutdown({}) and shutdown({ immediate: false }) keep the items', () => {
      for (const options of [{}, { immediate: false }]) {
        const queue = kind.make<number>();
        queue.syncQ.put(1);
        queue.shutdown(options);
        expect(queue.syncQ.get()).to.equal(1);
      }
    });

    it('an immediate that is not a boolean is a TypeError naming it, and shuts nothing down', () => {
      const queue = kind.make<number>();
      expect(() => queue.shutdown({ immediate: 1 as unknown as boolean })).to.throw(
        TypeError,
        /options\.immediate must be a boolean; received 1/,
      );
      expect(() => queue.asyncQ.shutdown('now' as unknown as boolean)).to.throw(
        TypeError,
        /immediate must be a boolean; received the string "now"/,
      );
      expect(queue.isShutDown).to.equal(false);
    });
  });
}
