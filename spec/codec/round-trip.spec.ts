import { expect } from 'chai';
import { StructuredCodec, defaultCodec } from '../../lib/codec/index.js';
import { Tag } from '../../lib/codec/tags.js';
import { errorLike, expectSameClone } from './same-clone.spec.js';

const codec = new StructuredCodec();
/** Encodes and decodes, copying the bytes in between as a queue does. */
const roundTrip = (value: unknown): unknown => codec.decode(codec.encode(value).slice());

/** The stack of the table's error called `name`. */
const stackOf = (name: string): unknown => (table[name] as Error).stack;

class Point {
  constructor(
    public x: number,
    public y: number,
  ) {}
  get length(): number {
    return Math.hypot(this.x, this.y);
  }
}

const ascii1k = Array.from({ length: 1024 }, (_, i) => String.fromCharCode(32 + (i % 95))).join('');
const sparse: unknown[] = [];
sparse[1_000_000] = 'last';
sparse[3] = 'early';
const holeRun = (run: number): unknown[] => {
  const array: unknown[] = [1];
  array[run + 1] = 2;
  array.push(3);
  return array;
};
const withGetter = {
  plain: 1,
  get computed(): number {
    return 42;
  },
};
const withHiddenKeys = Object.defineProperty({ [Symbol('s')]: 1, shown: 2 }, 'hidden', { value: 3, enumerable: false });
const nullPrototype = Object.assign(Object.create(null) as object, { a: 1, b: { c: 2 } });
const resizable = new ArrayBuffer(4, { maxByteLength: 16 });
new Uint8Array(resizable).set([1, 2, 3, 4]);

/** Inputs, each copied by the structured clone rules (see expectedCopies for those that change). */
const table: Record<string, unknown> = {
  undefined: undefined,
  null: null,
  true: true,
  false: false,
  '0': 0,
  '-0': -0,
  '127 (largest one-byte int)': 127,
  '128': 128,
  '-1': -1,
  'int32 max': 2 ** 31 - 1,
  'int32 min': -(2 ** 31),
  '2^31': 2 ** 31,
  '1.5': 1.5,
  NaN: NaN,
  Infinity: Infinity,
  '-Infinity': -Infinity,
  'Number.MAX_VALUE': Number.MAX_VALUE,
  'Number.MIN_VALUE': Number.MIN_VALUE,
  '0n': 0n,
  '-1n': -1n,
  'int64 max': 2n ** 63n - 1n,
  'int64 min': -(2n ** 63n),
  '2n ** 63n': 2n ** 63n,
  '-(2n ** 63n) - 1n': -(2n ** 63n) - 1n,
  '2n ** 1000n': 2n ** 1000n,
  '-(3n ** 500n)': -(3n ** 500n),
  'empty string': '',
  'short ASCII': 'hello',
  '31 chars': 'x'.repeat(31),
  '32 chars': 'y'.repeat(32),
  '1 KiB ASCII': ascii1k,
  'Latin-1': 'héllo ÿ \u0080\u009f',
  'long Latin-1': 'é'.repeat(100),
  'NUL chars': '\0a\0',
  'CJK and emoji': '日本語 😀',
  'long non-Latin-1': '日本語'.repeat(50),
  'BOM first': '\uFEFFbom',
  'long, BOM first': `\uFEFF${'z'.repeat(40)}`,
  'lone high surrogate': '\uD800',
  'lone low surrogate': 'a\uDC00b',
  'long, with a lone surrogate': `${'w'.repeat(40)}\uD83D`,
  'empty array': [],
  'dense array': [1, 'two', [3], { four: 4 }],
  'array holding undefined': [undefined, undefined],
  'array with holes': [1, , 3, , ,],
  'all holes': new Array(5),
  'hole run of 63': holeRun(63),
  'hole run of 64 (goes sparse)': holeRun(64),
  'hole run of 65': holeRun(65),
  'sparse array of 1e6': sparse,
  'empty object': {},
  'small object': { id: 1, name: 'item', values: [1, 2, 3] },
  'nested objects': { a: { b: { c: { d: [{ e: null }] } } } },
  'integer keys first': { b: 1, 2: 'two', a: 3, 1: 'one' },
  'a __proto__ key': JSON.parse('{"__proto__": {"x": 1}, "y": 2}') as unknown,
  'keys of every length': Object.fromEntries(Array.from({ length: 40 }, (_, i) => ['k'.repeat(i), i])),
  'non-Latin-1 keys': { 日本: 1, '\uD800': 2, é: 3 },
  'null prototype': nullPrototype,
  'class instance': new Point(3, 4),
  'getter (called)': withGetter,
  'symbol and non-enumerable keys (skipped)': withHiddenKeys,
  'empty Map': new Map(),
  Map: new Map<unknown, unknown>([
    [1, 'one'],
    ['k', { v: 1 }],
    [{ key: 'object' }, [1]],
    [NaN, -0],
  ]),
  Set: new Set([1, 'a', { b: 2 }, -0, NaN]),
  Date: new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 6)),
  'invalid Date': new Date(NaN),
  RegExp: /a+b?(c)/gimsuy,
  'RegExp with lastIndex': Object.assign(/x/g, { lastIndex: 3 }),
  'RegExp v and d flags': new RegExp('[\\p{L}--[a-z]]', 'vd'),
  'RegExp with slashes': new RegExp('/a/\\/'),
  'empty ArrayBuffer': new ArrayBuffer(0),
  ArrayBuffer: new Uint8Array([1, 2, 250]).buffer,
  'resizable ArrayBuffer': resizable,
  Int8Array: new Int8Array([-128, 127]),
  Uint8Array: new Uint8Array([0, 255]),
  Uint8ClampedArray: new Uint8ClampedArray([0, 255]),
  Int16Array: new Int16Array([-32768, 32767]),
  Uint16Array: new Uint16Array([65535]),
  Int32Array: new Int32Array([-(2 ** 31)]),
  Uint32Array: new Uint32Array([2 ** 32 - 1]),
  Float32Array: new Float32Array([1.5, NaN]),
  Float64Array: new Float64Array([-0, Infinity]),
  BigInt64Array: new BigInt64Array([-(2n ** 63n)]),
  BigUint64Array: new BigUint64Array([2n ** 64n - 1n]),
  'typed array at an offset': new Int16Array(new ArrayBuffer(16), 4, 3),
  'empty typed array': new Float64Array(0),
  DataView: new DataView(new ArrayBuffer(8), 2, 4),
  'views sharing a buffer': ((buffer) => [
    new Uint8Array(buffer),
    new Uint32Array(buffer, 4),
    new DataView(buffer),
    buffer,
  ])(new ArrayBuffer(8)),
  'view of a resizable buffer': new Uint8Array(resizable, 1, 2),
  Error: new Error('plain'),
  EvalError: new EvalError('eval'),
  RangeError: new RangeError('range'),
  ReferenceError: new ReferenceError('reference'),
  SyntaxError: new SyntaxError('syntax'),
  TypeError: new TypeError('type'),
  URIError: new URIError('uri'),
  'Error without a message': new Error(),
  'Error with a cause': new Error('outer', { cause: new TypeError('inner') }),
  'Error with an undefined cause': new Error('x', { cause: undefined }),
  'Error with an object cause': new RangeError('x', { cause: { code: 42, list: [1] } }),
  'Error subclass (becomes its base)': new (class MyError extends TypeError {})('sub'),
  'Error with a custom name (becomes Error)': Object.assign(new Error('named'), { name: 'CustomError' }),
  'Error with a name of another kind': Object.assign(new Error('renamed'), { name: 'RangeError' }),
  'Error with a non-string message': Object.assign(new Error(), { message: 42 }),
  'Error with a custom stack': Object.assign(new Error('s'), { stack: 'my stack' }),
  'Error with a non-string stack': Object.assign(new Error('s'), { stack: 42 }),
  'Error with extra properties (dropped)': Object.assign(new Error('e'), { code: 'E_X' }),
  AggregateError: new AggregateError([new Error('one')], 'many'),
  'Number object': new Number(-0),
  'String object': new String('boxed'),
  'Boolean object': new Boolean(false),
  'true Boolean object': new Boolean(true),
  'BigInt object': Object(10n) as object,
  'large BigInt object': Object(-(2n ** 100n)) as object,
};

/**
 * What the structured clone rules make of the inputs that do not come back
 * as they went in (each of the others must come back equal to itself, with
 * the same prototypes and graph shape).
 */
const expectedCopies: Record<string, () => unknown> = {
  'null prototype': () => ({ a: 1, b: { c: 2 } }),
  'class instance': () => ({ x: 3, y: 4 }),
  'getter (called)': () => ({ plain: 1, computed: 42 }),
  'symbol and non-enumerable keys (skipped)': () => ({ shown: 2 }),
  'RegExp with lastIndex': () => /x/g,
  'Error subclass (becomes its base)': () => errorLike(TypeError, 'sub', stackOf('Error subclass (becomes its base)')),
  'Error with a custom name (becomes Error)': () =>
    errorLike(Error, 'named', stackOf('Error with a custom name (becomes Error)')),
  'Error with a name of another kind': () =>
    errorLike(RangeError, 'renamed', stackOf('Error with a name of another kind')),
  'Error with a non-string message': () => errorLike(Error, '42', stackOf('Error with a non-string message')),
  'Error with a non-string stack': () => errorLike(Error, 's', undefined),
  'Error with extra properties (dropped)': () =>
    errorLike(Error, 'e', stackOf('Error with extra properties (dropped)')),
  AggregateError: () => errorLike(Error, 'many', stackOf('AggregateError')),
};

describe('StructuredCodec round trips', () => {
  for (const [name, value] of Object.entries(table)) {
    const expected = expectedCopies[name];
    it(`copies ${name}${expected === undefined ? ' exactly' : ' by the structured clone rules'}`, () => {
      const copy = expected === undefined ? value : expected();
      expectSameClone(roundTrip(value), copy);
      expect(roundTrip(value)).to.deep.equal(copy);
    });
  }

  it('keeps holes as holes, and undefined elements as elements', () => {
    const decoded = roundTrip([1, , undefined]) as unknown[];
    expect(decoded).to.have.length(3);
    expect(1 in decoded).to.equal(false);
    expect(2 in decoded).to.equal(true);
  });

  it('keeps -0 and NaN', () => {
    expect(Object.is(roundTrip(-0), -0)).to.equal(true);
    expect(Object.is(roundTrip(NaN), NaN)).to.equal(true);
  });

  it('copies a class instance as a plain object, calling its getters', () => {
    const decoded = roundTrip(new Point(3, 4));
    expect(Object.getPrototypeOf(decoded)).to.equal(Object.prototype);
    expect(decoded).to.deep.equal({ x: 3, y: 4 });
    expect(roundTrip(withGetter)).to.deep.equal({ plain: 1, computed: 42 });
  });

  it('gives a subclass of a built-in its base class', () => {
    class MyMap extends Map<string, number> {}
    class MyArray extends Array<number> {}
    expect(roundTrip(new MyMap([['a', 1]])))
      .to.be.an.instanceOf(Map)
      .and.not.be.an.instanceOf(MyMap);
    expect(Object.getPrototypeOf(roundTrip(MyArray.from([1])))).to.equal(Array.prototype);
    expect(Object.getPrototypeOf(roundTrip(new (class extends RangeError {})('x')))).to.equal(RangeError.prototype);
  });

  it('copies a typed array with its whole buffer, as structuredClone does', () => {
    const view = new Uint8Array(new ArrayBuffer(64), 8, 4);
    const decoded = roundTrip(view) as Uint8Array;
    expect(decoded.byteOffset).to.equal(8);
    expect(decoded.buffer.byteLength).to.equal(64);
  });

  it('copies a view of shared memory with just its bytes, into an ArrayBuffer of its own', () => {
    const shared = new SharedArrayBuffer(16);
    const view = new Uint16Array(shared, 4, 3);
    view.set([1, 2, 3]);
    const decoded = roundTrip([view, new DataView(shared, 2, 2), view]) as [Uint16Array, DataView, Uint16Array];
    expect(decoded[0]).to.be.an.instanceOf(Uint16Array);
    expect(decoded[0].buffer).to.be.an.instanceOf(ArrayBuffer);
    expect([decoded[0].byteOffset, decoded[0].buffer.byteLength, [...decoded[0]]]).to.deep.equal([0, 6, [1, 2, 3]]);
    expect([decoded[1].byteOffset, decoded[1].byteLength, decoded[1].buffer.byteLength]).to.deep.equal([0, 2, 2]);
    expect(decoded[2]).to.equal(decoded[0]);
  });

  it('keeps a resizable buffer resizable, and a view of it at a fixed length', () => {
    const buffer = new ArrayBuffer(2, { maxByteLength: 8 });
    const decoded = roundTrip([buffer, new Uint8Array(buffer)]) as [ArrayBuffer, Uint8Array];
    expect([decoded[0].resizable, decoded[0].maxByteLength]).to.deep.equal([true, 8]);
    decoded[0].resize(4);
    expect(decoded[1].length).to.equal(2);
  });

  it('copies a DOMException with its name, message and stack', () => {
    const exception = new DOMException('stopped', 'AbortError');
    const decoded = roundTrip(exception) as DOMException;
    expect(decoded).to.be.an.instanceOf(DOMException);
    expect([decoded.name, decoded.message, decoded.code, decoded.stack]).to.deep.equal([
      'AbortError',
      'stopped',
      DOMException.ABORT_ERR,
      exception.stack,
    ]);
    const stackless = Object.defineProperty(new DOMException('m', 'TimeoutError'), 'stack', { value: undefined });
    expect((roundTrip(stackless) as DOMException).name).to.equal('TimeoutError');
  });

  it('keeps the named (non-index) properties of an array after its elements, dense, with holes or sparse', () => {
    const total = Object.assign([1, 2], { total: 3 });
    expectSameClone(roundTrip(total), total);
    expect(Object.keys(roundTrip(total) as object)).to.deep.equal(['0', '1', 'total']);
    const holey = Object.assign([1, , 3], { name: 'x', 4294967295: 'not an index', nested: { deep: [1] } });
    expectSameClone(roundTrip(holey), holey);
    const sparseWithNames: unknown[] = [];
    sparseWithNames[500] = 'element';
    Object.assign(sparseWithNames, { 4294967295: 'not an index', name: 'x' });
    const decoded = roundTrip(sparseWithNames) as unknown[];
    expectSameClone(decoded, sparseWithNames);
    expect([decoded.length, Object.keys(decoded)]).to.deep.equal([501, ['500', '4294967295', 'name']]);
  });

  it('writes only the elements it walked, and names only, when a getter adds an element to the array it is in', () => {
    const array: unknown[] = [];
    Object.defineProperty(array, 0, {
      get: () => {
        array[5] = 'added while written';
        return 'first';
      },
      enumerable: true,
      configurable: true,
    });
    const decoded = roundTrip(Object.assign(array, { named: 1 })) as unknown[];
    expect([decoded.length, Object.keys(decoded), decoded[0]]).to.deep.equal([1, ['0', 'named'], 'first']);
  });

  it('keeps what a RegExp match adds to its array (index, input, groups)', () => {
    const match = /(?<word>b+)/.exec('abbc') as RegExpExecArray;
    // groups has a null prototype, so its copy is a plain object.
    expectSameClone(roundTrip(match), Object.assign(['bb', 'bb'], { index: 1, input: 'abbc', groups: { word: 'bb' } }));
  });

  it('keeps a named property of an array that refers back to the array, or is a __proto__ key', () => {
    const array: unknown[] & { self?: unknown } = [1];
    array.self = array;
    Object.defineProperty(array, '__proto__', { value: 'own', enumerable: true, writable: true, configurable: true });
    const decoded = roundTrip(array) as typeof array;
    expectSameClone(decoded, array);
    expect(decoded.self).to.equal(decoded);
    expect(Object.getPrototypeOf(decoded)).to.equal(Array.prototype);
  });

  it('skips inherited enumerable properties', () => {
    const child = Object.create({ inherited: 1 }, { own: { value: 2, enumerable: true } }) as object;
    expect(roundTrip(child)).to.deep.equal({ own: 2 });
  });

  it('keeps a cycle through an error cause (which Node 20 structuredClone cannot)', () => {
    const error = new Error('loop');
    error.cause = error;
    const decoded = roundTrip(error) as Error;
    expect(decoded.cause).to.equal(decoded);
  });

  it('returns a view into its scratch buffer, valid until the next encode', () => {
    const own = new StructuredCodec();
    const first = own.encode('first item');
    const copy = first.slice();
    own.encode('other item');
    expect(own.decode(copy)).to.equal('first item');
    expect(own.decode(first)).to.equal('other item'); // same length: the same bytes were overwritten
  });

  it('decodes from a view at an offset into shared memory, and keeps no view of it', () => {
    const item = { text: 'ü'.repeat(40), bytes: new Uint8Array([1, 2, 3]), buffer: new ArrayBuffer(2) };
    const encoded = codec.encode(item);
    const shared = new Uint8Array(new SharedArrayBuffer(encoded.length + 10));
    shared.set(encoded, 7);
    const decoded = codec.decode(shared.subarray(7, 7 + encoded.length)) as typeof item;
    shared.fill(0);
    expectSameClone(decoded, item);
    expect(decoded.bytes.buffer).to.be.an.instanceOf(ArrayBuffer);
  });

  it('grows its scratch buffer for a large item, and lets it go after', () => {
    const own = new StructuredCodec();
    const large = { text: 'a'.repeat(3 << 20), list: Array.from({ length: 50_000 }, (_, i) => i * 1.5) };
    expectSameClone(own.decode(own.encode(large)), large);
    expect(own.decode(own.encode('small'))).to.equal('small');
  });

  it('encodes a long string that grows 3 bytes a char in UTF-8', () => {
    const own = new StructuredCodec();
    const text = '日'.repeat(1000);
    expect(own.decode(own.encode(text))).to.equal(text);
  });

  it('decodes string forms that its encoder does not make, but a valid encoding may hold', () => {
    expect(codec.decode(Uint8Array.of(Tag.Utf16, 0))).to.equal('');
    expect(codec.decode(Uint8Array.of(Tag.Latin1, 40, ...new Array<number>(40).fill(0xe9)))).to.equal('é'.repeat(40));
  });

  it('has a shared default instance', () => {
    expect(defaultCodec).to.be.an.instanceOf(StructuredCodec);
    expect(defaultCodec.decode(defaultCodec.encode({ a: [1n] }))).to.deep.equal({ a: [1n] });
  });
});
