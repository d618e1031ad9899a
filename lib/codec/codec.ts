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
 * @example
 * ```ts
 * import { Queue, type Codec } from 'janus-queue';
 *
 * type Job = { id: number; name: string };
 * // Items that are JSON, as UTF-8 bytes.
 * const codec: Codec<Job> = {
 *   encode: (job) => new TextEncoder().encode(JSON.stringify(job)),
 *   decode: (bytes) => JSON.parse(new TextDecoder().decode(bytes)) as Job,
 * };
 * const jobs = new Queue<Job>(0, { codec });
 * jobs.syncQ.put({ id: 1, name: 'build' });
 * jobs.syncQ.get(); // { id: 1, name: 'build' }
 * // Every other thread attaches with the same codec: Queue.from<Job>(handle, { codec })
 * ```
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
   * @example
   * ```ts
   * import { StructuredCodec } from 'janus-queue';
   *
   * const codec = new StructuredCodec();
   * const first = codec.encode('first').slice(); // a copy: still valid after the next encode
   * const second = codec.encode('second'); // valid only until the next encode on `codec`
   * ```
   */
  encode(item: T): Uint8Array;

  /**
   * Turns bytes made by {@link Codec.encode} back into an item.
   *
   * `bytes` may be a view into a buffer that the caller reuses later: the
   * item returned must not keep a reference to it.
   *
   * @throws `TypeError` when the bytes are not a valid encoding.
   * @example
   * ```ts
   * import { StructuredCodec } from 'janus-queue';
   *
   * const codec = new StructuredCodec();
   * const bytes = codec.encode({ id: 1 }).slice();
   * codec.decode(bytes); // { id: 1 }: a new object, which keeps no reference to `bytes`
   * ```
   */
  decode(bytes: Uint8Array): T;
}
