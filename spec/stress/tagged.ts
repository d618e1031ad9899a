/**
 * Tagged items for the exactly-once suites, and the ways a thread puts and
 * gets them (a seeded mix of every call of both faces), shared by the
 * worker tasks and the main thread.
 *
 * Every put and get is stamped from one shared atomic clock just before the
 * call and just after it returns, so the checker knows an interval in which
 * each item entered and left the queue (see ./order.ts).
 */
import { Empty, Full, ShutDown, type Queue } from '../../lib/index.js';
import { Rng } from './config.js';

/** `[priority, producer, seq]`: a PriorityQueue orders by the first element; the others ignore it. */
export type Tagged = [number, number, number];

/** Words of the shared control buffer of an exactly-once run. */
export const Ctl = {
  /** The clock: `Atomics.add(ctl, CLOCK, 1)` is a stamp. */
  CLOCK: 0,
  /** Puts that returned, all producers. */
  PUTS: 1,
  /** Items got and about to be marked done (incremented before `taskDone`). */
  DONE: 2,
  WORDS: 4,
} as const;

/** The distinct priorities used (few, so that equal priorities, kept in insertion order, are common). */
export const PRIORITIES = 12;

/** The priority of item `seq` of `producer` in a run seeded with `seed` (the same in every thread). */
export function priorityOf(seed: number, producer: number, seq: number): number {
  let h = Math.imul(seed ^ Math.imul(producer + 1, 0x9e3779b1), 0x85ebca6b) ^ Math.imul(seq + 1, 0xc2b2ae35);
  h ^= h >>> 13;
  h = Math.imul(h, 0x27d4eb2f);
  h ^= h >>> 16;
  return (h >>> 0) % PRIORITIES;
}

/** Returns a short pause for retry loops: a real sleep in workers, a turn of the loop on the main thread. */
function backoff(onMainThread: boolean): Promise<void> | void {
  if (onMainThread) return new Promise((resolve) => setTimeout(resolve, 0));
  Atomics.wait(PAUSE, 0, 0, 0.05);
}
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/**
 * Puts `item` with a call chosen by `rng`: blocking `syncQ.put`, a timed
 * `syncQ.put` retried on `Full`, `putNowait` retried on `Full` (either
 * face), or `asyncQ.put`. On the main thread only the calls that do not
 * block the thread are used. Throws `ShutDown` as the calls do.
 */
export async function putSomehow<T>(queue: Queue<T>, item: T, rng: Rng, onMainThread: boolean): Promise<void> {
  const r = rng.next();
  if (onMainThread ? r < 0.85 : r < 0.1) {
    await queue.asyncQ.put(item);
  } else if (r < 0.9) {
    if (onMainThread) return putNowaitRetry(queue, item, rng, true);
    queue.syncQ.put(item);
  } else if (r < 0.95 && !onMainThread) {
    const timeout = rng.pick([0, 1e-4, 5e-4, 2e-3]);
    for (;;) {
      try {
        queue.syncQ.put(item, true, timeout);
        return;
      } catch (error) {
        if (!(error instanceof Full)) throw error;
      }
    }
  } else {
    return putNowaitRetry(queue, item, rng, onMainThread);
  }
}

async function putNowaitRetry<T>(queue: Queue<T>, item: T, rng: Rng, onMainThread: boolean): Promise<void> {
  const face = rng.chance(0.5) ? queue.syncQ : queue.asyncQ;
  for (;;) {
    try {
      face.putNowait(item);
      return;
    } catch (error) {
      if (!(error instanceof Full)) throw error;
    }
    await backoff(onMainThread);
  }
}

/**
 * Gets an item with a call chosen by `rng` (the counterparts of
 * {@link putSomehow}); returns `undefined` once the queue is shut down and empty.
 */
export async function getSomehow<T>(queue: Queue<T>, rng: Rng, onMainThread: boolean): Promise<T | undefined> {
  try {
    const r = rng.next();
    if (onMainThread ? r < 0.85 : r < 0.1) return await queue.asyncQ.get();
    if (r < 0.9) return onMainThread ? await getNowaitRetry(queue, rng, true) : queue.syncQ.get();
    if (r < 0.95 && !onMainThread) {
      const timeout = rng.pick([0, 1e-4, 5e-4, 2e-3]);
      for (;;) {
        try {
          return queue.syncQ.get(true, timeout);
        } catch (error) {
          if (!(error instanceof Empty)) throw error;
        }
      }
    }
    return await getNowaitRetry(queue, rng, onMainThread);
  } catch (error) {
    if (error instanceof ShutDown) return undefined;
    throw error;
  }
}

async function getNowaitRetry<T>(queue: Queue<T>, rng: Rng, onMainThread: boolean): Promise<T> {
  const face = rng.chance(0.5) ? queue.syncQ : queue.asyncQ;
  for (;;) {
    try {
      return face.getNowait();
    } catch (error) {
      if (!(error instanceof Empty)) throw error;
    }
    await backoff(onMainThread);
  }
}

/** Marks one task done on a face chosen by `rng`. */
export function taskDoneSomehow(queue: Queue<unknown>, rng: Rng): void {
  (rng.chance(0.5) ? queue.syncQ : queue.asyncQ).taskDone();
}

/** What a producer reports. */
export interface ProducerReport {
  producer: number;
  /** `[putStart, putEnd]` stamps of each item, by seq. */
  stamps: Int32Array;
  /** PUTS when this producer started to join, and DONE when its join returned. */
  putsBeforeJoin: number;
  doneAfterJoin: number;
  joinFace: string;
}

/** What a consumer reports: `[producer, seq, getStart, getEnd, priority]` per item, in the order got. */
export interface ConsumerReport {
  consumer: number;
  records: Int32Array;
}

/** Record fields of a {@link ConsumerReport}. */
export const REC = 5;

/** What a producer is given (see {@link produceTagged}); `onMainThread`: the test's own thread, where no call blocks. */
export interface ProducerOptions {
  producer: number;
  count: number;
  seed: number;
  runSeed: number;
  ctl: SharedArrayBuffer;
  joinFace: 'syncQ' | 'asyncQ';
  onMainThread: boolean;
}

/** What a consumer is given (see {@link consumeTagged}); `onMainThread`: the test's own thread, where no call blocks. */
export interface ConsumerOptions {
  consumer: number;
  seed: number;
  ctl: SharedArrayBuffer;
  expected: number;
  onMainThread: boolean;
}

/** Puts items `0..count-1` of `producer`, stamped, then joins (on `joinFace`). */
export async function produceTagged(queue: Queue<Tagged>, opts: ProducerOptions): Promise<ProducerReport> {
  const { producer, count, seed, runSeed, joinFace, onMainThread } = opts;
  const ctl = new Int32Array(opts.ctl);
  const rng = new Rng(seed);
  const stamps = new Int32Array(count * 2);
  for (let seq = 0; seq < count; seq++) {
    const item: Tagged = [priorityOf(runSeed, producer, seq), producer, seq];
    stamps[seq * 2] = Atomics.add(ctl, Ctl.CLOCK, 1);
    await putSomehow(queue, item, rng, onMainThread);
    stamps[seq * 2 + 1] = Atomics.add(ctl, Ctl.CLOCK, 1);
    Atomics.add(ctl, Ctl.PUTS, 1);
  }
  const putsBeforeJoin = Atomics.load(ctl, Ctl.PUTS);
  if (joinFace === 'syncQ') queue.syncQ.join();
  else await queue.asyncQ.join();
  const doneAfterJoin = Atomics.load(ctl, Ctl.DONE);
  return { producer, stamps, putsBeforeJoin, doneAfterJoin, joinFace };
}

/** Gets items, stamped, until the queue is shut down and empty; marks each done. */
export async function consumeTagged(queue: Queue<Tagged>, opts: ConsumerOptions): Promise<ConsumerReport> {
  const ctl = new Int32Array(opts.ctl);
  const rng = new Rng(opts.seed);
  let records = new Int32Array(Math.max(64, opts.expected) * REC);
  let n = 0;
  for (;;) {
    const start = Atomics.add(ctl, Ctl.CLOCK, 1);
    const item = await getSomehow(queue, rng, opts.onMainThread);
    if (item === undefined) break;
    const end = Atomics.add(ctl, Ctl.CLOCK, 1);
    if ((n + 1) * REC > records.length) {
      const grown = new Int32Array(records.length * 2);
      grown.set(records);
      records = grown;
    }
    const at = n * REC;
    records[at] = item[1];
    records[at + 1] = item[2];
    records[at + 2] = start;
    records[at + 3] = end;
    records[at + 4] = item[0];
    n++;
    Atomics.add(ctl, Ctl.DONE, 1);
    taskDoneSomehow(queue, rng);
  }
  return { consumer: opts.consumer, records: records.slice(0, n * REC) };
}
