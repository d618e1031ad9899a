/**
 * The value layer of the encoder: walks an item's object graph, as the
 * structured clone algorithm does, and writes each value in the wire format
 * of `tags.ts`.
 *
 * @module
 * @internal
 */

import { ByteWriter } from './byte-writer.js';
import { errorKind, isDetached, isShared, typedArrayKind } from './builtins.js';
import { dataCloneError } from './clone-error.js';
import { ErrorField, Tag } from './tags.js';

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
    try {
      this.writeValue(value);
      return this.written();
    } finally {
      this.forgetObjects();
      this.busy = false;
    }
  }

  private forgetObjects(): void {
    const count = this.objectCount;
    if (count === 0) return;
    const few = this.few;
    for (let i = 0; i < count && i < FEW_OBJECTS; i++) few[i] = undefined;
    this.many = undefined;
    this.objectCount = 0;
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
    if (Array.isArray(object)) return this.writeArray(object);
    const prototype: unknown = Object.getPrototypeOf(object);
    if (prototype === objectPrototype || prototype === null) return this.writeProperties(object);
    this.writeBuiltin(object);
  }

  private writeArray(array: readonly unknown[]): void {
    const start = this.pos;
    const length = array.length;
    this.writeTagged(Tag.Array, length);
    for (let i = 0; i < length; i++) {
      const item = array[i];
      if (item === undefined && !(i in array)) i = this.writeHoles(array, i, length, start) - 1;
      else this.writeValue(item);
    }
  }

  /** Writes the run of holes at `from`; returns the index after it. */
  private writeHoles(array: readonly unknown[], from: number, length: number, start: number): number {
    let to = from + 1;
    while (to < length && !(to in array)) {
      if (to - from === LONG_HOLE_RUN) return this.writeSparseRest(array, from, length, start);
      to++;
    }
    this.writeTagged(Tag.Holes, to - from);
    return to;
  }

  /** Writes the elements from `from` on by their indices, without a scan of the holes. */
  private writeSparseRest(array: readonly unknown[], from: number, length: number, start: number): number {
    this.bytes[start] = Tag.SparseArray;
    this.writeTagged(Tag.Holes, length - from);
    for (const key of Object.keys(array)) {
      const index = arrayIndex(key);
      if (index < 0) break; // indices come first, in order
      if (index < from) continue;
      this.reserve(5);
      this.writeSize(index + 1);
      this.writeValue(array[index]);
    }
    this.writeByte(0);
    return length;
  }

  /** Writes own enumerable string-keyed properties, as structured clone copies a plain object. */
  private writeProperties(object: object): void {
    this.writeByte(Tag.Object);
    for (const key in object) {
      if (!hasOwnProperty.call(object, key)) continue;
      this.writeString(key);
      this.writeValue((object as Record<string, unknown>)[key]);
    }
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
    if (objectToString.call(object) === '[object Object]') return this.writeProperties(object);
    throw dataCloneError(object, isShared(object as ArrayBufferLike) ? 'the queue copies items, it cannot share memory' : undefined);
  }

  private writeMap(map: Map<unknown, unknown>): void {
    this.writeByte(Tag.Map);
    for (const [key, value] of mapEntries.call(map)) {
      this.writeValue(key);
      this.writeValue(value);
    }
    this.writeByte(Tag.End);
  }

  private writeSet(set: Set<unknown>): void {
    this.writeByte(Tag.Set);
    for (const value of setValues.call(set)) this.writeValue(value);
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

  private writeError(error: Error): void {
    const kind = errorKind(error.name);
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
    if (cause.found) this.writeValue(cause.value);
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
