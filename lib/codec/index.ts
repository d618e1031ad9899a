/**
 * How queue items become bytes and back.
 *
 * @module
 */

export type { Codec } from './codec.js';
export { StructuredCodec, defaultCodec } from './structured-codec.js';
