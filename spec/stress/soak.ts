/**
 * The soak's items and its mixed put/get loop, shared by the worker tasks
 * and the main thread.
 *
 * An item is `[id, bytes]`: `bytes` is 1 B to 4 KiB long (log-uniform, so
 * small items are common and 4 KiB ones regular), its length and every byte
 * a function of the id, so whoever gets it checks it byte for byte without
 * keeping anything. `[id, ...]` is also a valid PriorityQueue item.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { Empty, Full, type Queue } from '../../lib/index.js';
import { Rng } from './config.js';

export type SoakItem = [number, Uint8Array];

/** Shared words of a soak. */
export const S = {
  /** Items put, all threads. */
  PUT: 0,
  /** Items got and checked, all threads. */
  GOT: 1,
  /** Items that came back altered. */
  BAD: 2,
  WORDS: 4,
} as const;

const MAX_BYTES = 4096;
/** A soak where no thread gets anything for this long is stuck (generous: it normally moves every microsecond). */
const STALL_MS = 20_000;

/** The length of item `id`: 1 .. 4096, log-uniform. */
export function lengthOf(id: number): number {
  const h = (Math.imul(id ^ 0x5bd1e995, 0x9e3779b1) >>> 0) / 4294967296;
  return Math.max(1, Math.min(MAX_BYTES, Math.floor(Math.exp(h * Math.log(MAX_BYTES + 1)))));
}

function byteOf(id: number, i: number): number {
  return (Math.imul(id, 0x9e3779b1) + Math.imul(i, 40503) + (i >>> 7)) & 0xff;
}

export function makeItem(id: number): SoakItem {
  const bytes = new Uint8Array(lengthOf(id));
  for (let i = 0; i < bytes.length; i++) bytes[i] = byteOf(id, i);
  return [id, bytes];
}

/** Whether `item` is item `item[0]`, byte for byte. */
export function intact(item: SoakItem): boolean {
  const [id, bytes] = item;
  if (!Number.isInteger(id) || !(bytes instanceof Uint8Array) || bytes.length !== lengthOf(id)) return false;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== byteOf(id, i)) return false;
  return true;
}

/**
 * A full garbage collection: `Bun.gc(true)` on Bun (JavaScriptCore); on V8
 * (Node, Deno) a `gc` made available at run time (no command-line flag needed).
 * Throws if the runtime offers neither: the heap checks need a collection.
 */
export function collectGarbage(): void {
  const bun = (globalThis as { Bun?: { gc(force: boolean): void } }).Bun;
  if (bun) return bun.gc(true);
  v8.setFlagsFromString('--expose-gc');
  const gc: unknown = vm.runInNewContext('typeof gc === "function" ? gc : undefined');
  if (typeof gc !== 'function')
    throw new Error("no way to collect garbage on this runtime (neither Bun.gc nor V8's gc)");
  (gc as () => void)();
}

/** Heap used after a full collection, in bytes. */
export function heapAfterGc(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

export interface SoakReport {
  put: number;
  got: number;
  /** Calls that found the queue full / empty / out of store room, and retried. */
  retries: number;
  heapBefore: number;
  heapAfter: number;
}

/** What one thread of the soak is given (see {@link soak}). */
export interface SoakOptions {
  firstId: number;
  count: number;
  total: number;
  base: number;
  seed: number;
  counters: SharedArrayBuffer;
  seen: SharedArrayBuffer;
  /** Whether the thread is the test's own, which must not block: it makes no syncQ call that waits, and yields to its event loop. */
  onMainThread: boolean;
}

/**
 * Puts items `firstId .. firstId+count-1` and gets items (anyone's) in a
 * seeded mix of calls until every item of every thread (`total`) has been
 * got. Every call that could wait has a timeout or a signal, so no thread
 * waits for items that nobody will put. Counts each item got in
 * `seen[id - base]` (an item got twice shows as a 2).
 */
export async function soak(queue: Queue<SoakItem>, opts: SoakOptions): Promise<SoakReport> {
  const counters = new Int32Array(opts.counters);
  const seen = new Uint8Array(opts.seen);
  const rng = new Rng(opts.seed);
  const report: SoakReport = { put: 0, got: 0, retries: 0, heapBefore: heapAfterGc(), heapAfter: 0 };
  let next: SoakItem | undefined;
  let made = 0;
  const got = (item: SoakItem): void => {
    if (!intact(item)) Atomics.add(counters, S.BAD, 1);
    const at = item[0] - opts.base;
    if (at >= 0 && at < seen.length) Atomics.add(seen, at, 1);
    else Atomics.add(counters, S.BAD, 1);
    report.got++;
    Atomics.add(counters, S.GOT, 1);
  };
  /** One put of `next`, by a call picked at random; false if the queue had no room. */
  const tryPut = async (item: SoakItem): Promise<boolean> => {
    try {
      const r = rng.next();
      if (r < 0.45) queue.syncQ.putNowait(item);
      else if (r < 0.9) queue.asyncQ.putNowait(item);
      else if (r < 0.95 && !opts.onMainThread) queue.syncQ.put(item, true, rng.pick([0, 1e-4, 5e-4]));
      else await queue.asyncQ.put(item, { signal: AbortSignal.timeout(rng.range(1, 3)) });
      report.put++;
      Atomics.add(counters, S.PUT, 1);
      return true;
    } catch (error) {
      if (!(error instanceof Full) && (error as Error).name !== 'TimeoutError') throw error;
      report.retries++;
      return false;
    }
  };
  /** One get (or a peek, then a get), by a call picked at random; false if the queue had no item. */
  const tryGet = async (): Promise<boolean> => {
    try {
      const r = rng.next();
      let item: SoakItem;
      if (r < 0.4) item = queue.syncQ.getNowait();
      else if (r < 0.8) item = queue.asyncQ.getNowait();
      else if (r < 0.85) {
        const peeked = (rng.chance(0.5) ? queue.syncQ : queue.asyncQ).peekNowait();
        if (!intact(peeked)) Atomics.add(counters, S.BAD, 1);
        item = queue.syncQ.getNowait();
      } else if (r < 0.92 && !opts.onMainThread) item = queue.syncQ.get(true, rng.pick([0, 1e-4, 5e-4]));
      else item = await queue.asyncQ.get({ signal: AbortSignal.timeout(rng.range(1, 3)) });
      got(item);
      (rng.chance(0.5) ? queue.syncQ : queue.asyncQ).taskDone();
      return true;
    } catch (error) {
      if (!(error instanceof Empty) && (error as Error).name !== 'TimeoutError') throw error;
      report.retries++;
      return false;
    }
  };
  let turns = 0;
  let lastGot = -1;
  let since = performance.now();
  while (Atomics.load(counters, S.GOT) < opts.total) {
    if (++turns % 64 === 0) {
      if (opts.onMainThread) await new Promise((resolve) => setImmediate(resolve));
      const gotNow = Atomics.load(counters, S.GOT);
      if (gotNow !== lastGot) [lastGot, since] = [gotNow, performance.now()];
      else if (performance.now() - since > STALL_MS) {
        throw new Error(
          `no item got by any thread for ${STALL_MS / 1000} s (${gotNow} of ${opts.total} got, ${Atomics.load(counters, S.PUT)} put, ${queue.syncQ.qsize()} queued)`,
        );
      }
    }
    if (next === undefined && made < opts.count) next = makeItem(opts.firstId + made++);
    // A put or a get, half and half; when the one picked cannot be done, the other.
    if (next !== undefined && rng.chance(0.5)) {
      if (await tryPut(next)) next = undefined;
      else await tryGet();
    } else if (!(await tryGet()) && next !== undefined && (await tryPut(next))) {
      next = undefined;
    }
  }
  report.heapAfter = heapAfterGc();
  return report;
}
