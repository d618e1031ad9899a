import { expect } from 'chai';
import sinon from 'sinon';
import { ASYNC, Condition, SEQ, SIGNALS, SYNC, WAITERS } from '../../lib/primitives/condition.js';
import { Mutex } from '../../lib/primitives/mutex.js';
import { now } from '../../lib/primitives/platform.js';
import { delay, rejection, within } from '../support/promises.js';
import { settles, spawn, until, type Running } from './helpers.js';
import { waitAsyncBare, waitAsyncLocked } from './async-call.js';
import { attach, newBuffer, W, type Prims } from './layout.js';

const PLATFORM_TASKS = new URL('./platform-tasks.js', import.meta.url);

/** Notifies `cond` (or all its waiters) under the mutex. */
function notify(p: Prims, all = false, cond = p.cond): void {
  p.mutex.lock();
  if (all) cond.notifyAll();
  else cond.notify();
  p.mutex.unlock();
}

/** How an async waiter waits: as an async call (the default) or by the bare condition protocol. */
type AsyncWait = typeof waitAsyncLocked;

/** Async waiters of this thread that record their wake-up order and release the mutex. */
function asyncWaiters(
  p: Prims,
  names: string[],
  signals: Record<string, AbortSignal> = {},
  wait: AsyncWait = waitAsyncLocked,
) {
  const order: string[] = [];
  const outcomes = names.map((name) => {
    p.mutex.lock();
    return wait(p.cond, p.mutex, signals[name]).then(
      () => {
        order.push(name);
        p.mutex.unlock();
      },
      (error: unknown) => {
        order.push(`${name}!`);
        throw error;
      },
    );
  });
  for (const outcome of outcomes) outcome.catch(() => {});
  return { order, outcomes };
}

/** Ends every still-pending async waiter of `p.cond` (a pending one holds the event loop). */
async function release(p: Prims, outcomes: Promise<unknown>[]): Promise<void> {
  notify(p, true);
  await within(Promise.allSettled(outcomes), 5000, 'releasing async waiters');
}

/**
 * Stubs `p.mutex.unlock` so that its first call, right after it releases the
 * mutex, notifies `p.cond` as another thread would (taking the mutex for it).
 * `count()` is the number of `unlock` calls made through the stub;
 * `restore()` puts the real `unlock` back.
 */
function notifyAfterFirstUnlock(p: Prims): { count: () => number; restore: () => void } {
  let calls = 0;
  const stub = sinon.stub(p.mutex, 'unlock').callsFake(function (this: Mutex) {
    Mutex.prototype.unlock.call(this);
    if (calls++ === 0) {
      p.mutex.lock();
      p.cond.notify();
      Mutex.prototype.unlock.call(p.mutex);
    }
  });
  return { count: () => calls, restore: () => stub.restore() };
}

/**
 * Runs `body` with a worker running `task` over a fresh buffer and this
 * thread's async waiters `names` (see `asyncWaiters`; made just after the
 * worker is started, or just before with `waitersFirst`), once the worker has
 * set W.REGISTERED (`registered` says what is awaited); then, pass or fail,
 * releases the waiters and stops the worker.
 */
async function withWorkerAndWaiters<R>(
  setup: {
    task: string;
    names: string[];
    signals?: Record<string, AbortSignal>;
    wait?: AsyncWait;
    waitersFirst?: boolean;
    registered: string;
  },
  body: (run: { p: Prims; worker: Running<R>; order: string[]; outcomes: Promise<void>[] }) => Promise<void>,
): Promise<void> {
  const sab = newBuffer();
  const p = attach(sab);
  const early = setup.waitersFirst ? asyncWaiters(p, setup.names, setup.signals, setup.wait) : undefined;
  const worker = spawn<R>(setup.task, { sab });
  const { order, outcomes } = early ?? asyncWaiters(p, setup.names, setup.signals, setup.wait);
  try {
    await until(() => Atomics.load(p.words, W.REGISTERED) === 1, setup.registered);
    await body({ p, worker, order, outcomes });
  } finally {
    await release(p, outcomes);
    await worker.stop();
  }
}

describe('primitives/Condition', function () {
  this.timeout(60_000);

  it('occupies six words and a notify with no waiter changes nothing', () => {
    const p = attach(newBuffer());
    expect(Condition.WORDS).to.equal(6);
    const before = Array.from(p.words);
    notify(p);
    notify(p, true);
    expect(Array.from(p.words)).to.deep.equal(before);
  });

  describe('sync wait', () => {
    it('honours its deadline: returns true, with the mutex, when not notified', () => {
      const p = attach(newBuffer());
      p.mutex.lock();
      const start = now();
      expect(p.cond.wait(now() + 40, Infinity)).to.equal(true);
      expect(now() - start).to.be.greaterThan(30);
      expect(p.mutex.tryLock()).to.equal(false); // it holds the mutex again
      expect(p.cond.wait(now() - 5, now() + 1000)).to.equal(true); // a past deadline: no sleep
      p.mutex.unlock();
      expect(p.words[W.COND + SYNC + WAITERS]).to.equal(0); // no waiter left registered
    });

    it('returns false, without the mutex, when the mutex is not back by its lock deadline', async () => {
      const sab = newBuffer();
      const p = attach(sab);
      p.mutex.lock();
      const holder = spawn<string>('holdLock', { sab });
      try {
        await until(() => Atomics.load(p.words, W.STARTED) === 1, 'the holder to start');
        await delay(20); // the holder now waits for the mutex, which this thread gives up in wait()
        expect(p.cond.wait(now() + 100, now() + 200)).to.equal(false);
        expect(Atomics.load(p.words, W.READY)).to.equal(1); // the holder has it
        Atomics.store(p.words, W.RELEASE, 1);
        Atomics.notify(p.words, W.RELEASE);
        expect(await within(holder.result, 5000, 'holder')).to.equal('released');
      } finally {
        await holder.stop();
      }
    });

    it('is woken by a notify from another thread before its deadline', async () => {
      const sab = newBuffer();
      const p = attach(sab);
      const notifier = spawn<string>('notifyLater', { sab, ms: 50 });
      try {
        p.mutex.lock();
        const start = now();
        expect(p.cond.wait(now() + 20_000, Infinity)).to.equal(true);
        expect(now() - start).to.be.lessThan(10_000);
        p.mutex.unlock();
        expect(await within(notifier.result, 5000, 'notifier')).to.equal('notified');
      } finally {
        await notifier.stop();
      }
    });

    it('does not lose a notify that lands between its unlock and its sleep', () => {
      const p = attach(newBuffer());
      const unlocks = notifyAfterFirstUnlock(p);
      try {
        p.mutex.lock();
        const seq = p.words[W.COND + SYNC + SEQ];
        const start = now();
        expect(p.cond.wait(now() + 10_000, Infinity)).to.equal(true);
        expect(now() - start).to.be.lessThan(5000); // woken, not timed out
        expect(p.words[W.COND + SYNC + SEQ]).to.equal(seq + 1);
        Mutex.prototype.unlock.call(p.mutex);
      } finally {
        unlocks.restore();
      }
      expect(unlocks.count()).to.equal(1);
    });

    it('a notify wakes exactly one of several sleeping waiters; notifyAll wakes the rest', async () => {
      const sab = newBuffer();
      const p = attach(sab);
      const waiters = [0, 1, 2].map(() => spawn<boolean>('syncWaiter', { sab }));
      try {
        await until(() => Atomics.load(p.words, W.REGISTERED) === 3, 'three waiters');
        await delay(150); // let the last of them fall asleep
        notify(p);
        await until(() => Atomics.load(p.words, W.WOKEN) >= 1, 'one waiter to wake');
        await delay(150);
        expect(Atomics.load(p.words, W.WOKEN)).to.equal(1);
        notify(p);
        await until(() => Atomics.load(p.words, W.WOKEN) >= 2, 'a second waiter to wake');
        await delay(150);
        expect(Atomics.load(p.words, W.WOKEN)).to.equal(2);
        notify(p, true);
        const results = await within(Promise.all(waiters.map((w) => w.result)), 10_000, 'waiters');
        expect(results).to.deep.equal([true, true, true]);
        expect(Atomics.load(p.words, W.WOKEN)).to.equal(3);
        expect(p.words[W.COND + SYNC + WAITERS]).to.equal(0);
        expect(p.words[W.COND + SYNC + SIGNALS]).to.equal(0);
      } finally {
        await Promise.all(waiters.map((w) => w.stop()));
      }
    });

    it('ping-pongs 20,000 rounds between two threads without a lost wake-up', async () => {
      const sab = newBuffer();
      const p = attach(sab);
      const rounds = 20_000;
      const players = [0, 1].map((me) => spawn<number>('pingPong', { sab, rounds, me }));
      try {
        const done = await within(Promise.all(players.map((w) => w.result)), 50_000, 'ping-pong');
        expect(done).to.deep.equal([rounds, rounds]);
        expect(p.words[W.COUNTER]).to.equal(2 * rounds);
        expect(p.words[W.TURN]).to.equal(0);
      } finally {
        await Promise.all(players.map((w) => w.stop()));
      }
    });

    /** Whether `word` went from `start` past the wrap-around `crossed` says, by more than 50. */
    const wrapped = (word: number, start: number, crossed: (word: number) => boolean): boolean =>
      crossed(word) && ((word - start) | 0) > 50 && ((word - start) | 0) < 1 << 20;
    for (const [name, start, crossed] of [
      // int32 0x7fffffff + 1 is -2^31; as unsigned, 2^32 - 1 + 1 is 0
      ['2^31', 0x7fffffff - 50, (word: number) => word < 0],
      ['2^32 - 1', -50, (word: number) => word > 0],
    ] as const) {
      it(`keeps working when its sequence words wrap around (started near ${name})`, async () => {
        const sab = newBuffer();
        const p = attach(sab);
        p.words[W.COND + SYNC + SEQ] = start;
        p.words[W.COND + ASYNC + SEQ] = start;
        const rounds = 200;
        const players = [0, 1].map((me) => spawn<number>('pingPong', { sab, rounds, me }));
        try {
          const done = await within(Promise.all(players.map((w) => w.result)), 30_000, 'ping-pong');
          expect(done).to.deep.equal([rounds, rounds]);
        } finally {
          await Promise.all(players.map((w) => w.stop()));
        }
        // The sync sequence crossed the boundary.
        expect(
          wrapped(p.words[W.COND + SYNC + SEQ], start, crossed),
          `sync seq ${p.words[W.COND + SYNC + SEQ]}`,
        ).to.equal(true);
        // The async side across the same boundary: a worker's sync waits against this thread's async ones.
        // Each round hands the turn over and starts waiting under one hold of the lock, so every round
        // waits (and advances the async sequence) however the two threads are scheduled.
        p.words[W.TURN] = 1;
        const pong = spawn<number>('pingPong', { sab, rounds, me: 0 });
        try {
          for (let r = 0; r < rounds; r++) {
            p.mutex.lock();
            p.words[W.TURN] = 0;
            p.cond.notify();
            while (p.words[W.TURN] !== 1) await within(waitAsyncLocked(p.cond, p.mutex), 10_000, `async round ${r}`);
            p.mutex.unlock();
          }
          expect(await within(pong.result, 10_000, 'pong')).to.equal(rounds);
        } finally {
          await pong.stop();
        }
        expect(
          wrapped(p.words[W.COND + ASYNC + SEQ], start, crossed),
          `async seq ${p.words[W.COND + ASYNC + SEQ]}`,
        ).to.equal(true);
      });
    }
  });

  describe('async wait', () => {
    it('waits without blocking the event loop and resumes on a notify from another thread', async () => {
      const sab = newBuffer();
      const p = attach(sab);
      let ticks = 0;
      const interval = setInterval(() => ticks++, 2);
      const notifier = spawn<string>('notifyLater', { sab, ms: 100 });
      try {
        p.mutex.lock();
        await within(waitAsyncLocked(p.cond, p.mutex), 10_000, 'waitAsync');
        expect(p.mutex.tryLock()).to.equal(false); // resumed with the mutex held
        p.mutex.unlock();
        expect(ticks).to.be.greaterThan(3);
        expect(await within(notifier.result, 5000, 'notifier')).to.equal('notified');
      } finally {
        clearInterval(interval);
        await notifier.stop();
      }
    });

    it('does not lose a notify that lands between its unlock and its watch', async () => {
      const p = attach(newBuffer());
      const unlocks = notifyAfterFirstUnlock(p);
      let woken: Promise<void>;
      try {
        p.mutex.lock();
        woken = waitAsyncLocked(p.cond, p.mutex);
      } finally {
        unlocks.restore();
      }
      const resumed = await settles(woken, 5000);
      if (!resumed) await release(p, [woken]);
      expect(resumed).to.equal(true);
      p.mutex.unlock();
      expect(unlocks.count()).to.equal(1);
    });

    it('a notify resumes one async waiter of a thread, first come first served; notifyAll the rest', async () => {
      const p = attach(newBuffer());
      const { order, outcomes } = asyncWaiters(p, ['a', 'b', 'c', 'd']);
      try {
        notify(p);
        await until(() => order.length >= 1, 'a waiter to resume');
        await delay(30);
        expect(order).to.deep.equal(['a']);
        notify(p);
        await until(() => order.length >= 2, 'a second waiter to resume');
        await delay(30);
        expect(order).to.deep.equal(['a', 'b']);
        notify(p, true);
        await within(Promise.all(outcomes), 5000, 'waiters');
        expect(order).to.deep.equal(['a', 'b', 'c', 'd']);
        expect(p.words[W.COND + ASYNC + WAITERS]).to.equal(0);
        expect(p.words[W.COND + ASYNC + SIGNALS]).to.equal(0);
      } finally {
        await release(p, outcomes);
      }
    });

    it('a notify wakes one sync and one async waiter at once', async () => {
      await withWorkerAndWaiters<boolean>(
        { task: 'syncWaiter', names: ['async'], registered: 'the sync waiter' },
        async ({ p, worker: sync, order, outcomes }) => {
          await delay(100);
          notify(p);
          expect(await within(sync.result, 5000, 'sync waiter')).to.equal(true);
          await within(outcomes[0], 5000, 'async waiter');
          expect(order).to.deep.equal(['async']);
        },
      );
    });

    it('an aborted bare waiter resolves (with the mutex) and does not swallow the next notify in its thread', async () => {
      const p = attach(newBuffer());
      const controller = new AbortController();
      const { order, outcomes } = asyncWaiters(
        p,
        ['cancelled', 'other'],
        { cancelled: controller.signal },
        waitAsyncBare,
      );
      try {
        controller.abort(new Error('cancelled'));
        await within(outcomes[0], 5000, 'aborted waiter');
        expect(order).to.deep.equal(['cancelled']);
        notify(p);
        await within(outcomes[1], 5000, 'the other waiter');
        expect(order).to.deep.equal(['cancelled', 'other']);
        expect(p.words[W.COND + ASYNC + WAITERS]).to.equal(0);
        expect(p.words[W.COND + ASYNC + SIGNALS]).to.equal(0);
      } finally {
        await release(p, outcomes);
      }
    });

    it('an already-aborted signal resumes a bare waiter at once, and rejects an async call at once, without the mutex', async () => {
      const p = attach(newBuffer());
      const bare = asyncWaiters(p, ['x'], { x: AbortSignal.abort() }, waitAsyncBare);
      const reason = new Error('aborted before');
      const call = asyncWaiters(p, ['y'], { y: AbortSignal.abort(reason) });
      try {
        await within(bare.outcomes[0], 5000, 'aborted waiter');
        expect(bare.order).to.deep.equal(['x']);
        expect(await rejection(within(call.outcomes[0], 5000, 'aborted call'))).to.equal(reason);
        expect(call.order).to.deep.equal(['y!']);
        expect(p.mutex.tryLock(), 'the mutex is free').to.equal(true);
        p.mutex.unlock();
        expect(p.words[W.COND + ASYNC + WAITERS]).to.equal(0);
        expect(p.words[W.COND + ASYNC + SIGNALS]).to.equal(0);
      } finally {
        await release(p, [...bare.outcomes, ...call.outcomes]);
      }
    });

    it('an aborted bare waiter in another thread does not swallow the wake-up of one in this thread', async () => {
      const setup = {
        task: 'abortedThenAsyncWaiter',
        names: ['main'],
        registered: 'the worker to abort its first waiter',
      };
      await withWorkerAndWaiters<string>(setup, async ({ p, worker: other, order, outcomes }) => {
        notify(p); // one notify: both threads' remaining waiters may wake; this thread's must
        await within(outcomes[0], 5000, 'main waiter');
        expect(order).to.deep.equal(['main']);
        expect(await within(other.result, 5000, 'worker waiter')).to.equal('woken');
      });
    });

    it('an aborted bare waiter in this thread does not swallow the wake-up of one in another thread', async () => {
      const controller = new AbortController();
      const setup = {
        task: 'asyncWaiter',
        names: ['cancelled'],
        signals: { cancelled: controller.signal },
        wait: waitAsyncBare,
        waitersFirst: true,
        registered: 'the worker waiter',
      };
      await withWorkerAndWaiters<string>(setup, async ({ p, worker: other, order, outcomes }) => {
        controller.abort(new Error('cancelled'));
        await within(outcomes[0], 5000, 'aborted waiter');
        expect(order).to.deep.equal(['cancelled']);
        notify(p);
        expect(await within(other.result, 5000, 'worker waiter')).to.equal('woken');
      });
    });

    it('retakes a busy mutex on timers after its wake-up', async () => {
      const p = attach(newBuffer());
      const { order, outcomes } = asyncWaiters(p, ['w']);
      try {
        p.mutex.lock();
        p.cond.notify(); // the waiter resumes while the mutex stays held
        await delay(30);
        expect(order).to.deep.equal([]);
        p.mutex.unlock();
        await within(outcomes[0], 5000, 'waiter');
        expect(order).to.deep.equal(['w']);
      } finally {
        await release(p, outcomes);
      }
    });

    it('rejects with the reason, without the mutex, when aborted while it retakes a busy mutex', async () => {
      const p = attach(newBuffer());
      const controller = new AbortController();
      const { order, outcomes } = asyncWaiters(p, ['w'], { w: controller.signal });
      try {
        p.mutex.lock(); // held as by another thread, for the whole wait
        await delay(10);
        const reason = new Error('cancelled');
        controller.abort(reason);
        expect(await rejection(within(outcomes[0], 5000, 'waiter'))).to.equal(reason);
        expect(order).to.deep.equal(['w!']);
        p.mutex.unlock();
      } finally {
        await release(p, outcomes);
      }
    });

    it('a waiter aborted while it retakes the mutex after a notify passes that wake-up on', async () => {
      // The notifier holds the mutex a while after notifying (as a thread that
      // notifies and then copies a large item would); the woken waiter is
      // cancelled while it polls for the mutex. The notify was for one waiter
      // and another one waits: it must be woken, not left waiting forever.
      const sab = newBuffer();
      const p = attach(sab);
      const controller = new AbortController();
      const { order, outcomes } = asyncWaiters(p, ['first', 'second'], { first: controller.signal });
      const notifier = spawn<string>('notifyAndHold', { sab });
      try {
        await until(() => Atomics.load(p.words, W.READY) === 1, 'the notify');
        await delay(30); // 'first' resumed and polls for the mutex
        controller.abort(new Error('cancelled'));
        await settles(outcomes[0], 5000);
        Atomics.store(p.words, W.RELEASE, 1);
        Atomics.notify(p.words, W.RELEASE);
        expect(await within(notifier.result, 5000, 'notifier')).to.equal('released');
        const secondWoken = await settles(outcomes[1], 2000);
        expect(order[0]).to.equal('first!');
        expect(secondWoken, 'the other waiter was woken by the only notify').to.equal(true);
      } finally {
        Atomics.store(p.words, W.RELEASE, 1);
        Atomics.notify(p.words, W.RELEASE);
        await notifier.stop();
        await release(p, outcomes);
      }
    });

    it('notifyAll wakes every sync and async waiter in every thread', async () => {
      const sab = newBuffer();
      const p = attach(sab);
      const workers: Running<unknown>[] = [
        spawn('syncWaiter', { sab }),
        spawn('syncWaiter', { sab }),
        spawn('asyncWaiter', { sab }),
        spawn('asyncWaiter', { sab }),
      ];
      const { order, outcomes } = asyncWaiters(p, ['m1', 'm2', 'm3']);
      try {
        await until(() => Atomics.load(p.words, W.REGISTERED) === 4, 'the worker waiters');
        await delay(100);
        notify(p, true);
        const results = await within(Promise.all(workers.map((w) => w.result)), 10_000, 'worker waiters');
        expect(results).to.deep.equal([true, true, 'woken', 'woken']);
        await within(Promise.all(outcomes), 5000, 'main waiters');
        // Resumed in turn, they retake the mutex in any order: one that finds a
        // worker holding it past its slice retries on a timer (seen on Bun).
        expect([...order].sort()).to.deep.equal(['m1', 'm2', 'm3']);
        expect([p.words[W.COND + SYNC + WAITERS], p.words[W.COND + SYNC + SIGNALS]]).to.deep.equal([0, 0]);
        expect([p.words[W.COND + ASYNC + WAITERS], p.words[W.COND + ASYNC + SIGNALS]]).to.deep.equal([0, 0]);
      } finally {
        await release(p, outcomes);
        await Promise.all(workers.map((w) => w.stop()));
      }
    });

    it("two conditions on one mutex do not wake each other's waiters", async () => {
      const p = attach(newBuffer());
      const { order, outcomes } = asyncWaiters(p, ['on-cond']);
      try {
        notify(p, true, p.cond2);
        await delay(30);
        expect(order).to.deep.equal([]);
        notify(p);
        await within(outcomes[0], 5000, 'waiter');
        expect(order).to.deep.equal(['on-cond']);
      } finally {
        await release(p, outcomes);
      }
    });

    it("ping-pongs between a worker's sync waits and this thread's async waits", async () => {
      const sab = newBuffer();
      const p = attach(sab);
      const rounds = 3000;
      const pong = spawn<number>('pingPong', { sab, rounds, me: 0 });
      try {
        for (let r = 0; r < rounds; r++) {
          p.mutex.lock();
          while (p.words[W.TURN] !== 1) await within(waitAsyncLocked(p.cond, p.mutex), 10_000, `round ${r}`);
          p.words[W.TURN] = 0;
          p.words[W.COUNTER]++;
          p.cond.notify();
          p.mutex.unlock();
        }
        expect(await within(pong.result, 10_000, 'pong')).to.equal(rounds);
        expect(p.words[W.COUNTER]).to.equal(2 * rounds);
      } finally {
        await pong.stop();
      }
    });

    it('still resumes where Atomics.waitAsync is missing (polling fallback, in a worker)', async () => {
      const sab = newBuffer();
      const p = attach(sab);
      const waiter = spawn<{ hadWaitAsync: boolean; woken: boolean }>(
        'asyncWaitWithoutWaitAsync',
        { sab },
        PLATFORM_TASKS,
      );
      try {
        await until(() => Atomics.load(p.words, W.REGISTERED) === 1, 'the waiter');
        await delay(50);
        expect(Atomics.load(p.words, W.WOKEN)).to.equal(0);
        notify(p);
        expect(await within(waiter.result, 10_000, 'waiter')).to.deep.equal({ hadWaitAsync: false, woken: true });
      } finally {
        await waiter.stop();
      }
    });
  });
});
