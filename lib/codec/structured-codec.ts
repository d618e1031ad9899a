/**
 * The default codec: keeps what the structured clone algorithm keeps.
 *
 * @module
 */

import type { Codec } from './codec.js';
import { Decoder } from './decoder.js';
import { Encoder } from './encoder.js';

/**
 * The default {@link Codec}: copies items as `postMessage` and
 * `structuredClone` do, into a compact binary form.
 *
 * It keeps `undefined`, `null`, booleans, numbers (`-0`, `NaN` and
 * `Infinity` too), bigints, strings (lone surrogates too), arrays (holes
 * too, and named properties such as a RegExp match's `index`), plain objects
 * (own enumerable string keys, in order; getters are called), `Map`, `Set`,
 * `Date`, `RegExp` (not `lastIndex`), `ArrayBuffer` (resizable ones too),
 * typed arrays, `DataView`, errors, `DOMException`, boxed primitives, and the
 * shape of the object graph: an object reached twice comes back as one object
 * reached twice, cycles included. A class instance comes back as a plain
 * object (one whose class defines `Symbol.toStringTag` too); a subclass of a
 * built-in as the built-in.
 *
 * An error comes back with its `message`, `stack` and `cause`, as an
 * instance of the class its `name` names among the standard classes (`Error`,
 * `EvalError`, `RangeError`, `ReferenceError`, `SyntaxError`, `TypeError`,
 * `URIError`) and the library's own (`SyncQueueShutDown`, `ValueError`, ...);
 * a subclass of a library class with a name of its own comes back as that
 * library class; any other error as an `Error`. Other own properties of an
 * error are dropped. The decoded error captures no stack trace of its own.
 *
 * The output is the same on every runtime: it depends on the item only, not
 * on the host's `structuredClone`, nor on the size of the thread's stack. An
 * item may nest to any depth: past 256 levels of arrays, objects, Maps, Sets
 * and errors, the codec writes the deeper objects after the outer ones, so
 * neither end ever recurses deeper than that (getters of objects that deep
 * are called later than `structuredClone` would call them).
 *
 * It throws a `DOMException` named `DataCloneError`, as `structuredClone`
 * does, for a function, a symbol, a `WeakMap`, a `Promise` and any other
 * built-in or host object outside that list, anywhere in the item. (An object
 * with a `Symbol.toStringTag` counts as a class instance when every prototype
 * above it belongs to a class written in JavaScript; so a host object that a
 * runtime writes in JavaScript, such as Deno's `MessagePort`, is copied as a
 * plain object there and refused elsewhere.)
 *
 * Where it differs from `structuredClone`:
 * - a `SharedArrayBuffer` item is refused (a queue copies; it cannot share
 *   memory), and a view of shared memory is copied with just the bytes it
 *   views, into an `ArrayBuffer` of its own;
 * - a `DOMException` keeps its name and message (Node's `structuredClone`
 *   turns it into `{}`; browsers keep it);
 * - a typed array that tracks the length of a resizable buffer comes back
 *   with a fixed length;
 * - the library's error classes keep their class (`structuredClone` gives
 *   them `Error`);
 * - an object created from an object literal that sets `Symbol.toStringTag`
 *   (`Object.create({ [Symbol.toStringTag]: 'X' })`) is refused;
 * - a `Proxy` and an `arguments` object are copied as plain objects
 *   (`structuredClone` refuses both).
 *
 * A typed array is copied with its whole buffer, as in `structuredClone`: a
 * small Node `Buffer` may be a view into an 8 KiB pool. Copy it first
 * (`new Uint8Array(buf)`) to send only its bytes.
 *
 * Speed: `npm run bench -- --costs --no-default` prints the nanoseconds
 * one `encode` and one `decode` take for an int, a small object and a 1 KiB
 * string, next to `structuredClone` in the same process.
 *
 * Object keys of up to 16 Latin-1 chars are decoded through a cache shared
 * by the thread's decoders, so that V8 sees the same key strings again.
 *
 * One instance serves one thread; `encode` and `decode` are synchronous and
 * reentrant (a getter of an item may put into a queue).
 *
 * @example
 * ```ts
 * import { StructuredCodec } from 'janus-queue';
 *
 * const codec = new StructuredCodec();
 * const item = { id: 1, when: new Date(), tags: new Set(['a']) };
 * const bytes = codec.encode(item).slice(); // copy: the view is reused by the next encode
 * const copy = codec.decode(bytes) as typeof item;
 * copy.tags.has('a'); // true
 * ```
 */
export class StructuredCodec implements Codec<unknown> {
  readonly #encoder = new Encoder();
  readonly #decoder = new Decoder();

  /**
   * Encodes an item. The result is a view into a scratch buffer of this
   * codec: valid only until the next `encode` call on this instance, so copy
   * it at once (a queue copies it into shared memory).
   *
   * @throws `DOMException` named `DataCloneError` when the item holds a value
   * that the structured clone algorithm rejects (a function, a symbol, a
   * `WeakMap`, ...); whatever a getter of the item throws.
   */
  encode(item: unknown): Uint8Array {
    return this.#encoder.encode(item);
  }

  /**
   * Decodes an item from bytes made by {@link StructuredCodec.encode}. The
   * item keeps no reference to `bytes` (typed arrays and buffers are copies),
   * so `bytes` may be a scratch or shared buffer that is reused at once.
   *
   * @throws `TypeError` when the bytes are truncated or not a valid encoding.
   */
  decode(bytes: Uint8Array): unknown {
    return this.#decoder.decode(bytes);
  }
}

/** The codec that a queue uses unless told otherwise: a {@link StructuredCodec}. */
export const defaultCodec: Codec<unknown> = new StructuredCodec();
