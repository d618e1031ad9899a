import { expect } from 'chai';
import { StructuredCodec } from '../../lib/codec/index.js';

const codec = new StructuredCodec();

/** Asserts that encoding `value` throws a DataCloneError whose message holds `words`. */
function expectDataCloneError(value: unknown, words: string): void {
  let thrown: unknown;
  try {
    codec.encode(value);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).to.be.an.instanceOf(DOMException);
  const exception = thrown as DOMException;
  expect(exception.name).to.equal('DataCloneError');
  expect(exception.message).to.include(words);
}

describe('StructuredCodec refusals', () => {
  const refused: [string, () => unknown, string][] = [
    ['a function', () => function named() {}, 'function named could not be cloned'],
    ['an arrow function', () => () => 1, 'an anonymous function could not be cloned'],
    ['a class', () => class Thing {}, 'function Thing'],
    ['a symbol', () => Symbol('tag'), 'Symbol(tag) could not be cloned'],
    ['an object with a method', () => ({ a: 1, method() {} }), 'function method'],
    ['a function deep in arrays', () => [[1, [2, [() => 3]]]], 'anonymous function'],
    ['a function as a Map key', () => new Map([[() => 1, 'v']]), 'anonymous function'],
    ['a function as a Map value', () => new Map([['k', Math.max]]), 'function max'],
    ['a symbol in a Set', () => new Set([1, Symbol.iterator]), 'Symbol(Symbol.iterator)'],
    ['a function as an error cause', () => new Error('x', { cause: () => 1 }), 'function cause'],
    ['a WeakMap', () => new WeakMap(), '[object WeakMap]'],
    ['a WeakSet', () => new WeakSet(), '[object WeakSet]'],
    ['a WeakRef', () => new WeakRef({}), '[object WeakRef]'],
    ['a Promise', () => Promise.resolve(1), '[object Promise]'],
    ['a generator', () => (function* generate() {})(), '[object Generator]'],
    ['a Map iterator', () => new Map().keys(), '[object Map Iterator]'],
    ['a Symbol object', () => Object(Symbol('boxed')) as object, '[object Symbol]'],
    ['globalThis', () => globalThis, 'could not be cloned'],
  ];
  for (const [name, make, words] of refused) {
    it(`throws DataCloneError for ${name}`, () => expectDataCloneError(make(), words));
  }

  it('throws DataCloneError for a SharedArrayBuffer (structuredClone shares it; a queue cannot)', () => {
    expectDataCloneError(new SharedArrayBuffer(8), 'it cannot share memory');
  });

  it('throws DataCloneError for a detached ArrayBuffer, alone or under a view', () => {
    const buffer = new ArrayBuffer(8);
    const view = new Uint8Array(buffer);
    structuredClone(buffer, { transfer: [buffer] });
    expectDataCloneError(buffer, 'it is detached');
    expectDataCloneError(view, 'it is detached');
  });

  it('copies a class instance that defines Symbol.toStringTag as a plain object, as it copies any class instance', () => {
    class Getter {
      x = 1;
      get [Symbol.toStringTag](): string {
        return 'Getter';
      }
    }
    class Field {
      [Symbol.toStringTag] = 'Field';
      y = 2;
    }
    class ReadOnly {
      z = 3;
    }
    Object.defineProperty(ReadOnly.prototype, Symbol.toStringTag, { value: 'ReadOnly' });
    class Derived extends Getter {
      w = 4;
    }
    const decoded = codec.decode(
      codec.encode([new Getter(), new Field(), new ReadOnly(), new Derived()]).slice(),
    ) as object[];
    expect(decoded).to.deep.equal([{ x: 1 }, { y: 2 }, { z: 3 }, { x: 1, w: 4 }]);
    for (const object of decoded) expect(Object.getPrototypeOf(object)).to.equal(Object.prototype);
  });

  it('refuses an object whose Symbol.toStringTag comes from a built-in class (subclassed or not), or from no class', () => {
    expectDataCloneError(Object.create(WeakMap.prototype) as object, '[object WeakMap]');
    class Weak extends WeakMap<object, unknown> {}
    expectDataCloneError(new Weak(), '[object WeakMap]');
    expectDataCloneError(Object.create({ [Symbol.toStringTag]: 'Literal' }) as object, '[object Literal]');
  });

  it('copies an arguments object as a plain object (structuredClone refuses it)', () => {
    const args = (function collect(..._: unknown[]) {
      return arguments; // eslint-disable-line prefer-rest-params
    })('a', 'b');
    expect(codec.decode(codec.encode(args))).to.deep.equal({ 0: 'a', 1: 'b' });
  });

  it('lets the error of a throwing getter through', () => {
    const item = {
      get boom(): never {
        throw new RangeError('from a getter');
      },
    };
    expect(() => codec.encode(item)).to.throw(RangeError, 'from a getter');
  });

  it('is fully usable after a refusal midway through an item', () => {
    const shared = { s: 1 };
    const many = Array.from({ length: 20 }, () => ({}));
    expect(() => codec.encode([shared, ...many, shared, () => 1])).to.throw(DOMException);
    const decoded = codec.decode(codec.encode([{ t: 2 }, shared, shared]).slice()) as object[];
    expect(decoded).to.deep.equal([{ t: 2 }, { s: 1 }, { s: 1 }]);
    expect(decoded[1]).to.equal(decoded[2]);
    expect(decoded[0]).to.not.equal(decoded[1]);
  });
});
