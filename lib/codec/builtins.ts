/**
 * Tables of the built-in classes that the structured clone algorithm keeps,
 * shared by the encoder and the decoder: an index into a table is what goes
 * on the wire.
 *
 * @module
 * @internal
 */

/**
 * The typed array classes, by wire index. A class that this platform lacks
 * (`Float16Array` before ES2025) simply never shows up when encoding, and
 * cannot be decoded.
 * @internal
 */
export const TYPED_ARRAY_NAMES: readonly string[] = [
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
  'Float16Array',
];

/** A constructor of some typed array class. @internal */
export interface TypedArrayConstructor {
  new (buffer: ArrayBuffer, byteOffset: number, length: number): ArrayBufferView;
  readonly BYTES_PER_ELEMENT: number;
}

/**
 * The typed array constructors, by wire index (`undefined` where this
 * platform lacks the class).
 * @internal
 */
export const TYPED_ARRAY_CONSTRUCTORS: readonly (TypedArrayConstructor | undefined)[] = TYPED_ARRAY_NAMES.map(
  (name) => (globalThis as unknown as Record<string, TypedArrayConstructor | undefined>)[name],
);

const typedArrayNameGetter = Object.getOwnPropertyDescriptor(
  Object.getPrototypeOf(Uint8Array.prototype) as object,
  Symbol.toStringTag,
)?.get as (this: unknown) => string | undefined;

/**
 * The wire index of a typed array's class, or -1 for a `DataView`. Reads the
 * typed array's internal class name, which neither a subclass nor a
 * `Symbol.toStringTag` can change.
 * @internal
 */
export function typedArrayKind(view: ArrayBufferView): number {
  const name = typedArrayNameGetter.call(view);
  return name === undefined ? -1 : TYPED_ARRAY_NAMES.indexOf(name);
}

/** Whether a buffer is a `SharedArrayBuffer` (never true where the platform lacks them). @internal */
export function isShared(buffer: ArrayBufferLike): boolean {
  return typeof SharedArrayBuffer === 'function' && buffer instanceof SharedArrayBuffer;
}

/**
 * Whether an ArrayBuffer is detached (transferred): such a buffer cannot be
 * cloned. Only a zero-length buffer can be; making a view of it tells.
 * @internal
 */
export function isDetached(buffer: ArrayBuffer): boolean {
  if (buffer.byteLength !== 0) return false;
  try {
    new Uint8Array(buffer);
    return false;
  } catch {
    return true;
  }
}
