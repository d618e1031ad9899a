/**
 * A handle's buffers belong together: each carries its queue's identity, so
 * a handle mixing buffers of two queues, or with an overwritten or too-small
 * buffer, is a TypeError on attach instead of a queue that reads another
 * queue's items.
 */
import { expect } from 'chai';
import { LifoQueue, PriorityQueue, Queue, type QueueHandle } from '../../lib/index.js';

describe('handles', () => {
  it("a handle with another queue's store, or index, is a TypeError naming the buffer", () => {
    const mine = new Queue<string>();
    const other = new Queue<string>();
    other.syncQ.put('OTHER QUEUE');
    const withStore: QueueHandle = { ...mine.handle, store: other.handle.store };
    const withIndex: QueueHandle = { ...mine.handle, index: other.handle.index };
    expect(() => Queue.from(withStore)).to.throw(TypeError, /handle\.store is not the store buffer of the queue/);
    expect(() => Queue.from(withIndex)).to.throw(TypeError, /handle\.index is not the index buffer of the queue/);
    expect(() => LifoQueue.from({ ...new LifoQueue().handle, store: other.handle.store })).to.throw(
      TypeError,
      /handle\.store/,
    );
    expect(() => PriorityQueue.from({ ...new PriorityQueue().handle, index: other.handle.index })).to.throw(
      TypeError,
      /handle\.index/,
    );
  });

  it('a too-small or overwritten store is a TypeError, not a RangeError', () => {
    const queue = new Queue<number>();
    expect(() => Queue.from({ ...queue.handle, store: new SharedArrayBuffer(8) })).to.throw(TypeError, /handle\.store/);
    expect(() => Queue.from({ ...queue.handle, index: new SharedArrayBuffer(4) })).to.throw(TypeError, /handle\.index/);
    const copy = new SharedArrayBuffer(queue.handle.store.byteLength);
    expect(() => Queue.from({ ...queue.handle, store: copy })).to.throw(TypeError, /handle\.store/);
  });

  it('the same buffers in a new object attach to the same queue', () => {
    const queue = new Queue<number>();
    const twin = Queue.from<number>({
      control: queue.handle.control,
      store: queue.handle.store,
      index: queue.handle.index,
    });
    twin.syncQ.put(7);
    expect(queue.syncQ.get()).to.equal(7);
  });
});
