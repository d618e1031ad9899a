import { StructuredCodec } from '../../lib/codec/index.js';
import { AsyncQueueEmpty, Full, SyncQueueShutDown, ValueError } from '../../lib/errors.js';
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

/** A random value, and the copy that the codec's rules make of it. */
interface Sample {
  value: unknown;
  copy: unknown;
}

/** The same value as its own copy: what the codec copies exactly. */
const exact = (value: unknown): Sample => ({ value, copy: value });

/**
 * Random nested values with their expected copies, with shared references
 * and cycles (never through an error cause). Every value is copied exactly,
 * except a class instance, whose copy is a plain object.
 */
class Generator {
  /** Objects made so far, with their copies: later values may point back at any of them. */
  private readonly made: Sample[] = [];

  constructor(private readonly random: () => number) {}

  private int(below: number): number {
    return Math.floor(this.random() * below);
  }

  private pick<T>(choices: readonly T[]): T {
    return choices[this.int(choices.length)];
  }

  private remember(sample: Sample): Sample {
    this.made.push(sample);
    return sample;
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

  /** Gives both the value and its copy the same key, as an own enumerable data property (`__proto__` too). */
  private define(sample: Sample, key: string, child: Sample): void {
    const define = (object: unknown, value: unknown): void => {
      Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
    };
    define(sample.value, child.value);
    define(sample.copy, child.copy);
  }

  sample(depth: number): Sample {
    if (depth >= 4 || this.random() < 0.4) return exact(this.primitive());
    if (this.made.length > 0 && this.random() < 0.1) return this.pick(this.made);
    switch (this.int(11)) {
      case 0:
      case 1: {
        const array = this.remember({ value: [], copy: [] });
        const length = this.int(12);
        for (let i = 0; i < length; i++) if (this.random() < 0.8) this.define(array, String(i), this.sample(depth + 1));
        (array.value as unknown[]).length = length;
        (array.copy as unknown[]).length = length;
        if (this.random() < 0.2)
          this.define(array, this.pick(['total', 'index', this.string()]), this.sample(depth + 1));
        return array;
      }
      case 2:
      case 3: {
        const object = this.remember({ value: {}, copy: {} });
        const keys = this.int(8);
        for (let i = 0; i < keys; i++) {
          this.define(
            object,
            this.pick(['id', 'name', String(this.int(20)), '__proto__', this.string()]),
            this.sample(depth + 1),
          );
        }
        return object;
      }
      case 4: {
        const map = this.remember({ value: new Map(), copy: new Map() });
        const size = this.int(5);
        for (let i = 0; i < size; i++) {
          const key = this.sample(depth + 1);
          const value = this.sample(depth + 1);
          if ((map.value as Map<unknown, unknown>).has(key.value)) continue;
          (map.value as Map<unknown, unknown>).set(key.value, value.value);
          (map.copy as Map<unknown, unknown>).set(key.copy, value.copy);
        }
        return map;
      }
      case 5: {
        const set = this.remember({ value: new Set(), copy: new Set() });
        const size = this.int(5);
        for (let i = 0; i < size; i++) {
          const item = this.sample(depth + 1);
          if ((set.value as Set<unknown>).has(item.value)) continue;
          (set.value as Set<unknown>).add(item.value);
          (set.copy as Set<unknown>).add(item.copy);
        }
        return set;
      }
      case 6: {
        const buffer = new ArrayBuffer(8 * this.int(6));
        new Uint8Array(buffer).forEach((_, i, bytes) => (bytes[i] = this.int(256)));
        const kinds: (new (buffer: ArrayBuffer) => ArrayBufferView)[] = [
          Int8Array,
          Uint8Array,
          Uint8ClampedArray,
          Int16Array,
          Uint16Array,
          Int32Array,
          Uint32Array,
          Float32Array,
          Float64Array,
          BigInt64Array,
          BigUint64Array,
          DataView,
        ]; // prettier-ignore
        const View = this.pick(kinds);
        return this.remember(exact(this.random() < 0.2 ? buffer : new View(buffer)));
      }
      case 7:
        return this.remember(
          exact(
            this.pick([
              new Date(this.int(2 ** 40)),
              new Date(NaN),
              new RegExp(this.pick(['a+', '[b-z]', '\\d?']), this.pick(['', 'g', 'imsuy'])),
            ]),
          ),
        );
      case 8: {
        const Kind = this.pick([
          Error,
          EvalError,
          RangeError,
          ReferenceError,
          SyntaxError,
          TypeError,
          URIError,
          SyncQueueShutDown,
          AsyncQueueEmpty,
          Full,
          ValueError,
        ]);
        return this.remember(
          exact(this.random() < 0.5 ? new Kind(this.string()) : new Kind(this.string(), { cause: this.primitive() })),
        );
      }
      case 9:
        return this.remember(
          exact(
            this.pick([
              new Number(this.primitive() as number),
              new String(this.string()),
              new Boolean(this.random() < 0.5),
              Object(BigInt(this.int(99))) as object,
            ]),
          ),
        );
      default: {
        const instance = this.remember({ value: new (class Instance {})(), copy: {} });
        this.define(instance, 'field', this.sample(depth + 1));
        return instance;
      }
    }
  }
}

describe('StructuredCodec on random values', () => {
  it(`copies 1000 random nested values by the structured clone rules (seed ${seed}; CODEC_SEED=${seed} replays)`, () => {
    const generator = new Generator(randomFrom(seed));
    const codec = new StructuredCodec();
    for (let i = 0; i < 1000; i++) {
      const { value, copy } = generator.sample(0);
      const decoded = codec.decode(codec.encode(value).slice());
      try {
        expectSameClone(decoded, copy);
      } catch (error) {
        throw new Error(`value #${i} of seed ${seed}: ${(error as Error).message}`, { cause: error });
      }
    }
  });
});
