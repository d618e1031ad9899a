/**
 * An item that cannot be decoded (a custom codec's `decode` throws): the
 * call that took it throws, the item counts as a finished task so `join()`
 * cannot wait for it forever, and nothing else is lost.
 */
import { expect } from 'chai';
import { Queue, type Codec } from '../../lib/index.js';
import { rejection, within } from '../support/promises.js';

/** Strings as UTF-8; refuses to decode "bad". */
const pickyCodec: Codec<string> = {
  encode: (item) => new TextEncoder().encode(item),
  decode: (bytes) => {
    const text = new TextDecoder().decode(bytes);
    if (text === 'bad') throw new Error('cannot decode bad');
    return text;
  },
};

describe('an item that cannot be decoded', () => {
  it('getMany decodes the rest, throws the decoder error carrying them as items, and counts the bad one done', async () => {
    const queue = new Queue<string>(0, { codec: pickyCodec });
    queue.syncQ.putMany(['a', 'bad', 'b', 'bad', 'c']);
    let error: unknown;
    try {
      queue.syncQ.getMany(4);
    } catch (e) {
      error = e;
    }
    expect(error).to.have.property('message', 'cannot decode bad');
    expect(error).to.have.property('items').that.deep.equals(['a', 'b']);
    expect(queue.syncQ.unfinishedTasks).to.equal(3); // a, b and c; not the two bad ones
    expect(await queue.asyncQ.getMany(4)).to.deep.equal(['c']);
    for (let i = 0; i < 3; i++) queue.asyncQ.taskDone();
    await within(queue.asyncQ.join(), 2000, 'join() after undecodable items');
  });

  it('a peek that cannot decode leaves the item and its task; the get after it takes it', async () => {
    const queue = new Queue<string>(0, { codec: pickyCodec });
    queue.syncQ.put('bad');
    expect(() => queue.syncQ.peekNowait()).to.throw('cannot decode bad');
    expect(await rejection(queue.asyncQ.peek())).to.have.property('message', 'cannot decode bad');
    expect([queue.syncQ.qsize(), queue.syncQ.unfinishedTasks]).to.deep.equal([1, 1]);
    expect(await rejection(queue.asyncQ.get())).to.have.property('message', 'cannot decode bad');
    expect([queue.syncQ.qsize(), queue.syncQ.unfinishedTasks]).to.deep.equal([0, 0]);
  });
});
