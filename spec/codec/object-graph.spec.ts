import { expect } from 'chai';
import { StructuredCodec } from '../../lib/codec/index.js';
import { expectSameClone } from './same-clone.spec.js';

const codec = new StructuredCodec();
const roundTrip = (value: unknown): unknown => codec.decode(codec.encode(value).slice());
/** Asserts that `value` comes back equal, with the same graph shape (every value here is copied exactly). */
const expectExactCopy = (value: unknown): void => expectSameClone(roundTrip(value), value);

describe('StructuredCodec object graphs', () => {
  it('decodes an object reached twice as one object reached twice', () => {
    const shared = { n: 1 };
    const decoded = roundTrip({ a: shared, b: [shared] }) as { a: object; b: object[] };
    expect(decoded.a).to.equal(decoded.b[0]);
    expect(decoded.a).to.not.equal(shared);
  });

  it('keeps a cycle through an object, an array, a Map and a Set', () => {
    const object: Record<string, unknown> = {};
    object.self = object;
    const array: unknown[] = [];
    array.push(array, [array]);
    const map = new Map<unknown, unknown>();
    map.set(map, map);
    const set = new Set<unknown>();
    set.add(set);
    for (const value of [object, array, map, set]) expectExactCopy(value);
    const decoded = roundTrip(map) as Map<unknown, unknown>;
    expect(decoded.get(decoded)).to.equal(decoded);
  });

  it('keeps shared references among every kind of object', () => {
    const buffer = new ArrayBuffer(8);
    const objects = [
      {},
      [],
      new Map(),
      new Set(),
      new Date(0),
      /r/,
      buffer,
      new Uint8Array(buffer),
      new DataView(buffer),
      new Error('e'),
      new Number(1),
      new String('s'),
      new Boolean(true),
      Object(1n) as object,
      new DOMException('d'),
    ];
    const decoded = roundTrip([objects, objects.slice().reverse()]) as [object[], object[]];
    decoded[0].forEach((object, i) => expect(decoded[1][objects.length - 1 - i]).to.equal(object));
  });

  it('keeps shared references in an item of many objects (past the short list)', () => {
    const shared = Array.from({ length: 30 }, (_, i) => ({ i }));
    const item = { first: shared, again: shared.map((object, i) => shared[(i * 7) % 30]), tail: shared[29] };
    expectExactCopy(item);
    // The same codec, again: nothing is left over from the last item.
    expectExactCopy(item);
    expectExactCopy([{}, {}]);
  });

  it('keeps a cycle back to an object whose entries are still being written', () => {
    const root: Record<string, unknown> = { list: [] };
    (root.list as unknown[]).push({ parent: root }, new Map([['root', root]]));
    expectExactCopy(root);
  });

  it('keeps an error whose cause is an ancestor, and an object holding the error', () => {
    const holder: Record<string, unknown> = {};
    holder.error = new Error('in holder', { cause: holder });
    const decoded = roundTrip(holder) as { error: Error };
    expect(decoded.error.cause).to.equal(decoded);
  });

  it('numbers a copied view of shared memory like any other object', () => {
    const shared = new Uint8Array(new SharedArrayBuffer(4));
    const after = { after: true };
    const decoded = roundTrip([shared, after, after]) as [Uint8Array, object, object];
    expect(decoded[1]).to.equal(decoded[2]);
  });
});
