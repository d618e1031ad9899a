/**
 * Strings from runs of char codes in bytes: one byte a char (Latin-1) or two
 * (UTF-16, little-endian). Built 8 chars at a time by `String.fromCharCode`
 * with plain arguments, which beats `TextDecoder` and `apply` on the short
 * strings that object keys and most values are.
 *
 * @module
 * @internal
 */

const fromCharCode = String.fromCharCode;

/** Up to 8 one-byte chars. */
function latin1Chunk(b: Uint8Array, p: number, count: number): string {
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

/** The UTF-16 code unit at `p`. */
function unit(b: Uint8Array, p: number): number {
  return b[p] | (b[p + 1] << 8);
}

// biome-ignore format: one line a chunk size, as in latin1Chunk
/** Up to 8 two-byte chars. */
function utf16Chunk(b: Uint8Array, p: number, count: number): string {
  switch (count) {
    case 1:
      return fromCharCode(unit(b, p));
    case 2:
      return fromCharCode(unit(b, p), unit(b, p + 2));
    case 3:
      return fromCharCode(unit(b, p), unit(b, p + 2), unit(b, p + 4));
    case 4:
      return fromCharCode(unit(b, p), unit(b, p + 2), unit(b, p + 4), unit(b, p + 6));
    case 5:
      return fromCharCode(unit(b, p), unit(b, p + 2), unit(b, p + 4), unit(b, p + 6), unit(b, p + 8));
    case 6:
      return fromCharCode(unit(b, p), unit(b, p + 2), unit(b, p + 4), unit(b, p + 6), unit(b, p + 8), unit(b, p + 10));
    case 7:
      return fromCharCode(unit(b, p), unit(b, p + 2), unit(b, p + 4), unit(b, p + 6), unit(b, p + 8), unit(b, p + 10), unit(b, p + 12));
    default:
      return fromCharCode(unit(b, p), unit(b, p + 2), unit(b, p + 4), unit(b, p + 6), unit(b, p + 8), unit(b, p + 10), unit(b, p + 12), unit(b, p + 14));
  }
}

/**
 * The string whose chars are the `count` bytes at `pos`.
 * @internal
 */
export function latin1(bytes: Uint8Array, pos: number, count: number): string {
  if (count <= 8) return count === 0 ? '' : latin1Chunk(bytes, pos, count);
  let value = '';
  for (let done = 0; done < count; done += 8) value += latin1Chunk(bytes, pos + done, Math.min(8, count - done));
  return value;
}

/**
 * The string whose chars are the `count` UTF-16 code units (2 bytes each,
 * little-endian) at `pos`. Lone surrogates pass through.
 * @internal
 */
export function utf16(bytes: Uint8Array, pos: number, count: number): string {
  if (count <= 8) return count === 0 ? '' : utf16Chunk(bytes, pos, count);
  let value = '';
  for (let done = 0; done < count; done += 8) value += utf16Chunk(bytes, pos + 2 * done, Math.min(8, count - done));
  return value;
}
