import { StructuredCodec } from '../../lib/codec/index.js';
import { expectSameClone } from './same-clone.spec.js';

// Set CODEC_SEED to replay a run; the seed is in the test's title.
const seed = Number(process.env.CODEC_SEED ?? Date.now() % 0x7fffffff) >>> 0 || 1;

/** A seeded xorshift32 generator of floats in [0, 1). */
function randomFrom(start: number): () => number {
  let state = start;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/** Random nested values, with shared references and cycles (never through an error cause). */
class Generator {
  /** Objects made so far: later values may point back at any of them. */
  private readonly made: object[] = [];

  constructor(private readonly random: () => number) {}

  private int(below: number): number {
    return Math.floor(this.random() * below);
  }

  private pick<T>(choices: readonly T[]): T {
    return choices[this.int(choices.length)];
  }

  private remember<T extends object>(object: T): T {
    this.made.push(object);
    return object;
  }

  string(): string {
    const alphabets = ['abcxyz_0', 'é\u0080ÿ\0', '日本😀\uFEFF', '\uD800\uDC00\uDBFF'];
    const alphabet = [...this.pick(alphabets)];
    const length = this.pick([0, 1, 3, 8, 16, 17, 31, 32, 100]);
    return Array.from({ length }, () => this.pick(alphabet)).join('');
  }

  primitive(): unknown {
    switch (this.int(9)) {
      case 0:
        return this.int(300) - 150;
      case 1:
        return (this.random() - 0.5) * 2 ** this.int(80);
      case 2:
        return this.pick([-0, NaN, Infinity, -Infinity, 2 ** 31, -(2 ** 31), 2 ** 53]);
      case 3:
        return BigInt(this.int(1000) - 500) ** BigInt(1 + this.int(30));
      case 4:
      case 5:
        return this.string();
      case 6:
        return this.pick([true, false]);
      case 7:
        return null;
      default:
        return undefined;
    }
  }

  value(depth: number): unknown {
    if (depth >= 4 || this.random() < 0.4) return this.primitive();
    if (this.made.length > 0 && this.random() < 0.1) return this.pick(this.made);
    switch (this.int(11)) {
      case 0:
      case 1: {
        const array = this.remember<unknown[]>([]);
        const length = this.int(12);
        for (let i = 0; i < length; i++) if (this.random() < 0.8) array[i] = this.value(depth + 1);
        array.length = length;
        return array;
      }
      case 2:
      case 3: {
        const object = this.remember<Record<string, unknown>>({});
        const keys = this.int(8);
        for (let i = 0; i < keys; i++) {
          const key = this.pick(['id', 'name', String(this.int(20)), '__proto__', this.string()]);
          Object.defineProperty(object, key, { value: this.value(depth + 1), enumerable: true, writable: true, configurable: true });
        }
        return object;
      }
      case 4: {
        const map = this.remember(new Map<unknown, unknown>());
        const size = this.int(5);
        for (let i = 0; i < size; i++) map.set(this.value(depth + 1), this.value(depth + 1));
        return map;
      }
      case 5: {
        const set = this.remember(new Set<unknown>());
        const size = this.int(5);
        for (let i = 0; i < size; i++) set.add(this.value(depth + 1));
        return set;
      }
      case 6: {
        const buffer = new ArrayBuffer(8 * this.int(6));
        new Uint8Array(buffer).forEach((_, i, bytes) => (bytes[i] = this.int(256)));
        const kinds: (new (buffer: ArrayBuffer) => ArrayBufferView)[] = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array, DataView]; // prettier-ignore
        const View = this.pick(kinds);
        return this.remember(this.random() < 0.2 ? buffer : new View(buffer));
      }
      case 7:
        return this.remember(this.pick([new Date(this.int(2 ** 40)), new Date(NaN), new RegExp(this.pick(['a+', '[b-z]', '\\d?']), this.pick(['', 'g', 'imsuy']))]));
      case 8: {
        const Kind = this.pick([Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError]);
        return this.remember(this.random() < 0.5 ? new Kind(this.string()) : new Kind(this.string(), { cause: this.primitive() }));
      }
      case 9:
        return this.remember(this.pick([new Number(this.primitive() as number), new String(this.string()), new Boolean(this.random() < 0.5), Object(BigInt(this.int(99))) as object]));
      default:
        return this.remember(Object.assign(new (class Instance {})(), { field: this.value(depth + 1) }));
    }
  }
}

describe('StructuredCodec on random values', () => {
  it(`copies 1000 random nested values as structuredClone does (seed ${seed}; CODEC_SEED=${seed} replays)`, () => {
    const generator = new Generator(randomFrom(seed));
    const codec = new StructuredCodec();
    for (let i = 0; i < 1000; i++) {
      const value = generator.value(0);
      const decoded = codec.decode(codec.encode(value).slice());
      try {
        expectSameClone(decoded, structuredClone(value));
      } catch (error) {
        throw new Error(`value #${i} of seed ${seed}: ${(error as Error).message}`, { cause: error });
      }
    }
  });
});
