/**
 * The structured-cloneable handle of a queue's shared state, and its checks.
 *
 * @module
 */
import { describe } from '../describe.js';
import { requireSharedMemory } from '../primitives/platform.js';
import { Arena, blockSize } from '../store/arena.js';
import { allocateShared, SharedRegion } from '../store/shared-region.js';
import { CONTROL_BYTES, ID_BYTES, LAYOUT_VERSION, TAG, Word } from './layout.js';

/**
 * Everything another thread needs to attach to a queue: its shared buffers.
 * Post it to a worker (`new Worker(url, { workerData: queue.handle })` or
 * `postMessage(queue.handle)`) and call `Queue.from(handle)` there.
 *
 * @example
 * ```ts
 * // main thread
 * import { Worker } from 'node:worker_threads';
 * import { Queue } from 'janus-queue';
 * const queue = new Queue<string>();
 * const worker = new Worker(new URL('./consumer.js', import.meta.url));
 * worker.postMessage(queue.handle); // the buffers are shared, not copied
 * queue.syncQ.put('hello');
 *
 * // consumer.js (a worker)
 * import { parentPort } from 'node:worker_threads';
 * import { Queue, type QueueHandle } from 'janus-queue';
 * parentPort!.once('message', (handle: QueueHandle) => {
 *   const queue = Queue.from<string>(handle); // the same queue
 *   console.log(queue.syncQ.get()); // 'hello'
 * });
 * ```
 */
export interface QueueHandle {
  /** Lock, conditions, counters and layout tag. */
  readonly control: SharedArrayBuffer;
  /** The encoded items. */
  readonly store: SharedArrayBuffer;
  /** The order of the items (a ring, or a heap for `PriorityQueue`). */
  readonly index: SharedArrayBuffer;
}

/** Initial bytes of the order index. */
const INDEX_BYTES = 1024;
/** Bytes per index entry at most (a heap entry). */
const INDEX_ENTRY_BYTES = 16;

/**
 * Creates the shared state of an empty queue of `kind` and returns its
 * handle, frozen (checked sizes and `maxsize`).
 * @internal
 */
export function createHandle(
  kind: number,
  maxsize: number,
  sizes: { capacity: number; maxCapacity: number },
): QueueHandle {
  requireSharedMemory();
  const { capacity, maxCapacity } = sizes;
  const maxIndex = Math.max(INDEX_BYTES, 2 ** Math.ceil(Math.log2(maxCapacity / blockSize(0))) * INDEX_ENTRY_BYTES);
  const handle: QueueHandle = Object.freeze({
    control: new SharedArrayBuffer(CONTROL_BYTES),
    store: allocateShared(ID_BYTES + capacity, ID_BYTES + maxCapacity),
    index: allocateShared(ID_BYTES + INDEX_BYTES, ID_BYTES + maxIndex),
  });
  const words = new Int32Array(handle.control);
  const id = crypto.getRandomValues(new Int32Array(ID_BYTES >> 2));
  words.set(id, Word.QueueId);
  new Int32Array(handle.store, 0, id.length).set(id);
  new Int32Array(handle.index, 0, id.length).set(id);
  new Float64Array(handle.control)[Word.MaxsizeF64] = maxsize;
  words[Word.ArenaSize] = capacity;
  words[Word.IndexSize] = INDEX_BYTES;
  new Arena(new SharedRegion(handle.store, words, Word.ArenaSize, ID_BYTES), words, Word.Arena).format();
  words[Word.Kind] = kind;
  words[Word.Version] = LAYOUT_VERSION;
  Atomics.store(words, Word.Tag, TAG);
  return handle;
}

/** Queue kinds, as written in the control memory. */
export const Kind = { Queue: 1, LifoQueue: 2, PriorityQueue: 3 } as const;
/** The name of each kind, for messages. */
export const KIND_NAMES: Record<number, string> = { 1: 'Queue', 2: 'LifoQueue', 3: 'PriorityQueue' };

/**
 * Checks that `handle` is a queue handle whose control memory carries the
 * janus-queue tag and layout version; returns the queue kind it holds.
 * @throws TypeError for anything else.
 */
export function kindOfHandle(handle: unknown): number {
  requireSharedMemory();
  if (typeof handle !== 'object' || handle === null) {
    throw new TypeError(`expected a QueueHandle (queue.handle); received ${describe(handle)}`);
  }
  const { control, store, index } = handle as Partial<Record<keyof QueueHandle, unknown>>;
  for (const [name, buffer] of [
    ['control', control],
    ['store', store],
    ['index', index],
  ] as const) {
    if (!(buffer instanceof SharedArrayBuffer)) {
      throw new TypeError(
        `expected a QueueHandle: handle.${name} must be a SharedArrayBuffer; received ${describe(buffer)}`,
      );
    }
  }
  const words =
    (control as SharedArrayBuffer).byteLength >= CONTROL_BYTES
      ? new Int32Array(control as SharedArrayBuffer, 0, 3)
      : null;
  if (words === null || Atomics.load(words, Word.Tag) !== TAG || Atomics.load(words, Word.Version) !== LAYOUT_VERSION) {
    throw new TypeError(
      'expected a QueueHandle: its control memory does not carry the janus-queue tag and layout version',
    );
  }
  const kind = Atomics.load(words, Word.Kind);
  if (!(kind in KIND_NAMES)) throw new TypeError(`expected a QueueHandle: unknown queue kind ${kind}`);
  const control32 = new Int32Array(control as SharedArrayBuffer, 0, CONTROL_BYTES >> 2);
  checkBelongs('store', store as SharedArrayBuffer, control32, Word.ArenaSize);
  checkBelongs('index', index as SharedArrayBuffer, control32, Word.IndexSize);
  return kind;
}

/**
 * Checks that `buffer` is the queue's own `name` buffer: it starts with the
 * queue's identity and is long enough for the size the control words give.
 * @throws TypeError for a buffer of another queue, an overwritten or a too-small one.
 */
function checkBelongs(name: string, buffer: SharedArrayBuffer, control: Int32Array, sizeAt: number): void {
  const ids = ID_BYTES >> 2;
  let belongs = buffer.byteLength >= ID_BYTES + Atomics.load(control, sizeAt);
  for (let i = 0; belongs && i < ids; i++) {
    belongs = Atomics.load(new Int32Array(buffer, 0, ids), i) === Atomics.load(control, Word.QueueId + i);
  }
  if (!belongs) {
    throw new TypeError(
      `expected a QueueHandle: handle.${name} is not the ${name} buffer of the queue its control memory belongs to (another queue's, overwritten, or too small)`,
    );
  }
}
