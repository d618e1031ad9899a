/**
 * The low layer of the encoder: a growing scratch buffer and the writing of
 * sizes, numbers and strings into it.
 *
 * @module
 * @internal
 */

import { Tag } from './tags.js';
import { float64Bytes, scratch64 } from './scratch64.js';

/** Strings shorter than this are written by a JS loop, longer ones by `TextEncoder`. */
const SHORT_STRING = 32;
/** A scratch buffer grown past this is dropped when the next item starts. */
const KEEP_AT_MOST = 1 << 20;
/** The scratch buffer's first size. */
const FIRST_SIZE = 256;

const textEncoder = new TextEncoder();

/**
 * A growing byte buffer that encoded values are written into. Callers
 * {@link ByteWriter.reserve | reserve} room, then write at `pos`.
 * @internal
 */
export class ByteWriter {
  /** The scratch buffer; reallocated as it grows. */
  protected bytes = new Uint8Array(FIRST_SIZE);
  /** Where the next byte goes. */
  protected pos = 0;
  /** The view that {@link ByteWriter.written} returned last, and the scratch buffer it views. */
  private lastWritten = new Uint8Array(0);
  private lastWrittenOf = this.bytes;

  /** Starts a new item at the start of the scratch buffer. */
  protected restart(): void {
    if (this.bytes.length > KEEP_AT_MOST) this.bytes = new Uint8Array(FIRST_SIZE);
    this.pos = 0;
  }

  /**
   * The bytes written since {@link ByteWriter.restart}: a view into the
   * scratch buffer (the last one again when it fits, to spare an allocation).
   */
  protected written(): Uint8Array {
    if (this.lastWritten.length !== this.pos || this.lastWrittenOf !== this.bytes) {
      this.lastWritten = new Uint8Array(this.bytes.buffer, 0, this.pos);
      this.lastWrittenOf = this.bytes;
    }
    return this.lastWritten;
  }

  /** Makes room for `count` more bytes at `pos`. */
  protected reserve(count: number): void {
    if (this.pos + count > this.bytes.length) this.grow(this.pos + count);
  }

  private grow(needed: number): void {
    const bigger = new Uint8Array(Math.max(needed, this.bytes.length * 2));
    bigger.set(this.bytes.subarray(0, this.pos));
    this.bytes = bigger;
  }

  /** Writes one byte. */
  protected writeByte(byte: number): void {
    this.reserve(1);
    this.bytes[this.pos++] = byte;
  }

  /** Writes a tag and a size. */
  protected writeTagged(tag: Tag, size: number): void {
    this.reserve(6);
    this.bytes[this.pos++] = tag;
    this.writeSize(size);
  }

  /** Writes a non-negative integer below 2^35 as LEB128; the caller reserved 5 bytes. */
  protected writeSize(size: number): void {
    const bytes = this.bytes;
    let pos = this.pos;
    while (size >= 0x80) {
      bytes[pos++] = (size % 0x80) | 0x80;
      size = Math.floor(size / 0x80);
    }
    bytes[pos++] = size;
    this.pos = pos;
  }

  /** Writes a tag and an int32 in 4 bytes. */
  protected writeInt32(tag: Tag, value: number): void {
    this.reserve(5);
    const bytes = this.bytes;
    const pos = this.pos;
    bytes[pos] = tag;
    bytes[pos + 1] = value;
    bytes[pos + 2] = value >> 8;
    bytes[pos + 3] = value >> 16;
    bytes[pos + 4] = value >> 24;
    this.pos = pos + 5;
  }

  /** Writes a tag and a float64 in 8 bytes. */
  protected writeFloat64(tag: Tag, value: number): void {
    scratch64.float64[0] = value;
    this.writeScratch64(tag);
  }

  /** Writes a tag and a bigint in the int64 range in 8 bytes. */
  protected writeBigInt64(value: bigint): void {
    scratch64.bigInt64[0] = value;
    this.writeScratch64(Tag.BigInt64);
  }

  private writeScratch64(tag: Tag): void {
    this.reserve(9);
    const bytes = this.bytes;
    const pos = this.pos;
    bytes[pos] = tag;
    bytes[pos + 1] = float64Bytes[0];
    bytes[pos + 2] = float64Bytes[1];
    bytes[pos + 3] = float64Bytes[2];
    bytes[pos + 4] = float64Bytes[3];
    bytes[pos + 5] = float64Bytes[4];
    bytes[pos + 6] = float64Bytes[5];
    bytes[pos + 7] = float64Bytes[6];
    bytes[pos + 8] = float64Bytes[7];
    this.pos = pos + 9;
  }

  /** Copies `source` to `pos`. */
  protected writeRaw(source: Uint8Array): void {
    this.reserve(source.length);
    this.bytes.set(source, this.pos);
    this.pos += source.length;
  }

  /**
   * Writes a string value: a short one in one byte a char when every char is
   * below U+0100 (checked by the copy loop itself), else in two; a long one
   * in UTF-8 by `TextEncoder` when it is well-formed, else in two bytes a
   * char (lone surrogates survive, as in structured clone).
   */
  protected writeString(value: string): void {
    const length = value.length;
    if (length >= SHORT_STRING) return this.writeLongString(value);
    this.reserve(2 + length);
    const bytes = this.bytes;
    const start = this.pos;
    let pos = start + 2;
    for (let i = 0; i < length; i++) {
      const char = value.charCodeAt(i);
      if (char > 0xff) return this.writeUtf16(value);
      bytes[pos++] = char;
    }
    bytes[start] = Tag.Latin1;
    bytes[start + 1] = length;
    this.pos = pos;
  }

  private writeLongString(value: string): void {
    if (!value.isWellFormed()) return this.writeUtf16(value);
    const start = this.pos;
    this.reserve(5 + value.length);
    this.pos += 5;
    let read = 0;
    for (;;) {
      const done = textEncoder.encodeInto(read === 0 ? value : value.slice(read), this.bytes.subarray(this.pos));
      read += done.read;
      this.pos += done.written;
      if (read === value.length) break;
      this.reserve(3 * (value.length - read));
    }
    const bytes = this.bytes;
    const count = this.pos - start - 5;
    bytes[start] = Tag.Utf8;
    bytes[start + 1] = count;
    bytes[start + 2] = count >>> 8;
    bytes[start + 3] = count >>> 16;
    bytes[start + 4] = count >>> 24;
  }

  private writeUtf16(value: string): void {
    const length = value.length;
    this.writeTagged(Tag.Utf16, length);
    this.reserve(2 * length);
    const bytes = this.bytes;
    let pos = this.pos;
    for (let i = 0; i < length; i++) {
      const char = value.charCodeAt(i);
      bytes[pos++] = char;
      bytes[pos++] = char >> 8;
    }
    this.pos = pos;
  }
}
