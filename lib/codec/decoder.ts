/**
 * The value layer of the decoder: rebuilds an item from the wire format of
 * `tags.ts`, numbering objects in the order the encoder met them, so that
 * references to objects already rebuilt (shared ones, cycles) resolve.
 *
 * @module
 * @internal
 */

import { TYPED_ARRAY_CONSTRUCTORS, TYPED_ARRAY_NAMES, type TypedArrayConstructor } from './builtins.js';
import { ByteReader, MalformedItem, malformed } from './byte-reader.js';
import { ERROR_CLASSES, type ErrorClass } from './error-classes.js';
import { ErrorField, Nesting, Tag } from './tags.js';

const ALL_ERROR_FIELDS = ErrorField.Message | ErrorField.Stack | ErrorField.Cause;
const HEX = /^[0-9a-f]+$/;
/** Up to this many objects, the list of objects is cleared for reuse; past it, dropped. */
const FORGET_BY_LOOP = 1024;

/** Gives an object a property as an object literal would, never calling a setter. */
function defineValue(object: object, key: string, value: unknown, enumerable: boolean): void {
  Object.defineProperty(object, key, { value, writable: true, enumerable, configurable: true });
}

/** The engine's setting for how many frames a new error captures (V8, JavaScriptCore). */
const errorSettings = Error as { stackTraceLimit?: number };

/**
 * A new error of `errorClass` that captures no stack trace: the decoder gives
 * it the stack that was written, so capturing one (of any depth, where
 * `Error.stackTraceLimit` is `Infinity`) would be wasted, and on
 * JavaScriptCore would add `line`, `column` and `sourceURL` properties that
 * point into the decoder.
 */
function newError(errorClass: ErrorClass): Error {
  const limit = errorSettings.stackTraceLimit;
  if (typeof limit !== 'number') return new errorClass();
  errorSettings.stackTraceLimit = 0;
  try {
    return new errorClass();
  } finally {
    errorSettings.stackTraceLimit = limit;
  }
}

/**
 * Decodes values. Reentrant: a decode started while another runs (from a
 * patched built-in) gets a decoder of its own.
 * @internal
 */
export class Decoder extends ByteReader {
  private busy = false;
  /** The objects rebuilt so far, by number. */
  private objects: unknown[] = [];
  private objectCount = 0;
  /** How many arrays, objects, Maps, Sets and Errors enclose the value being read. */
  private depth = 0;
  /** The objects written as {@link Tag.Deferred}, whose contents follow the item, and their tags. */
  private deferred: object[] = [];
  private deferredTags: Tag[] = [];

  /**
   * Decodes one item from `bytes`, which it does not keep.
   *
   * @throws `TypeError` when the bytes are not a valid encoding.
   */
  decode(bytes: Uint8Array): unknown {
    if (this.busy) return new Decoder().decode(bytes);
    this.busy = true;
    this.start(bytes);
    this.depth = 0;
    let value: unknown;
    try {
      value = this.readValue();
      this.readDeferred();
      if (this.pos !== this.end) throw malformed(`${this.end - this.pos} bytes follow the item`);
    } catch (error) {
      // What a built-in refused: a RangeError (a bad length), a SyntaxError (a bad RegExp) and the like.
      throw error instanceof MalformedItem ? error : malformed(String(error), error);
    } finally {
      this.forgetObjects();
      this.finish();
      this.busy = false;
    }
    return value;
  }

  private forgetObjects(): void {
    const count = this.objectCount;
    if (count > FORGET_BY_LOOP) this.objects = [];
    else for (let i = 0; i < count; i++) this.objects[i] = undefined;
    this.objectCount = 0;
    if (this.deferred.length > 0) {
      this.deferred = [];
      this.deferredTags = [];
    }
  }

  /** Goes one level deeper into arrays, objects, Maps, Sets and Errors, as deep as the encoder goes at most. */
  private enter(): void {
    if (++this.depth > (Nesting.Deepest as number)) throw malformed(`it nests deeper than ${Nesting.Deepest} levels`);
  }

  /** Reads the shell of an object whose contents follow the item: an empty one of its kind. */
  private readShell(): object {
    const tag: Tag = this.readByte();
    let shell: object;
    switch (tag) {
      case Tag.Array:
        shell = [];
        break;
      case Tag.Object:
        shell = {};
        break;
      case Tag.Map:
        shell = new Map();
        break;
      case Tag.Set:
        shell = new Set();
        break;
      case Tag.Error:
        shell = newError(this.readErrorClass());
        break;
      default:
        throw malformed(`a deferred object of tag ${tag}`);
    }
    this.deferred.push(shell);
    this.deferredTags.push(tag);
    return this.remember(shell);
  }

  /** Fills the deferred objects, in order, each from depth 0 (a filling may defer more). */
  private readDeferred(): void {
    const deferred = this.deferred;
    for (let i = 0; i < deferred.length; i++) {
      this.depth = 0;
      const tag: Tag = this.readByte();
      const shellTag = this.deferredTags[i];
      if (tag !== shellTag && !(tag === Tag.SparseArray && shellTag === Tag.Array)) {
        throw malformed(`the contents of a deferred object of tag ${shellTag} have tag ${tag}`);
      }
      this.readContents(deferred[i], tag);
    }
  }

  /** Reads the contents of an array, object, Map, Set or Error, whose tag was read, into `object`. */
  private readContents(object: object, tag: Tag): void {
    switch (tag) {
      case Tag.Array:
      case Tag.SparseArray:
        return this.readArrayInto(object as unknown[], tag === Tag.SparseArray);
      case Tag.Object:
        return this.readObjectInto(object as Record<string, unknown>);
      case Tag.Map:
        return this.readMapInto(object as Map<unknown, unknown>);
      case Tag.Set:
        return this.readSetInto(object as Set<unknown>);
      default:
        if (this.readErrorClass().prototype !== Object.getPrototypeOf(object))
          throw malformed('a deferred error of another class');
        return this.readErrorInto(object as Error);
    }
  }

  private readValue(): unknown {
    return this.readTagged(this.readByte());
  }

  /** Reads the rest of a value whose tag was read. */
  private readTagged(tag: Tag): unknown {
    if (tag >= Tag.SmallInt) return tag - Tag.SmallInt;
    switch (tag) {
      case Tag.Undefined:
        return undefined;
      case Tag.Null:
        return null;
      case Tag.False:
        return false;
      case Tag.True:
        return true;
      case Tag.Int32:
        return this.readInt32();
      case Tag.Float64:
        return this.readFloat64();
      case Tag.BigInt64:
      case Tag.BigInt:
        return this.readBigIntAfter(tag);
      case Tag.Latin1:
      case Tag.Utf8:
      case Tag.Utf16:
        return this.readStringAfter(tag);
      case Tag.Array:
      case Tag.SparseArray:
      case Tag.Object:
      case Tag.Map:
      case Tag.Set:
        return this.readContainer(tag);
      case Tag.Date:
        return this.remember(new Date(this.readFloat64()));
      case Tag.RegExp:
        return this.remember(new RegExp(this.readString(), this.readString()));
      case Tag.ArrayBuffer:
      case Tag.ResizableArrayBuffer:
        return this.remember(this.readArrayBuffer(tag === Tag.ResizableArrayBuffer));
      case Tag.TypedArray:
      case Tag.DataView:
        return this.readView(tag === Tag.DataView);
      case Tag.Error:
        return this.readError();
      case Tag.Deferred:
        return this.readShell();
      case Tag.DOMException:
        return this.readDOMException();
      case Tag.NumberObject:
        return this.remember(new Number(this.readFloat64()));
      case Tag.StringObject:
        return this.remember(new String(this.readString()));
      case Tag.BooleanObject:
        return this.remember(new Boolean(this.readByte()));
      case Tag.BigIntObject:
        return this.remember(Object(this.readBigIntAfter(this.readByte())));
      case Tag.Ref:
        return this.readRef();
      default:
        throw malformed(`unknown tag ${tag} at byte ${this.pos - 1}`);
    }
  }

  /** Numbers an object rebuilt, and returns it. */
  private remember<T>(object: T): T {
    this.objects[this.objectCount++] = object;
    return object;
  }

  private readRef(): unknown {
    const number = this.readSize();
    if (number >= this.objectCount) throw malformed(`a reference to object ${number}, not yet seen`);
    return this.objects[number];
  }

  private readBigIntAfter(tag: Tag): bigint {
    if (tag === Tag.BigInt64) return this.readBigInt64();
    if (tag !== Tag.BigInt) throw malformed(`a bigint was expected at byte ${this.pos - 1}`);
    const negative = this.readByte();
    const hex = this.readString();
    if (negative > 1 || !HEX.test(hex)) throw malformed('a bigint with bad digits');
    const magnitude = BigInt(`0x${hex}`);
    return negative === 1 ? -magnitude : magnitude;
  }

  /** Reads an array, object, Map or Set whose tag was read. */
  private readContainer(tag: Tag): object {
    const container = tag === Tag.Object ? {} : tag === Tag.Map ? new Map() : tag === Tag.Set ? new Set() : [];
    this.readContents(this.remember(container), tag);
    return container;
  }

  private readArrayInto(array: unknown[], sparse: boolean): void {
    const length = this.readSize();
    this.enter();
    while (array.length < length) {
      const tag: Tag = this.readByte();
      if (tag !== Tag.Holes) {
        array.push(this.readTagged(tag));
        continue;
      }
      const run = this.readSize();
      if (run === 0 || run > length - array.length) throw malformed(`a run of ${run} holes in an array of ${length}`);
      array.length += run;
    }
    if (sparse) this.readSparseRest(array, length);
    for (let tag: Tag = this.readByte(); tag !== Tag.End; tag = this.readByte()) {
      defineValue(array, this.readKeyAfter(tag), this.readValue(), true);
    }
    this.depth--;
  }

  private readSparseRest(array: unknown[], length: number): void {
    for (let key = this.readSize(); key !== 0; key = this.readSize()) {
      if (key > length) throw malformed(`index ${key - 1} in an array of ${length}`);
      array[key - 1] = this.readValue();
    }
  }

  private readObjectInto(object: Record<string, unknown>): void {
    this.enter();
    for (let tag: Tag = this.readByte(); tag !== Tag.End; tag = this.readByte()) {
      const key = this.readKeyAfter(tag);
      const value = this.readValue();
      if (key === '__proto__') defineValue(object, key, value, true);
      else object[key] = value;
    }
    this.depth--;
  }

  private readMapInto(map: Map<unknown, unknown>): void {
    this.enter();
    for (let tag: Tag = this.readByte(); tag !== Tag.End; tag = this.readByte()) {
      const key = this.readTagged(tag);
      map.set(key, this.readValue());
    }
    this.depth--;
  }

  private readSetInto(set: Set<unknown>): void {
    this.enter();
    for (let tag: Tag = this.readByte(); tag !== Tag.End; tag = this.readByte()) set.add(this.readTagged(tag));
    this.depth--;
  }

  private readArrayBuffer(resizable: boolean): ArrayBuffer {
    const length = this.readSize();
    const maxByteLength = resizable ? this.readSize() : length;
    const start = this.take(length);
    if (!resizable) return this.bytes.slice(start, this.pos).buffer;
    const buffer = new ArrayBuffer(length, { maxByteLength });
    new Uint8Array(buffer).set(this.bytes.subarray(start, this.pos));
    return buffer;
  }

  private readView(isDataView: boolean): ArrayBufferView {
    const number = this.objectCount;
    this.remember(undefined);
    const typedArray = isDataView ? undefined : this.readTypedArrayConstructor();
    const buffer = this.readViewBuffer();
    const offset = this.readSize();
    const byteLength = this.readSize();
    let view: ArrayBufferView;
    if (typedArray === undefined) {
      view = new DataView(buffer, offset, byteLength);
    } else {
      const size = typedArray.BYTES_PER_ELEMENT;
      if (byteLength % size !== 0) throw malformed(`a view of ${byteLength} bytes, in items of ${size}`);
      view = new typedArray(buffer, offset, byteLength / size);
    }
    this.objects[number] = view;
    return view;
  }

  /** Reads the buffer of a view: an ArrayBuffer, or a reference to one (never a value that nests). */
  private readViewBuffer(): ArrayBuffer {
    const tag: Tag = this.readByte();
    const buffer =
      tag === Tag.Ref || tag === Tag.ArrayBuffer || tag === Tag.ResizableArrayBuffer ? this.readTagged(tag) : undefined;
    if (!(buffer instanceof ArrayBuffer)) throw malformed('the buffer of a view is not an ArrayBuffer');
    return buffer;
  }

  private readTypedArrayConstructor(): TypedArrayConstructor {
    const kind = this.readByte();
    const constructor = TYPED_ARRAY_CONSTRUCTORS[kind];
    if (constructor === undefined) {
      throw malformed(`typed array kind ${kind} (${TYPED_ARRAY_NAMES[kind] ?? 'unknown'}) is not available here`);
    }
    return constructor;
  }

  private readErrorClass(): ErrorClass {
    const kind = this.readByte();
    const errorClass = ERROR_CLASSES[kind]?.errorClass;
    if (errorClass === undefined) throw malformed(`an error of unknown kind ${kind}`);
    return errorClass;
  }

  private readError(): Error {
    const error = this.remember(newError(this.readErrorClass()));
    this.readErrorInto(error);
    return error;
  }

  /** Gives a new error of the right class the message, stack and cause that were written. */
  private readErrorInto(error: Error): void {
    const fields = this.readByte();
    if (fields > ALL_ERROR_FIELDS) throw malformed(`an error with unknown fields ${fields}`);
    if (fields & ErrorField.Message) defineValue(error, 'message', this.readString(), false);
    else delete (error as { message?: string }).message; // a library class gives a default one
    const stack = fields & ErrorField.Stack ? this.readString() : undefined;
    defineValue(error, 'stack', stack, false); // no stack: an own undefined one, as in V8's structuredClone
    if (fields & ErrorField.Cause) {
      this.enter();
      defineValue(error, 'cause', this.readValue(), false);
      this.depth--;
    }
  }

  private readDOMException(): DOMException {
    const name = this.readString();
    const message = this.readString();
    const tag: Tag = this.readByte();
    const exception = new DOMException(message, name);
    if (tag !== Tag.Undefined) defineValue(exception, 'stack', this.readStringAfter(tag), false);
    return this.remember(exception);
  }
}
