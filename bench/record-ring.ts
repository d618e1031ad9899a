/**
 * `npm run bench -- --ceiling`: a ring of encoded records behind one spin
 * lock, in a SharedArrayBuffer. It does the least that a queue of any items
 * does in janus-queue's design: the item is encoded before the lock, the
 * critical section copies its bytes in (or out), and it is decoded after the
 * lock, with the library's own codec. Nothing else of a queue is there (no
 * sleeping, no conditions, no orderings, no shutdown): the producer polls
 * while the ring is full, the consumer while it is empty. So its rate bounds
 * what one item per call can reach from a worker to an event loop here,
 * for each kind of item.
 */
import { StructuredCodec } from '../lib/index.js';
import { checkLast, makeItem, type Kind } from './items.js';
import { nextTurn, POLLS, spinLock, spinUnlock } from './rings.js';

/** Word indexes: the lock has its own 64-byte line; head, tail, bytes used and records share the next. */
const Word = { Lock: 0, Head: 16, Tail: 17, Used: 18, Count: 19 } as const;
/** Byte offset of the records, and their room: 1024 records of 1 KiB fit, as in the queue of the w2m scenarios. */
const DATA = 128;
const ROOM = 1024 * 1024 + 64 * 1024;
/** At most this many records, as that queue's `maxsize`. */
const MOST_RECORDS = 1024;
/** Each record: its length, then (from the next 8-byte boundary) its bytes; a length of -1 sends the reader back to the start. */
const HEADER = 8;
const WRAP = -1;

/** A new ring's shared memory. */
export function recordRingBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(DATA + ROOM);
}

/** This thread's end of a ring: `put` returns false when it is full, `take` -1 when it is empty. */
class RecordRing {
  private readonly words: Int32Array;
  private readonly bytes: Uint8Array;

  constructor(buffer: SharedArrayBuffer) {
    this.words = new Int32Array(buffer);
    this.bytes = new Uint8Array(buffer, DATA, ROOM);
  }

  /** Copies `record` into the ring, unless there is no room. */
  put(record: Uint8Array): boolean {
    const w = this.words;
    const size = HEADER + ((record.length + 7) & ~7);
    spinLock(this.words, Word.Lock);
    const tail = w[Word.Tail];
    const wraps = tail + size > ROOM;
    const start = wraps ? 0 : tail;
    const taken = size + (wraps ? ROOM - tail : 0);
    const fits = w[Word.Count] < MOST_RECORDS && w[Word.Used] + taken <= ROOM;
    if (fits) {
      if (wraps) this.setLength(tail, WRAP);
      this.setLength(start, record.length);
      this.bytes.set(record, start + HEADER);
      w[Word.Tail] = (start + size) % ROOM;
      w[Word.Used] += taken;
      w[Word.Count]++;
    }
    spinUnlock(this.words, Word.Lock);
    return fits;
  }

  /** Copies the oldest record into `into` and returns its length, or -1 when the ring is empty. */
  take(into: Uint8Array): number {
    const w = this.words;
    spinLock(this.words, Word.Lock);
    let length = -1;
    if (w[Word.Count] > 0) {
      let head = w[Word.Head];
      let skipped = 0;
      if (this.lengthAt(head) === WRAP) {
        skipped = ROOM - head;
        head = 0;
      }
      length = this.lengthAt(head);
      const start = head + HEADER;
      into.set(this.bytes.subarray(start, start + length));
      const size = HEADER + ((length + 7) & ~7);
      w[Word.Head] = (head + size) % ROOM;
      w[Word.Used] -= size + skipped;
      w[Word.Count]--;
    }
    spinUnlock(this.words, Word.Lock);
    return length;
  }

  private lengthAt(at: number): number {
    return this.words[(DATA + at) >> 2];
  }

  private setLength(at: number, length: number): void {
    this.words[(DATA + at) >> 2] = length;
  }
}

/** The producer side (a worker): puts items 0..n-1 of `kind`, each encoded before the lock, polling while the ring is full. */
export function recordsProduce(buffer: SharedArrayBuffer, kind: Kind, n: number): void {
  const ring = new RecordRing(buffer);
  const codec = new StructuredCodec();
  for (let i = 0; i < n; i++) {
    const record = codec.encode(makeItem(kind, i));
    while (!ring.put(record));
  }
}

/**
 * The consumer side on an event loop: takes `n` items, each decoded after
 * the lock, with one `await` per item (of a settled promise, as an
 * `asyncQ.get()` served at once returns); while the ring is empty it polls,
 * yielding to the event loop every {@link POLLS} polls. Checks the last item.
 */
export async function recordsConsume(buffer: SharedArrayBuffer, kind: Kind, n: number): Promise<void> {
  const ring = new RecordRing(buffer);
  const codec = new StructuredCodec();
  const into = new Uint8Array(ROOM);
  let last: unknown;
  for (let got = 0, polls = 0; got < n; ) {
    const length = ring.take(into);
    if (length >= 0) {
      last = await Promise.resolve(codec.decode(into.subarray(0, length)));
      got++;
    } else if (++polls % POLLS === 0) {
      await nextTurn();
    }
  }
  checkLast(kind, last, n - 1);
}
