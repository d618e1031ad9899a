import { expect } from 'chai';
import { AsyncWaitList } from '../../lib/primitives/condition.js';
import { delay, within } from '../support/promises.js';
import { settles, until } from './helpers.js';

/** Advances the sequence word by `by` and wakes every watcher, as Condition.notify does. */
function advance(words: Int32Array, at: number, by: number): void {
  Atomics.add(words, at, by);
  Atomics.notify(words, at);
}

describe('primitives/AsyncWaitList', () => {
  it('resumes as many waiters as the sequence word advanced, first come first served', async () => {
    const words = new Int32Array(new SharedArrayBuffer(16));
    const list = new AsyncWaitList(words, 2);
    const order: number[] = [];
    const waits = [0, 1, 2, 3].map((i) => list.wait(Atomics.load(words, 2)).then(() => order.push(i)));
    try {
      advance(words, 2, 2);
      await until(() => order.length === 2, 'two waiters');
      await delay(20);
      expect(order).to.deep.equal([0, 1]);
      advance(words, 2, 1);
      await until(() => order.length === 3, 'a third waiter');
      await delay(20);
      expect(order).to.deep.equal([0, 1, 2]);
    } finally {
      advance(words, 2, 1);
      await within(Promise.all(waits), 5000, 'waiters');
    }
    expect(order).to.deep.equal([0, 1, 2, 3]);
  });

  it('a notify that does not change the word resumes nobody, and the watch goes on', async () => {
    const words = new Int32Array(new SharedArrayBuffer(8));
    const list = new AsyncWaitList(words, 1);
    const waiting = list.wait(0);
    Atomics.notify(words, 1); // no change
    expect(await settles(waiting, 50)).to.equal(false);
    advance(words, 1, 1);
    expect(await settles(waiting, 5000)).to.equal(true);
  });

  it('a waiter registered after the word moved is resumed by that move only if it is counted', async () => {
    const words = new Int32Array(new SharedArrayBuffer(8));
    const list = new AsyncWaitList(words, 0);
    const first = list.wait(0);
    advance(words, 0, 1); // for `first`; the watcher has not run yet
    const second = list.wait(1); // saw the advanced value
    expect(await settles(first, 5000)).to.equal(true);
    expect(await settles(second, 50)).to.equal(false);
    advance(words, 0, 1);
    expect(await settles(second, 5000)).to.equal(true);
  });

  it('a waiter whose signal aborts resumes at once and is skipped by later wake-ups', async () => {
    const words = new Int32Array(new SharedArrayBuffer(8));
    const list = new AsyncWaitList(words, 0);
    const controller = new AbortController();
    const cancelled = list.wait(0, controller.signal);
    const other = list.wait(0);
    controller.abort();
    expect(await settles(cancelled, 5000)).to.equal(true);
    expect(await settles(other, 30)).to.equal(false);
    advance(words, 0, 1);
    expect(await settles(other, 5000)).to.equal(true);
    // A signal that aborts after its waiter resumed changes nothing.
    const late = new AbortController();
    const resumed = list.wait(1, late.signal);
    advance(words, 0, 1);
    await within(resumed, 5000, 'resumed waiter');
    late.abort();
  });

  it('a waiter with an already-aborted signal resumes at once', async () => {
    const words = new Int32Array(new SharedArrayBuffer(8));
    const list = new AsyncWaitList(words, 0);
    expect(await settles(list.wait(0, AbortSignal.abort()), 5000)).to.equal(true);
  });

  it('resumes a waiter whose value is already stale', async () => {
    const words = new Int32Array(new SharedArrayBuffer(8));
    words[0] = 5;
    const list = new AsyncWaitList(words, 0);
    expect(await settles(list.wait(4), 5000)).to.equal(true);
  });
});
