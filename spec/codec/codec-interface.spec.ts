import { expect } from 'chai';
import { type Codec, StructuredCodec, defaultCodec } from '../../lib/codec/index.js';

/** A codec of its own, as a user may write one: JSON, for items that are JSON. */
class JsonCodec<T> implements Codec<T> {
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();
  encode(item: T): Uint8Array {
    return this.encoder.encode(JSON.stringify(item));
  }
  decode(bytes: Uint8Array): T {
    return JSON.parse(this.decoder.decode(bytes)) as T;
  }
}

/** What a queue does with a codec: encode, copy into its store, decode from there. */
function throughStore<T>(codec: Codec<T>, items: T[]): T[] {
  const store = new Uint8Array(new SharedArrayBuffer(1024));
  const spans: [number, number][] = [];
  let end = 0;
  for (const item of items) {
    const encoded = codec.encode(item);
    store.set(encoded, end);
    spans.push([end, end + encoded.length]);
    end += encoded.length;
  }
  return spans.map(([from, to]) => codec.decode(store.slice(from, to)));
}

describe('Codec interface', () => {
  it('adds no runtime code: the interface and the wire tags are types and const enums', async () => {
    expect(Object.keys(await import('../../lib/codec/codec.js'))).to.deep.equal([]);
    expect(Object.keys(await import('../../lib/codec/tags.js'))).to.deep.equal([]);
  });

  it('takes a codec of the user’s own', () => {
    const items = [
      { id: 1, tags: ['a'] },
      { id: 2, tags: [] },
    ];
    expect(throughStore<{ id: number; tags: string[] }>(new JsonCodec(), items)).to.deep.equal(items);
  });

  it('is what StructuredCodec and defaultCodec implement', () => {
    const codecs: Codec<unknown>[] = [new StructuredCodec(), defaultCodec];
    for (const codec of codecs) {
      expect(throughStore(codec, [1, 'two', new Set([3])])).to.deep.equal([1, 'two', new Set([3])]);
    }
  });

  it('lets a getter of an item encode with the same codec while the item is encoded', () => {
    const codec = new StructuredCodec();
    let inner: Uint8Array | undefined;
    const item = {
      before: { shared: true },
      get nested(): string {
        inner = codec.encode(['inner', { deep: 1 }]).slice();
        return 'outer';
      },
      after: [1, 2],
    };
    const outer = codec.encode(item).slice();
    expect(codec.decode(outer)).to.deep.equal({ before: { shared: true }, nested: 'outer', after: [1, 2] });
    expect(codec.decode(inner as Uint8Array)).to.deep.equal(['inner', { deep: 1 }]);
  });

  it('lets code called while decoding decode with the same codec', () => {
    const codec = new StructuredCodec();
    const inner = codec.encode([1, { x: 2 }]).slice();
    const outer = codec.encode(new Map([['k', { v: [3] }]])).slice();
    const originalSet = Object.getOwnPropertyDescriptor(Map.prototype, 'set')!;
    const restore = () => Object.defineProperty(Map.prototype, 'set', originalSet);
    let nested: unknown;
    Map.prototype.set = function patched(this: Map<unknown, unknown>, key: unknown, value: unknown) {
      restore();
      nested = codec.decode(inner);
      return this.set(key, value);
    };
    try {
      expect(codec.decode(outer)).to.deep.equal(new Map([['k', { v: [3] }]]));
    } finally {
      restore();
    }
    expect(nested).to.deep.equal([1, { x: 2 }]);
  });
});
