/**
 * Options checked at construction: a TypeError naming the option, never a
 * failure at the first put; a codec's output checked at put.
 */
import { expect } from 'chai';
import { PriorityQueue, Queue, type Codec } from '../../lib/index.js';

describe('queue options', () => {
  it('options that are not an object are a TypeError naming options', () => {
    for (const options of [null, 5, 'big']) {
      expect(() => new Queue(0, options as never)).to.throw(TypeError, /^options must be an object/);
      expect(() => Queue.from(new Queue().handle, options as never)).to.throw(TypeError, /^options must be an object/);
    }
  });

  it('a codec without encode and decode functions is a TypeError at construction', () => {
    for (const codec of [{}, { encode: 1, decode: () => 1 }, { encode: () => new Uint8Array(0) }, null, 'json']) {
      expect(() => new Queue(0, { codec: codec as never }), JSON.stringify(codec)).to.throw(
        TypeError,
        /options\.codec must be an object with encode and decode functions/,
      );
    }
  });

  it('a codec whose encode does not return a Uint8Array is a TypeError at put, and the queue is unchanged', async () => {
    const codec = {
      encode: (item: string) => item,
      decode: (bytes: Uint8Array) => String(bytes),
    } as unknown as Codec<string>;
    const queue = new Queue<string>(0, { codec });
    expect(() => queue.syncQ.put('x')).to.throw(
      TypeError,
      /codec\.encode must return a Uint8Array; it returned the string "x"/,
    );
    let error: unknown;
    await queue.asyncQ.put('y').catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(TypeError);
    expect(queue.syncQ.qsize()).to.equal(0);
    expect(queue.syncQ.unfinishedTasks).to.equal(0);
  });

  it('a class instance codec (methods on its prototype) is accepted', () => {
    class Json implements Codec<unknown> {
      encode(item: unknown): Uint8Array {
        return new TextEncoder().encode(JSON.stringify(item));
      }
      decode(bytes: Uint8Array): unknown {
        return JSON.parse(new TextDecoder().decode(bytes));
      }
    }
    const queue = new PriorityQueue<[number, string]>(0, { codec: new Json() as Codec<[number, string]> });
    queue.syncQ.put([2, 'b']);
    queue.syncQ.put([1, 'a']);
    expect(queue.syncQ.get()).to.deep.equal([1, 'a']);
  });

  it('the handle is frozen: its buffers cannot be swapped', () => {
    const queue = new Queue<number>();
    expect(Object.isFrozen(queue.handle)).to.equal(true);
    expect(() => {
      (queue.handle as { store: SharedArrayBuffer }).store = new SharedArrayBuffer(8);
    }).to.throw(TypeError);
  });
});
