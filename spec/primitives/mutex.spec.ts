import { expect } from 'chai';
import { Mutex } from '../../lib/primitives/mutex.js';
import { now } from '../../lib/primitives/platform.js';
import { delay, rejection, within } from '../support/promises.js';
import { runTask, spawn, until } from './helpers.js';
import { attach, newBuffer, W } from './layout.js';
import { lockAsync } from './async-call.js';

const PLATFORM_TASKS = new URL('./platform-tasks.js', import.meta.url);

describe('primitives/Mutex', function () {
  this.timeout(60_000);

  describe('in one thread', () => {
    it('tryLock takes a free lock once and fails while it is held', () => {
      const { mutex, words } = attach(newBuffer());
      expect(mutex.tryLock()).to.equal(true);
      expect(words[W.MUTEX]).to.not.equal(0);
      expect(mutex.tryLock()).to.equal(false);
      mutex.unlock();
      expect(words[W.MUTEX]).to.equal(0);
      expect(mutex.tryLock()).to.equal(true);
      mutex.unlock();
    });

    it('uses only its own word', () => {
      const words = new Int32Array(new SharedArrayBuffer(16));
      const a = new Mutex(words, 1);
      const b = new Mutex(words, 2);
      expect(a.tryLock()).to.equal(true);
      expect(b.tryLock()).to.equal(true);
      expect(Array.from(words)).to.deep.equal([0, 1, 1, 0]);
      a.unlock();
      b.unlock();
      expect(Mutex.WORDS).to.equal(1);
    });

    it('lockUntil, lockWithin and lock take a free lock at once', () => {
      const { mutex } = attach(newBuffer());
      expect(mutex.lockUntil(now() - 1000)).to.equal(true); // a past deadline does not matter when it is free
      mutex.unlock();
      expect(mutex.lockWithin(0)).to.equal(true);
      mutex.unlock();
      mutex.lock();
      expect(mutex.tryLock()).to.equal(false);
      mutex.unlock();
    });

    it('lockUntil and lockWithin give up at their deadline while the lock is held', () => {
      const { mutex } = attach(newBuffer());
      mutex.lock();
      const start = now();
      expect(mutex.lockUntil(now() + 30)).to.equal(false);
      expect(now() - start).to.be.greaterThan(20);
      expect(mutex.lockUntil(now() - 1)).to.equal(false);
      expect(mutex.lockWithin(10)).to.equal(false);
      mutex.unlock();
      expect(mutex.tryLock()).to.equal(true); // still usable after the timed-out attempts
      mutex.unlock();
    });

    it('an async call (AsyncCall) takes a free lock without waiting', async () => {
      const { mutex } = attach(newBuffer());
      await lockAsync(mutex);
      expect(mutex.tryLock()).to.equal(false);
      mutex.unlock();
    });

    it('an async call (AsyncCall) rejects with the signal reason on abort while the lock is held', async () => {
      const { mutex } = attach(newBuffer());
      mutex.lock();
      const controller = new AbortController();
      const pending = lockAsync(mutex, controller.signal);
      await delay(20);
      const reason = new Error('stop');
      controller.abort(reason);
      expect(await rejection(pending)).to.equal(reason);

      const already = AbortSignal.abort(new RangeError('before'));
      const error = await rejection(lockAsync(mutex, already));
      expect(error).to.be.instanceOf(RangeError);
      mutex.unlock();
      expect(mutex.tryLock()).to.equal(true); // the aborted lockers took nothing
      mutex.unlock();
    });

    it('an async call (AsyncCall) keeps the event loop running while it waits, and gets the lock once it is released', async () => {
      const { mutex } = attach(newBuffer());
      mutex.lock();
      let ticks = 0;
      const interval = setInterval(() => ticks++, 2);
      let took = false;
      const pending = lockAsync(mutex).then(() => {
        took = true;
      });
      try {
        await until(() => ticks >= 5, 'timer ticks while lockAsync waits');
        expect(took).to.equal(false);
        mutex.unlock();
        await within(pending, 5000, 'lockAsync');
        expect(took).to.equal(true);
        expect(mutex.tryLock()).to.equal(false);
        mutex.unlock();
      } finally {
        clearInterval(interval);
      }
    });
  });

  describe('across threads', () => {
    it('excludes: workers and the main thread increment a plain counter under the lock, none lost', async () => {
      const sab = newBuffer();
      const { words, mutex } = attach(sab);
      const n = 20_000;
      const modes = ['lock', 'lockUntil', 'lockWithin', 'tryLock', 'async'];
      const workers = modes.map((mode) => spawn<number>('increment', { sab, n, mode }));
      try {
        await until(() => Atomics.load(words, W.STARTED) >= 2, 'workers to start');
        // The main thread joins in with async lockers, mixed with the sync ones.
        const mainN = 2000;
        for (let i = 0; i < mainN; i++) {
          if (!mutex.lockWithin(0)) await lockAsync(mutex);
          const value = words[W.COUNTER];
          words[W.COUNTER] = value + 1;
          mutex.unlock();
          if (i % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
        }
        const done = await within(Promise.all(workers.map((w) => w.result)), 50_000, 'incrementing workers');
        expect(done).to.deep.equal(modes.map(() => n));
        expect(words[W.COUNTER]).to.equal(modes.length * n + mainN);
        expect(words[W.MUTEX]).to.equal(0);
      } finally {
        await Promise.all(workers.map((w) => w.stop()));
      }
    });

    it('lockUntil returns false while another thread holds the lock, and lock() waits for its release', async () => {
      const sab = newBuffer();
      const { words, mutex } = attach(sab);
      const holder = spawn<string>('holdLock', { sab });
      try {
        await until(() => Atomics.load(words, W.READY) === 1, 'the holder to lock');
        expect(mutex.tryLock()).to.equal(false);
        expect(mutex.lockUntil(now() + 50)).to.equal(false);
        expect(mutex.lockWithin(20)).to.equal(false);
        Atomics.store(words, W.RELEASE, 1);
        Atomics.notify(words, W.RELEASE);
        mutex.lock(); // sleeps until the holder unlocks (the holder notifies: the word is contended)
        expect(await within(holder.result, 5000, 'holder')).to.equal('released');
        expect(mutex.tryLock()).to.equal(false);
        mutex.unlock();
        expect(words[W.MUTEX]).to.equal(0);
      } finally {
        await holder.stop();
      }
    });

    it("a sleeping lock() is woken by the holder's unlock", async () => {
      const sab = newBuffer();
      const { words, mutex } = attach(sab);
      const holder = spawn<string>('holdLock', { sab, ms: 150 });
      try {
        await until(() => Atomics.load(words, W.READY) === 1, 'the holder to lock');
        mutex.lock(); // blocks this thread until the holder's 150 ms are over
        expect(await within(holder.result, 5000, 'holder')).to.equal('released');
        mutex.unlock();
      } finally {
        await holder.stop();
      }
    });

    it('an async call (AsyncCall) waits for another thread without blocking the event loop', async () => {
      const sab = newBuffer();
      const { words, mutex } = attach(sab);
      const holder = spawn<string>('holdLock', { sab });
      let ticks = 0;
      const interval = setInterval(() => ticks++, 2);
      try {
        await until(() => Atomics.load(words, W.READY) === 1, 'the holder to lock');
        let took = false;
        const pending = lockAsync(mutex).then(() => {
          took = true;
        });
        const before = ticks;
        await until(() => ticks >= before + 5, 'timer ticks while lockAsync waits');
        expect(took).to.equal(false);
        Atomics.store(words, W.RELEASE, 1);
        Atomics.notify(words, W.RELEASE);
        await within(pending, 5000, 'lockAsync');
        expect(took).to.equal(true);
        mutex.unlock();
        expect(await within(holder.result, 5000, 'holder')).to.equal('released');
      } finally {
        clearInterval(interval);
        await holder.stop();
      }
    });

    it('a lock held by a terminated worker stays held: timed lockers give up, signalled ones reject', async () => {
      const sab = newBuffer();
      const { words, mutex } = attach(sab);
      const holder = spawn<string>('holdLock', { sab });
      try {
        await until(() => Atomics.load(words, W.READY) === 1, 'the holder to lock');
      } finally {
        await holder.stop(); // terminated while it holds the lock
      }
      expect(words[W.MUTEX]).to.not.equal(0);
      expect(mutex.tryLock()).to.equal(false);
      expect(mutex.lockUntil(now() + 50)).to.equal(false);
      expect(mutex.lockWithin(20)).to.equal(false);
      const timedOut = await rejection(within(lockAsync(mutex, AbortSignal.timeout(100)), 10_000, 'lockAsync'));
      expect((timedOut as Error).name).to.equal('TimeoutError');
      const reason = new Error('gave up');
      const aborted = await rejection(within(lockAsync(mutex, AbortSignal.abort(reason)), 10_000, 'lockAsync'));
      expect(aborted).to.equal(reason);
    });

    describe('where the thread cannot block (Atomics.wait throws)', () => {
      it('a timed lock gives up at its deadline and an untimed one throws instead of hanging', async () => {
        const sab = newBuffer();
        const words = new Int32Array(sab);
        words[W.MUTEX] = 1; // held by "another thread" for the whole test
        const result = await runTask<{ canBlock: boolean; timed: boolean; error: string }>(
          'spinWhileHeld',
          { sab },
          PLATFORM_TASKS,
        );
        expect(result.canBlock).to.equal(false);
        expect(result.timed).to.equal(false);
        expect(result.error).to.match(/cannot block/);
        expect(result.error).to.match(/terminated while holding/);
      });

      it('a spinning lock takes the lock once the holder releases it', async () => {
        const sab = newBuffer();
        const words = new Int32Array(sab);
        const mutex = new Mutex(words, W.MUTEX);
        mutex.lock();
        const task = spawn<{ canBlock: boolean; took: boolean; message: string }>(
          'spinUntilReleased',
          { sab },
          PLATFORM_TASKS,
        );
        try {
          await until(() => Atomics.load(words, W.STARTED) === 1, 'the spinner to start');
          await delay(20);
          mutex.unlock();
          const result = await within(task.result, 10_000, 'spinner');
          expect(result.canBlock).to.equal(false);
          expect(result.took).to.equal(true);
          expect(result.message).to.match(/use queue\.asyncQ/);
          expect(words[W.MUTEX]).to.equal(0);
        } finally {
          await task.stop();
        }
      });
    });
  });
});
