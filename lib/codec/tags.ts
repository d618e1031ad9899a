/**
 * The wire format of {@link StructuredCodec}: one tag byte per value, then its
 * payload. Internal: the format may change between versions, since both ends
 * of a queue always run the same library.
 *
 * Sizes and counts are unsigned LEB128 ("size" below); other integers are
 * little-endian; float64 and int64 values are in the platform's byte order
 * (both ends of a queue share one machine's memory).
 *
 * @module
 * @internal
 */

/**
 * The first byte of every encoded value.
 * @internal
 */
export const enum Tag {
  /** `undefined`. */
  Undefined = 1,
  /** `null`. */
  Null,
  /** `false`. */
  False,
  /** `true`. */
  True,
  /** A number that is an int32 (but not -0 or 0..127): 4 bytes. */
  Int32,
  /** Any other number, incl. -0, NaN and Infinity: 8 bytes, a float64. */
  Float64,
  /** A bigint in the int64 range: 8 bytes. */
  BigInt64,
  /** Any other bigint: a byte (1 if negative), then its magnitude as a hex string value. */
  BigInt,
  /** A short string of chars below U+0100: char count (size), then one byte per char. */
  Latin1,
  /** A long, well-formed string: byte count (4 bytes), then UTF-8. */
  Utf8,
  /** Any other string: char count (size), then 2 bytes per char (UTF-16, lone surrogates and all). */
  Utf16,
  /**
   * An array: its length (size), then that many elements, where a {@link Tag.Holes} stands for a run of holes,
   * then its named (non-index) properties as key (a string value) and value pairs, ended by {@link Tag.End}.
   */
  Array,
  /** An array written as {@link Tag.Array}, but with `index + 1` (size) and value pairs, ended by a 0 size, before its named properties. */
  SparseArray,
  /** A run of array holes: its length (size). */
  Holes,
  /** A plain object: key (a string value) and value pairs, then {@link Tag.End}. */
  Object,
  /** Ends the entries of an object, a Map or a Set. */
  End,
  /** A Map: key and value pairs, then {@link Tag.End}. */
  Map,
  /** A Set: values, then {@link Tag.End}. */
  Set,
  /** A Date: its time value, 8 bytes. */
  Date,
  /** A RegExp: its source and flags, two string values. */
  RegExp,
  /** An ArrayBuffer: byte length (size), then the bytes. */
  ArrayBuffer,
  /** A resizable ArrayBuffer: byte length and maximum byte length (sizes), then the bytes. */
  ResizableArrayBuffer,
  /** A typed array: kind (a byte), its buffer (a value), then byte offset and length (sizes). */
  TypedArray,
  /** A DataView: its buffer (a value), then byte offset and byte length (sizes). */
  DataView,
  /** An Error: kind (a byte; see `error-classes.ts`), which fields follow (a byte), then message, stack and cause. */
  Error,
  /** A DOMException: name, message and stack (a string value or undefined). */
  DOMException,
  /** A `Number` object: 8 bytes, a float64. */
  NumberObject,
  /** A `String` object: its string value. */
  StringObject,
  /** A `Boolean` object: one byte, 0 or 1. */
  BooleanObject,
  /** A `BigInt` object: its bigint value. */
  BigIntObject,
  /** An object already written: its index (size) in the order objects were first written. */
  Ref,
  /**
   * An array, object, Map, Set or Error met {@link Nesting.Deepest} levels deep: its tag (and an Error's kind
   * byte), numbered like any object; its contents, written as a value of that tag, follow the item, in the
   * order the deferred objects were met. So nesting on the wire, and on either thread's stack, stays shallow.
   */
  Deferred,
  /** 0x80..0xff: the numbers 0..127, in the tag byte itself. */
  SmallInt = 0x80,
}

/** Limits of the wire format. @internal */
export const enum Nesting {
  /**
   * The deepest nesting of arrays, objects, Maps, Sets and Errors written in
   * place; deeper ones are {@link Tag.Deferred}. The decoder refuses deeper
   * nesting, so both ends recurse at most this far, whatever the item's depth.
   */
  Deepest = 256,
}

/** Which optional fields follow an {@link Tag.Error}: a bit mask. @internal */
export const enum ErrorField {
  Message = 1,
  Stack = 2,
  Cause = 4,
}
