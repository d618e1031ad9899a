/**
 * The contract between a queue and the way its items are stored.
 *
 * @module
 */

/**
 * How items become bytes and back. A queue encodes an item in the thread that
 * puts it and decodes the bytes in the thread that gets it, so both ends of a
 * queue must use the same codec (each thread has its own instance).
 *
 * @typeParam T - The type of the items.
 */
export interface Codec<T> {
  /**
   * Turns an item into bytes.
   *
   * The result may be a view into a scratch buffer that the codec reuses: it
   * is valid only until the next `encode` call on the same codec instance, so
   * the caller copies it at once.
   *
   * @throws When the item cannot be encoded (for the default codec, a
   * `DOMException` named `DataCloneError`).
   */
  encode(item: T): Uint8Array;

  /**
   * Turns bytes made by {@link Codec.encode} back into an item.
   *
   * `bytes` may be a view into a buffer that the caller reuses later: the
   * item returned must not keep a reference to it.
   *
   * @throws `TypeError` when the bytes are not a valid encoding.
   */
  decode(bytes: Uint8Array): T;
}
