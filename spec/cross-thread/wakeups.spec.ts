/**
 * Blocked callers waking across threads: shutdown, timeouts, and cancelled
 * async waiters that must not steal items or wake-ups.
 */
import { expect } from 'chai';
import { AsyncQueueShutDown, Queue } from '../../lib/index.js';
import { delay, pending, within } from '../support/promises.js';
import { inWorker, startTask } from '../support/workers.js';

const tasks = new URL('./tasks.js', import.meta.url);

describe('cross-thread wake-ups', () => {
  it('shutdown() from main wakes a worker blocked in get with SyncQueueShutDown', async () => {
    const queue = new Queue<number>();
    const getter = startTask(tasks, 'getOnce', { handle: queue.handle });
    await delay(100);
    queue.shutdown();
    expect(await getter.result).to.include({ threw: 'SyncQueueShutDown' });
  });

  it('shutdown() from main wakes a worker blocked in put with SyncQueueShutDown', async () => {
    const queue = new Queue<number>(1);
    queue.syncQ.put(0);
    const putter = startTask(tasks, 'putOnce', { handle: queue.handle, from: 1 });
    await delay(100);
    queue.shutdown();
    expect(await putter.result).to.include({ threw: 'SyncQueueShutDown' });
    expect(queue.syncQ.qsize()).to.equal(1);
  });

  it('shutdown() from a worker wakes main asyncQ getters and putters with AsyncQueueShutDown', async () => {
    const empty = new Queue<number>();
    const full = new Queue<number>(1);
    full.syncQ.put(0);
    const getting = empty.asyncQ.get().catch((e: unknown) => e);
    const putting = full.asyncQ.put(1).catch((e: unknown) => e);
    await inWorker(tasks, 'shutDown', { handle: empty.handle });
    await inWorker(tasks, 'shutDown', { handle: full.handle });
    expect(await getting).to.be.instanceOf(AsyncQueueShutDown);
    expect(await putting).to.be.instanceOf(AsyncQueueShutDown);
  });

  it('shutdown(true) from a worker releases a main-thread join and drops the items', async () => {
    const queue = new Queue<number>();
    queue.asyncQ.putNowait(1);
    queue.asyncQ.putNowait(2);
    const joined = queue.asyncQ.join();
    await inWorker(tasks, 'shutDown', { handle: queue.handle, block: true });
    await joined;
    expect(queue.asyncQ.qsize()).to.equal(0);
    expect(queue.asyncQ.unfinishedTasks).to.equal(0);
  });

  it('shutdown() lets workers drain what is left, then they stop', async () => {
    const queue = new Queue<number>();
    for (let i = 0; i < 10; i++) queue.syncQ.put(i);
    queue.shutdown();
    expect(await inWorker(tasks, 'drain', { handle: queue.handle })).to.deep.equal([...Array(10).keys()]);
  });

  it('a timed get in a worker throws SyncQueueEmpty after its timeout', async () => {
    const queue = new Queue<number>();
    const started = Date.now();
    expect(await inWorker(tasks, 'getOnce', { handle: queue.handle, timeout: 0.2 })).to.include({
      threw: 'SyncQueueEmpty',
    });
    expect(Date.now() - started).to.be.at.least(190);
  });

  it('a timed put in a worker throws SyncQueueFull after its timeout, queue unchanged', async () => {
    const queue = new Queue<number>(1);
    queue.syncQ.put(0);
    expect(await inWorker(tasks, 'putOnce', { handle: queue.handle, from: 1, timeout: 0.1 })).to.include({
      threw: 'SyncQueueFull',
    });
    expect(queue.syncQ.qsize()).to.equal(1);
  });

  it('a timed get that an item reaches in time returns it', async () => {
    const queue = new Queue<number>();
    const getter = startTask(tasks, 'getOnce', { handle: queue.handle, timeout: 10 });
    await delay(50);
    queue.asyncQ.putNowait(42);
    expect(await getter.result).to.deep.equal({ item: 42 });
  });

  it('a cancelled asyncQ.get does not steal the item of a blocked worker', async () => {
    const queue = new Queue<string>();
    const controller = new AbortController();
    const cancelled = queue.asyncQ.get({ signal: controller.signal }).catch((e: unknown) => e);
    const getter = startTask(tasks, 'getOnce', { handle: queue.handle });
    await delay(100);
    controller.abort(new Error('stop'));
    expect(await cancelled).to.have.property('message', 'stop');
    queue.asyncQ.putNowait('for the worker');
    expect(await getter.result).to.deep.equal({ item: 'for the worker' });
    expect(queue.asyncQ.qsize()).to.equal(0);
  });

  it('an aborted async waiter does not swallow the wake-up of another async waiter', async () => {
    const queue = new Queue<number>();
    const controller = new AbortController();
    const first = queue.asyncQ.get({ signal: controller.signal }).catch((e: unknown) => e);
    const second = queue.asyncQ.get();
    await delay(10);
    controller.abort();
    await first;
    await inWorker(tasks, 'produceOnly', { handle: queue.handle, count: 1, from: 9 });
    expect(await second).to.equal(9);
  });

  it('an async get aborted after being woken passes the item on', async () => {
    const queue = new Queue<number>();
    const controller = new AbortController();
    const first = queue.asyncQ.get({ signal: controller.signal }).catch((e: unknown) => e);
    const second = queue.asyncQ.get();
    await delay(10);
    queue.asyncQ.putNowait(1);
    controller.abort(new Error('late'));
    const outcomes = [await first, await second];
    // Whoever got the item, it was delivered exactly once.
    const items = outcomes.filter((o) => typeof o === 'number');
    if (items.length === 1) {
      expect(items[0]).to.equal(1);
      expect(queue.asyncQ.qsize()).to.equal(0);
    } else {
      expect(items).to.deep.equal([]);
      expect(queue.asyncQ.getNowait()).to.equal(1);
    }
  });

  it('an already-aborted signal rejects at once and changes nothing', async () => {
    const queue = new Queue<number>(1);
    const signal = AbortSignal.abort(new Error('already'));
    await queue.asyncQ.put(1, { signal }).then(
      () => expect.fail('put resolved'),
      (e: Error) => expect(e.message).to.equal('already'),
    );
    expect(queue.asyncQ.qsize()).to.equal(0);
    queue.asyncQ.putNowait(1);
    await queue.asyncQ.get({ signal }).catch(() => undefined);
    expect(queue.asyncQ.qsize()).to.equal(1);
  });

  it('a cancelled asyncQ.put adds nothing', async () => {
    const queue = new Queue<number>(1);
    queue.asyncQ.putNowait(0);
    const controller = new AbortController();
    const putting = queue.asyncQ.put(1, { signal: controller.signal }).catch((e: unknown) => e);
    await delay(10);
    controller.abort();
    await putting;
    expect(queue.asyncQ.getNowait()).to.equal(0);
    expect(queue.asyncQ.qsize()).to.equal(0);
  });

  it('asyncQ.join can be cancelled', async () => {
    const queue = new Queue<number>();
    queue.asyncQ.putNowait(0);
    const controller = new AbortController();
    const joining = queue.asyncQ.join({ signal: controller.signal }).catch((e: unknown) => e);
    controller.abort(new Error('no wait'));
    expect(await joining).to.have.property('message', 'no wait');
    expect(queue.closed).to.equal(false);
  });

  it('closed, aclose() and await using do not wait for a join() whose task was taken and never done', async () => {
    const queue = new Queue<number>();
    queue.asyncQ.putNowait(1);
    queue.asyncQ.getNowait(); // taken, never marked done: a consumer that died
    const joining = queue.asyncQ.join();
    expect(await pending(joining)).to.equal(true);
    expect(await within(queue.aclose(), 2000, 'aclose() behind a pending join()')).to.equal(undefined);
    expect(queue.closed).to.equal(true);
    expect(queue.asyncQ.unfinishedTasks).to.equal(1);
    expect(await pending(joining)).to.equal(true); // join() still waits for its task, as in Python
    const other = new Queue<number>();
    let otherJoin: Promise<void> | undefined;
    {
      await using disposed = other;
      disposed.asyncQ.putNowait(1);
      disposed.asyncQ.getNowait();
      otherJoin = disposed.asyncQ.join();
    } // disposing returned although the join has not
    expect(await pending(otherJoin)).to.equal(true);
    other.asyncQ.taskDone();
    queue.asyncQ.taskDone();
    await within(Promise.all([joining, otherJoin]), 2000, 'the joins once their tasks are done');
  });
});
