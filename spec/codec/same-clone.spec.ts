// A strict structural comparison for cloned values, stricter than chai's deep
// equality: prototypes, holes, -0, property order, error fields, view offsets
// and the shape of the object graph (what is shared, what is a cycle).
// Exported for the other codec specs; its own tests are at the end.
import { expect } from 'chai';

/** Throws an AssertionError-like Error naming the path where the two values differ. */
function differ(path: string, what: string, actual: unknown, expected: unknown): never {
  const show = (value: unknown): string => {
    try {
      return typeof value === 'string' ? JSON.stringify(value) : String(value);
    } catch {
      return Object.prototype.toString.call(value);
    }
  };
  throw new Error(`at ${path}: ${what} differs: got ${show(actual)}, expected ${show(expected)}`);
}

/** Two objects to compare, and where they are. */
interface Pending {
  actual: object;
  expected: object;
  path: string;
}

class Comparer {
  /** Which expected object each actual object was paired with, and back. */
  private readonly pairs = new Map<object, object>();
  private readonly backPairs = new Map<object, object>();
  /** Objects still to compare: a work list, so that items of any depth fit on the stack. */
  private readonly pending: Pending[] = [];

  /** Compares two whole graphs. */
  compareGraphs(actual: unknown, expected: unknown): void {
    this.compare(actual, expected, 'item');
    for (let next = this.pending.pop(); next !== undefined; next = this.pending.pop()) {
      this.compareObjects(next.actual, next.expected, next.path);
    }
  }

  /** Compares two primitives now, or pairs two objects and lists them for comparing. */
  private compare(actual: unknown, expected: unknown, path: string): void {
    if (typeof actual !== typeof expected) differ(path, 'typeof', typeof actual, typeof expected);
    if (typeof expected !== 'object' || expected === null || actual === null) {
      if (!Object.is(actual, expected)) differ(path, 'value', actual, expected);
      return;
    }
    const a = actual as object;
    const paired = this.pairs.get(a);
    const backPaired = this.backPairs.get(expected);
    if (paired !== undefined || backPaired !== undefined) {
      if (paired !== expected || backPaired !== a)
        differ(path, 'identity (shared reference or cycle)', paired, expected);
      return;
    }
    this.pairs.set(a, expected);
    this.backPairs.set(expected, a);
    this.pending.push({ actual: a, expected, path });
  }

  private compareObjects(a: object, e: object, path: string): void {
    const tag = Object.prototype.toString.call(e);
    if (Object.prototype.toString.call(a) !== tag) differ(path, 'class', Object.prototype.toString.call(a), tag);
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(e))
      differ(path, 'prototype', a.constructor?.name, e.constructor?.name);
    if (e instanceof DOMException) {
      const x = a as DOMException;
      this.compare(x.name, e.name, `${path}.name`);
      this.compare(x.message, e.message, `${path}.message`);
      this.compare(x.stack, e.stack, `${path}.stack`);
      return;
    }
    if (e instanceof Error) return this.compareError(a as Error, e, path);
    if (e instanceof Date) return this.compare((a as Date).getTime(), e.getTime(), `${path}.getTime()`);
    if (e instanceof RegExp) {
      const x = a as RegExp;
      this.compare(x.source, e.source, `${path}.source`);
      this.compare(x.flags, e.flags, `${path}.flags`);
      this.compare(x.lastIndex, e.lastIndex, `${path}.lastIndex`);
      return;
    }
    if (e instanceof ArrayBuffer) {
      const x = a as ArrayBuffer;
      this.compare(x.resizable, e.resizable, `${path}.resizable`);
      this.compare(x.maxByteLength, e.maxByteLength, `${path}.maxByteLength`);
      this.compare([...new Uint8Array(x)].join(), [...new Uint8Array(e)].join(), `${path} bytes`);
      return;
    }
    if (ArrayBuffer.isView(e)) {
      const x = a as ArrayBufferView;
      this.compare(x.byteOffset, e.byteOffset, `${path}.byteOffset`);
      this.compare(x.byteLength, e.byteLength, `${path}.byteLength`);
      this.compare(x.buffer, e.buffer, `${path}.buffer`);
      return;
    }
    if (e instanceof Map) {
      const x = [...(a as Map<unknown, unknown>)];
      const y = [...e];
      this.compare(x.length, y.length, `${path}.size`);
      y.forEach(([key, value], i) => {
        this.compare(x[i][0], key, `${path} key #${i}`);
        this.compare(x[i][1], value, `${path} value #${i}`);
      });
      return;
    }
    if (e instanceof Set) {
      const x = [...(a as Set<unknown>)];
      const y = [...e];
      this.compare(x.length, y.length, `${path}.size`);
      y.forEach((value, i) => this.compare(x[i], value, `${path} value #${i}`));
      return;
    }
    if (e instanceof Number || e instanceof String || e instanceof Boolean || e instanceof BigInt) {
      this.compare((a as typeof e).valueOf(), e.valueOf(), `${path}.valueOf()`);
      return;
    }
    if (Array.isArray(e)) this.compare((a as unknown[]).length, e.length, `${path}.length`);
    // Plain objects and arrays: own enumerable keys in order (holes are missing keys).
    const keys = Object.keys(e);
    this.compare(Object.keys(a).join(), keys.join(), `${path} keys`);
    for (const key of keys) {
      this.compare(
        (a as Record<string, unknown>)[key],
        (e as Record<string, unknown>)[key],
        `${path}[${JSON.stringify(key)}]`,
      );
    }
  }

  /**
   * Compares what the codec keeps of an error: its name, message, stack and
   * cause, whether message and cause are its own, and its own enumerable
   * keys (a library error's `name`; extra properties are dropped). Not the
   * other own properties an engine gives each new error (JavaScriptCore's
   * `line`, `column`, `sourceURL`, all non-enumerable).
   */
  private compareError(a: Error, e: Error, path: string): void {
    const own = (error: Error, key: string): boolean => Object.prototype.hasOwnProperty.call(error, key);
    this.compare(a.name, e.name, `${path}.name`);
    this.compare(Object.keys(a).join(), Object.keys(e).join(), `${path} own enumerable keys`);
    this.compare(own(a, 'message'), own(e, 'message'), `${path} has an own message`);
    this.compare(own(a, 'cause'), own(e, 'cause'), `${path} has an own cause`);
    this.compare(a.message, e.message, `${path}.message`);
    this.compare(a.stack, e.stack, `${path}.stack`);
    this.compare(a.cause, e.cause, `${path}.cause`);
  }
}

/**
 * Asserts that `actual` is a faithful clone of `expected`: equal values,
 * same prototypes, and the same graph shape (a one-to-one pairing of objects).
 */
export function expectSameClone(actual: unknown, expected: unknown): void {
  new Comparer().compareGraphs(actual, expected);
}

/**
 * A new error of `ErrorClass` with `message`, and `stack` as an own data
 * property: the copy the codec's rules make of an error that changes class.
 */
export function errorLike(ErrorClass: new (message: string) => Error, message: string, stack: unknown): Error {
  return Object.defineProperty(new ErrorClass(message), 'stack', { value: stack, writable: true, configurable: true });
}

describe('codec spec helper: expectSameClone', () => {
  const failsOn = (actual: unknown, expected: unknown, words: string): void => {
    expect(() => expectSameClone(actual, expected)).to.throw(Error, words);
  };

  it('accepts equal graphs', () => {
    const shared = { s: 1 };
    const cyclic: Record<string, unknown> = { n: [1, , 3] };
    cyclic.self = cyclic;
    const build = () => [shared, shared, new Map([[1, new Set([2])]]), -0, NaN, 1n, new Date(0), /x/g, cyclic];
    expectSameClone(build(), build());
  });

  it('tells -0 from 0, a hole from undefined, and key order', () => {
    failsOn(-0, 0, 'value');
    failsOn([undefined], [,], 'keys');
    failsOn({ a: 1, b: 2 }, { b: 2, a: 1 }, 'keys');
  });

  it('tells prototypes, classes and error fields apart', () => {
    class A {}
    failsOn(new A(), {}, 'prototype');
    failsOn(new Map(), new Set(), 'class');
    failsOn(new Error('x'), new Error('y'), 'message');
    failsOn(Object.assign(new Error('x'), { code: 1 }), new Error('x'), 'own enumerable keys');
    failsOn(new Error('x', { cause: undefined }), new Error('x'), 'has an own cause');
    failsOn(new Uint8Array(new ArrayBuffer(4), 1, 1), new Uint8Array(new ArrayBuffer(4), 2, 1), 'byteOffset');
    failsOn(new String('a'), new String('b'), 'valueOf');
    failsOn(/a/g, /a/i, 'flags');
    failsOn(new Map([[1, 2]]), new Map([[1, 3]]), 'value #0');
  });

  it('tells a shared object from two equal ones, and a cycle from a copy', () => {
    const one = {};
    failsOn([one, one], [{}, {}], 'identity');
    failsOn([{}, {}], [one, one], 'identity');
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    failsOn(cyclic, [[]], 'identity');
  });
});
