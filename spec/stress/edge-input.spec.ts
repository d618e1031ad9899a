/**
 * Stress: bad and edge input, beyond spec/faces/bad-input.spec.ts
 * (which covers the single-thread basics). Each case gets what SPEC.md
 * says, in every thread, and leaves the queue usable; `taskDone()` once too
 * many, raced by several threads, throws exactly one ValueError.
 */
import { expect } from 'chai';
import { LifoQueue, PriorityQueue, Queue, type QueueHandle } from '../../lib/index.js';
import { within } from '../support/promises.js';
import { blocked, Crew, FULL, outcome, replay, Rng, seedFor, sized, until } from './config.js';
import { liveBytes } from '../support/internals.js';
import { RACE } from './tasks.js';

const RACE_ROUNDS = sized(300, 3_000);

function usable(queue: Queue<unknown>): void {
  queue.syncQ.putNowait([0, 'still works']); // an item every kind takes
  expect(queue.syncQ.getNowait()).to.deep.equal([0, 'still works']);
  queue.syncQ.taskDone();
}

describe('stress: bad and edge input', function () {
  const crew = new Crew();
  afterEach(() => crew.stopAll());

  describe('maxsize', () => {
    for (const maxsize of [-1, -5, -0, Number.MIN_SAFE_INTEGER]) {
      it(`${Object.is(maxsize, -0) ? '-0' : maxsize} is unbounded, on both faces and in another thread`, async () => {
        const queue = new Queue<number>(maxsize);
        for (let i = 0; i < 100; i++) await queue.asyncQ.put(i);
        const seen = await within(
          crew.start<{ maxsize: number; put: number; full: boolean }>('maxsizeSeen', {
            handle: queue.handle,
            count: 1000,
          }).result,
          10_000,
          'worker',
        );
        expect(seen.maxsize).to.equal(maxsize);
        expect(seen.full).to.equal(false);
        expect(queue.asyncQ.full()).to.equal(false);
        expect(queue.syncQ.qsize()).to.equal(1100);
      });
    }

    for (const maxsize of [2 ** 53, Number.MAX_SAFE_INTEGER, Number.MAX_VALUE, 2 ** 1000]) {
      it(`${maxsize} is accepted as is, read the same in another thread, and never full`, async () => {
        const queue = new LifoQueue<number>(maxsize);
        const seen = await within(
          crew.start<{ maxsize: number; full: boolean }>('maxsizeSeen', { handle: queue.handle, count: 10 }).result,
          10_000,
          'worker',
        );
        expect(seen).to.deep.include({ maxsize, full: false });
        expect(queue.maxsize).to.equal(maxsize);
        queue.maxsize = -maxsize;
        expect(queue.syncQ.full()).to.equal(false);
      });
    }

    for (const bad of [-Infinity, -0.5, 1e-300, 2.5, Number.EPSILON, '1', {}, [2]]) {
      it(`${typeof bad === 'number' ? String(bad) : JSON.stringify(bad)} is a TypeError naming maxsize, for every kind, in the constructor and the setter`, () => {
        for (const Kind of [Queue, LifoQueue, PriorityQueue]) {
          expect(() => new Kind(bad as number), Kind.name).to.throw(TypeError, /maxsize must be an integer/);
        }
        const queue = new PriorityQueue<number>(4);
        expect(() => (queue.maxsize = bad as number)).to.throw(TypeError, /maxsize/);
        expect(queue.maxsize).to.equal(4);
        usable(queue);
      });
    }
  });

  describe('timeouts', () => {
    for (const timeout of [Infinity, 1e300, Number.MAX_VALUE, 3e9, 2 ** 31]) {
      it(`get(true, ${timeout}) in a worker waits for the item (it is not a short or broken wait)`, async () => {
        const queue = new Queue<string>();
        const getter = crew.start<{ item?: string; threw?: string; ms: number }>('getWithTimeout', {
          handle: queue.handle,
          timeout,
        });
        await until(
          () => blocked(queue, 'notEmpty', 'sync', 1),
          () => 'the getter to block',
        );
        // Long enough for a wait that is broken (returns at once, or after a wrapped-around short time) to show.
        await new Promise((resolve) => setTimeout(resolve, 300));
        queue.syncQ.put('late');
        const result = await within(getter.result, 10_000, 'the getter');
        expect(result.item, JSON.stringify(result)).to.equal('late');
        expect(result.ms).to.be.at.least(300);
      });
    }

    for (const timeout of [-0, 1e-9, Number.MIN_VALUE]) {
      it(`get(true, ${Object.is(timeout, -0) ? '-0' : timeout}) on an empty queue throws SyncQueueEmpty at once`, async () => {
        const queue = new Queue<string>();
        const result = await within(
          crew.start<{ threw?: string; ms: number }>('getWithTimeout', { handle: queue.handle, timeout }).result,
          10_000,
          'the getter',
        );
        expect(result.threw).to.equal('SyncQueueEmpty');
        expect(result.ms).to.be.below(1_000);
        expect(() => queue.syncQ.put('x', true, timeout)).to.not.throw();
        expect(() => queue.syncQ.peek(true, timeout)).to.not.throw();
      });
    }
  });

  describe('items', () => {
    const refused: Array<[string, () => unknown]> = [
      ['a Map with a function value', () => new Map([['f', () => 1]])],
      ['a Set holding a symbol', () => new Set([1, Symbol('s')])],
      ['a WeakMap', () => new WeakMap()],
      ['a Promise', () => Promise.resolve(1)],
      [
        'a function deep in a cycle',
        () => {
          const a: Record<string, unknown> = { list: [1, 2] };
          a.self = a;
          (a.list as unknown[]).push({ back: a, f: function named() {} });
          return a;
        },
      ],
      ['a class instance with a method on itself', () => Object.assign(new (class Point {})(), { move() {} })],
    ];
    for (const [label, make] of refused) {
      it(`${label} is refused (DataCloneError) on every put of both faces, queue unchanged`, async () => {
        const queue = new Queue<unknown>(2);
        queue.syncQ.put('kept');
        const item = make();
        for (const put of [
          () => queue.syncQ.put(item),
          () => queue.syncQ.put(item, true, 1),
          () => queue.syncQ.putNowait(item),
          () => queue.asyncQ.putNowait(item),
          () => queue.asyncQ.put(item),
        ]) {
          expect((await outcome(Promise.resolve().then(put))).error).to.have.property('name', 'DataCloneError');
        }
        expect(queue.syncQ.qsize()).to.equal(1);
        expect(queue.syncQ.unfinishedTasks).to.equal(1);
        expect(queue.syncQ.getNowait()).to.equal('kept');
        expect(liveBytes(queue)).to.equal(0);
      });
    }

    it('a getter that throws makes put throw that error, queue unchanged, on both faces', async () => {
      const queue = new Queue<unknown>();
      const item = {
        get boom(): never {
          throw new RangeError('getter says no');
        },
      };
      expect(() => queue.syncQ.put(item)).to.throw(RangeError, 'getter says no');
      expect(() => queue.asyncQ.putNowait(item)).to.throw(RangeError, 'getter says no');
      expect((await outcome(queue.asyncQ.put(item))).error).to.be.instanceOf(RangeError);
      expect(queue.syncQ.qsize()).to.equal(0);
      expect(queue.syncQ.unfinishedTasks).to.equal(0);
      usable(queue);
    });

    it('getters and codecs may use the queue: items are encoded before the lock is taken and decoded after it is released', async () => {
      const out = await within(
        crew.start<unknown[]>('reentrant', {}).result,
        10_000,
        'calls re-entering the queue (a deadlock if encode or decode ran under the lock)',
      );
      expect(out).to.deep.equal([
        'put by a getter',
        { inner: 'size seen by a getter: 1' },
        'put by a getter',
        { inner: 'size seen by a getter: 3' },
        'a (decoded with 1 left)',
        'b (decoded with 0 left)',
      ]);
    });

    it('cycles, class instances, symbol keys, non-enumerable and private fields come back from another thread as structuredClone makes them', async () => {
      class Account {
        #secret = 42;
        constructor(public owner: string) {
          Object.defineProperty(this, 'hidden', { value: 1, enumerable: false });
        }
        peek(): number {
          return this.#secret;
        }
      }
      const shared = { tag: 'shared' };
      const graph: Record<string | symbol, unknown> = {
        account: new Account('ada'),
        map: new Map<unknown, unknown>([[shared, new Set([shared])]]),
        list: [shared, shared],
        [Symbol('ignored')]: 'dropped',
        when: new Date(0),
        error: new TypeError('kept'),
        bytes: new Uint16Array([1, 2, 3]),
      };
      graph.self = graph;
      (graph.map as Map<unknown, unknown>).set('graph', graph);
      const queue = new Queue<typeof graph>();
      queue.syncQ.put(graph);
      expect(await within(crew.start('echo', { handle: queue.handle }).result, 10_000, 'the echoing worker')).to.equal(
        'echoed',
      );
      const back = queue.syncQ.get();
      const clone = structuredClone(graph);
      expect(back).to.deep.equal(clone);
      expect(back.self).to.equal(back);
      expect((back.list as unknown[])[0]).to.equal((back.list as unknown[])[1]);
      expect(back.account).to.not.be.instanceOf(Account);
      expect(back.account).to.deep.equal({ owner: 'ada' });
      expect(Object.getOwnPropertySymbols(back)).to.deep.equal([]);
    });

    it('items around maxCapacity: on an empty store each size fits or is a RangeError, with one boundary; at the boundary with another item stored, putNowait is Full and put waits for the room', async function () {
      this.timeout(30_000);
      const maxCapacity = 4096;
      const queue = new Queue<Uint8Array>(0, { capacity: 1024, maxCapacity });
      let largest = 0;
      let refusedAfter = false;
      for (let n = maxCapacity - 128; n <= maxCapacity + 8; n++) {
        const result = await outcome(Promise.resolve().then(() => queue.syncQ.putNowait(new Uint8Array(n))));
        if (result.error === undefined) {
          expect(refusedAfter, `${n} bytes fit after a smaller size was refused`).to.equal(false);
          largest = n;
          expect(queue.syncQ.getNowait().length).to.equal(n);
          queue.syncQ.taskDone();
        } else {
          expect(result.error, `${n} bytes`).to.be.instanceOf(RangeError);
          expect((result.error as Error).message).to.match(/maxCapacity 4096/);
          refusedAfter = true;
        }
      }
      expect(largest, 'the largest item that fits').to.be.above(maxCapacity - 128);
      expect(refusedAfter, 'an item too large for maxCapacity').to.equal(true);
      // The largest item does not fit beside another: Full now, and a put waits until the room is freed.
      queue.syncQ.put(new Uint8Array(1));
      expect(() => queue.syncQ.putNowait(new Uint8Array(largest)))
        .to.throw(Error)
        .with.property('name', 'SyncQueueFull');
      expect(() => queue.asyncQ.putNowait(new Uint8Array(largest)))
        .to.throw(Error)
        .with.property('name', 'AsyncQueueFull');
      const waiting = queue.asyncQ.put(new Uint8Array(largest));
      expect(
        await within(
          crew.start<{ item?: Uint8Array }>('getWithTimeout', { handle: queue.handle, timeout: 5 }).result,
          10_000,
          'worker get',
        ),
      ).to.have.property('item');
      await within(waiting, 10_000, 'the put of the largest item');
      expect(queue.syncQ.getNowait().length).to.equal(largest);
      expect(liveBytes(queue)).to.equal(0);
    });
  });

  it(`taskDone() once too many, raced by 3 workers and this thread on both faces: exactly one ValueError (${RACE_ROUNDS} rounds)`, async function () {
    this.timeout(FULL ? 600_000 : 60_000);
    const name = 'edge/taskDone-race';
    const rng = new Rng(seedFor(name));
    const queue = new Queue<number>();
    // Each round: N tasks to mark done, N + 1 calls split at random between the 3 workers and this thread.
    const plan = Array.from({ length: RACE_ROUNDS }, () => {
      const n = rng.range(1, 24);
      const cuts = [0, rng.range(0, n + 1), rng.range(0, n + 1), rng.range(0, n + 1), n + 1].sort((a, b) => a - b);
      return { n, calls: [1, 2, 3, 4].map((i) => cuts[i] - cuts[i - 1]) };
    });
    const ctl = new SharedArrayBuffer(RACE.WORDS * 4);
    const words = new Int32Array(ctl);
    const faces = ['syncQ', 'asyncQ', 'syncQ'] as const;
    const workers = faces.map((face, w) =>
      crew.start<string[]>('taskDoneRounds', { handle: queue.handle, calls: plan.map((p) => p.calls[w]), face, ctl }),
    );
    for (const [r, { n, calls }] of plan.entries()) {
      for (let i = 0; i < n; i++) queue.syncQ.put(i);
      for (let i = 0; i < n; i++) queue.syncQ.get();
      Atomics.store(words, RACE.GEN, r + 1);
      Atomics.notify(words, RACE.GEN);
      let mine = 0;
      for (let i = 0; i < calls[3]; i++) {
        try {
          (i % 2 ? queue.asyncQ : queue.syncQ).taskDone();
        } catch (error) {
          expect(error, replay(name)).to.have.property('name', 'ValueError');
          mine++;
        }
      }
      await until(
        () => Atomics.load(words, RACE.FINISHED) === 3 * (r + 1),
        () => `the workers to finish round ${r} ${replay(name)}`,
      );
      Atomics.add(words, RACE.ERRORS, mine);
      expect(
        Atomics.load(words, RACE.ERRORS),
        `ValueErrors after round ${r} (${n} tasks, calls ${calls.join('+')}) ${replay(name)}`,
      ).to.equal(r + 1);
      expect(queue.syncQ.unfinishedTasks, `unfinished tasks after round ${r} ${replay(name)}`).to.equal(0);
    }
    for (const other of await within(Promise.all(workers.map((w) => w.result)), 10_000, 'the racing workers'))
      expect(other).to.deep.equal([]);
    usable(queue);
  });

  it('every call after close(), made from another thread: puts and gets throw ShutDown of their face, join returns, taskDone is a ValueError', async () => {
    const queue = new PriorityQueue<number>(3);
    queue.syncQ.put(2);
    queue.syncQ.put(1);
    queue.close();
    const record = await within(
      crew.start<Record<string, string>>('everyCallAfterClose', { handle: queue.handle }).result,
      20_000,
      'the worker',
    );
    expect(record).to.deep.equal({
      'syncQ.put': 'threw SyncQueueShutDown',
      'syncQ.putNowait': 'threw SyncQueueShutDown',
      'syncQ.get': 'threw SyncQueueShutDown',
      'syncQ.getNowait': 'threw SyncQueueShutDown',
      'syncQ.peek': 'threw SyncQueueShutDown',
      'syncQ.peekNowait': 'threw SyncQueueShutDown',
      'syncQ.join': 'returned undefined',
      'syncQ.taskDone': 'threw ValueError',
      'syncQ iteration': 'returned 0',
      'asyncQ.put': 'threw AsyncQueueShutDown',
      'asyncQ.putNowait': 'threw AsyncQueueShutDown',
      'asyncQ.get': 'threw AsyncQueueShutDown',
      'asyncQ.getNowait': 'threw AsyncQueueShutDown',
      'asyncQ.peek': 'threw AsyncQueueShutDown',
      'asyncQ.peekNowait': 'threw AsyncQueueShutDown',
      'asyncQ.join': 'returned undefined',
      'asyncQ.taskDone': 'threw ValueError',
      'asyncQ iteration': 'returned 0',
      qsize: 'returned [0,0]',
      'empty/full': 'returned [true,false]',
      unfinishedTasks: 'returned 0',
      closed: 'returned [true,true,true]',
      'shutdown again': 'returned undefined',
      'close again': 'returned undefined',
      clear: 'returned undefined',
      'set maxsize': 'returned 5',
      waitClosed: 'returned undefined',
      aclose: 'returned undefined',
    });
    // This thread sees the same, and disposing of it again is harmless.
    expect(queue.maxsize).to.equal(5);
    await queue[Symbol.asyncDispose]();
    await queue.aclose();
    expect(queue.closed).to.equal(true);
    expect(() => queue.syncQ.putNowait(1))
      .to.throw(Error)
      .with.property('name', 'SyncQueueShutDown');
  });

  describe('from()', () => {
    const queue = new Queue<number>();
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const notHandles: Array<[string, unknown]> = [
      ['an array of its buffers', [queue.handle.control, queue.handle.store, queue.handle.index]],
      ['a function', () => queue.handle],
      ['a symbol', Symbol('handle')],
      [
        'buffers that are not shared',
        { control: new ArrayBuffer(1024), store: new ArrayBuffer(1024), index: new ArrayBuffer(1024) },
      ],
      ['a control buffer too small', { ...queue.handle, control: new SharedArrayBuffer(8) }],
      ['a handle missing its index', { control: queue.handle.control, store: queue.handle.store }],
      ['a revoked proxy', revoked.proxy],
      ['the queue itself', queue],
    ];
    for (const [label, bad] of notHandles) {
      it(`${label} is a TypeError, on every kind`, () => {
        for (const Kind of [Queue, LifoQueue, PriorityQueue])
          expect(() => Kind.from(bad as QueueHandle), Kind.name).to.throw(TypeError);
      });
    }

    it('in a worker: a handle of another kind is a TypeError naming both kinds; Queue.from returns the kind of the handle', async () => {
      const handles = {
        Queue: new Queue().handle,
        LifoQueue: new LifoQueue().handle,
        PriorityQueue: new PriorityQueue().handle,
      };
      const kinds = ['Queue', 'LifoQueue', 'PriorityQueue'] as const;
      for (const of of kinds) {
        for (const as of kinds) {
          const got = await within(
            crew.start<string>('attachAs', { handle: handles[of], kind: as }).result,
            10_000,
            'worker',
          );
          if (as === of || as === 'Queue') expect(got, `${of} handle through ${as}.from`).to.equal(of);
          else
            expect(got, `${of} handle through ${as}.from`).to.equal(
              `TypeError: cannot attach a ${of} handle as a ${as}`,
            );
        }
      }
    });

    it('a handle with extra properties, or rebuilt from its buffers, attaches to the same queue', () => {
      const rebuilt = Queue.from<number>({
        control: queue.handle.control,
        store: queue.handle.store,
        index: queue.handle.index,
      });
      const extra = Queue.from<number>({ ...queue.handle, note: 'extra' } as QueueHandle);
      rebuilt.syncQ.put(7);
      expect(extra.syncQ.get()).to.equal(7);
      extra.syncQ.taskDone();
      expect(queue.syncQ.unfinishedTasks).to.equal(0);
    });
  });
});
