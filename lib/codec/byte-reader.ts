/**
 * The low layer of the decoder: bounds-checked reading of sizes, numbers and
 * strings from the bytes of one item.
 *
 * @module
 * @internal
 */

import { isShared } from './builtins.js';
import { float64Bytes, scratch64 } from './scratch64.js';
import { Tag } from './tags.js';

const EMPTY = new Uint8Array(0);
const fromCharCode = String.fromCharCode;
const textDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** How many UTF-16 chars are turned into a string at a time. */
const UTF16_CHUNK = 4096;

/** The `TypeError` that `decode` throws for bytes that are not a valid encoding. @internal */
export function malformed(detail: string, cause?: unknown): TypeError {
  return new TypeError(`Cannot decode the item: ${detail}`, { cause });
}

/** Up to 8 one-byte chars as a string, without a loop or a temporary array. */
function latin1Chunk(bytes: Uint8Array, pos: number, count: number): string {
  const b = bytes;
  const p = pos;
  switch (count) {
    case 1:
      return fromCharCode(b[p]);
    case 2:
      return fromCharCode(b[p], b[p + 1]);
    case 3:
      return fromCharCode(b[p], b[p + 1], b[p + 2]);
    case 4:
      return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3]);
    case 5:
      return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4]);
    case 6:
      return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5]);
    case 7:
      return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6]);
    default:
      return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7]);
  }
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
  protected readStringAfter(tag: number): string {
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
    const bytes = this.bytes;
    const pos = this.take(4);
    return (bytes[pos] | (bytes[pos + 1] << 8) | (bytes[pos + 2] << 16) | (bytes[pos + 3] << 24)) >>> 0;
  }

  private readLatin1(count: number): string {
    const start = this.take(count);
    if (count <= 8) return count === 0 ? '' : latin1Chunk(this.bytes, start, count);
    let value = '';
    for (let done = 0; done < count; done += 8) value += latin1Chunk(this.bytes, start + done, Math.min(8, count - done));
    return value;
  }

  private readUtf8(count: number): string {
    const start = this.take(count);
    const bytes = this.bytes.subarray(start, start + count);
    // TextDecoder refuses views of shared memory in browsers.
    return textDecoder.decode(isShared(bytes.buffer) ? bytes.slice() : bytes);
  }

  private readUtf16(count: number): string {
    const bytes = this.bytes;
    let pos = this.take(2 * count);
    let value = '';
    for (let done = 0; done < count; done += UTF16_CHUNK) {
      const chars = new Uint16Array(Math.min(UTF16_CHUNK, count - done));
      for (let i = 0; i < chars.length; i++, pos += 2) chars[i] = bytes[pos] | (bytes[pos + 1] << 8);
      value += fromCharCode.apply(null, chars as unknown as number[]);
    }
    return value;
  }
}
