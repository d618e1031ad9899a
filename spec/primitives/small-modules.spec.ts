import { expect } from 'chai';
import sinon from 'sinon';
import { holdEventLoop, releaseEventLoop } from '../../lib/primitives/keep-alive.js';
import { canBlock, CANNOT_BLOCK_MESSAGE, now } from '../../lib/primitives/platform.js';
import { sleep } from '../../lib/primitives/sleep.js';
import { rejection } from '../support/promises.js';

describe('primitives/platform', () => {
  it('can block on a Node thread', () => {
    expect(canBlock).to.equal(true);
  });

  it('now() is the performance.now() clock and never goes back', () => {
    const a = now();
    const p = performance.now();
    const b = now();
    expect(b).to.be.at.least(a);
    expect(p).to.be.at.least(a).and.at.most(b);
  });

  it('says what to do instead of blocking', () => {
    expect(CANNOT_BLOCK_MESSAGE)
      .to.match(/asyncQ/)
      .and.match(/worker/);
  });
});

describe('primitives/sleep', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers();
  });
  afterEach(() => clock.restore());

  it('resolves after the time given, and leaves no listener on the signal', async () => {
    const controller = new AbortController();
    const remove = sinon.spy(controller.signal, 'removeEventListener');
    let done = false;
    const slept = sleep(100, controller.signal).then(() => {
      done = true;
    });
    await clock.tickAsync(99);
    expect(done).to.equal(false);
    await clock.tickAsync(1);
    await slept;
    expect(done).to.equal(true);
    expect(remove.calledOnceWith('abort')).to.equal(true);
    controller.abort(); // too late to matter
    expect(clock.countTimers()).to.equal(0);
  });

  it('resolves without a signal', async () => {
    const slept = sleep(5);
    await clock.tickAsync(5);
    await slept;
    expect(clock.countTimers()).to.equal(0);
  });

  it('rejects with the reason at once, and starts no timer, if the signal is already aborted', async () => {
    const reason = new Error('already');
    const slept = sleep(100, AbortSignal.abort(reason));
    expect(clock.countTimers()).to.equal(0);
    expect(await rejection(slept)).to.equal(reason);
  });

  it('rejects with the reason on abort, and clears its timer', async () => {
    const controller = new AbortController();
    const slept = sleep(1000, controller.signal);
    expect(clock.countTimers()).to.equal(1);
    const reason = new Error('stop');
    controller.abort(reason);
    expect(await rejection(slept)).to.equal(reason);
    expect(clock.countTimers()).to.equal(0);
  });
});

describe('primitives/keep-alive', () => {
  it("holds one ref'd interval while any waiter is counted, and clears it with the last", () => {
    const set = sinon.spy(globalThis, 'setInterval');
    const clear = sinon.spy(globalThis, 'clearInterval');
    try {
      holdEventLoop();
      holdEventLoop();
      expect(set.callCount).to.equal(1);
      const timer = set.firstCall.returnValue;
      expect(timer.hasRef()).to.equal(true);
      releaseEventLoop();
      expect(clear.callCount).to.equal(0);
      releaseEventLoop();
      expect(clear.callCount).to.equal(1);
      expect(clear.firstCall.args[0]).to.equal(timer);
      holdEventLoop(); // and again from zero
      expect(set.callCount).to.equal(2);
      releaseEventLoop();
      expect(clear.callCount).to.equal(2);
    } finally {
      set.restore();
      clear.restore();
    }
  });

  it('its interval does nothing when it fires', () => {
    const clock = sinon.useFakeTimers();
    try {
      holdEventLoop();
      expect(clock.countTimers()).to.equal(1);
      clock.tick(2 ** 30 * 2); // twice the period: it fires, harmlessly, and stays
      expect(clock.countTimers()).to.equal(1);
      releaseEventLoop();
      expect(clock.countTimers()).to.equal(0);
    } finally {
      clock.restore();
    }
  });
});
