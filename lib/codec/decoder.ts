/**
 * The value layer of the decoder: rebuilds an item from the wire format of
 * `tags.ts`, numbering objects in the order the encoder met them, so that
 * references to objects already rebuilt (shared ones, cycles) resolve.
 *
 * @module
 * @internal
 */

import { ERROR_CONSTRUCTORS, TYPED_ARRAY_CONSTRUCTORS, TYPED_ARRAY_NAMES, type TypedArrayConstructor } from './builtins.js';
import { ByteReader, malformed } from './byte-reader.js';
import { ErrorField, Tag } from './tags.js';

const ALL_ERROR_FIELDS = ErrorField.Message | ErrorField.Stack | ErrorField.Cause;
const HEX = /^[0-9a-f]+$/;
/** Up to this many objects, the list of objects is cleared for reuse; past it, dropped. */
const FORGET_BY_LOOP = 1024;

/** Gives an object a property as an object literal would, never calling a setter. */
function defineValue(object: object, key: string, value: unknown, enumerable: boolean): void {
  Object.defineProperty(object, key, { value, writable: true, enumerable, configurable: true });
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

  /**
   * Decodes one item from `bytes`, which it does not keep.
   *
   * @throws `TypeError` when the bytes are not a valid encoding.
   */
  decode(bytes: Uint8Array): unknown {
    if (this.busy) return new Decoder().decode(bytes);
    this.busy = true;
    this.start(bytes);
    let value: unknown;
    try {
      value = this.readValue();
      if (this.pos !== this.end) throw malformed(`${this.end - this.pos} bytes follow the item`);
    } catch (error) {
      // RangeError (too deep, a bad length), SyntaxError (a bad RegExp) and the like.
      throw error instanceof TypeError ? error : malformed(String(error), error);
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
  }

  private readValue(): unknown {
    return this.readTagged(this.readByte());
  }

  /** Reads the rest of a value whose tag was read. */
  private readTagged(tag: number): unknown {
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
        return this.readArray(tag === Tag.SparseArray);
      case Tag.Object:
        return this.readObject();
      case Tag.Map:
        return this.readMap();
      case Tag.Set:
        return this.readSet();
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

  private readBigIntAfter(tag: number): bigint {
    if (tag === Tag.BigInt64) return this.readBigInt64();
    if (tag !== Tag.BigInt) throw malformed(`a bigint was expected at byte ${this.pos - 1}`);
    const negative = this.readByte();
    const hex = this.readString();
    if (negative > 1 || !HEX.test(hex)) throw malformed('a bigint with bad digits');
    const magnitude = BigInt(`0x${hex}`);
    return negative === 1 ? -magnitude : magnitude;
  }

  private readArray(sparse: boolean): unknown[] {
    const length = this.readSize();
    const array = this.remember<unknown[]>([]);
    while (array.length < length) {
      const tag = this.readByte();
      if (tag !== Tag.Holes) {
        array.push(this.readTagged(tag));
        continue;
      }
      const run = this.readSize();
      if (run === 0 || run > length - array.length) throw malformed(`a run of ${run} holes in an array of ${length}`);
      array.length += run;
    }
    if (sparse) this.readSparseRest(array, length);
    return array;
  }

  private readSparseRest(array: unknown[], length: number): void {
    for (let key = this.readSize(); key !== 0; key = this.readSize()) {
      if (key > length) throw malformed(`index ${key - 1} in an array of ${length}`);
      array[key - 1] = this.readValue();
    }
  }

  private readObject(): object {
    const object = this.remember<Record<string, unknown>>({});
    for (let tag = this.readByte(); tag !== Tag.End; tag = this.readByte()) {
      const key = this.readKeyAfter(tag);
      const value = this.readValue();
      if (key === '__proto__') defineValue(object, key, value, true);
      else object[key] = value;
    }
    return object;
  }

  private readMap(): Map<unknown, unknown> {
    const map = this.remember(new Map<unknown, unknown>());
    for (let tag = this.readByte(); tag !== Tag.End; tag = this.readByte()) {
      const key = this.readTagged(tag);
      map.set(key, this.readValue());
    }
    return map;
  }

  private readSet(): Set<unknown> {
    const set = this.remember(new Set<unknown>());
    for (let tag = this.readByte(); tag !== Tag.End; tag = this.readByte()) set.add(this.readTagged(tag));
    return set;
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
    const buffer = this.readValue();
    if (!(buffer instanceof ArrayBuffer)) throw malformed('the buffer of a view is not an ArrayBuffer');
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

  private readTypedArrayConstructor(): TypedArrayConstructor {
    const kind = this.readByte();
    const constructor = TYPED_ARRAY_CONSTRUCTORS[kind];
    if (constructor === undefined) {
      throw malformed(`typed array kind ${kind} (${TYPED_ARRAY_NAMES[kind] ?? 'unknown'}) is not available here`);
    }
    return constructor;
  }

  private readError(): Error {
    const constructor = ERROR_CONSTRUCTORS[this.readByte()];
    const fields = this.readByte();
    if (constructor === undefined || fields > ALL_ERROR_FIELDS) throw malformed('an error of unknown kind or fields');
    const message = fields & ErrorField.Message ? this.readString() : undefined;
    const stack = fields & ErrorField.Stack ? this.readString() : undefined;
    const error = this.remember(message === undefined ? new constructor() : new constructor(message));
    defineValue(error, 'stack', stack, false); // no stack: an own undefined one, as in V8's structuredClone
    if (fields & ErrorField.Cause) defineValue(error, 'cause', this.readValue(), false);
    return error;
  }

  private readDOMException(): DOMException {
    const name = this.readString();
    const message = this.readString();
    const tag = this.readByte();
    const exception = new DOMException(message, name);
    if (tag !== Tag.Undefined) defineValue(exception, 'stack', this.readStringAfter(tag), false);
    return this.remember(exception);
  }
}
