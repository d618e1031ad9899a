import { expect } from 'chai';
import { StructuredCodec } from '../../lib/codec/index.js';
import { Nesting, Tag } from '../../lib/codec/tags.js';

const codec = new StructuredCodec();

/** Bytes from numbers and strings (a string adds its char codes). */
function bytes(...parts: (number | string)[]): Uint8Array {
  return Uint8Array.from(
    parts.flatMap((part) => (typeof part === 'string' ? [...part].map((c) => c.charCodeAt(0)) : [part])),
  );
}

/** Asserts that decoding throws a TypeError whose message holds `words`. */
function expectMalformed(input: Uint8Array, words = 'Cannot decode the item'): TypeError {
  let thrown: unknown;
  try {
    codec.decode(input);
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `decoding [${input.join()}]`).to.be.an.instanceOf(TypeError);
  expect((thrown as TypeError).message).to.include(words);
  return thrown as TypeError;
}

const small = (n: number): number => Tag.SmallInt + n;

describe('StructuredCodec.decode on bad input', () => {
  it('throws TypeError for empty input', () => expectMalformed(new Uint8Array(0), 'it ends at byte 0'));

  it('throws TypeError for every truncation of a rich item', () => {
    const buffer = new ArrayBuffer(8);
    const item = {
      n: [0, -1, 2 ** 40, 1n, 2n ** 70n, 'text', 'ü'.repeat(40), '\uD800'],
      graph: new Map<unknown, unknown>([['set', new Set([new Date(1)])]]),
      views: [new Uint16Array(buffer, 2, 2), new DataView(buffer), new ArrayBuffer(2, { maxByteLength: 4 })],
      holes: [1, , 3],
      error: new TypeError('e', { cause: 1 }),
      exception: new DOMException('d', 'AbortError'),
      boxed: [new Number(1), new String('s'), new Boolean(true), Object(1n) as object, /re/g],
    };
    const whole = codec.encode(item).slice();
    for (let length = 0; length < whole.length; length++) expectMalformed(whole.subarray(0, length));
    expect(codec.decode(whole)).to.deep.equal(item);
  });

  it('throws TypeError for bytes after the item', () => {
    expectMalformed(bytes(small(1), small(2)), '1 bytes follow the item');
  });

  it('throws TypeError for unknown tags, and for tags that are not values', () => {
    expectMalformed(bytes(0), 'unknown tag 0 at byte 0');
    expectMalformed(bytes(Tag.Array, 1, Tag.End), 'unknown tag');
    expectMalformed(bytes(Tag.Object, Tag.Latin1, 1, 'k', Tag.Holes, 1, Tag.End), 'unknown tag');
  });

  it('throws TypeError for a reference to an object not yet seen', () => {
    expectMalformed(bytes(Tag.Array, 1, Tag.Ref, 1), 'a reference to object 1');
  });

  it('throws TypeError for a size of more than 5 bytes', () => {
    expectMalformed(bytes(Tag.Array, 0xff, 0xff, 0xff, 0xff, 0xff, 1), 'too long');
  });

  it('throws TypeError, without allocating, for a length the bytes cannot hold', () => {
    expectMalformed(bytes(Tag.Array, 0xff, 0xff, 0xff, 0xff, 0x0f), 'it ends');
    expectMalformed(bytes(Tag.ArrayBuffer, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2), 'it ends within');
    expectMalformed(bytes(Tag.Latin1, 0xff, 0xff, 0xff, 0x7f, 'abc'), 'it ends within');
  });

  it('throws TypeError for a bad run of holes or a bad sparse index', () => {
    expectMalformed(bytes(Tag.Array, 2, Tag.Holes, 3), 'a run of 3 holes in an array of 2');
    expectMalformed(bytes(Tag.Array, 2, Tag.Holes, 0), 'a run of 0 holes');
    expectMalformed(bytes(Tag.SparseArray, 2, Tag.Holes, 2, 3, small(1), 0), 'index 2 in an array of 2');
    expect(codec.decode(bytes(Tag.SparseArray, 2, Tag.Holes, 2, 2, small(1), 0, Tag.End))).to.deep.equal([, 1]);
  });

  it('throws TypeError for an object key that is not a string', () => {
    expectMalformed(bytes(Tag.Object, small(1), small(2), Tag.End), 'a string was expected at byte 1');
  });

  it('throws TypeError for a bad bigint', () => {
    expectMalformed(bytes(Tag.BigInt, 0, Tag.Latin1, 2, 'xy'), 'bad digits');
    expectMalformed(bytes(Tag.BigInt, 2, Tag.Latin1, 1, '1'), 'bad digits');
    expectMalformed(bytes(Tag.BigIntObject, small(1)), 'a bigint was expected');
  });

  it('throws TypeError for a bad typed array or DataView', () => {
    expectMalformed(bytes(Tag.TypedArray, 200, Tag.ArrayBuffer, 0, 0, 0), 'typed array kind 200 (unknown)');
    expectMalformed(bytes(Tag.TypedArray, 1, small(1), 0, 0), 'not an ArrayBuffer');
    expectMalformed(bytes(Tag.DataView, Tag.Null, 0, 0), 'not an ArrayBuffer');
    expectMalformed(bytes(Tag.TypedArray, 3, Tag.ArrayBuffer, 4, 0, 0, 0, 0, 0, 3), 'a view of 3 bytes, in items of 2');
    const outOfRange = expectMalformed(bytes(Tag.TypedArray, 1, Tag.ArrayBuffer, 2, 0, 0, 1, 2));
    expect(outOfRange.cause).to.be.an.instanceOf(RangeError);
  });

  it('throws TypeError for a Float16Array where the platform has none (and decodes it where it has)', () => {
    const float16 = bytes(Tag.TypedArray, 11, Tag.ArrayBuffer, 2, 0, 0, 0, 2);
    if ('Float16Array' in globalThis) {
      expect(Object.prototype.toString.call(codec.decode(float16))).to.equal('[object Float16Array]');
    } else {
      expectMalformed(float16, 'typed array kind 11 (Float16Array) is not available here');
    }
  });

  it('throws TypeError for an error of an unknown kind or fields', () => {
    expectMalformed(bytes(Tag.Error, 200, 0), 'an error of unknown kind 200');
    expectMalformed(bytes(Tag.Error, 0, 8), 'an error with unknown fields 8');
  });

  it('throws TypeError, with the cause, for what the built-ins refuse', () => {
    const regExp = expectMalformed(bytes(Tag.RegExp, Tag.Latin1, 1, 'a', Tag.Latin1, 2, 'gg'), 'SyntaxError');
    expect(regExp.cause).to.be.an.instanceOf(SyntaxError);
    const resizable = expectMalformed(bytes(Tag.ResizableArrayBuffer, 2, 1, 0, 0), 'RangeError');
    expect(resizable.cause).to.be.an.instanceOf(RangeError);
  });

  it('throws TypeError for bytes that are not UTF-8', () => {
    const notUtf8 = expectMalformed(bytes(Tag.Utf8, 1, 0, 0, 0, 0xff), 'the 1 bytes at byte 5 are not UTF-8');
    expect(notUtf8.cause).to.be.an.instanceOf(TypeError);
  });

  it('throws TypeError for nesting deeper than its encoder writes, before the stack runs out', () => {
    const nested = (depth: number): Uint8Array => {
      const deep = new Uint8Array(3 * depth + 1);
      for (let i = 0; i < depth; i++) deep.set([Tag.Array, 1], 2 * i);
      deep[2 * depth] = Tag.Null;
      deep.fill(Tag.End, 2 * depth + 1);
      return deep;
    };
    expect(codec.decode(nested(Nesting.Deepest))).to.be.an('array');
    expectMalformed(nested(Nesting.Deepest + 1), `it nests deeper than ${Nesting.Deepest} levels`);
    expectMalformed(nested(200_000), `it nests deeper than ${Nesting.Deepest} levels`);
    const viewOfView = bytes(Tag.TypedArray, 1, Tag.TypedArray, 1, Tag.ArrayBuffer, 0, 0, 0, 0, 0);
    expectMalformed(viewOfView, 'the buffer of a view is not an ArrayBuffer');
  });

  it('throws TypeError for a deferred object that is not filled, or filled with another kind', () => {
    expectMalformed(bytes(Tag.Deferred, Tag.Array), 'it ends at byte 2');
    expectMalformed(bytes(Tag.Deferred, Tag.Date), 'a deferred object of tag');
    expectMalformed(bytes(Tag.Deferred, Tag.Map, Tag.Set, Tag.End), 'the contents of a deferred object');
    expectMalformed(bytes(Tag.Deferred, Tag.Error, 5, Tag.Error, 2, 0), 'a deferred error of another class');
    expect(codec.decode(bytes(Tag.Deferred, Tag.Map, Tag.Map, small(1), small(2), Tag.End))).to.deep.equal(
      new Map([[1, 2]]),
    );
  });

  it('throws TypeError or decodes, never anything else, for random bytes', () => {
    let seed = 0x9e3779b9;
    const random = (): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 2 ** 32;
    };
    const valid = codec.encode({ a: [1, 'two', new Map([[3, new Date(4)]])], b: new Uint8Array(3) }).slice();
    for (let round = 0; round < 3000; round++) {
      // Half pure noise, half a valid encoding with a few bytes changed.
      const input =
        round % 2 === 0
          ? Uint8Array.from({ length: 1 + Math.floor(random() * 24) }, () => Math.floor(random() * 256))
          : valid.map((byte) => (random() < 0.05 ? Math.floor(random() * 256) : byte));
      try {
        codec.decode(input);
      } catch (error) {
        expect(error, `decoding [${input.join()}]`).to.be.an.instanceOf(TypeError);
      }
    }
  });

  it('is fully usable after bad input', () => {
    expectMalformed(bytes(Tag.Array, 3, Tag.Object, Tag.Ref, 0));
    const shared = {};
    expect(codec.decode(codec.encode([shared, shared]).slice())).to.deep.equal([{}, {}]);
  });
});
