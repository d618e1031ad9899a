/**
 * Stress: faults.
 *
 * - A subclass whose `_put` / `_get` hooks throw (CPython's FailingQueue):
 *   the error reaches the caller, the queue is unchanged, the lock is free,
 *   and a waiter that was woken and then failed passes its wake-up on.
 * - Codecs that throw, items that cannot be encoded or never fit, a store
 *   out of room with putters waiting in several threads.
 * - Workers terminated while blocked in get, put, join or an async get do
 *   not disturb the others.
 * - A worker terminated while it holds the queue's lock. Nothing can free
 *   the lock, and the library does not detect it; what it guarantees, and
 *   what these tests check, is that no call that was given a timeout or a
 *   signal hangs: a timed `syncQ` call gives up at most LOCK_GRACE_MS (250)
 *   after its deadline, throwing SyncQueueEmpty (get, peek) or SyncQueueFull
 *   (put) even when the queue has items or room, since it could not look;
 *   an `asyncQ` call rejects with its signal's reason when the signal aborts.
 *   Calls without a timeout or signal (`putNowait`, `getNowait`, `qsize()`,
 *   `get()`, ...) wait for the lock forever on a thread that can block.
 */
import { expect } from 'chai';
import { Queue } from '../../lib/index.js';
import { touchyCodec } from '../support/codecs.js';
import { within } from '../support/promises.js';
import { RUNTIME } from '../support/runtime.js';
import { blocked, Crew, FULL, outcome, replay, Rng, seedFor, sized, snapshot, until } from './config.js';
import { liveBytes, lockIsFree, waiters } from '../support/internals.js';
import { armOf, FAILING_KINDS, GET, HookFault, PUT, type FailingKind } from './failing.js';
import { checkSizedItem, compareItems } from './tasks.js';

type CallReport = { value?: unknown; threw?: string; ms: number };

/** Everything about the queue that a failed call must leave as it was. */
function state(queue: Queue<unknown>): { qsize: number; unfinished: number; liveBytes: number } {
  return { qsize: queue.syncQ.qsize(), unfinished: queue.syncQ.unfinishedTasks, liveBytes: liveBytes(queue) };
}

describe('stress: faults', function () {
  const crew = new Crew();
  afterEach(() => crew.stopAll());

  describe('a subclass whose _put / _get throw', () => {
    for (const kind of Object.keys(FAILING_KINDS) as FailingKind[]) {
      it(`${kind}: calls that do not wait, on both faces, throw the hook's error and leave the queue unchanged and unlocked`, async () => {
        const queue = new FAILING_KINDS[kind]<number>(3);
        const arm = armOf(queue.handle);
        queue.syncQ.put(1);
        queue.syncQ.put(2);
        const before = state(queue);
        const puts: Array<[string, () => unknown]> = [
          ['syncQ.putNowait', () => queue.syncQ.putNowait(3)],
          ['syncQ.put', () => queue.syncQ.put(3)],
          ['syncQ.put with a timeout', () => queue.syncQ.put(3, true, 1)],
          ['asyncQ.putNowait', () => queue.asyncQ.putNowait(3)],
          ['asyncQ.put', () => queue.asyncQ.put(3)],
        ];
        const gets: Array<[string, () => unknown]> = [
          ['syncQ.getNowait', () => queue.syncQ.getNowait()],
          ['syncQ.get', () => queue.syncQ.get()],
          ['syncQ.get with a timeout', () => queue.syncQ.get(true, 1)],
          ['asyncQ.getNowait', () => queue.asyncQ.getNowait()],
          ['asyncQ.get', () => queue.asyncQ.get()],
        ];
        for (const [which, calls] of [
          [PUT, puts],
          [GET, gets],
        ] as const) {
          for (const [name, call] of calls) {
            arm[which] = 1;
            const result = await outcome(Promise.resolve().then(call));
            expect(result.error, `${name} with a failing hook`).to.be.instanceOf(HookFault);
            expect(arm[which], `${name} reached the hook`).to.equal(0);
            expect(state(queue), `the queue after ${name}`).to.deep.equal(before);
            expect(lockIsFree(queue), `the lock after ${name}`).to.equal(true);
          }
        }
        // Still a working queue, here and in another thread.
        expect(
          await within(
            crew.start<{ outcome: string }>('timedCall', { handle: queue.handle, op: 'put', timeout: 1 }).result,
            10_000,
            'a worker put',
          ),
        ).to.include({
          outcome: 'returned',
        });
        const order = [queue.syncQ.get(), queue.syncQ.get(), await queue.asyncQ.get()];
        expect(order.sort()).to.deep.equal([1, 1, 2]);
        expect(liveBytes(queue)).to.equal(0);
      });
    }

    /**
     * Two workers that block in `op` on a failing queue (30 s timeout), the
     * second after the first; then arms the hook of `op`, runs `wake` (which
     * wakes one sleeper) and returns what the two calls gave, first one first.
     * A putter puts `items[i]`.
     */
    async function wakeOneOfTwo(
      queue: Queue<number>,
      op: 'get' | 'put',
      wake: () => void,
      items: readonly number[] = [],
    ): Promise<CallReport[]> {
      const arm = armOf(queue.handle);
      const [condition, who] = op === 'get' ? (['notEmpty', 'getter'] as const) : (['notFull', 'putter'] as const);
      const callers: Array<Promise<CallReport>> = [];
      for (const [i, nth] of ['first', 'second'].entries()) {
        const args = { handle: queue.handle, kind: 'Queue', arm: arm.buffer, op, item: items[i], timeout: 30 };
        callers.push(crew.start<CallReport>('failingCall', args).result);
        await until(
          () => blocked(queue, condition, 'sync', i + 1),
          () => `the ${nth} ${who} to block: ${snapshot(queue)}`,
        );
      }
      arm[op === 'get' ? GET : PUT] = 1;
      wake();
      return [
        await within(callers[0], 10_000, `the first ${who}`),
        await within(
          callers[1],
          10_000,
          `the second ${who} (blocked until its 30 s timeout: the wake-up was swallowed)`,
        ),
      ];
    }

    it('a syncQ getter woken for an item whose _get throws passes the wake-up on to the next blocked getter', async function () {
      this.timeout(40_000);
      const queue = new FAILING_KINDS.Queue<number>();
      const [a, b] = await wakeOneOfTwo(queue, 'get', () => queue.asyncQ.putNowait(7));
      // The kernel wakes sleepers first come, first served: the first getter is the one that fails.
      expect(a.threw, 'the first getter').to.equal('HookFault');
      expect(b, 'the second getter').to.deep.include({ value: 7 });
      expect(state(queue)).to.deep.equal({ qsize: 0, unfinished: 1, liveBytes: 0 });
    });

    it('a syncQ putter woken for room whose _put throws passes the wake-up on to the next blocked putter', async function () {
      this.timeout(40_000);
      const queue = new FAILING_KINDS.Queue<number>(1);
      queue.syncQ.put(1);
      const [a, b] = await wakeOneOfTwo(queue, 'put', () => expect(queue.asyncQ.getNowait()).to.equal(1), [8, 9]);
      expect(a.threw, 'the first putter').to.equal('HookFault');
      expect(b, 'the second putter').to.deep.include({ value: 'put' });
      expect(queue.syncQ.getNowait()).to.equal(9);
    });

    it('two asyncQ getters of one thread: when the woken one fails in _get, the other still gets the item', async function () {
      this.timeout(30_000);
      const queue = new FAILING_KINDS.Queue<number>();
      const arm = armOf(queue.handle);
      const first = outcome(queue.asyncQ.get({ signal: crew.signal() }));
      const second = outcome(queue.asyncQ.get({ signal: crew.signal() }));
      await until(
        () => blocked(queue, 'notEmpty', 'async', 2),
        () => `the getters to wait: ${snapshot(queue)}`,
      );
      arm[GET] = 1;
      await within(
        crew.start('syncPutter', { handle: queue.handle, from: 5, count: 1 }).result,
        10_000,
        'the putting worker',
      );
      const [a, b] = await within(
        Promise.all([first, second]),
        10_000,
        'the async getters (the wake-up was swallowed)',
      );
      expect(a.error).to.be.instanceOf(HookFault);
      expect(b.value).to.equal(5);
    });
  });

  describe('codecs, unencodable items, items too large, a store out of room', () => {
    it('a codec that throws in encode leaves the queue unchanged, on both faces, in any thread, even for a put that would wait', async () => {
      const queue = new Queue<string>(1, { codec: touchyCodec });
      queue.syncQ.put('first');
      const before = state(queue);
      expect(() => queue.syncQ.putNowait('bad-encode')).to.throw('cannot encode');
      expect(() => queue.syncQ.put('bad-encode', true, 5)).to.throw('cannot encode');
      expect((await outcome(queue.asyncQ.put('bad-encode'))).error).to.have.property('name', 'CodecFault');
      // In a worker, on the full queue: the encode fails first, nothing waits.
      expect(
        await within(
          crew.start('touchyCall', { handle: queue.handle, op: 'put', item: 'bad-encode' }).result,
          10_000,
          'worker put',
        ),
      ).to.deep.equal({
        threw: 'CodecFault: cannot encode bad-encode',
      });
      expect(state(queue)).to.deep.equal(before);
      expect(lockIsFree(queue)).to.equal(true);
      expect(queue.syncQ.get()).to.equal('first');
    });

    it('a codec that throws in decode: the get throws it after taking the item, counted as a finished task (documented), the lock is free, the items after it come out', async () => {
      const queue = new Queue<string>(0, { codec: touchyCodec });
      for (const item of ['a', 'bad-decode', 'b', 'bad-decode', 'c']) queue.syncQ.put(item);
      expect(queue.syncQ.get()).to.equal('a');
      expect(() => queue.syncQ.get()).to.throw('cannot decode');
      // Decoding happens after the lock is released: the item is gone, and its
      // task counts as done (no one can ever take it), so join() cannot wait for it.
      expect(state(queue)).to.include({ qsize: 3, unfinished: 4 });
      expect(lockIsFree(queue)).to.equal(true);
      expect(
        await within(crew.start('touchyCall', { handle: queue.handle, op: 'get' }).result, 10_000, 'worker get'),
      ).to.deep.equal({ value: 'b' });
      expect((await outcome(queue.asyncQ.get())).error).to.have.property('name', 'CodecFault');
      expect(await queue.asyncQ.get()).to.equal('c');
      expect(state(queue)).to.include({ qsize: 0, unfinished: 3 }); // a, b and c
      for (let i = 0; i < 3; i++) queue.syncQ.taskDone();
      expect(state(queue)).to.deep.equal({ qsize: 0, unfinished: 0, liveBytes: 0 });
      await within(queue.asyncQ.join(), 2000, 'join() after undecodable items');
    });

    it('unencodable and too-large items put from a worker fail there and leave the queue to the others', async () => {
      const queue = new Queue<unknown>(0, { capacity: 1024, maxCapacity: 4096 });
      queue.syncQ.put('kept');
      const results = await within(
        crew.start<string[]>('badPuts', { handle: queue.handle }).result,
        10_000,
        'the worker',
      );
      expect(results).to.deep.equal([
        'DataCloneError',
        'DataCloneError',
        'DataCloneError',
        'RangeError',
        'RangeError',
        'ok',
      ]);
      expect(queue.syncQ.qsize()).to.equal(2);
      expect(queue.syncQ.get()).to.equal('kept');
      expect(queue.syncQ.get()).to.equal('fits');
      expect(liveBytes(queue)).to.equal(0);
    });

    const ROOM_ITEMS = sized(300, 5_000);
    it(`3 worker putters wait for room in a 16 KiB store (items of 2-6 KiB, ${ROOM_ITEMS} each): every item arrives intact, exactly once`, async function () {
      this.timeout(FULL ? 300_000 : 60_000);
      const name = 'faults/store-room';
      const rng = new Rng(seedFor(name));
      const queue = new Queue<string>(0, { capacity: 4096, maxCapacity: 16 * 1024 });
      const putters = [0, 1, 2].map((p) =>
        crew.start<number>('roomPutter', {
          handle: queue.handle,
          from: p * 1e6,
          count: ROOM_ITEMS,
          seed: rng.fork(),
          minBytes: 2048,
          maxBytes: 6144,
        }),
      );
      const got: number[] = [];
      let fullSeen = 0;
      while (got.length < 3 * ROOM_ITEMS) {
        const item = await within(
          queue.asyncQ.get(),
          20_000,
          `item ${got.length} ${replay(name)} ${snapshot(queue as Queue<unknown>)}`,
        );
        got.push(checkSizedItem(item));
        if (queue.asyncQ.full()) fullSeen++;
        if (rng.chance(0.2)) await new Promise((resolve) => setTimeout(resolve, rng.range(0, 1)));
      }
      await within(Promise.all(putters.map((p) => p.result)), 10_000, 'the putters');
      const into = [0, 1, 2].flatMap((p) => [...Array(ROOM_ITEMS).keys()].map((i) => p * 1e6 + i));
      expect(compareItems(into, got), replay(name)).to.equal('');
      expect(fullSeen, 'a store out of room is not full()').to.equal(0);
      expect(liveBytes(queue)).to.equal(0);
    });
  });

  describe('workers terminated while blocked', () => {
    it(`a worker terminated in syncQ.get: the getter blocked after it still gets the next item (and the one after)${RUNTIME === 'deno' ? ' once the terminated Deno thread took one' : ''}`, async function () {
      this.timeout(30_000);
      const queue = new Queue<number>();
      const doomed = crew.start('timedCall', { handle: queue.handle, op: 'get', timeout: 60 });
      await until(
        () => blocked(queue, 'notEmpty', 'sync', 1),
        () => `the doomed getter to block: ${snapshot(queue)}`,
      );
      const next = crew.start<{ outcome: string }>('timedCall', { handle: queue.handle, op: 'get', timeout: 10 });
      await until(
        () => blocked(queue, 'notEmpty', 'sync', 2),
        () => `the next getter to block: ${snapshot(queue)}`,
      );
      await doomed.worker.terminate();
      queue.syncQ.put(1);
      // Deno resolves terminate() but leaves the thread asleep in syncQ.get(),
      // first in line: it wakes for this item and takes it, and the item is
      // lost (docs/limitations.md). Node and Bun end the thread.
      const lost = RUNTIME === 'deno' ? 1 : 0;
      if (lost) {
        await until(
          () => queue.syncQ.qsize() === 0,
          () => `the terminated Deno worker to take the item: ${snapshot(queue)}`,
        );
        expect(blocked(queue, 'notEmpty', 'sync', 1), `the next getter still waits: ${snapshot(queue)}`).to.equal(true);
        queue.syncQ.put(1);
      }
      expect(await within(next.result, 20_000, 'the getter after the terminated one')).to.include({
        outcome: 'returned',
      });
      expect(queue.syncQ.qsize()).to.equal(0);
      const last = crew.start<number[]>('untimedGetter', { handle: queue.handle });
      await until(
        () => waiters(queue, 'notEmpty').sync >= 1 && queue.syncQ.unfinishedTasks === 1 + lost,
        () => `another getter to block: ${snapshot(queue)}`,
      );
      for (let i = 2; i <= 5; i++) queue.syncQ.put(i);
      await until(
        () => queue.syncQ.unfinishedTasks === 1 + lost,
        () => `the last getter to take 4 items: ${snapshot(queue)}`,
        10_000,
      );
      queue.shutdown();
      expect(await within(last.result, 10_000, 'the last getter')).to.deep.equal([2, 3, 4, 5]);
    });

    it(`a worker terminated in syncQ.put: the putter blocked after it still gets the room${RUNTIME === 'deno' ? ' once the terminated Deno thread put its item' : ''}`, async function () {
      this.timeout(30_000);
      const queue = new Queue<number>(1);
      queue.syncQ.put(0);
      const doomed = crew.start('timedCall', { handle: queue.handle, op: 'put', timeout: 60 });
      await until(
        () => blocked(queue, 'notFull', 'sync', 1),
        () => `the doomed putter to block: ${snapshot(queue)}`,
      );
      const next = crew.start<{ outcome: string }>('timedCall', { handle: queue.handle, op: 'put', timeout: 10 });
      await until(
        () => blocked(queue, 'notFull', 'sync', 2),
        () => `the next putter to block: ${snapshot(queue)}`,
      );
      await doomed.worker.terminate();
      expect(queue.syncQ.get()).to.equal(0);
      if (RUNTIME === 'deno') {
        // Deno: the terminated worker's thread, first in line, wakes and puts its item.
        await until(
          () => queue.syncQ.qsize() === 1,
          () => `the terminated Deno worker to put its item: ${snapshot(queue)}`,
        );
        expect(blocked(queue, 'notFull', 'sync', 1), `the next putter still waits: ${snapshot(queue)}`).to.equal(true);
        expect(queue.syncQ.get()).to.equal(1);
      }
      expect(await within(next.result, 20_000, 'the putter after the terminated one')).to.include({
        outcome: 'returned',
      });
      expect(queue.syncQ.get()).to.equal(1);
      expect(queue.syncQ.qsize()).to.equal(0);
    });

    it('a worker terminated in syncQ.join: the other joiners still return', async function () {
      this.timeout(30_000);
      const queue = new Queue<number>();
      queue.syncQ.put(0);
      const doomed = crew.start('joinOnce', { handle: queue.handle });
      await until(
        () => blocked(queue, 'allTasksDone', 'sync', 1),
        () => `the doomed joiner to block: ${snapshot(queue)}`,
      );
      const next = crew.start('joinOnce', { handle: queue.handle });
      await until(
        () => blocked(queue, 'allTasksDone', 'sync', 2),
        () => `the next joiner to block: ${snapshot(queue)}`,
      );
      await doomed.worker.terminate();
      const here = queue.asyncQ.join();
      queue.syncQ.get();
      queue.syncQ.taskDone();
      expect(await within(next.result, 10_000, 'the joiner after the terminated one')).to.equal('joined');
      await within(here, 10_000, "this thread's join");
    });

    it('a worker terminated with an asyncQ.get pending: getters of this thread and of other workers still get items', async function () {
      this.timeout(30_000);
      const queue = new Queue<number>();
      const doomed = crew.start('asyncGetOnce', { handle: queue.handle });
      await until(
        () => blocked(queue, 'notEmpty', 'async', 1),
        () => `the doomed async getter to wait: ${snapshot(queue)}`,
      );
      await doomed.worker.terminate();
      const here = queue.asyncQ.get({ signal: crew.signal() });
      await until(
        () => blocked(queue, 'notEmpty', 'async', 2),
        () => `this thread's getter to wait: ${snapshot(queue)}`,
      );
      const there = crew.start<{ outcome: string }>('timedCall', { handle: queue.handle, op: 'get', timeout: 10 });
      await until(
        () => blocked(queue, 'notEmpty', 'sync', 1),
        () => `the worker getter to block: ${snapshot(queue)}`,
      );
      queue.syncQ.put(1);
      queue.syncQ.put(2);
      const [mine, theirs] = await within(Promise.all([here, there.result]), 20_000, 'the getters');
      expect([1, 2]).to.include(mine);
      expect(theirs).to.include({ outcome: 'returned' });
      expect(queue.syncQ.qsize()).to.equal(0);
    });
  });

  describe('a worker terminated while it holds the lock', () => {
    /**
     * A queue whose lock a terminated worker holds. `before` runs while the
     * lock is still free (callers that block, workers that attach and wait
     * for the go in `ready`); `ready[1]` is set once the lock is stuck.
     */
    async function stuckQueue(
      before: (queue: Queue<number>, ready: SharedArrayBuffer) => Promise<void> | void,
    ): Promise<Queue<number>> {
      const queue = new Queue<number>(2);
      const ready = new SharedArrayBuffer(8);
      await before(queue, ready);
      const flag = new SharedArrayBuffer(4);
      const holder = crew.start('holdMutexForever', { handle: queue.handle, flag });
      await until(
        () => Atomics.load(new Int32Array(flag), 0) === 1,
        () => 'the worker to take the lock',
      );
      await holder.worker.terminate();
      expect(lockIsFree(queue), 'the lock of a terminated holder').to.equal(false);
      const go = new Int32Array(ready);
      Atomics.store(go, 1, 1);
      Atomics.notify(go, 1);
      return queue;
    }

    /** Generous: the grace the library allows after a deadline (250 ms), and time for a loaded machine. */
    const SLACK_MS = 250 + 1_500;
    type Timed = { outcome: string; ms: number };

    it('timed syncQ calls in other workers give up within their timeout + 250 ms grace: get/peek throw SyncQueueEmpty, put SyncQueueFull', async function () {
      this.timeout(60_000);
      const calls: Array<[string, number, string]> = [
        ['get', 0.2, 'SyncQueueEmpty'],
        ['get', 0, 'SyncQueueEmpty'],
        ['peek', 0.2, 'SyncQueueEmpty'],
        ['put', 0.2, 'SyncQueueFull'], // the queue has room, but the call cannot look
      ];
      let early: Promise<Timed> | undefined;
      let results: Array<Promise<Timed>> = [];
      await stuckQueue(async (q, ready) => {
        // A getter already asleep on the empty queue when the holder dies ...
        early = crew.start<Timed>('timedCall', { handle: q.handle, op: 'get', timeout: 1.5 }).result;
        await until(
          () => blocked(q, 'notEmpty', 'sync', 1),
          () => `the early getter to block: ${snapshot(q)}`,
        );
        // ... and workers attached before, whose calls start once the lock is stuck.
        results = calls.map(
          ([op, timeout]) => crew.start<Timed>('timedCall', { handle: q.handle, op, timeout, ready }).result,
        );
        await until(
          () => Atomics.load(new Int32Array(ready), 0) === calls.length,
          () => 'the workers to attach',
        );
      });
      const timed = await within(Promise.all(results), 20_000, 'timed calls on a queue locked by a dead worker');
      for (const [i, [op, timeout, expected]] of calls.entries()) {
        expect(timed[i].outcome, `${op}(true, ${timeout})`).to.equal(expected);
        expect(timed[i].ms, `${op}(true, ${timeout}) gave up before its timeout`).to.be.at.least(timeout * 1000);
        expect(timed[i].ms, `${op}(true, ${timeout}) took too long`).to.be.below(timeout * 1000 + SLACK_MS);
      }
      const asleep = await within(early!, 20_000, 'the getter that was asleep when the holder died');
      expect(asleep.outcome).to.equal('SyncQueueEmpty');
      expect(asleep.ms).to.be.below(1_500 + SLACK_MS);
    });

    it('asyncQ calls with a signal reject with its reason when it aborts, on this thread and in a worker, even one already waiting', async function () {
      this.timeout(60_000);
      const ms = 200;
      const waiting = new AbortController();
      let pending: Promise<{ value?: number; error?: unknown }> | undefined;
      let there: Promise<Array<{ op: string; outcome: string; ms: number }>> | undefined;
      const queue = await stuckQueue(async (q, ready) => {
        pending = outcome(q.asyncQ.get({ signal: waiting.signal }));
        await until(
          () => blocked(q, 'notEmpty', 'async', 1),
          () => `the early async getter to wait: ${snapshot(q)}`,
        );
        there = crew.start<Array<{ op: string; outcome: string; ms: number }>>('signalledCalls', {
          handle: q.handle,
          ms,
          ready,
        }).result;
        await until(
          () => Atomics.load(new Int32Array(ready), 0) === 1,
          () => 'the worker to attach',
        );
      });
      const reason = new Error('gave up on a dead lock');
      const abortedAt = performance.now();
      waiting.abort(reason);
      const early = await within(pending!, 10_000, 'the async getter that was waiting when the holder died');
      expect(early.error).to.equal(reason);
      expect(performance.now() - abortedAt).to.be.below(SLACK_MS);

      const calls: Array<[string, (signal: AbortSignal) => Promise<unknown>]> = [
        ['get', (signal) => queue.asyncQ.get({ signal })],
        ['put', (signal) => queue.asyncQ.put(1, { signal })],
        ['peek', (signal) => queue.asyncQ.peek({ signal })],
        ['join', (signal) => queue.asyncQ.join({ signal })],
      ];
      const started = performance.now();
      const here = await within(
        Promise.all(calls.map(([, call]) => outcome(call(AbortSignal.timeout(ms))))),
        20_000,
        "this thread's calls with signals",
      );
      for (const [i, [op]] of calls.entries())
        expect(here[i].error, `asyncQ.${op}`).to.have.property('name', 'TimeoutError');
      expect(performance.now() - started).to.be.below(ms + SLACK_MS);
      for (const call of await within(there!, 20_000, "a worker's calls with signals")) {
        expect(call.outcome, `asyncQ.${call.op} in a worker`).to.equal('TimeoutError');
        expect(call.ms, `asyncQ.${call.op} in a worker`).to.be.below(ms + SLACK_MS);
      }
    });

    it('a thread that attaches after the holder died is not stuck in Queue.from: it attaches (or says the lock is stuck) in bounded time', async function () {
      this.timeout(60_000);
      const queue = await stuckQueue(() => {});
      const attach = crew.start<{ ms: number; threw?: string }>('attachOnly', { handle: queue.handle });
      const attached = await within(
        attach.result,
        5_000,
        'Queue.from(handle) in a new worker, on a queue locked by a dead worker',
      );
      if (attached.threw !== undefined) {
        // Detected: from() refuses a queue whose lock stays held, and says why.
        expect(attached.threw).to.match(/lock/i);
        return;
      }
      const timed = await within(
        crew.start<Timed>('timedCall', { handle: queue.handle, op: 'get', timeout: 0.2 }).result,
        10_000,
        'a timed get after attaching',
      );
      expect(timed.outcome).to.equal('SyncQueueEmpty');
      expect(timed.ms).to.be.below(200 + SLACK_MS);
    });
  });
});
