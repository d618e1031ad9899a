/**
 * An item that cannot be decoded (a custom codec's `decode` throws): the
 * call that took it throws, the item counts as a finished task so `join()`
 * cannot wait for it forever, and nothing else is lost.
 */
import { expect } from 'chai';
import { Queue } from '../../lib/index.js';
import { touchyCodec } from '../support/codecs.js';
import { rejection, within } from '../support/promises.js';

describe('an item that cannot be decoded', () => {
  it('getMany decodes the rest, throws the decoder error carrying them as items, and counts the bad one done', async () => {
    const queue = new Queue<string>(0, { codec: touchyCodec });
    queue.syncQ.putMany(['a', 'bad-decode', 'b', 'bad-decode', 'c']);
    let error: unknown;
    try {
      queue.syncQ.getMany(4);
    } catch (e) {
      error = e;
    }
    expect(error).to.have.property('message', 'cannot decode bad-decode');
    expect(error).to.have.property('items').that.deep.equals(['a', 'b']);
    expect(queue.syncQ.unfinishedTasks).to.equal(3); // a, b and c; not the two bad ones
    expect(await queue.asyncQ.getMany(4)).to.deep.equal(['c']);
    for (let i = 0; i < 3; i++) queue.asyncQ.taskDone();
    await within(queue.asyncQ.join(), 2000, 'join() after undecodable items');
  });

  it('a peek that cannot decode leaves the item and its task; the get after it takes it', async () => {
    const queue = new Queue<string>(0, { codec: touchyCodec });
    queue.syncQ.put('bad-decode');
    expect(() => queue.syncQ.peekNowait()).to.throw('cannot decode bad-decode');
    expect(await rejection(queue.asyncQ.peek())).to.have.property('message', 'cannot decode bad-decode');
    expect([queue.syncQ.qsize(), queue.syncQ.unfinishedTasks]).to.deep.equal([1, 1]);
    expect(await rejection(queue.asyncQ.get())).to.have.property('message', 'cannot decode bad-decode');
    expect([queue.syncQ.qsize(), queue.syncQ.unfinishedTasks]).to.deep.equal([0, 0]);
  });
});
