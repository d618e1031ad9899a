/**
 * Spin backoff: after spins that found nothing, a thread's blocking calls
 * sleep at once for a while; those calls must still be woken by every put
 * or get of another thread.
 */
import { expect } from 'chai';
import { Queue } from '../../lib/index.js';
import { SpinBackoff } from '../../lib/faces/spin-backoff.js';
import { delay, within } from '../support/promises.js';
import { startTask } from '../support/workers.js';

const tasks = new URL('./spin-backoff-tasks.js', import.meta.url);

/** Which of the next `calls` calls that must wait may spin, as 1 (spins) and 0 (sleeps at once). */
function pattern(backoff: SpinBackoff, calls: number): number[] {
  return Array.from({ length: calls }, () => (backoff.allows() ? 1 : 0));
}

describe('spin backoff', () => {
  it('after a spin that found nothing, skips 1, then 3, 7 ... up to 63 calls; a spin that pays starts over', () => {
    const backoff = new SpinBackoff('item');
    expect(pattern(backoff, 3)).to.deep.equal([1, 1, 1]);
    backoff.record(false);
    expect(pattern(backoff, 2)).to.deep.equal([0, 1]);
    backoff.record(false);
    expect(pattern(backoff, 4)).to.deep.equal([0, 0, 0, 1]);
    backoff.record(false);
    expect(pattern(backoff, 8)).to.deep.equal([0, 0, 0, 0, 0, 0, 0, 1]);
    for (let i = 0; i < 10; i++) backoff.record(false);
    expect(pattern(backoff, 64)).to.deep.equal([...Array<number>(63).fill(0), 1]);
    backoff.record(true);
    expect(pattern(backoff, 3)).to.deep.equal([1, 1, 1]);
    backoff.record(false);
    expect(pattern(backoff, 2)).to.deep.equal([0, 1]);
  });

  it('a worker whose gets timed out, so that its next gets skip spinning, is still woken by each put of the main thread', async () => {
    const queue = new Queue<number>();
    const signal = new Queue<string>();
    const count = 20;
    const { result } = startTask<number[]>(tasks, 'getsAfterMisses', {
      handle: queue.handle,
      signal: signal.handle,
      misses: 8,
      count,
    });
    expect(await within(signal.asyncQ.get(), 10_000, 'the worker to start blocking')).to.equal('blocking');
    for (let i = 1; i <= count; i++) {
      await delay(2); // let the worker fall asleep before each put
      await queue.asyncQ.put(i);
    }
    expect(await within(result, 10_000, 'the worker to get every item')).to.deep.equal(
      Array.from({ length: count }, (_, i) => i + 1),
    );
  });

  it('a worker whose puts timed out on a full queue is still woken by each get of the main thread', async () => {
    const queue = new Queue<number>(1);
    queue.syncQ.put(0);
    const signal = new Queue<string>();
    const count = 20;
    const { result } = startTask<string>(tasks, 'putsAfterMisses', {
      handle: queue.handle,
      signal: signal.handle,
      misses: 8,
      count,
    });
    expect(await within(signal.asyncQ.get(), 10_000, 'the worker to start blocking')).to.equal('blocking');
    const got: number[] = [];
    for (let i = 0; i <= count; i++) {
      await delay(2); // let the worker fall asleep before each get
      got.push(await within(queue.asyncQ.get(), 10_000, `item ${i}`));
    }
    expect(await within(result, 10_000, 'the worker to put every item')).to.equal('put');
    expect(got).to.deep.equal(Array.from({ length: count + 1 }, (_, i) => i));
  });
});
