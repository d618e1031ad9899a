/**
 * QueueFamily in one thread: lending, ids, release and reuse, exhaustion,
 * shutdown and bad input. Across threads: ./cross-thread.spec.ts.
 */
import { expect } from 'chai';
import {
  AsyncQueueShutDown,
  Empty,
  Queue,
  QueueFamily,
  QueueFamilyExhausted,
  RuntimeError,
  SyncQueueShutDown,
  ValueError,
  type QueueFamilyHandle,
} from '../../lib/index.js';
import { delay, rejection, within } from '../support/promises.js';

describe('QueueFamily', () => {
  it('lends each queue once until it is released, then lends it again under a new id', () => {
    const family = new QueueFamily<string>(3);
    const ids = [family.acquire(), family.acquire(), family.acquire()];
    expect(new Set(ids).size).to.equal(3);
    expect(new Set(ids.map((id) => family.queue(id))).size).to.equal(3);
    expect(family.available).to.equal(0);

    const queue = family.queue(ids[1]);
    family.release(ids[1]);
    expect(family.available).to.equal(1);
    const again = family.acquire();
    expect(again).to.not.equal(ids[1]);
    expect(family.queue(again)).to.equal(queue);
  });

  it('hands out the least recently released queue first', () => {
    const family = new QueueFamily<number>(3);
    const [a, b, c] = [family.acquire(), family.acquire(), family.acquire()];
    const queues = [a, b, c].map((id) => family.queue(id));
    family.release(b);
    family.release(a);
    family.release(c);
    expect([family.acquire(), family.acquire(), family.acquire()].map((id) => family.queue(id))).to.deep.equal([
      queues[1],
      queues[0],
      queues[2],
    ]);
  });

  it('a released id no longer resolves, and cannot be released twice', () => {
    const family = new QueueFamily<number>(2);
    const id = family.acquire();
    family.release(id);
    expect(() => family.queue(id)).to.throw(ValueError, `reply id ${id} is not lent out`);
    expect(() => family.release(id)).to.throw(ValueError, 'released already');
    expect(family.available).to.equal(2);
  });

  it('an id of a free slot that was never lent does not resolve', () => {
    const family = new QueueFamily<number>(2);
    expect(() => family.queue(0)).to.throw(ValueError, 'reply id 0 is not lent out');
    expect(() => family.release(1)).to.throw(ValueError);
    expect(family.available).to.equal(2);
  });

  it('a released queue comes back empty, with no unfinished task', () => {
    const family = new QueueFamily<number>(1);
    const id = family.acquire();
    const queue = family.queue(id);
    queue.syncQ.putMany([1, 2, 3]);
    queue.syncQ.get(); // got, never marked done
    family.release(id);
    expect(queue.syncQ.qsize()).to.equal(0);
    expect(queue.syncQ.unfinishedTasks).to.equal(0);
    const next = family.acquire();
    expect(family.queue(next).syncQ.empty()).to.equal(true);
    family.queue(next).syncQ.join(); // returns at once
  });

  it('every loan of a slot gets its own id', () => {
    const family = new QueueFamily<number>(1);
    const ids: number[] = [];
    for (let loan = 0; loan < 3; loan++) {
      ids.push(family.acquire());
      family.release(ids[loan]);
    }
    expect(ids).to.deep.equal([0, 1, 2]);
  });

  it('a family of the largest size lends every queue', () => {
    const family = new QueueFamily<number>(4096, { capacity: 1024 });
    const ids = Array.from({ length: 4096 }, () => family.acquire(false));
    expect(new Set(ids).size).to.equal(4096);
    expect(Math.max(...ids)).to.be.below(2 ** 30);
    expect(() => family.acquire(false)).to.throw(QueueFamilyExhausted);
  });

  it('acquire(false) on an exhausted family throws QueueFamilyExhausted (an Empty), naming the size', () => {
    const family = new QueueFamily<number>(2);
    family.acquire();
    family.acquire();
    const error = (() => {
      try {
        family.acquire(false);
      } catch (caught) {
        return caught;
      }
      throw new Error('acquire(false) did not throw');
    })();
    expect(error).to.be.instanceOf(QueueFamilyExhausted).and.instanceOf(Empty);
    expect((error as Error).name).to.equal('QueueFamilyExhausted');
    expect((error as Error).message).to.contain('all 2 queues of the family are lent out');
  });

  it('acquire(true, timeout) waits that long, then throws QueueFamilyExhausted', () => {
    const family = new QueueFamily<number>(1);
    family.acquire();
    const started = performance.now();
    expect(() => family.acquire(true, 0.05)).to.throw(QueueFamilyExhausted, 'within 0.05 s');
    expect(performance.now() - started).to.be.at.least(45);
  });

  it('acquireAsync waits for a release without blocking the event loop', async () => {
    const family = new QueueFamily<number>(1);
    const held = family.acquire();
    const slot = family.queue(held);
    let got: number | undefined;
    const waiting = family.acquireAsync().then((id) => (got = id));
    await delay(20);
    expect(got).to.equal(undefined);
    family.release(held);
    const id = await within(waiting, 2_000, 'acquireAsync after a release');
    expect(family.queue(id)).to.equal(slot);
  });

  it('an aborted acquireAsync rejects with the reason and lends nothing', async () => {
    const family = new QueueFamily<number>(1);
    const held = family.acquire();
    const controller = new AbortController();
    const waiting = family.acquireAsync({ signal: controller.signal });
    controller.abort(new Error('gave up'));
    expect(((await rejection(waiting)) as Error).message).to.equal('gave up');
    family.release(held);
    expect(family.available).to.equal(1);
  });

  it('shutdown() wakes acquirers and every waiter on a queue of the family with ShutDown', async () => {
    const family = new QueueFamily<number>(1);
    const id = family.acquire();
    const acquiring = family.acquireAsync();
    const getting = family.queue(id).asyncQ.get();
    family.shutdown();
    expect(await rejection(acquiring)).to.be.instanceOf(AsyncQueueShutDown);
    expect(await rejection(getting)).to.be.instanceOf(AsyncQueueShutDown);
    expect(() => family.acquire(false)).to.throw(SyncQueueShutDown);
    family.release(id); // still fine after shutdown
    expect(() => family.queue(id)).to.throw(ValueError);
  });

  it('shutdown() keeps the items already queued unless immediate', () => {
    const gentle = new QueueFamily<number>(1);
    const a = gentle.acquire();
    gentle.queue(a).syncQ.put(7);
    gentle.shutdown();
    expect(gentle.queue(a).syncQ.get()).to.equal(7);

    const hard = new QueueFamily<number>(1);
    const b = hard.acquire();
    hard.queue(b).syncQ.put(7);
    hard.shutdown(true);
    expect(() => hard.queue(b).syncQ.get(false)).to.throw(SyncQueueShutDown);
  });

  it('release() of a queue shut down on its own says why and leaves it off the free list', () => {
    const family = new QueueFamily<number | null>(2);
    const id = family.acquire();
    family.queue(id).shutdown();
    expect(() => family.release(id)).to.throw(RuntimeError, 'end a stream of replies with a sentinel such as null');
    expect(family.available).to.equal(1);
    expect(() => family.queue(id)).to.throw(ValueError);
  });

  it('passes maxsize and the queue options to every queue', () => {
    const family = new QueueFamily<number>(2, { maxsize: 1, capacity: 1024 });
    const id = family.acquire();
    family.queue(id).syncQ.put(1);
    expect(family.queue(id).syncQ.full()).to.equal(true);
    expect(family.queue(id).maxsize).to.equal(1);
  });

  it('from() in the same thread sees the same loans', () => {
    const family = new QueueFamily<string>(2);
    const twin = QueueFamily.from<string>(family.handle);
    const id = twin.acquire();
    family.queue(id).syncQ.put('hi');
    expect(twin.queue(id).syncQ.get()).to.equal('hi');
    family.release(id);
    expect(() => twin.queue(id)).to.throw(ValueError);
    expect(twin.size).to.equal(2);
    expect(twin.handle).to.equal(family.handle);
  });

  describe('bad input', () => {
    it('size must be an integer from 1 to 4096', () => {
      expect(() => new QueueFamily(2.5)).to.throw(TypeError, 'size must be an integer number of queues; received 2.5');
      expect(() => new QueueFamily('4' as unknown as number)).to.throw(TypeError, 'received the string "4"');
      expect(() => new QueueFamily(0)).to.throw(RangeError, 'size must be from 1 to 4096 queues; received 0');
      expect(() => new QueueFamily(4097)).to.throw(RangeError, 'received 4097');
    });

    it('options must be an object, and their values valid', () => {
      expect(() => new QueueFamily(1, null as never)).to.throw(TypeError, 'options must be an object; received null');
      expect(() => new QueueFamily(1, { maxsize: 1.5 })).to.throw(TypeError, 'maxsize');
      expect(() => new QueueFamily(1, { capacity: 'big' as never })).to.throw(TypeError, 'options.capacity');
    });

    it('ids must be integers of the family range', () => {
      const family = new QueueFamily<number>(4);
      for (const bad of [-1, 1.5, Number.NaN, '0', null, 2 ** 30]) {
        expect(() => family.queue(bad as number), String(bad)).to.throw(
          TypeError,
          'id must be a reply id from acquire()',
        );
        expect(() => family.release(bad as number), String(bad)).to.throw(
          TypeError,
          'id must be a reply id from acquire()',
        );
      }
    });

    it('acquire checks block and timeout as a queue get does', () => {
      const family = new QueueFamily<number>(1);
      expect(() => family.acquire(true, -1)).to.throw(ValueError);
      expect(() => family.acquire('yes' as never)).to.throw(TypeError, 'block');
      expect(family.available).to.equal(1);
    });

    it('from() refuses what is not a family handle', () => {
      const family = new QueueFamily<number>(2);
      const other = new QueueFamily<number>(3);
      const { queues, free, slots } = family.handle;
      const bad: unknown[] = [
        null,
        'handle',
        { free, slots },
        { queues, free, slots: new SharedArrayBuffer(16) },
        { queues, free, slots: new ArrayBuffer(16) },
        { queues, free, slots: other.handle.slots },
        { queues: [...queues, new Queue().handle], free, slots },
        { queues: [queues[0], {}], free, slots },
        { queues, free: null, slots },
      ];
      for (const handle of bad) {
        expect(() => QueueFamily.from(handle as QueueFamilyHandle), JSON.stringify(handle)).to.throw(TypeError);
      }
    });
  });
});
