/**
 * The low layer of the decoder: bounds-checked reading of sizes, numbers and
 * strings from the bytes of one item.
 *
 * @module
 * @internal
 */

import { isShared } from './builtins.js';
import { LONGEST_CACHED_KEY, keyCache } from './key-cache.js';
import { latin1, utf16 } from './char-strings.js';
import { float64Bytes, scratch64 } from './scratch64.js';
import { Tag } from './tags.js';

const EMPTY = new Uint8Array(0);
const textDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The `TypeError` that `decode` throws for bytes that are not a valid
 * encoding. A class of its own only so that the decoder can tell its own
 * errors from a built-in's; its `name` is `TypeError`.
 * @internal
 */
export class MalformedItem extends TypeError {}

/** A {@link MalformedItem} that says what is wrong, and the built-in's error that found it, if any. @internal */
export function malformed(detail: string, cause?: unknown): MalformedItem {
  return new MalformedItem(`Cannot decode the item: ${detail}`, { cause });
}

/**
 * Reads the bytes of one item. Every read checks that the bytes are there,
 * so truncated input throws instead of reading `undefined`.
 * @internal
 */
export class ByteReader {
  /** The item's bytes. */
  protected bytes: Uint8Array = EMPTY;
  /** Where the next byte is read. */
  protected pos = 0;
  /** Where the item's bytes end. */
  protected end = 0;

  /** Starts reading `bytes`. */
  protected start(bytes: Uint8Array): void {
    this.bytes = bytes;
    this.pos = 0;
    this.end = bytes.length;
  }

  /** Lets go of the bytes, which belong to the caller. */
  protected finish(): void {
    this.bytes = EMPTY;
  }

  /** Skips `count` bytes and returns where they start. */
  protected take(count: number): number {
    const pos = this.pos;
    if (count > this.end - pos) throw malformed(`it ends within ${count} bytes that byte ${pos} needs`);
    this.pos = pos + count;
    return pos;
  }

  /** Reads one byte. */
  protected readByte(): number {
    if (this.pos >= this.end) throw malformed(`it ends at byte ${this.pos}, within a value`);
    return this.bytes[this.pos++];
  }

  /** Reads a LEB128 size of up to 5 bytes. */
  protected readSize(): number {
    let byte = this.readByte();
    if (byte < 0x80) return byte;
    let size = byte & 0x7f;
    let scale = 0x80;
    for (let i = 1; i < 5; i++) {
      byte = this.readByte();
      size += (byte & 0x7f) * scale;
      if (byte < 0x80) return size;
      scale *= 0x80;
    }
    throw malformed(`the size that ends at byte ${this.pos} is too long`);
  }

  /** Reads an int32 from 4 bytes. */
  protected readInt32(): number {
    const bytes = this.bytes;
    const pos = this.take(4);
    return bytes[pos] | (bytes[pos + 1] << 8) | (bytes[pos + 2] << 16) | (bytes[pos + 3] << 24);
  }

  /** Reads a float64 from 8 bytes. */
  protected readFloat64(): number {
    this.readScratch64();
    return scratch64.float64[0];
  }

  /** Reads an int64 from 8 bytes. */
  protected readBigInt64(): bigint {
    this.readScratch64();
    return scratch64.bigInt64[0];
  }

  private readScratch64(): void {
    const bytes = this.bytes;
    const pos = this.take(8);
    float64Bytes[0] = bytes[pos];
    float64Bytes[1] = bytes[pos + 1];
    float64Bytes[2] = bytes[pos + 2];
    float64Bytes[3] = bytes[pos + 3];
    float64Bytes[4] = bytes[pos + 4];
    float64Bytes[5] = bytes[pos + 5];
    float64Bytes[6] = bytes[pos + 6];
    float64Bytes[7] = bytes[pos + 7];
  }

  /** Reads a string value, tag included. */
  protected readString(): string {
    return this.readStringAfter(this.readByte());
  }

  /** Reads the rest of a string value whose tag was read. */
  protected readStringAfter(tag: Tag): string {
    switch (tag) {
      case Tag.Latin1:
        return this.readLatin1(this.readSize());
      case Tag.Utf8:
        return this.readUtf8(this.readSize32());
      case Tag.Utf16:
        return this.readUtf16(this.readSize());
      default:
        throw malformed(`a string was expected at byte ${this.pos - 1}`);
    }
  }

  private readSize32(): number {
    return this.readInt32() >>> 0;
  }

  /** Reads an object key whose tag was read; a short one comes from the key cache. */
  protected readKeyAfter(tag: Tag): string {
    if (tag !== Tag.Latin1) return this.readStringAfter(tag);
    const count = this.readSize();
    const start = this.take(count);
    return count === 0 || count > LONGEST_CACHED_KEY
      ? latin1(this.bytes, start, count)
      : keyCache.get(this.bytes, start, count);
  }

  private readLatin1(count: number): string {
    return latin1(this.bytes, this.take(count), count);
  }

  private readUtf8(count: number): string {
    const start = this.take(count);
    const bytes = this.bytes.subarray(start, start + count);
    try {
      // TextDecoder refuses views of shared memory in browsers.
      return textDecoder.decode(isShared(bytes.buffer) ? bytes.slice() : bytes);
    } catch (error) {
      throw malformed(`the ${count} bytes at byte ${start} are not UTF-8`, error);
    }
  }

  private readUtf16(count: number): string {
    return utf16(this.bytes, this.take(2 * count), count);
  }
}
