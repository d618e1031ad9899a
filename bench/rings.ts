/**
 * `npm run bench -- --ceiling`: bare rings of ints in a SharedArrayBuffer,
 * no queue around them, to measure how fast this machine can hand items from
 * a worker to an event loop that awaits once per item. They are not
 * janus-queue and not usable as one (ints only, no waiting, no shutdown, no
 * `maxsize`): they bound what a queue built on shared memory can reach here.
 *
 * - `spsc`: the fastest shape there is, for one producer and one consumer
 *   only: no lock, no compare-and-swap; each side owns its index and reads
 *   the other's only when its cached copy says the ring is full (empty).
 * - `mpmc`: lock-free for any number of producers and consumers: each slot
 *   carries a sequence number, and each side claims a slot by a
 *   compare-and-swap of its index (D. Vyukov's bounded queue).
 * - `locked`: a ring behind a spin lock, as a queue that serves many
 *   producers and consumers with one lock.
 */

/** Slots of each ring. */
const CAPACITY = 1024;
/** Words: the producers' index, the consumers' index, the lock and the end flag each get their own 64-byte line. */
const TAIL = 0;
const HEAD = 16;
const LOCK = 32;
/** 1 once every producer is done: consumers that find the ring empty then stop. */
const DONE = 48;
/** Slot `i`: its sequence number at word `SLOTS + 2i` (`mpmc` only), its int at the next word. */
const SLOTS = 64;
/** Polls of an empty ring between two yields to the event loop. */
export const POLLS = 1024;

/** Takes the spin lock at word `at` of `words`, polling until it is free. */
export function spinLock(words: Int32Array, at: number): void {
  while (Atomics.compareExchange(words, at, 0, 1) !== 0);
}

/** Releases the spin lock at word `at` of `words`. */
export function spinUnlock(words: Int32Array, at: number): void {
  Atomics.store(words, at, 0);
}

/** Resolves on the event loop's next turn: a polling consumer's pause. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Which bare ring. */
export type RingKind = 'spsc' | 'mpmc' | 'locked';

/** A new ring's shared memory. */
export function ringBuffer(kind: RingKind): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer((SLOTS + 2 * CAPACITY) * 4);
  const w = new Int32Array(buffer);
  if (kind === 'mpmc') for (let i = 0; i < CAPACITY; i++) w[SLOTS + 2 * i] = i;
  return buffer;
}

/** One side of a ring in one thread: `put` returns false when full, `take` undefined when empty. */
interface RingEnd {
  put(value: number): boolean;
  take(): number | undefined;
}

/** This thread's end of a ring. */
function ringEnd(buffer: SharedArrayBuffer, kind: RingKind): RingEnd {
  const w = new Int32Array(buffer);
  const slot = (index: number): number => SLOTS + 2 * (index & (CAPACITY - 1));
  switch (kind) {
    case 'spsc': {
      // Each side's own index, and its cached copy of the other's.
      let tail = 0;
      let head = 0;
      return {
        put(value) {
          if (tail - head === CAPACITY && tail - (head = Atomics.load(w, HEAD)) === CAPACITY) return false;
          w[slot(tail) + 1] = value;
          Atomics.store(w, TAIL, ++tail);
          return true;
        },
        take() {
          if (head === tail && (tail = Atomics.load(w, TAIL)) === head) return undefined;
          const value = w[slot(head) + 1];
          Atomics.store(w, HEAD, ++head);
          return value;
        },
      };
    }
    case 'mpmc':
      return {
        put(value) {
          for (;;) {
            const tail = Atomics.load(w, TAIL);
            const at = slot(tail);
            const lag = Atomics.load(w, at) - tail;
            if (lag < 0) return false;
            if (lag === 0 && Atomics.compareExchange(w, TAIL, tail, tail + 1) === tail) {
              w[at + 1] = value;
              Atomics.store(w, at, tail + 1);
              return true;
            }
          }
        },
        take() {
          for (;;) {
            const head = Atomics.load(w, HEAD);
            const at = slot(head);
            const lag = Atomics.load(w, at) - (head + 1);
            if (lag < 0) return undefined;
            if (lag === 0 && Atomics.compareExchange(w, HEAD, head, head + 1) === head) {
              const value = w[at + 1];
              Atomics.store(w, at, head + CAPACITY);
              return value;
            }
          }
        },
      };
    case 'locked': {
      return {
        put(value) {
          spinLock(w, LOCK);
          const tail = w[TAIL];
          const room = tail - w[HEAD] < CAPACITY;
          if (room) {
            w[slot(tail) + 1] = value;
            w[TAIL] = tail + 1;
          }
          spinUnlock(w, LOCK);
          return room;
        },
        take() {
          spinLock(w, LOCK);
          const head = w[HEAD];
          let value: number | undefined;
          if (head !== w[TAIL]) {
            value = w[slot(head) + 1];
            w[HEAD] = head + 1;
          }
          spinUnlock(w, LOCK);
          return value;
        },
      };
    }
  }
}

/** The producer side: puts `n` ints 0..n-1, polling while the ring is full. */
export function ringProduce(buffer: SharedArrayBuffer, kind: RingKind, n: number): void {
  const end = ringEnd(buffer, kind);
  for (let i = 0; i < n; i++) while (!end.put(i));
}

/** Tells the consumers of the ring in `buffer` that every producer is done. */
export function ringDone(buffer: SharedArrayBuffer): void {
  Atomics.store(new Int32Array(buffer), DONE, 1);
}

/** A consumer thread's side: takes ints, polling while the ring is empty, until it is empty and done; returns how many it took. */
export function ringDrain(buffer: SharedArrayBuffer, kind: RingKind): number {
  const end = ringEnd(buffer, kind);
  const words = new Int32Array(buffer);
  let count = 0;
  for (;;) {
    if (end.take() !== undefined) count++;
    else if (Atomics.load(words, DONE) === 1 && end.take() === undefined) return count;
  }
}

/** What {@link ringConsume} took. */
export interface Consumed {
  /** How many ints. */
  count: number;
  /** The last one (-1 for none). */
  last: number;
}

/**
 * The consumer side on an event loop: takes ints with one `await` per item
 * (of a settled promise, as an `asyncQ.get()` served at once returns),
 * until it has `most` of them, or the ring is empty and its producers are
 * done ({@link ringDone}); while the ring is empty it polls, yielding to
 * the event loop every {@link POLLS} polls.
 */
export async function ringConsume(buffer: SharedArrayBuffer, kind: RingKind, most = Infinity): Promise<Consumed> {
  const end = ringEnd(buffer, kind);
  const words = new Int32Array(buffer);
  const consumed: Consumed = { count: 0, last: -1 };
  for (let polls = 0; consumed.count < most; ) {
    const value = end.take();
    if (value !== undefined) {
      consumed.last = await Promise.resolve(value);
      consumed.count++;
    } else if (Atomics.load(words, DONE) === 1 && end.take() === undefined) {
      break;
    } else if (++polls % POLLS === 0) {
      await nextTurn();
    }
  }
  return consumed;
}
