/**
 * Worker-side halves of the stress suites: each export runs in its own
 * worker thread (see `Crew.start` in ./config.ts) on a queue attached by
 * handle, and returns plain data.
 */
import {
  Empty,
  Full,
  LifoQueue,
  PriorityQueue,
  Queue,
  ShutDown,
  ValueError,
  type QueueHandle,
} from '../../lib/index.js';
import { delay } from '../support/promises.js';
import { churnRound, emptyReport, type ChurnReport } from './churn.js';
import { touchyCodec } from '../support/codecs.js';
import { Rng } from './config.js';
import { armOf, FAILING_KINDS, type FailingKind } from './failing.js';
import { soak, type SoakItem, type SoakOptions, type SoakReport } from './soak.js';
import { asyncCall, syncCall, type StormCall, type StormOutcome } from './storm.js';
import {
  consumeTagged,
  produceTagged,
  type ConsumerOptions,
  type ConsumerReport,
  type ProducerOptions,
  type ProducerReport,
  type Tagged,
} from './tagged.js';
import { lockOf } from '../support/internals.js';

interface OnQueue {
  handle: QueueHandle;
}

/** What a worker running a loop that the test's thread runs too is given: the loop's options but `onMainThread`. */
type InWorker<Options> = OnQueue & Omit<Options, 'onMainThread'>;

// ---------------------------------------------------------- exactly-once

/** A producer of tagged items (see ./tagged.ts). */
export function taggedProducer(data: InWorker<ProducerOptions>): Promise<ProducerReport> {
  return produceTagged(Queue.from<Tagged>(data.handle), { ...data, onMainThread: false });
}

/** A consumer of tagged items until shutdown (see ./tagged.ts). */
export function taggedConsumer(data: InWorker<ConsumerOptions>): Promise<ConsumerReport> {
  return consumeTagged(Queue.from<Tagged>(data.handle), { ...data, onMainThread: false });
}

// ------------------------------------------------------------ cancellation

/**
 * Blocks in `syncQ.get()` until shutdown; marks each item done and counts
 * it in `counters[0]`. Returns the items got.
 */
export function syncGetter({ handle, counters }: OnQueue & { counters: SharedArrayBuffer }): number[] {
  const queue = Queue.from<number>(handle);
  const count = new Int32Array(counters);
  const got: number[] = [];
  for (const item of queue.syncQ) {
    got.push(item);
    queue.syncQ.taskDone();
    Atomics.add(count, 0, 1);
  }
  return got;
}

/** Puts `from .. from+count-1` with blocking `syncQ.put`. */
export function syncPutter({ handle, from, count }: OnQueue & { from: number; count: number }): number {
  const queue = Queue.from<number>(handle);
  for (let i = 0; i < count; i++) queue.syncQ.put(from + i);
  return count;
}

/** Rounds of abort churn on this worker's `asyncQ` (see ./churn.ts); marks what it got done and counts it in `counters[0]`. */
export async function asyncChurner({
  handle,
  counters,
  seed,
  rounds,
  firstId,
  steps,
}: OnQueue & {
  counters: SharedArrayBuffer;
  seed: number;
  rounds: number;
  firstId: number;
  steps: number;
}): Promise<ChurnReport> {
  const queue = Queue.from<number>(handle);
  const report = await churnCounted(queue, new Int32Array(counters), { seed, rounds, firstId, steps });
  return report;
}

/** `churn`, marking each item got done and counting it in `count[0]` as it goes. */
export async function churnCounted(
  queue: Queue<number>,
  count: Int32Array,
  opts: { seed: number; rounds: number; firstId: number; steps: number },
): Promise<ChurnReport> {
  const rng = new Rng(opts.seed);
  const report = emptyReport();
  const next = { id: opts.firstId };
  let marked = 0;
  for (let round = 0; round < opts.rounds && report.wrong.length === 0; round++) {
    await churnRound(queue, rng, next, report, { steps: rng.range(1, opts.steps), nowait: rng.chance(0.5) });
    for (; marked < report.got.length; marked++) {
      queue.asyncQ.taskDone();
      Atomics.add(count, 0, 1);
    }
  }
  return report;
}

/**
 * The one-thread cancellation races, on this worker's event loop: rounds of
 * abort churn on queues of every kind (maxsize 0-3), each round checked by
 * draining the queue: the items in must be the items out, exactly once.
 * Writes the round it is in to `progress[0]` (so a hang can be located).
 */
export async function oneThreadChurn({
  seed,
  rounds,
  progress,
}: {
  seed: number;
  rounds: number;
  progress: SharedArrayBuffer;
}): Promise<{
  report: ChurnReport;
  problems: string[];
}> {
  const at = new Int32Array(progress);
  const rng = new Rng(seed);
  const queues: Array<Queue<number>> = [];
  for (const maxsize of [0, 1, 2, 3])
    queues.push(new Queue(maxsize), new LifoQueue(maxsize), new PriorityQueue(maxsize));
  const report = emptyReport();
  const next = { id: 0 };
  const problems: string[] = [];
  for (let round = 0; round < rounds && problems.length === 0; round++) {
    Atomics.store(at, 0, round);
    const queue = rng.pick(queues);
    const where = `round ${round} on ${queue.constructor.name}(${queue.maxsize})`;
    const [put0, got0, peeked0] = [report.put.length, report.got.length, report.peeked.length];
    await churnRound(queue, rng, next, report, { steps: rng.range(1, 24), nowait: rng.chance(0.6) });
    if (report.wrong.length > 0) {
      problems.push(`${where}: ${report.wrong.join('; ')}`);
      break;
    }
    const drained: number[] = [];
    for (;;) {
      try {
        drained.push(queue.syncQ.getNowait());
      } catch (error) {
        if (error instanceof Empty) break;
        throw error;
      }
    }
    const into = report.put.slice(put0);
    const out = [...report.got.slice(got0), ...drained];
    const problem = compareItems(into, out);
    if (problem)
      problems.push(
        `${where}: ${problem} (in: ${into.join(',')}; got by calls: ${report.got.slice(got0).join(',')}; drained: ${drained.join(',')})`,
      );
    const inRound = new Set(into);
    for (const item of report.peeked.slice(peeked0))
      if (!inRound.has(item)) problems.push(`${where}: peeked ${item}, never put`);
    for (let i = 0; i < out.length; i++) queue.syncQ.taskDone();
    if (queue.syncQ.unfinishedTasks !== 0)
      problems.push(`${where}: ${queue.syncQ.unfinishedTasks} unfinished tasks after marking every item got done`);
  }
  return { report, problems };
}

/** Why `out` is not exactly `into` (as multisets), or '' if it is. */
export function compareItems(into: number[], out: number[]): string {
  const count = new Map<number, number>();
  for (const x of into) count.set(x, (count.get(x) ?? 0) + 1);
  const doubled: number[] = [];
  const strange: number[] = [];
  for (const x of out) {
    const n = count.get(x);
    if (n === undefined) strange.push(x);
    else if (n === 0) doubled.push(x);
    else count.set(x, n - 1);
  }
  const lost = [...count].filter(([, n]) => n > 0).map(([x]) => x);
  const parts: string[] = [];
  if (lost.length > 0)
    parts.push(`lost ${lost.slice(0, 10).join(', ')}${lost.length > 10 ? ` (${lost.length} in all)` : ''}`);
  if (doubled.length > 0)
    parts.push(
      `got twice ${doubled.slice(0, 10).join(', ')}${doubled.length > 10 ? ` (${doubled.length} in all)` : ''}`,
    );
  if (strange.length > 0) parts.push(`got items never put: ${strange.slice(0, 10).join(', ')}`);
  return parts.join('; ');
}

// ---------------------------------------------------------- shutdown storms

interface TwoQueues {
  handles: { A: QueueHandle; B: QueueHandle };
}

/** Makes one blocking `syncQ` call on queue A or B (see ./storm.ts). */
export function stormSync({ handles, call }: TwoQueues & { call: StormCall }): StormOutcome {
  return syncCall(Queue.from<number>(handles[call.queue]), call);
}

/** Makes every `calls` on `asyncQ` at once in this worker; resolves when all have settled. */
export function stormAsync({ handles, calls }: TwoQueues & { calls: StormCall[] }): Promise<StormOutcome[]> {
  const queues = { A: Queue.from<number>(handles.A), B: Queue.from<number>(handles.B) };
  return Promise.all(calls.map((call) => asyncCall(queues[call.queue], call)));
}

/** Shuts queues A and B down from this worker. */
export function stormShutdown({ handles, immediate }: TwoQueues & { immediate: boolean }): string {
  Queue.from(handles.A).shutdown(immediate);
  Queue.from(handles.B).shutdown(immediate);
  return 'shut down';
}

// -------------------------------------------------------------- timed calls

/** What a worker of timed calls reports. */
export interface TimedReport {
  items: number[];
  /** Calls that gave up (Empty / Full). */
  timeouts: number;
  /** Calls that gave up before their timeout: `elapsed ms < timeout ms`. */
  early: string[];
  /** The latest a call gave up after its timeout, in ms. */
  maxLateMs: number;
}

/**
 * `syncQ.get(true, t)` in a loop (t picked from `timeouts`, in seconds)
 * until shutdown, marking each item done; or, for `op: 'put'`, puts
 * `from .. from+count-1`, each with `syncQ.put(item, true, t)` retried on Full.
 */
export function timedLoop({
  handle,
  op,
  timeouts,
  seed,
  from = 0,
  count = 0,
}: OnQueue & { op: 'get' | 'put'; timeouts: number[]; seed: number; from?: number; count?: number }): TimedReport {
  const queue = Queue.from<number>(handle);
  const rng = new Rng(seed);
  const report: TimedReport = { items: [], timeouts: 0, early: [], maxLateMs: 0 };
  const gaveUp = (timeout: number, elapsed: number): void => {
    report.timeouts++;
    if (elapsed < timeout * 1000) {
      if (report.early.length < 5) report.early.push(`${op}(true, ${timeout}) gave up after ${elapsed.toFixed(4)} ms`);
    } else {
      report.maxLateMs = Math.max(report.maxLateMs, elapsed - timeout * 1000);
    }
  };
  if (op === 'get') {
    for (;;) {
      const timeout = rng.pick(timeouts);
      const start = performance.now();
      try {
        report.items.push(queue.syncQ.get(true, timeout));
        queue.syncQ.taskDone();
      } catch (error) {
        const elapsed = performance.now() - start;
        if (error instanceof ShutDown) break;
        if (!(error instanceof Empty)) throw error;
        gaveUp(timeout, elapsed);
      }
    }
  } else {
    for (let i = 0; i < count; i++) {
      for (;;) {
        const timeout = rng.pick(timeouts);
        const start = performance.now();
        try {
          queue.syncQ.put(from + i, true, timeout);
          report.items.push(from + i);
          break;
        } catch (error) {
          const elapsed = performance.now() - start;
          if (!(error instanceof Full)) throw error;
          gaveUp(timeout, elapsed);
        }
      }
    }
  }
  return report;
}

/** Puts `from .. from+count-1` with `syncQ.put`, pausing up to `maxPauseMs` (seeded) between items. */
export function trickle({
  handle,
  from,
  count,
  maxPauseMs,
  seed,
}: OnQueue & { from: number; count: number; maxPauseMs: number; seed: number }): number {
  const queue = Queue.from<number>(handle);
  const rng = new Rng(seed);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; i < count; i++) {
    queue.syncQ.put(from + i);
    Atomics.wait(pause, 0, 0, rng.next() * maxPauseMs);
  }
  return count;
}

/** `syncQ.get()` (or `peek` then `get`, with `peeks`) until shutdown, marking each item done. */
export function untimedGetter({ handle, peeks = false }: OnQueue & { peeks?: boolean }): number[] {
  const queue = Queue.from<number>(handle);
  const items: number[] = [];
  try {
    for (;;) {
      if (peeks) queue.syncQ.peek();
      items.push(queue.syncQ.get());
      queue.syncQ.taskDone();
    }
  } catch (error) {
    if (!(error instanceof ShutDown)) throw error;
  }
  return items;
}

// ------------------------------------------------------------------ faults

/** Takes the queue's mutex, says so in `flag[0]`, and holds it until the worker is terminated. */
export function holdMutexForever({ handle, flag }: OnQueue & { flag: SharedArrayBuffer }): never {
  const queue = Queue.from(handle);
  lockOf(queue).lock();
  const word = new Int32Array(flag);
  Atomics.store(word, 0, 1);
  Atomics.notify(word, 0);
  for (;;) Atomics.wait(word, 0, 1);
}

/** Attaches to the queue, counts itself in `ready[0]`, and waits for `ready[1]` to be set, if `ready` is given. */
function attachThenWait<T>(handle: QueueHandle, ready?: SharedArrayBuffer): Queue<T> {
  const queue = Queue.from<T>(handle);
  if (ready) {
    const words = new Int32Array(ready);
    Atomics.add(words, 0, 1);
    while (Atomics.load(words, 1) === 0) Atomics.wait(words, 1, 0);
  }
  return queue;
}

/**
 * One blocking syncQ call with a timeout; reports how it ended and how long
 * it took. With `ready`, attaches first and waits for the go (see `attachThenWait`).
 */
export function timedCall({
  handle,
  op,
  timeout,
  ready,
}: OnQueue & { op: 'get' | 'put' | 'peek'; timeout: number; ready?: SharedArrayBuffer }): {
  outcome: string;
  ms: number;
} {
  const queue = attachThenWait<number>(handle, ready);
  const start = performance.now();
  try {
    if (op === 'get') queue.syncQ.get(true, timeout);
    else if (op === 'peek') queue.syncQ.peek(true, timeout);
    else queue.syncQ.put(1, true, timeout);
    return { outcome: 'returned', ms: performance.now() - start };
  } catch (error) {
    return { outcome: (error as Error).name, ms: performance.now() - start };
  }
}

/** Attaches (`Queue.from`); reports how long that took, and what it threw if it did. */
export function attachOnly({ handle }: OnQueue): { ms: number; threw?: string } {
  const start = performance.now();
  try {
    Queue.from(handle);
    return { ms: performance.now() - start };
  } catch (error) {
    return { ms: performance.now() - start, threw: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

/**
 * asyncQ calls with signals that abort after `ms`, in this worker; reports
 * how each ended and when. With `ready`, attaches first and waits for the go.
 */
export async function signalledCalls({
  handle,
  ms,
  ready,
}: OnQueue & { ms: number; ready?: SharedArrayBuffer }): Promise<Array<{ op: string; outcome: string; ms: number }>> {
  const queue = attachThenWait<number>(handle, ready);
  const calls: Array<[string, (signal: AbortSignal) => Promise<unknown>]> = [
    ['get', (signal) => queue.asyncQ.get({ signal })],
    ['put', (signal) => queue.asyncQ.put(1, { signal })],
    ['peek', (signal) => queue.asyncQ.peek({ signal })],
    ['join', (signal) => queue.asyncQ.join({ signal })],
  ];
  return Promise.all(
    calls.map(async ([op, call]) => {
      const start = performance.now();
      try {
        await call(AbortSignal.timeout(ms));
        return { op, outcome: 'resolved', ms: performance.now() - start };
      } catch (error) {
        return { op, outcome: (error as Error).name, ms: performance.now() - start };
      }
    }),
  );
}

/** A pending `asyncQ.get()` in this worker; returns the item. */
export async function asyncGetOnce({ handle }: OnQueue): Promise<unknown> {
  return Queue.from<unknown>(handle).asyncQ.get();
}

/** Blocks in `syncQ.join()`. */
export function joinOnce({ handle }: OnQueue): string {
  Queue.from(handle).syncQ.join();
  return 'joined';
}

/** One blocking syncQ get/put through a queue attached with the touchy codec; reports the outcome. */
export function touchyCall({ handle, op, item }: OnQueue & { op: 'get' | 'put'; item?: string }): {
  value?: string;
  threw?: string;
} {
  const queue = Queue.from<string>(handle, { codec: touchyCodec });
  try {
    if (op === 'get') return { value: queue.syncQ.get(true, 10) };
    queue.syncQ.put(item!, true, 10);
    return { value: 'put' };
  } catch (error) {
    return { threw: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

/**
 * Puts `count` strings of `minBytes..maxBytes` (seeded) that begin with
 * their id, with blocking `syncQ.put`: on a small store they wait for room.
 */
export function roomPutter({
  handle,
  from,
  count,
  seed,
  minBytes,
  maxBytes,
}: OnQueue & { from: number; count: number; seed: number; minBytes: number; maxBytes: number }): number {
  const queue = Queue.from<string>(handle);
  const rng = new Rng(seed);
  for (let i = 0; i < count; i++) queue.syncQ.put(sizedItem(from + i, rng.range(minBytes, maxBytes)));
  return count;
}

/** A string of `bytes` ASCII characters that begins with `id` and a colon, and is checkable. */
export function sizedItem(id: number, bytes: number): string {
  const head = `${id}:${bytes}:`;
  return head + String.fromCharCode(97 + (id % 26)).repeat(Math.max(0, bytes - head.length));
}

/** Checks an item made by {@link sizedItem}; returns its id, or throws. */
export function checkSizedItem(item: string): number {
  const [id, bytes] = item.split(':', 2).map(Number);
  const head = `${id}:${bytes}:`;
  const expected = head + String.fromCharCode(97 + (id % 26)).repeat(Math.max(0, bytes - head.length));
  if (item !== expected) throw new Error(`item ${id} of ${bytes} bytes came back altered (${item.length} chars)`);
  return id;
}

/**
 * One blocking syncQ call (get, or put of `item`) on the queue attached
 * with the failing subclass of `kind`, armed through `arm`; reports how it
 * ended.
 */
export function failingCall({
  handle,
  kind,
  arm,
  op,
  item = 0,
  timeout,
}: OnQueue & { kind: FailingKind; arm: SharedArrayBuffer; op: 'get' | 'put'; item?: number; timeout: number }): {
  value?: unknown;
  threw?: string;
  ms: number;
} {
  const queue = FAILING_KINDS[kind].from<number>(handle);
  armOf(handle, arm);
  const start = performance.now();
  try {
    if (op === 'get') return { value: queue.syncQ.get(true, timeout), ms: performance.now() - start };
    queue.syncQ.put(item, true, timeout);
    return { value: 'put', ms: performance.now() - start };
  } catch (error) {
    return { threw: (error as Error).name, ms: performance.now() - start };
  }
}

/** Puts that must fail (unencodable, too large for the store), then one that fits; reports each error's name or 'ok'. */
export async function badPuts({ handle }: OnQueue): Promise<string[]> {
  const queue = Queue.from<unknown>(handle);
  const big = 'x'.repeat(5000);
  const attempts: Array<() => unknown> = [
    () => queue.syncQ.put(() => 1, true, 5),
    () => queue.syncQ.putNowait(Symbol('s')),
    () => queue.asyncQ.put({ method() {} }),
    () => queue.syncQ.put(big, true, 5),
    () => queue.asyncQ.put(big),
    () => queue.syncQ.put('fits', true, 5),
  ];
  const names: string[] = [];
  for (const attempt of attempts) {
    try {
      await attempt();
      names.push('ok');
    } catch (error) {
      names.push((error as Error).name);
    }
  }
  return names;
}

// -------------------------------------------------------------------- soak

/** The soak loop (see ./soak.ts) on this worker. */
export function soakWorker(data: InWorker<SoakOptions>): Promise<SoakReport> {
  return soak(Queue.from<SoakItem>(data.handle), { ...data, onMainThread: false });
}

// ------------------------------------------------------------ bad and edge input

/** Every call of both faces on a closed queue, from this worker; reports what each did. */
export async function everyCallAfterClose({ handle }: OnQueue): Promise<Record<string, string>> {
  const queue = Queue.from<number>(handle);
  const out: Record<string, string> = {};
  const record = async (name: string, call: () => unknown): Promise<void> => {
    try {
      const value = await call();
      out[name] = `returned ${value === undefined ? 'undefined' : JSON.stringify(value)}`;
    } catch (error) {
      out[name] = `threw ${(error as Error).name}`;
    }
  };
  await record('syncQ.put', () => queue.syncQ.put(1, true, 1));
  await record('syncQ.putNowait', () => queue.syncQ.putNowait(1));
  await record('syncQ.get', () => queue.syncQ.get(true, 1));
  await record('syncQ.getNowait', () => queue.syncQ.getNowait());
  await record('syncQ.peek', () => queue.syncQ.peek());
  await record('syncQ.peekNowait', () => queue.syncQ.peekNowait());
  await record('syncQ.join', () => queue.syncQ.join());
  await record('syncQ.taskDone', () => queue.syncQ.taskDone());
  await record('syncQ iteration', () => [...queue.syncQ].length);
  await record('asyncQ.put', () => queue.asyncQ.put(1));
  await record('asyncQ.putNowait', () => queue.asyncQ.putNowait(1));
  await record('asyncQ.get', () => queue.asyncQ.get());
  await record('asyncQ.getNowait', () => queue.asyncQ.getNowait());
  await record('asyncQ.peek', () => queue.asyncQ.peek());
  await record('asyncQ.peekNowait', () => queue.asyncQ.peekNowait());
  await record('asyncQ.join', () => queue.asyncQ.join());
  await record('asyncQ.taskDone', () => queue.asyncQ.taskDone());
  await record('asyncQ iteration', async () => {
    let n = 0;
    for await (const _ of queue.asyncQ) n++;
    return n;
  });
  await record('qsize', () => [queue.syncQ.qsize(), queue.asyncQ.qsize()]);
  await record('empty/full', () => [queue.syncQ.empty(), queue.asyncQ.full()]);
  await record('unfinishedTasks', () => queue.asyncQ.unfinishedTasks);
  await record('closed', () => [queue.closed, queue.syncQ.closed, queue.asyncQ.closed]);
  await record('shutdown again', () => queue.shutdown());
  await record('close again', () => queue.close());
  await record('clear', () => queue.clear());
  await record('set maxsize', () => {
    queue.maxsize = 5;
    return queue.maxsize;
  });
  await record('waitClosed', () => queue.waitClosed());
  await record('aclose', () => queue.aclose());
  return out;
}

/** Reads `maxsize` and puts `count` items without waiting (an unbounded queue never refuses). */
export function maxsizeSeen({ handle, count }: OnQueue & { count: number }): {
  maxsize: number;
  put: number;
  full: boolean;
} {
  const queue = Queue.from<number>(handle);
  for (let i = 0; i < count; i++) queue.syncQ.putNowait(i);
  return { maxsize: queue.maxsize, put: count, full: queue.syncQ.full() };
}

/** Gets one item with `timeout` (any value: Infinity, huge, ...); reports the item or what was thrown. */
export function getWithTimeout({ handle, timeout }: OnQueue & { timeout: number }): {
  item?: unknown;
  threw?: string;
  ms: number;
} {
  const queue = Queue.from<unknown>(handle);
  const start = performance.now();
  try {
    return { item: queue.syncQ.get(true, timeout), ms: performance.now() - start };
  } catch (error) {
    return { threw: (error as Error).name, ms: performance.now() - start };
  }
}

/** Gets one item and puts it back unchanged (a round trip through this thread). */
export function echo({ handle }: OnQueue): string {
  const queue = Queue.from<unknown>(handle);
  queue.syncQ.put(queue.syncQ.get(true, 10));
  return 'echoed';
}

/** Attaches with the class named `kind`; reports the class it got, or the error. */
export function attachAs({ handle, kind }: OnQueue & { kind: 'Queue' | 'LifoQueue' | 'PriorityQueue' }): string {
  const classes = { Queue, LifoQueue, PriorityQueue };
  try {
    return classes[kind].from(handle).constructor.name;
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

/**
 * The rounds of a taskDone race, on a shared schedule: in round r (when
 * `ctl[GEN]` becomes r + 1) this worker calls `taskDone()` `calls[r]`
 * times on `face`, adds the ValueErrors to `ctl[ERRORS]` and counts itself
 * in `ctl[FINISHED]`.
 */
export function taskDoneRounds({
  handle,
  calls,
  face,
  ctl,
}: OnQueue & { calls: number[]; face: 'syncQ' | 'asyncQ'; ctl: SharedArrayBuffer }): string[] {
  const queue = Queue.from(handle);
  const words = new Int32Array(ctl);
  const other: string[] = [];
  for (let r = 0; r < calls.length; r++) {
    while (Atomics.load(words, RACE.GEN) <= r) Atomics.wait(words, RACE.GEN, r);
    let errors = 0;
    for (let i = 0; i < calls[r]; i++) {
      try {
        queue[face].taskDone();
      } catch (error) {
        if (error instanceof ValueError) errors++;
        else other.push(String(error));
      }
    }
    Atomics.add(words, RACE.ERRORS, errors);
    Atomics.add(words, RACE.FINISHED, 1);
  }
  return other;
}

/** Words of a taskDone race. */
export const RACE = { GEN: 0, FINISHED: 1, ERRORS: 2, WORDS: 4 } as const;

/**
 * Calls that run user code (getters of the item, a codec) re-entering the
 * queue: encoding happens before the lock is taken and decoding after it
 * is released, so none of them may deadlock. Reports what came out.
 */
export async function reentrant(): Promise<unknown[]> {
  const queue = new Queue<unknown>();
  const item = {
    get inner(): string {
      queue.syncQ.putNowait('put by a getter');
      return `size seen by a getter: ${queue.syncQ.qsize()}`;
    },
  };
  queue.syncQ.put(item);
  await queue.asyncQ.put(item);
  const out: unknown[] = [];
  while (queue.syncQ.qsize() > 0) out.push(queue.syncQ.getNowait());
  const codec = {
    encode: (s: string) => new TextEncoder().encode(s),
    decode: (bytes: Uint8Array) => `${new TextDecoder().decode(bytes)} (decoded with ${decoder.syncQ.qsize()} left)`,
  };
  const decoder: Queue<string> = new Queue<string>(0, { codec });
  decoder.syncQ.put('a');
  decoder.syncQ.put('b');
  out.push(decoder.syncQ.get(), await decoder.asyncQ.get());
  return out;
}

/**
 * Synchronous calls of this thread made in the microtasks right after an
 * abort of one of its pending asyncQ calls (while that call's continuation
 * runs): none may wait for a lock that this thread's own pending call
 * holds. Reports what each scenario saw.
 */
export async function abortThenSyncCalls(): Promise<string[]> {
  const seen: string[] = [];
  const calls: Array<[string, (queue: Queue<number>) => unknown]> = [
    ['putNowait', (queue) => queue.asyncQ.putNowait(1)],
    ['getNowait', (queue) => queue.syncQ.getNowait()],
    ['qsize', (queue) => queue.syncQ.qsize()],
    ['taskDone', (queue) => queue.asyncQ.taskDone()],
    ['shutdown', (queue) => queue.shutdown()],
  ];
  for (const [name, call] of calls) {
    for (let hops = 0; hops <= 4; hops++) {
      for (const op of ['get', 'put'] as const) {
        const queue = new Queue<number>(1);
        if (op === 'put' || name === 'getNowait' || name === 'taskDone') queue.syncQ.put(0);
        const controller = new AbortController();
        const reason = new Error('aborted');
        const pending = (
          op === 'get' && queue.syncQ.qsize() === 0
            ? queue.asyncQ.get({ signal: controller.signal })
            : queue.asyncQ.put(9, { signal: controller.signal })
        ).then(
          () => 'resolved',
          (error: unknown) => (error === reason ? 'rejected with its reason' : `rejected with ${String(error)}`),
        );
        await delay(1);
        controller.abort(reason);
        for (let i = 0; i < hops; i++) await Promise.resolve();
        try {
          call(queue);
        } catch (error) {
          if (
            !(
              error instanceof Empty ||
              error instanceof Full ||
              error instanceof ShutDown ||
              error instanceof ValueError
            )
          )
            throw error;
        }
        seen.push(`${name} ${hops} hops after aborting a ${op}: ${await pending}`);
      }
    }
  }
  return seen;
}

/**
 * The other thread of `abortDuringRelock`: in round r (when `ctl[0]` becomes
 * r + 1) puts item 2r, then at once holds the queue's lock for 2-5 ms, so the
 * getter woken for the item waits on timers to relock; stops when `ctl[1]` is set.
 */
export function relockHog({ handle, ctl, seed }: OnQueue & { ctl: SharedArrayBuffer; seed: number }): number {
  const queue = Queue.from<number>(handle);
  const mutex = lockOf(queue);
  const words = new Int32Array(ctl);
  const rng = new Rng(seed);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  let round = 0;
  while (Atomics.load(words, 1) === 0) {
    if (Atomics.load(words, 0) <= round) {
      Atomics.wait(words, 0, round, 100);
      continue;
    }
    queue.syncQ.putNowait(2 * round);
    mutex.lock();
    Atomics.wait(pause, 0, 0, 2 + rng.next() * 3);
    mutex.unlock();
    round++;
  }
  return round;
}

/**
 * Rounds of: two async gets of this thread, A (with a signal) and B (without);
 * another thread puts an item and then holds the lock for a few ms (see
 * `relockHog`), so A, woken for the item, waits on timers to relock; A is
 * aborted after a random 0-5 ms. A getter woken and then aborted must pass
 * the wake-up on: B gets the item. Reports what happened; a B that gets
 * nothing within `boundMs` is a swallowed wake-up.
 */
export async function abortDuringRelock({
  handle,
  ctl,
  rounds,
  seed,
  boundMs,
}: OnQueue & { ctl: SharedArrayBuffer; rounds: number; seed: number; boundMs: number }): Promise<{
  aborted: number;
  resolvedFirst: number;
  problems: string[];
}> {
  const queue = Queue.from<number>(handle);
  const words = new Int32Array(ctl);
  const rng = new Rng(seed);
  const problems: string[] = [];
  let aborted = 0;
  let resolvedFirst = 0;
  for (let r = 0; r < rounds && problems.length === 0; r++) {
    const controller = new AbortController();
    const reason = new Error(`round ${r}`);
    const a = queue.asyncQ.get({ signal: controller.signal }).then(
      (item) => ({ item }),
      (error: unknown) => ({ error }),
    );
    const bounded = new AbortController();
    const b = queue.asyncQ.get({ signal: bounded.signal }).then(
      (item) => ({ item }),
      (error: unknown) => ({ error }),
    );
    await delay(1);
    Atomics.store(words, 0, r + 1);
    Atomics.notify(words, 0);
    await delay(rng.range(0, 5));
    controller.abort(reason);
    const first = await a;
    if ('item' in first) {
      resolvedFirst++;
      queue.syncQ.putNowait(2 * r + 1); // for B
    } else if (first.error === reason) {
      aborted++;
    } else {
      problems.push(`round ${r}: A rejected with ${String(first.error)}`);
    }
    const timer = setTimeout(() => bounded.abort(new Error('bound')), boundMs);
    const second = await b;
    clearTimeout(timer);
    if (!('item' in second)) {
      problems.push(
        `round ${r}: B got nothing within ${boundMs} ms (${'item' in first ? 'A got the first item' : 'A was aborted'}), ${queue.syncQ.qsize()} item(s) queued`,
      );
    }
    while (queue.syncQ.qsize() > 0) queue.syncQ.getNowait();
  }
  Atomics.store(words, 1, 1);
  return { aborted, resolvedFirst, problems };
}
