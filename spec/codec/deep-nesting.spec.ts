import { expect } from 'chai';
import { StructuredCodec } from '../../lib/codec/index.js';
import { Nesting, Tag } from '../../lib/codec/tags.js';
import { SyncQueueShutDown } from '../../lib/errors.js';
import { expectSameClone } from './same-clone.spec.js';

const codec = new StructuredCodec();
const roundTrip = (value: unknown): unknown => codec.decode(codec.encode(value).slice());

interface Node {
  value: number;
  next: Node | null;
}

/** A linked list of `length` nodes, values 0 up. */
function linkedList(length: number): Node {
  let head: Node | null = null;
  for (let i = length - 1; i >= 0; i--) head = { value: i, next: head };
  return head as Node;
}

/** The values of a linked list, walked without recursion. */
function valuesOf(head: Node | null): number[] {
  const values: number[] = [];
  for (let node = head; node !== null; node = node.next) values.push(node.value);
  return values;
}

/** `value` wrapped `depth` times by `wrap`. */
function nest(depth: number, wrap: (inner: unknown) => unknown, value: unknown = 'bottom'): unknown {
  for (let i = 0; i < depth; i++) value = wrap(value);
  return value;
}

describe('StructuredCodec on deep items', () => {
  it('copies a linked list of 100,000 nodes, whatever the stack', () => {
    const decoded = roundTrip(linkedList(100_000)) as Node;
    expect(valuesOf(decoded)).to.deep.equal(Array.from({ length: 100_000 }, (_, i) => i));
  });

  it('copies deep arrays, Maps, Sets, class instances and error causes', () => {
    const depth = 5_000;
    const chains: [string, (inner: unknown) => unknown][] = [
      ['arrays', (inner) => [inner]],
      ['arrays with named properties', (inner) => Object.assign([1], { inner })],
      ['Maps', (inner) => new Map([['inner', inner]])],
      ['Sets', (inner) => new Set([inner])],
      ['class instances', (inner) => Object.assign(new (class Box {})(), { inner })],
      ['errors', (inner) => new SyncQueueShutDown('level', { cause: inner })],
    ];
    for (const [name, wrap] of chains) {
      const item = nest(depth, wrap);
      const expected = name === 'class instances' ? nest(depth, (inner) => ({ inner })) : item;
      try {
        expectSameClone(roundTrip(item), expected);
      } catch (error) {
        throw new Error(`${name}: ${(error as Error).message}`, { cause: error });
      }
    }
  });

  it('keeps shared references and cycles that cross the deferral depth, both ways', () => {
    const list = linkedList(3 * Nesting.Deepest + 5);
    const nodes: Node[] = [];
    for (let node: Node | null = list; node !== null; node = node.next) nodes.push(node);
    const item = { list, last: nodes[nodes.length - 1], deep: nodes[Nesting.Deepest + 1] };
    (item.last as Node & { root?: unknown }).root = item;
    (nodes[Nesting.Deepest] as Node & { shared?: unknown }).shared = nodes[10];
    const decoded = roundTrip(item) as typeof item;
    expectSameClone(decoded, item);
    expect((decoded.last as Node & { root?: unknown }).root).to.equal(decoded);
  });

  it('defers a sparse array with named properties like any array', () => {
    const sparse: unknown[] = [];
    sparse[1_000] = 'far';
    Object.assign(sparse, { name: 'deep' });
    const item = nest(Nesting.Deepest, (inner) => [inner], sparse);
    expectSameClone(roundTrip(item), item);
  });

  it('writes nothing in place deeper than the decoder reads, so an item that encodes decodes', () => {
    // Nesting.Deepest arrays in place, then one more: that one is deferred.
    const bytes = codec.encode(nest(Nesting.Deepest + 1, (inner) => [inner], null)).slice();
    expect(bytes[2 * Nesting.Deepest]).to.equal(Tag.Deferred);
    expectSameClone(
      codec.decode(bytes),
      nest(Nesting.Deepest + 1, (inner) => [inner], null),
    );
    expect([...codec.encode(nest(Nesting.Deepest, (inner) => [inner], null))]).to.not.include(Tag.Deferred);
  });
});
