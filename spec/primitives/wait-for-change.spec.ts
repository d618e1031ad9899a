import { expect } from 'chai';
import { waitForChange } from '../../lib/primitives/wait-for-change.js';
import { settles } from './helpers.js';

/** Runs `body` with `Atomics.waitAsync` missing, as in older Firefox and Safari. */
function withoutWaitAsync<T>(body: () => T): T {
  const descriptor = Object.getOwnPropertyDescriptor(Atomics, 'waitAsync')!;
  delete (Atomics as { waitAsync?: unknown }).waitAsync;
  try {
    return body();
  } finally {
    Object.defineProperty(Atomics, 'waitAsync', descriptor);
  }
}

const always = (): boolean => true;

describe('primitives/waitForChange', () => {
  it('with Atomics.waitAsync: resolves on a notify of the word', async () => {
    const words = new Int32Array(new SharedArrayBuffer(8));
    const changed = waitForChange(words, 1, 0, always);
    expect(await settles(changed, 30)).to.equal(false);
    Atomics.store(words, 1, 1);
    Atomics.notify(words, 1);
    expect(await settles(changed, 5000)).to.equal(true);
  });

  it('with Atomics.waitAsync: resolves at once when the word already differs', async () => {
    const words = new Int32Array(new SharedArrayBuffer(8));
    words[0] = 3;
    expect(await settles(waitForChange(words, 0, 2, always), 5000)).to.equal(true);
  });

  it('without Atomics.waitAsync: polls until the word changes', async () => {
    const words = new Int32Array(new SharedArrayBuffer(8));
    const changed = withoutWaitAsync(() => waitForChange(words, 1, 7 - 7, always));
    expect(typeof Atomics.waitAsync).to.equal('function'); // put back
    expect(await settles(changed, 60)).to.equal(false); // several polls
    Atomics.store(words, 1, 9); // no notify: the poll sees it
    expect(await settles(changed, 5000)).to.equal(true);
  });

  it('without Atomics.waitAsync: resolves at once when the word already differs', async () => {
    const words = new Int32Array(new SharedArrayBuffer(8));
    words[0] = 1;
    expect(
      await settles(
        withoutWaitAsync(() => waitForChange(words, 0, 0, always)),
        5000,
      ),
    ).to.equal(true);
  });

  it('without Atomics.waitAsync: stops polling, resolving, once no one wants the change', async () => {
    const words = new Int32Array(new SharedArrayBuffer(8));
    let wanted = true;
    const changed = withoutWaitAsync(() => waitForChange(words, 0, 0, () => wanted));
    expect(await settles(changed, 30)).to.equal(false);
    wanted = false;
    expect(await settles(changed, 5000)).to.equal(true);
    expect(words[0]).to.equal(0);
  });
});
