/**
 * `npm run bench -- --ceiling`: two bare rings of ints in a SharedArrayBuffer,
 * no queue around them, to measure how fast this machine can hand items from
 * a worker to an event loop that awaits once per item. They are not
 * janus-queue and not usable as one (one producer and one consumer, ints
 * only, no waiting, no shutdown): they bound what any queue built on shared
 * memory can reach here.
 *
 * - `spsc`: the fastest shape there is: no lock, no compare-and-swap; each
 *   side owns its index and reads the other's only when it must.
 * - `locked`: the same ring behind a spin lock, as a queue that serves many
 *   producers and consumers with one lock must be.
 */

/** Slots of each ring. */
const CAPACITY = 1024;
/** Words: the producer's index, the consumer's index and the lock each get their own 64-byte line. */
const TAIL = 0;
const HEAD = 16;
const LOCK = 32;
const SLOTS = 48;
/** Polls of an empty ring between two yields to the event loop. */
const POLLS = 1024;

/** Which bare ring. */
export type RingKind = 'spsc' | 'locked';

/** A new ring's shared memory. */
export function ringBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer((SLOTS + CAPACITY) * 4);
}

/** The producer side: puts `n` ints 0..n-1, spinning while the ring is full. */
export function ringProduce(buffer: SharedArrayBuffer, kind: RingKind, n: number): void {
  const w = new Int32Array(buffer);
  let tail = 0;
  let head = 0;
  for (let i = 0; i < n; i++) {
    if (kind === 'spsc') {
      while (tail - head === CAPACITY) head = Atomics.load(w, HEAD);
      w[SLOTS + (tail & (CAPACITY - 1))] = i;
      Atomics.store(w, TAIL, ++tail);
    } else {
      for (;;) {
        while (Atomics.compareExchange(w, LOCK, 0, 1) !== 0);
        tail = w[TAIL];
        const room = tail - w[HEAD] < CAPACITY;
        if (room) {
          w[SLOTS + (tail & (CAPACITY - 1))] = i;
          w[TAIL] = tail + 1;
        }
        Atomics.store(w, LOCK, 0);
        if (room) break;
      }
    }
  }
}

/**
 * The consumer side, on an event loop: takes `n` ints with one `await` per
 * item (of a settled promise, as an `asyncQ.get()` served at once returns);
 * when the ring is empty it yields to the event loop and tries again.
 * Resolves with the last int.
 */
export async function ringConsume(buffer: SharedArrayBuffer, kind: RingKind, n: number): Promise<number> {
  const w = new Int32Array(buffer);
  let head = 0;
  let tail = 0;
  const take = (): number | undefined => {
    if (kind === 'spsc') {
      if (head === tail && (tail = Atomics.load(w, TAIL)) === head) return undefined;
      const value = w[SLOTS + (head & (CAPACITY - 1))];
      Atomics.store(w, HEAD, ++head);
      return value;
    }
    while (Atomics.compareExchange(w, LOCK, 0, 1) !== 0);
    head = w[HEAD];
    let value: number | undefined;
    if (head !== w[TAIL]) {
      value = w[SLOTS + (head & (CAPACITY - 1))];
      w[HEAD] = head + 1;
    }
    Atomics.store(w, LOCK, 0);
    return value;
  };
  let last = -1;
  for (let i = 0, polls = 0; i < n; ) {
    const value = take();
    if (value === undefined) {
      if (++polls % POLLS === 0) await new Promise((resolve) => setImmediate(resolve));
      continue;
    }
    last = await Promise.resolve(value);
    i++;
  }
  return last;
}
