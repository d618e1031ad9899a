/**
 * A `putMany` that stops part-way tells how many items went in: whatever it
 * throws or rejects with carries `itemsPut`, on both faces, for every way it
 * can stop (full without blocking, timeout, shutdown, abort, an item that
 * cannot be encoded).
 */
import { expect } from 'chai';
import { AsyncQueueShutDown, Queue, SyncQueueFull, SyncQueueShutDown } from '../../lib/index.js';
import { delay, rejection } from '../support/promises.js';

/** What `call` throws; fails the test if it returns. */
function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('putMany stopped part-way: itemsPut', () => {
  it('syncQ, full with block = false: SyncQueueFull with itemsPut, the items before stay put', () => {
    const queue = new Queue<number>(3);
    const error = thrown(() => queue.syncQ.putMany([1, 2, 3, 4, 5], false));
    expect(error).to.be.instanceOf(SyncQueueFull).and.to.have.property('itemsPut', 3);
    expect(queue.syncQ.getMany(10)).to.deep.equal([1, 2, 3]);
  });

  it('syncQ, timeout: SyncQueueFull with itemsPut', () => {
    const queue = new Queue<number>(2);
    queue.syncQ.put(0);
    const error = thrown(() => queue.syncQ.putMany([1, 2, 3], true, 0.02));
    expect(error).to.be.instanceOf(SyncQueueFull).and.to.have.property('itemsPut', 1);
    expect(queue.syncQ.qsize()).to.equal(2);
  });

  it('syncQ, an item that cannot be encoded: the codec error with itemsPut', () => {
    const queue = new Queue<unknown>();
    const error = thrown(() => queue.syncQ.putMany([1, 2, () => 3, 4]));
    expect(error).to.have.property('name', 'DataCloneError');
    expect(error).to.have.property('itemsPut', 2);
    expect(queue.syncQ.qsize()).to.equal(2);
  });

  it('syncQ, shut down: SyncQueueShutDown with itemsPut 0', () => {
    const queue = new Queue<number>();
    queue.shutdown();
    expect(thrown(() => queue.syncQ.putMany([1, 2])))
      .to.be.instanceOf(SyncQueueShutDown)
      .and.to.have.property('itemsPut', 0);
  });

  it('asyncQ, aborted while waiting for room: rejects with signal.reason carrying itemsPut', async () => {
    const queue = new Queue<number>(2);
    const controller = new AbortController();
    const putting = queue.asyncQ.putMany([1, 2, 3, 4], { signal: controller.signal });
    await delay(10);
    controller.abort(new Error('enough'));
    const error = await rejection(putting);
    expect(error).to.have.property('message', 'enough');
    expect(error).to.have.property('itemsPut', 2);
    expect(queue.syncQ.getMany(10)).to.deep.equal([1, 2]);
  });

  it('asyncQ, shut down while waiting for room: AsyncQueueShutDown with itemsPut', async () => {
    const queue = new Queue<number>(1);
    const putting = queue.asyncQ.putMany([1, 2, 3]);
    await delay(10);
    queue.shutdown();
    const error = await rejection(putting);
    expect(error).to.be.instanceOf(AsyncQueueShutDown).and.to.have.property('itemsPut', 1);
  });

  it('asyncQ, an item that cannot be encoded: the codec error with itemsPut', async () => {
    const queue = new Queue<unknown>();
    const error = await rejection(queue.asyncQ.putMany([1, Symbol('no'), 3]));
    expect(error).to.have.property('name', 'DataCloneError');
    expect(error).to.have.property('itemsPut', 1);
  });
});
