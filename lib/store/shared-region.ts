/**
 * A growable `SharedArrayBuffer` and this thread's views of it.
 *
 * Views of a fixed length are ~10x faster than length-tracking ones in
 * Node 20, and reading `buffer.byteLength` costs ~30 ns, so the current size
 * lives in a control word written under the lock; each thread rebuilds its
 * views when that word moves. The buffer itself may be longer than that
 * size: where the platform cannot grow a shared buffer, or where committing
 * it whole costs nothing (see {@link COMMIT_AT_ONCE}), it is allocated at its
 * maximum size at once, and growing only moves the size word.
 *
 * @module
 * @internal
 */

/** The most bytes a region may have: its size lives in an int32 control word, a multiple of 8. */
export const MAX_REGION_BYTES = 2 ** 31 - 8;

/** What Node, Deno and Bun say of themselves in `process`. */
interface Runtime {
  platform?: unknown;
  versions?: { bun?: unknown };
}

const runtime = (globalThis as { process?: Runtime }).process;

/**
 * Whether shared buffers are committed at their maximum size at once: on
 * Linux, in Node and Deno (V8). There a growable buffer committed in part
 * takes two memory mappings (its committed part and its reserved rest), and
 * a process may hold only `vm.max_map_count` mappings (65,530 by default):
 * some 16,000 queues of two buffers each, after which the process crashes,
 * because the kernel refuses the mappings that the engine itself then needs.
 * A buffer committed whole is one mapping that merges with its neighbours,
 * and costs no memory until its pages are written. Elsewhere buffers are
 * reserved and grown: Windows takes committed memory from a budget of the
 * whole system, Bun (JavaScriptCore) refuses committed shared buffers after
 * some 70 GiB, and a browser does not say what it runs on.
 */
export const COMMIT_AT_ONCE = runtime?.platform === 'linux' && runtime.versions?.bun === undefined;

/**
 * Creates a shared buffer of `initial` bytes that can grow to `max` bytes:
 * one of `max` bytes at once if `atOnce` (falling back to a reserved one if
 * the system refuses to commit that much, as strict overcommit may) or if
 * the platform cannot grow shared buffers.
 */
export function allocateShared(initial: number, max: number, atOnce: boolean = COMMIT_AT_ONCE): SharedArrayBuffer {
  if (atOnce && initial < max) {
    try {
      return new SharedArrayBuffer(max, { maxByteLength: max });
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
    }
  }
  const buffer = new SharedArrayBuffer(initial, { maxByteLength: max });
  return buffer.growable || initial === max ? buffer : new SharedArrayBuffer(max);
}

/** @internal */
export class SharedRegion {
  /** Byte view of the current size. */
  u8!: Uint8Array;
  /** Int32 view of the current size. */
  i32!: Int32Array;
  /** Float64 view of the current size. */
  f64!: Float64Array;
  /**
   * The most bytes the region may grow to: its buffer's maximum, within
   * {@link MAX_REGION_BYTES} (read once: the getters cost ~30 ns).
   */
  readonly maxSize: number;
  private viewed = -1;

  /**
   * @param buffer - the shared buffer (sizes are multiples of 8).
   * @param control - the queue's control words.
   * @param sizeAt - index of the control word holding the current byte size.
   * @param headerBytes - bytes at the start of the buffer that are not part of the region (a multiple of 8).
   */
  constructor(
    readonly buffer: SharedArrayBuffer,
    private readonly control: Int32Array,
    private readonly sizeAt: number,
    private readonly headerBytes: number = 0,
  ) {
    this.maxSize = Math.min(
      MAX_REGION_BYTES,
      (buffer.growable ? buffer.maxByteLength : buffer.byteLength) - headerBytes,
    );
    this.refresh();
  }

  /** The region's current size in bytes. */
  get size(): number {
    return this.control[this.sizeAt];
  }

  /** With the lock held: rebuilds the views if another thread grew the region. */
  refresh(): void {
    const size = this.control[this.sizeAt];
    if (size === this.viewed) return;
    this.viewed = size;
    const at = this.headerBytes;
    this.u8 = new Uint8Array(this.buffer, at, size);
    this.i32 = new Int32Array(this.buffer, at, size >> 2);
    this.f64 = new Float64Array(this.buffer, at, size >> 3);
  }

  /**
   * With the lock held: makes the region at least `bytes` long, doubling its
   * size as needed. Returns false, unchanged, if that exceeds its maximum.
   */
  reserve(bytes: number): boolean {
    const size = this.size;
    if (bytes <= size) return true;
    const max = this.maxSize;
    if (bytes > max) return false;
    const grown = Math.min(max, Math.max(bytes, size * 2));
    if (this.buffer.byteLength < grown + this.headerBytes) this.buffer.grow(grown + this.headerBytes);
    this.control[this.sizeAt] = grown;
    this.refresh();
    return true;
  }
}
