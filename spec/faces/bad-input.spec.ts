/**
 * Every bad input of SPEC.md gets its documented error, names what was
 * received, and leaves the queue usable.
 */
import { expect } from 'chai';
import {
  AsyncQueueShutDown,
  LifoQueue,
  PriorityQueue,
  Queue,
  SyncQueueFull,
  SyncQueueShutDown,
  ValueError,
  type Codec,
} from '../../lib/index.js';
import { touchyCodec } from '../support/codecs.js';
import { lockIsFree } from '../support/internals.js';
import { KINDS } from '../support/kinds.js';

function usable(queue: Queue<unknown>): void {
  queue.syncQ.putNowait('still works');
  expect(queue.syncQ.getNowait()).to.equal('still works');
}

describe('bad input', () => {
  describe('maxsize', () => {
    for (const bad of ['3', 1.5, NaN, Infinity, null, 2n]) {
      it(`new Queue(${String(bad)}) throws a TypeError naming maxsize`, () => {
        expect(() => new Queue(bad as number)).to.throw(TypeError, /maxsize must be an integer/);
      });
      it(`setting maxsize = ${String(bad)} throws a TypeError and keeps the old value`, () => {
        const queue = new Queue(3);
        expect(() => (queue.maxsize = bad as number)).to.throw(TypeError, /maxsize/);
        expect(queue.maxsize).to.equal(3);
      });
    }

    it('without SharedArrayBuffer (a page that is not cross-origin isolated), new Queue() and Queue.from() name the headers to set', () => {
      const saved = globalThis.SharedArrayBuffer;
      const handle = new Queue().handle;
      (globalThis as { SharedArrayBuffer?: unknown }).SharedArrayBuffer = undefined;
      try {
        expect(() => new Queue()).to.throw(
          ReferenceError,
          /needs SharedArrayBuffer.*Cross-Origin-Opener-Policy: same-origin.*Cross-Origin-Embedder-Policy: require-corp/,
        );
        expect(() => Queue.from(handle)).to.throw(
          ReferenceError,
          /needs SharedArrayBuffer.*Cross-Origin-Opener-Policy/,
        );
      } finally {
        globalThis.SharedArrayBuffer = saved;
      }
      usable(new Queue());
    });

    it('a handle whose queue kind word was overwritten is refused by name', () => {
      const queue = new Queue();
      new Int32Array(queue.handle.control)[2] = 99; // the kind word (lib/engine/layout.ts)
      expect(() => Queue.from(queue.handle)).to.throw(TypeError, /unknown queue kind 99/);
    });

    it('negative maxsize is unbounded; a huge one is accepted as is', () => {
      const negative = new Queue<number>(-5);
      for (let i = 0; i < 100; i++) negative.syncQ.putNowait(i);
      expect(negative.syncQ.full()).to.equal(false);
      const huge = new Queue<number>(2 ** 53);
      expect(huge.maxsize).to.equal(2 ** 53);
      huge.syncQ.putNowait(1);
      expect(huge.syncQ.full()).to.equal(false);
    });
  });

  describe('timeouts and block', () => {
    const queue = new Queue<number>(1);
    afterEach(() => queue.clear());

    for (const bad of [-1, -0.001, NaN, -Infinity]) {
      it(`timeout ${bad} throws ValueError on every blocking call of every kind, even one that would not wait, and changes nothing`, () => {
        for (const kind of KINDS) {
          const queue = kind.make<number>(2);
          const q = queue.syncQ;
          expect(() => q.put(1, true, bad), kind.name).to.throw(ValueError, /timeout/);
          expect(() => q.put(1, { timeout: bad }), kind.name).to.throw(ValueError, /timeout/);
          expect(() => q.putMany([1], true, bad), kind.name).to.throw(ValueError);
          expect(() => q.get(true, bad), kind.name).to.throw(ValueError);
          expect(() => q.getMany(1, true, bad), kind.name).to.throw(ValueError);
          expect(q.qsize(), kind.name).to.equal(0);
          q.putNowait(1);
          expect(() => q.get(true, bad), kind.name).to.throw(ValueError);
          expect(() => q.get({ timeout: bad }), kind.name).to.throw(ValueError);
          expect(() => q.peek(true, bad), kind.name).to.throw(ValueError);
          expect(() => q.getMany(1, true, bad), kind.name).to.throw(ValueError);
          expect(() => q.put(2, true, bad), kind.name).to.throw(ValueError);
          expect(q.qsize(), kind.name).to.equal(1);
          // block = false ignores the timeout.
          q.put(2, false, bad);
          expect(q.get(false, bad), kind.name).to.be.a('number');
          expect(q.qsize(), kind.name).to.equal(1);
          expect(lockIsFree(queue), `${kind.name}: the lock is free`).to.equal(true);
        }
      });
    }

    it('a timeout that is not a number or null throws a TypeError naming it', () => {
      expect(() => queue.syncQ.put(1, true, '1' as unknown as number)).to.throw(
        TypeError,
        /timeout must be a number.*"1"/,
      );
    });

    it('block must be a boolean (get(5) is not get(timeout=5))', () => {
      expect(() => queue.syncQ.get(5 as unknown as boolean)).to.throw(TypeError, /block must be a boolean; received 5/);
    });

    it('block = false ignores the timeout, even a bad one', () => {
      queue.syncQ.put(1, false, -1);
      expect(() => queue.syncQ.put(2, false, NaN)).to.throw(SyncQueueFull);
      expect(queue.syncQ.get(false, -5)).to.equal(1);
    });

    it('timeout Infinity and null wait forever (and return at once when they need not wait)', () => {
      queue.syncQ.put(1, true, Infinity);
      expect(queue.syncQ.get(true, null)).to.equal(1);
    });

    it('timeout 0 fails at once on a full queue', () => {
      queue.syncQ.put(1);
      expect(() => queue.syncQ.put(2, true, 0)).to.throw(SyncQueueFull);
    });
  });

  describe('items', () => {
    for (const [label, item] of [
      ['a function', () => 1],
      ['a symbol', Symbol('s')],
      ['an object with a method', { run() {} }],
      ['a nested function', [1, { deep: [() => 2] }]],
    ] as const) {
      it(`${label} cannot be put (DataCloneError) and the queue is unchanged, on both faces`, async () => {
        const queue = new Queue<unknown>();
        queue.syncQ.putNowait(0);
        expect(() => queue.syncQ.put(item))
          .to.throw()
          .with.property('name', 'DataCloneError');
        expect(() => queue.syncQ.putNowait(item))
          .to.throw()
          .with.property('name', 'DataCloneError');
        const rejected = await queue.asyncQ.put(item).then(
          () => null,
          (e: unknown) => e,
        );
        expect(rejected).to.have.property('name', 'DataCloneError');
        expect(queue.syncQ.qsize()).to.equal(1);
        expect(queue.syncQ.unfinishedTasks).to.equal(1);
        expect(queue.syncQ.getNowait()).to.equal(0);
        usable(queue);
      });
    }

    it('iterating a face stops on ShutDown but passes any other error on (a codec that cannot decode)', async () => {
      const queue = new Queue<string>(0, { codec: touchyCodec });
      queue.syncQ.putMany(['a', 'bad-decode', 'b', 'bad-decode', 'c']);
      queue.shutdown();
      const got: string[] = [];
      expect(() => {
        for (const item of queue.syncQ) got.push(item);
      }).to.throw('cannot decode bad-decode');
      let error: unknown;
      try {
        for await (const item of queue.asyncQ) got.push(item);
      } catch (caught) {
        error = caught;
      }
      expect(error).to.have.property('message', 'cannot decode bad-decode');
      for (const item of queue.syncQ) got.push(item); // ends on ShutDown, once empty
      expect(got).to.deep.equal(['a', 'b', 'c']);
    });

    it('cyclic objects and class instances are copied as structured clone copies them', () => {
      class Point {
        constructor(public x: number) {}
      }
      const cyclic: { self?: unknown; point: Point } = { point: new Point(3) };
      cyclic.self = cyclic;
      const queue = new Queue<typeof cyclic>();
      queue.syncQ.put(cyclic);
      const got = queue.syncQ.get();
      expect(got.self).to.equal(got);
      expect(got.point).to.deep.equal({ x: 3 });
      expect(got.point).not.to.be.instanceOf(Point);
    });

    it('an item larger than maxCapacity throws RangeError and leaves the queue unchanged', async () => {
      const queue = new Queue<string>(0, { capacity: 256, maxCapacity: 1024 });
      queue.syncQ.put('small');
      const big = 'x'.repeat(2000);
      expect(() => queue.syncQ.put(big)).to.throw(RangeError, /maxCapacity 1024/);
      expect(() => queue.syncQ.putNowait(big)).to.throw(RangeError);
      expect(await queue.asyncQ.put(big).catch((e: unknown) => e)).to.be.instanceOf(RangeError);
      expect(queue.syncQ.qsize()).to.equal(1);
      expect(queue.syncQ.get()).to.equal('small');
    });

    it('an item that does not fit now is Full for putNowait and fits once room is freed', async () => {
      const queue = new Queue<string>(0, { capacity: 512, maxCapacity: 1024 });
      const chunk = 'y'.repeat(400);
      queue.syncQ.put(chunk);
      queue.syncQ.put(chunk);
      expect(() => queue.syncQ.putNowait(chunk)).to.throw(SyncQueueFull, /no room/);
      expect(() => queue.syncQ.put(chunk, true, 0.01)).to.throw(SyncQueueFull);
      const waiting = queue.asyncQ.put(chunk);
      expect(queue.syncQ.full()).to.equal(false);
      queue.syncQ.get();
      await waiting;
      expect(queue.syncQ.qsize()).to.equal(2);
    });
  });

  describe('PriorityQueue priorities', () => {
    for (const bad of [['a', 1], [NaN, 1], [null, 1], 'text', { priority: 1 }, NaN, [[1], 2]]) {
      it(`refuses ${JSON.stringify(bad)} with a TypeError, queue unchanged`, async () => {
        const queue = new PriorityQueue<unknown>();
        queue.syncQ.put([1, 'ok']);
        expect(() => queue.syncQ.put(bad)).to.throw(TypeError, /priority must be a number/);
        expect(await queue.asyncQ.put(bad).catch((e: unknown) => e)).to.be.instanceOf(TypeError);
        expect(queue.syncQ.qsize()).to.equal(1);
      });
    }

    it('orders by options.key, and refuses a key that is not a function', () => {
      const queue = new PriorityQueue<{ due: number }>(0, { key: (job) => job.due });
      for (const due of [5, 1, 3]) queue.syncQ.put({ due });
      expect([queue.syncQ.get(), queue.syncQ.get(), queue.syncQ.get()]).to.deep.equal([
        { due: 1 },
        { due: 3 },
        { due: 5 },
      ]);
      expect(() => new PriorityQueue(0, { key: 'due' as never })).to.throw(TypeError, /options.key must be a function/);
    });

    it('accepts plain numbers and infinities as priorities', () => {
      const queue = new PriorityQueue<number>();
      for (const item of [Infinity, 2, -Infinity, -0, 0]) queue.syncQ.put(item);
      expect(Array.from({ length: 5 }, () => queue.syncQ.get())).to.deep.equal([-Infinity, -0, 0, 2, Infinity]);
    });
  });

  describe('handles', () => {
    const { handle } = new Queue();
    const notHandles: Array<[string, unknown]> = [
      ['null', null],
      ['undefined', undefined],
      ['42', 42],
      ['"handle"', 'handle'],
      ['{}', {}],
      ['a handle-shaped object of wrong types', { control: new ArrayBuffer(8), store: 1, index: 2 }],
      [
        'a handle with an unshared control buffer',
        { control: new ArrayBuffer(64), store: handle.store, index: handle.index },
      ],
      ['a handle without its store', { ...handle, store: undefined }],
    ];
    for (const [name, bad] of notHandles) {
      it(`Queue.from(${name}) throws TypeError`, () => {
        expect(() => Queue.from(bad as never)).to.throw(TypeError, /expected a QueueHandle/);
      });
    }

    it('a handle whose control memory lost its tag throws TypeError', () => {
      const queue = new Queue();
      const forged = { ...queue.handle, control: new SharedArrayBuffer(queue.handle.control.byteLength) };
      expect(() => Queue.from(forged)).to.throw(TypeError, /tag and layout version/);
      new Int32Array(queue.handle.control)[1] = 99;
      expect(() => Queue.from(queue.handle)).to.throw(TypeError, /tag and layout version/);
    });

    it('a handle of another kind throws TypeError; Queue.from returns the subclass', () => {
      const lifo = new LifoQueue();
      const plain = new Queue();
      const priority = new PriorityQueue();
      expect(() => PriorityQueue.from(lifo.handle)).to.throw(TypeError, /LifoQueue handle as a PriorityQueue/);
      expect(() => LifoQueue.from(plain.handle)).to.throw(TypeError, /Queue handle as a LifoQueue/);
      expect(() => LifoQueue.from(priority.handle)).to.throw(TypeError, /PriorityQueue handle as a LifoQueue/);
      expect(() => PriorityQueue.from(plain.handle)).to.throw(TypeError, /Queue handle as a PriorityQueue/);
      expect(Queue.from(lifo.handle)).to.be.instanceOf(LifoQueue);
      expect(Queue.from(priority.handle)).to.be.instanceOf(PriorityQueue);
      expect(LifoQueue.from(lifo.handle)).to.be.instanceOf(LifoQueue);
    });
  });

  describe('options', () => {
    it('rejects store sizes of the wrong type or range, naming the option', () => {
      expect(() => new Queue(0, { capacity: '1k' as never })).to.throw(TypeError, /options.capacity .*"1k"/);
      expect(() => new Queue(0, { maxCapacity: 2 ** 40 })).to.throw(RangeError, /options.maxCapacity/);
      expect(() => new Queue(0, { capacity: 4096, maxCapacity: 1024 })).to.throw(RangeError, /must not exceed/);
      expect(() => new Queue(0, { capacity: 1 })).to.throw(RangeError, /options.capacity/);
    });

    it('rejects asyncQ options that are not { signal }', async () => {
      const queue = new Queue<number>();
      expect(await queue.asyncQ.get(5 as never).catch((e: unknown) => e)).to.be.instanceOf(TypeError);
      expect(await queue.asyncQ.get({ signal: 'x' as never }).catch((e: unknown) => e))
        .to.be.instanceOf(TypeError)
        .with.property('message')
        .that.matches(/options.signal must be an AbortSignal/);
    });

    it('uses a custom codec, and a codec that throws leaves the queue unchanged', () => {
      let fail = false;
      const codec: Codec<string> = {
        encode: (item) => {
          if (fail) throw new Error('cannot encode');
          return new TextEncoder().encode(item.toUpperCase());
        },
        decode: (bytes) => new TextDecoder().decode(bytes),
      };
      const queue = new Queue<string>(0, { codec });
      queue.syncQ.put('abc');
      fail = true;
      expect(() => queue.syncQ.put('def')).to.throw('cannot encode');
      expect(queue.syncQ.qsize()).to.equal(1);
      expect(queue.syncQ.get()).to.equal('ABC');
    });
  });

  describe('every call after close()', () => {
    it('puts throw ShutDown, gets throw ShutDown, join returns, taskDone has nothing to mark', async () => {
      const queue = new Queue<number>(1);
      queue.syncQ.put(1);
      queue.close();
      expect(() => queue.syncQ.put(2)).to.throw(SyncQueueShutDown);
      expect(() => queue.syncQ.get()).to.throw(SyncQueueShutDown);
      expect(() => queue.syncQ.peek()).to.throw(SyncQueueShutDown);
      expect(await queue.asyncQ.put(2).catch((e: unknown) => e)).to.be.instanceOf(AsyncQueueShutDown);
      expect(await queue.asyncQ.get().catch((e: unknown) => e)).to.be.instanceOf(AsyncQueueShutDown);
      queue.syncQ.join();
      await queue.asyncQ.join();
      expect(() => queue.syncQ.taskDone()).to.throw(ValueError);
      expect([...queue.syncQ]).to.deep.equal([]);
      queue.close();
      queue.shutdown();
      expect(queue.closed).to.equal(true);
      expect(queue.syncQ.qsize()).to.equal(0);
    });
  });
});
