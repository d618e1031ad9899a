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
 * too), plain objects (own enumerable string keys, in order; getters are
 * called), `Map`, `Set`, `Date`, `RegExp` (not `lastIndex`), `ArrayBuffer`
 * (resizable ones too), typed arrays, `DataView`, errors (`name` among the
 * standard ones, `message`, `stack`, `cause`), `DOMException`, boxed
 * primitives, and the shape of the object graph: an object reached twice
 * comes back as one object reached twice, cycles included. A class instance
 * comes back as a plain object; a subclass of a built-in as the built-in.
 *
 * It throws a `DOMException` named `DataCloneError`, as `structuredClone`
 * does, for a function, a symbol, a `WeakMap`, a `Promise` and any other
 * built-in or host object outside that list, anywhere in the item.
 *
 * Where it differs from `structuredClone`:
 * - a `SharedArrayBuffer` item is refused (a queue copies; it cannot share
 *   memory), and a view of shared memory is copied with just the bytes it
 *   views, into an `ArrayBuffer` of its own;
 * - non-index properties of an array are dropped;
 * - a `DOMException` keeps its name and message (Node's `structuredClone`
 *   turns it into `{}`; browsers keep it);
 * - a typed array that tracks the length of a resizable buffer comes back
 *   with a fixed length;
 * - a class instance whose class sets `Symbol.toStringTag` is refused as a
 *   host object; a `Proxy` is copied through its traps.
 *
 * A typed array is copied with its whole buffer, as in `structuredClone`: a
 * small Node `Buffer` may be a view into an 8 KiB pool. Copy it first
 * (`Uint8Array.prototype.slice.call(buf)`) to send only its bytes.
 *
 * Speed (Node 20, a 2-core Xeon VM, 2025-11-25; ns for one `encode` plus
 * one `decode`, vs. `v8.serialize`+`v8.deserialize` and `structuredClone`):
 * see the table in the README of the codec. (filled in below)
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
