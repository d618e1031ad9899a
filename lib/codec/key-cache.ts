/**
 * A cache of decoded object keys, so that an object key decoded again is the
 * same string as before. V8 stores a property under a key string it has seen
 * (internalized) several times faster than under a fresh one, so decoding
 * objects of a familiar shape gains much more than the lookup costs.
 *
 * @module
 * @internal
 */

import { latin1 } from './char-strings.js';

/** Keys longer than this are not cached. */
export const LONGEST_CACHED_KEY = 16;
/** Slots in the cache (a power of 2); each holds one key, the last seen there. */
const SLOTS = 4096;

/** Up to 4 bytes at `pos` as one int32, little-endian. */
function word(b: Uint8Array, p: number, count: number): number {
  switch (count) {
    case 1:
      return b[p];
    case 2:
      return b[p] | (b[p + 1] << 8);
    case 3:
      return b[p] | (b[p + 1] << 8) | (b[p + 2] << 16);
    default:
      return b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24);
  }
}

/**
 * A direct-mapped cache from a key's bytes (1 to {@link LONGEST_CACHED_KEY}
 * one-byte chars) to its string. A slot is checked by comparing the bytes,
 * packed into four int32s, so a hit costs a few integer compares.
 * @internal
 */
export class KeyCache {
  /** Per slot: the byte count of its key (0: empty), then the key's four words. */
  private readonly slots = new Int32Array(5 * SLOTS);
  private readonly strings: string[] = new Array<string>(SLOTS).fill('');

  /** The key whose one-byte chars are the `count` bytes at `pos`. */
  get(bytes: Uint8Array, pos: number, count: number): string {
    let w0: number;
    let w1 = 0;
    let w2 = 0;
    let w3 = 0;
    if (count <= 4) {
      w0 = word(bytes, pos, count);
    } else {
      w0 = word(bytes, pos, 4);
      if (count <= 8) {
        w1 = word(bytes, pos + 4, count - 4);
      } else {
        w1 = word(bytes, pos + 4, 4);
        if (count <= 12) {
          w2 = word(bytes, pos + 8, count - 8);
        } else {
          w2 = word(bytes, pos + 8, 4);
          w3 = word(bytes, pos + 12, count - 12);
        }
      }
    }
    const hash = Math.imul(
      w0 ^ Math.imul(w1 ^ Math.imul(w2 ^ Math.imul(w3, 0x2c1b3c6d), 0x297a2d39), 0x9e3779b1) ^ count,
      0x85ebca6b,
    );
    const index = (hash >>> 20) & (SLOTS - 1);
    const slots = this.slots;
    const at = 5 * index;
    if (
      slots[at] === count &&
      slots[at + 1] === w0 &&
      slots[at + 2] === w1 &&
      slots[at + 3] === w2 &&
      slots[at + 4] === w3
    ) {
      return this.strings[index];
    }
    const key = latin1(bytes, pos, count);
    slots[at] = count;
    slots[at + 1] = w0;
    slots[at + 2] = w1;
    slots[at + 3] = w2;
    slots[at + 4] = w3;
    this.strings[index] = key;
    return key;
  }
}

/** The cache that every decoder of this thread shares. @internal */
export const keyCache = new KeyCache();
