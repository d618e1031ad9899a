/**
 * The value layer of the encoder: walks an item's object graph, as the
 * structured clone algorithm does, and writes each value in the wire format
 * of `tags.ts`.
 *
 * @module
 * @internal
 */

import { ByteWriter } from './byte-writer.js';
import { isDetached, isShared, typedArrayKind } from './builtins.js';
import { dataCloneError } from './clone-error.js';
import { errorKind } from './error-classes.js';
import { ErrorField, Nesting, Tag } from './tags.js';

/** How many objects are looked up by scanning a list before a Map takes over. */
const FEW_OBJECTS = 8;
/** A run of this many holes switches an array to the sparse form. */
const LONG_HOLE_RUN = 64;

const objectPrototype = Object.prototype;
const hasOwnProperty = Object.prototype.hasOwnProperty;
const objectToString = Object.prototype.toString;
const mapEntries = Map.prototype.entries;
const setValues = Set.prototype.values;
const dateGetTime = Date.prototype.getTime;
const functionToString = Function.prototype.toString;

/** The index that `key` names in an array, or -1 if it names no element. */
function arrayIndex(key: string): number {
  const index = Number(key);
  return index >>> 0 === index && index !== 0xffffffff && String(index) === key ? index : -1;
}

/** The value of an own data property, or `undefined` with `found` false. */
function ownData(object: object, key: string): { found: boolean; value: unknown } {
  const descriptor = Object.getOwnPropertyDescriptor(object, key);
  return descriptor !== undefined && 'value' in descriptor
    ? { found: true, value: descriptor.value }
    : { found: false, value: undefined };
}

/** How `Function.prototype.toString` shows a function that is not JavaScript source: a built-in or host one. */
const NATIVE_CODE = /\{\s*\[native code\]\s*\}$/;

/**
 * Whether an object that is none of the built-ins the codec knows is an
 * instance of a class of the program's own, which structured clone copies as
 * a plain object, rather than a built-in or host object, which it refuses.
 * They look alike only when the object has a `Symbol.toStringTag`; then each
 * prototype above it must be the prototype of a class written in JavaScript.
 */
function isClassInstance(object: object): boolean {
  if (objectToString.call(object) === '[object Object]') return true;
  let prototype = Object.getPrototypeOf(object) as object | null;
  for (
    ;
    prototype !== null && prototype !== objectPrototype;
    prototype = Object.getPrototypeOf(prototype) as object | null
  ) {
    const constructor: unknown = Object.getOwnPropertyDescriptor(prototype, 'constructor')?.value;
    if (typeof constructor !== 'function' || NATIVE_CODE.test(functionToString.call(constructor))) return false;
  }
  return true;
}

/**
 * Encodes values into a reusable scratch buffer. Each object is numbered the
 * first time it is written; meeting it again writes a reference instead, so
 * shared references and cycles survive.
 * @internal
 */
export class Encoder extends ByteWriter {
  private busy = false;
  /** The first objects met, by number (looked up by scanning). */
  private readonly few: (object | undefined)[] = [];
  /** Every object met, once there are more than {@link FEW_OBJECTS}. */
  private many: Map<object, number> | undefined;
  private objectCount = 0;
  /** How many arrays, objects, Maps, Sets and Errors enclose the value being written. */
  private depth = 0;
  /** The objects met {@link Nesting.Deepest} levels deep, whose contents follow the item. */
  private deferred: object[] = [];

  /**
   * Encodes one item. The result is a view into the scratch buffer, valid
   * until the next call.
   *
   * @throws `DOMException` named `DataCloneError` for a value that the
   * structured clone algorithm rejects; whatever a getter of the item throws.
   */
  encode(value: unknown): Uint8Array {
    // A getter of the item may itself encode (put into a queue): give it its own encoder.
    if (this.busy) return new Encoder().encode(value);
    this.busy = true;
    this.restart();
    this.depth = 0;
    try {
      this.writeValue(value);
      this.writeDeferred();
      return this.written();
    } finally {
      this.forgetObjects();
      this.busy = false;
    }
  }

  /** Writes the contents of the deferred objects, each from depth 0 (and so on, for what they defer). */
  private writeDeferred(): void {
    const deferred = this.deferred;
    for (let i = 0; i < deferred.length; i++) {
      this.depth = 0;
      this.writeContents(deferred[i]);
    }
  }

  /** Whether the object about to be written is too deep to write in place: then writes it as deferred. */
  private deferredAt(object: object, tag: Tag): boolean {
    if (this.depth < (Nesting.Deepest as number)) return false;
    this.writeByte(Tag.Deferred);
    this.writeByte(tag);
    this.deferred.push(object);
    return true;
  }

  private forgetObjects(): void {
    const count = this.objectCount;
    if (count === 0) return;
    const few = this.few;
    for (let i = 0; i < count && i < FEW_OBJECTS; i++) few[i] = undefined;
    this.many = undefined;
    this.objectCount = 0;
    if (this.deferred.length > 0) this.deferred = [];
  }

  /** The number of an object already written, or -1 after numbering it. */
  private numberOf(object: object): number {
    const count = this.objectCount;
    if (count >= FEW_OBJECTS) return this.numberOfMany(object, count);
    const few = this.few;
    for (let i = 0; i < count; i++) if (few[i] === object) return i;
    few[count] = object;
    this.objectCount = count + 1;
    return -1;
  }

  private numberOfMany(object: object, count: number): number {
    let many = this.many;
    if (many === undefined) {
      // A new Map per item: cheaper in V8 than clearing one and growing it again.
      many = this.many = new Map();
      for (let i = 0; i < count; i++) many.set(this.few[i] as object, i);
    }
    const found = many.get(object);
    if (found !== undefined) return found;
    many.set(object, count);
    this.objectCount = count + 1;
    return -1;
  }

  private writeValue(value: unknown): void {
    switch (typeof value) {
      case 'number':
        return this.writeNumber(value);
      case 'string':
        return this.writeString(value);
      case 'object':
        return value === null ? this.writeByte(Tag.Null) : this.writeObject(value);
      case 'boolean':
        return this.writeByte(value ? Tag.True : Tag.False);
      case 'undefined':
        return this.writeByte(Tag.Undefined);
      case 'bigint':
        return this.writeBigInt(value);
      default:
        throw dataCloneError(value);
    }
  }

  private writeNumber(value: number): void {
    if ((value | 0) !== value || (value === 0 && 1 / value < 0)) return this.writeFloat64(Tag.Float64, value);
    if (value >= 0 && value < 0x80) return this.writeByte(Tag.SmallInt + value);
    this.writeInt32(Tag.Int32, value);
  }

  private writeBigInt(value: bigint): void {
    if (BigInt.asIntN(64, value) === value) return this.writeBigInt64(value);
    const negative = value < 0n;
    this.writeByte(Tag.BigInt);
    this.writeByte(negative ? 1 : 0);
    this.writeString((negative ? -value : value).toString(16));
  }

  private writeObject(object: object): void {
    const number = this.numberOf(object);
    if (number >= 0) return this.writeTagged(Tag.Ref, number);
    this.writeContents(object);
  }

  /** Writes an object met for the first time (already numbered). */
  private writeContents(object: object): void {
    if (Array.isArray(object)) return this.writeArray(object);
    const prototype: unknown = Object.getPrototypeOf(object);
    if (prototype === objectPrototype || prototype === null) return this.writeProperties(object);
    this.writeBuiltin(object);
  }

  private writeArray(array: readonly unknown[]): void {
    if (this.deferredAt(array, Tag.Array)) return;
    this.depth++;
    this.writeElements(array);
    this.depth--;
  }

  /** Writes an array's elements, then its named properties, as structured clone copies an array. */
  private writeElements(array: readonly unknown[]): void {
    const start = this.pos;
    const length = array.length;
    this.writeTagged(Tag.Array, length);
    let elements = length;
    for (let i = 0; i < length; i++) {
      const item = array[i];
      if (item === undefined && !(i in array)) {
        const end = this.writeHoles(array, i, length, start);
        if (end < 0) return; // the sparse form wrote the rest
        elements -= end - i;
        i = end - 1;
      } else {
        this.writeValue(item);
      }
    }
    this.writeNamedProperties(array, Object.keys(array), elements);
  }

  /** Writes the run of holes at `from`; returns the index after it, or -1 once the whole array is written. */
  private writeHoles(array: readonly unknown[], from: number, length: number, start: number): number {
    let to = from + 1;
    while (to < length && !(to in array)) {
      if (to - from === LONG_HOLE_RUN) return this.writeSparseRest(array, from, length, start);
      to++;
    }
    this.writeTagged(Tag.Holes, to - from);
    return to;
  }

  /** Writes the elements from `from` on by their indices, without a scan of the holes, then the named properties; returns -1. */
  private writeSparseRest(array: readonly unknown[], from: number, length: number, start: number): number {
    this.bytes[start] = Tag.SparseArray;
    this.writeTagged(Tag.Holes, length - from);
    const keys = Object.keys(array);
    let next = 0;
    for (; next < keys.length; next++) {
      const index = arrayIndex(keys[next]);
      if (index < 0) break; // indices come first, in order
      if (index < from) continue;
      this.reserve(5);
      this.writeSize(index + 1);
      this.writeValue(array[index]);
    }
    this.writeByte(0);
    this.writeNamedProperties(array, keys, next);
    return -1;
  }

  /**
   * Writes the properties of an array that are not elements, from `keys`
   * (its own enumerable keys: the indices come first, so the names start at
   * `from` or later), then {@link Tag.End}.
   */
  private writeNamedProperties(array: readonly unknown[], keys: readonly string[], from: number): void {
    for (let i = from; i < keys.length; i++) {
      const key = keys[i];
      if (arrayIndex(key) >= 0) continue;
      this.writeString(key);
      this.writeValue((array as unknown as Record<string, unknown>)[key]);
    }
    this.writeByte(Tag.End);
  }

  /** Writes own enumerable string-keyed properties, as structured clone copies a plain object. */
  private writeProperties(object: object): void {
    if (this.deferredAt(object, Tag.Object)) return;
    this.writeByte(Tag.Object);
    this.depth++;
    for (const key in object) {
      if (!hasOwnProperty.call(object, key)) continue;
      this.writeString(key);
      this.writeValue((object as Record<string, unknown>)[key]);
    }
    this.depth--;
    this.writeByte(Tag.End);
  }

  /** Writes an object that has a prototype of its own: a built-in or a class instance. */
  private writeBuiltin(object: object): void {
    if (object instanceof Map) return this.writeMap(object);
    if (object instanceof Set) return this.writeSet(object);
    if (object instanceof Date) return this.writeFloat64(Tag.Date, dateGetTime.call(object));
    if (object instanceof RegExp) return this.writeRegExp(object);
    if (ArrayBuffer.isView(object)) return this.writeView(object);
    if (object instanceof ArrayBuffer) return this.writeArrayBuffer(object);
    if (object instanceof DOMException) return this.writeDOMException(object);
    if (object instanceof Error) return this.writeError(object);
    if (object instanceof Number) return this.writeFloat64(Tag.NumberObject, object.valueOf());
    if (object instanceof String) return this.writeStringObject(object.valueOf());
    if (object instanceof Boolean) return this.writeBooleanObject(object.valueOf());
    if (object instanceof BigInt) return this.writeBigIntObject(object.valueOf());
    // A class instance is copied as a plain object; any other built-in is refused.
    if (isClassInstance(object)) return this.writeProperties(object);
    throw dataCloneError(
      object,
      isShared(object as ArrayBufferLike) ? 'the queue copies items, it cannot share memory' : undefined,
    );
  }

  private writeMap(map: Map<unknown, unknown>): void {
    if (this.deferredAt(map, Tag.Map)) return;
    this.writeByte(Tag.Map);
    this.depth++;
    for (const [key, value] of mapEntries.call(map)) {
      this.writeValue(key);
      this.writeValue(value);
    }
    this.depth--;
    this.writeByte(Tag.End);
  }

  private writeSet(set: Set<unknown>): void {
    if (this.deferredAt(set, Tag.Set)) return;
    this.writeByte(Tag.Set);
    this.depth++;
    for (const value of setValues.call(set)) this.writeValue(value);
    this.depth--;
    this.writeByte(Tag.End);
  }

  private writeRegExp(regExp: RegExp): void {
    this.writeByte(Tag.RegExp);
    this.writeString(regExp.source);
    this.writeString(regExp.flags);
  }

  private writeArrayBuffer(buffer: ArrayBuffer): void {
    if (isDetached(buffer)) throw dataCloneError(buffer, 'it is detached');
    if (buffer.resizable) {
      this.writeTagged(Tag.ResizableArrayBuffer, buffer.byteLength);
      this.reserve(5);
      this.writeSize(buffer.maxByteLength);
    } else {
      this.writeTagged(Tag.ArrayBuffer, buffer.byteLength);
    }
    this.writeRaw(new Uint8Array(buffer));
  }

  /**
   * Writes a typed array or a DataView, and its buffer as a value of its own
   * (so views that share a buffer still do), except a shared buffer: only the
   * bytes in view are copied, into a buffer of their own.
   */
  private writeView(view: ArrayBufferView): void {
    const kind = typedArrayKind(view);
    if (kind < 0) {
      this.writeByte(Tag.DataView);
    } else {
      this.writeByte(Tag.TypedArray);
      this.writeByte(kind);
    }
    const buffer = view.buffer;
    let offset = view.byteOffset;
    if (isShared(buffer)) {
      this.numberOf({});
      this.writeTagged(Tag.ArrayBuffer, view.byteLength);
      this.writeRaw(new Uint8Array(buffer, offset, view.byteLength));
      offset = 0;
    } else {
      this.writeObject(buffer);
    }
    this.reserve(10);
    this.writeSize(offset);
    this.writeSize(view.byteLength);
  }

  /** Writes an error: its class (the standard ones and the library's own), message, stack and cause. */
  private writeError(error: Error): void {
    const kind = errorKind(error);
    if (this.deferredAt(error, Tag.Error)) return this.writeByte(kind);
    const message = ownData(error, 'message');
    const stack = error.stack;
    const cause = ownData(error, 'cause');
    const fields =
      (message.found ? ErrorField.Message : 0) |
      (typeof stack === 'string' ? ErrorField.Stack : 0) |
      (cause.found ? ErrorField.Cause : 0);
    this.writeByte(Tag.Error);
    this.writeByte(kind);
    this.writeByte(fields);
    if (message.found) this.writeString(String(message.value));
    if (typeof stack === 'string') this.writeString(stack);
    if (!cause.found) return;
    this.depth++;
    this.writeValue(cause.value);
    this.depth--;
  }

  private writeDOMException(exception: DOMException): void {
    const stack: unknown = exception.stack;
    this.writeByte(Tag.DOMException);
    this.writeString(exception.name);
    this.writeString(exception.message);
    if (typeof stack === 'string') this.writeString(stack);
    else this.writeByte(Tag.Undefined);
  }

  private writeStringObject(value: string): void {
    this.writeByte(Tag.StringObject);
    this.writeString(value);
  }

  private writeBooleanObject(value: boolean): void {
    this.writeByte(Tag.BooleanObject);
    this.writeByte(value ? 1 : 0);
  }

  private writeBigIntObject(value: bigint): void {
    this.writeByte(Tag.BigIntObject);
    this.writeBigInt(value);
  }
}
