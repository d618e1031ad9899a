/**
 * Items whose encoding takes 2 GiB or more: every put of one is the
 * documented "can never fit" RangeError, on every face and call, and leaves
 * the queue exactly as it was, down to the room in its store.
 *
 * The codec hands out views of one zero-filled 4 GiB buffer, which the
 * system only reserves: no page of it is ever written or read.
 */
import { expect } from 'chai';
import { LifoQueue, PriorityQueue, Queue, SyncQueueFull, type Codec } from '../../lib/index.js';
import { thrownBy } from '../support/promises.js';

/** An item: `[priority, n]`; `n` below 256 encodes as 4 bytes, a larger `n` as `n` bytes. */
type Item = [number, number];

let zeros: Uint8Array | undefined;

const codec: Codec<Item> = {
  encode: ([, n]) => {
    if (n < 256) return Uint8Array.of(n, 0, 0, 0);
    zeros ??= new Uint8Array(2 ** 32);
    return zeros.subarray(0, n);
  },
  decode: (bytes) => [0, bytes[0]],
};

/** Lengths around the largest store (2 GiB - 8) and the int32 and uint32 limits. */
const HUGE = [2 ** 31 - 16, 2 ** 31 - 8, 2 ** 31, 2 ** 31 + 2 ** 30, 2 ** 32];

/** How many 4-byte items `putNowait` takes before the store is out of room; takes them out again. */
function roomFor(queue: Queue<Item>): number {
  let count = 0;
  for (;;) {
    try {
      queue.syncQ.putNowait([0, count % 256]);
    } catch (error) {
      expect(error).to.be.instanceOf(SyncQueueFull);
      break;
    }
    count++;
  }
  for (let i = 0; i < count; i++) {
    queue.syncQ.getNowait();
    queue.syncQ.taskDone();
  }
  return count;
}

describe('items of 2 GiB and more', () => {
  after(() => {
    zeros = undefined;
  });

  for (const Kind of [Queue, LifoQueue, PriorityQueue]) {
    it(`${Kind.name}: every put is the can-never-fit RangeError, and the queue keeps its items and all its room`, async () => {
      // 64 blocks of 16 bytes: room for 64 items of 4 bytes.
      const queue = new Kind<Item>(0, { capacity: 1024, maxCapacity: 1024, codec });
      const slots = roomFor(queue);
      expect(slots).to.equal(64);
      queue.syncQ.put([0, 7]);
      for (const n of HUGE) {
        const item: Item = [0, n];
        const calls = [
          () => queue.syncQ.put(item),
          () => queue.syncQ.put(item, true, 0.01),
          () => queue.syncQ.putNowait(item),
          () => queue.syncQ.putMany([item]),
          () => queue.asyncQ.put(item),
          () => queue.asyncQ.putNowait(item),
          () => queue.asyncQ.putMany([item]),
        ];
        for (const call of calls) {
          const error = await thrownBy(call);
          expect(error, `${n} bytes: ${call.toString()}`).to.be.instanceOf(RangeError);
          expect((error as Error).message, `${n} bytes: ${call.toString()}`).to.match(
            /more than the queue's store can ever hold/,
          );
        }
      }
      expect(queue.syncQ.qsize()).to.equal(1);
      expect(queue.syncQ.unfinishedTasks).to.equal(1);
      expect(queue.syncQ.getNowait()).to.deep.equal([0, 7]);
      queue.syncQ.taskDone();
      expect(roomFor(queue)).to.equal(slots);
    });
  }
});
