/**
 * Codecs that fail on purpose, for the fault tests, in a module every
 * thread can import (functions cannot be posted to a worker).
 */
import type { Codec } from '../../lib/index.js';

/** The error a {@link touchyCodec} throws. */
export class CodecFault extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CodecFault';
  }
}

/**
 * Strings as UTF-8; refuses to encode the string 'bad-encode', and to decode
 * the bytes of 'bad-decode' (which it encodes fine).
 */
export const touchyCodec: Codec<string> = {
  encode(item) {
    if (item === 'bad-encode') throw new CodecFault('cannot encode bad-encode');
    return new TextEncoder().encode(item);
  },
  decode(bytes) {
    const text = new TextDecoder().decode(bytes);
    if (text === 'bad-decode') throw new CodecFault('cannot decode bad-decode');
    return text;
  },
};
