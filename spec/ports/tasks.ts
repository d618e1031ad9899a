/**
 * The worker-thread halves of the ported suites. Each export runs in its
 * own worker (see spec/support/workers.ts), attaches the queue with
 * `Queue.from(handle)` and reports plain data.
 */
import { Empty, Queue, ShutDown, type QueueHandle } from '../../lib/index.js';
import { FailingQueue } from './failing-queue.js';
import { basicQueueScenario, failingQueueScenario } from './scenarios.js';
import {
  barrierWait,
  blockUntil,
  bump,
  outcomeOf,
  PATIENCE_MS,
  raise,
  serveTriggersBlocking,
  sleepMs,
  wakeEverything,
  type Outcome,
} from './shared.js';

/** Serves the trigger requests of `rv` until it is stopped. */
export function triggerServer({ handle, rv }: { handle: QueueHandle; rv: Int32Array }): number {
  return serveTriggersBlocking(Queue.from(handle), rv);
}

/** Runs CPython's basic queue scenario in this worker; triggers come from elsewhere. */
export function basicScenario({ handle, order, rv }: { handle: QueueHandle; order: number[]; rv: Int32Array }): string {
  const queue = Queue.from<number>(handle);
  basicQueueScenario(queue, order, rv);
  basicQueueScenario(queue, order, rv);
  return queue.constructor.name;
}

/** Runs the failing-queue scenario (twice) in this worker on a `FailingQueue` attached by handle. */
export function failingScenario({ handle, rv }: { handle: QueueHandle; rv: Int32Array }): string {
  const queue = FailingQueue.from<unknown>(handle) as FailingQueue<unknown>;
  if (!(queue instanceof FailingQueue)) throw new Error('FailingQueue.from did not return a FailingQueue');
  failingQueueScenario(queue, rv);
  failingQueueScenario(queue, rv);
  return 'ok';
}

/**
 * CPython's queue_join worker: gets numbers, adds each to `sum[0]` then marks
 * it done; a negative number (also marked done) ends it. Returns how many it took.
 */
export function sumConsumer({ handle, sum }: { handle: QueueHandle; sum: Int32Array }): number {
  const q = Queue.from<number>(handle).syncQ;
  let taken = 0;
  for (;;) {
    const x = q.get(true, PATIENCE_MS / 1000);
    taken++;
    if (x < 0) {
      q.taskDone();
      return taken;
    }
    Atomics.add(sum, 0, x);
    q.taskDone();
  }
}

/** One call of the blocking face. */
export type Op =
  | 'get'
  | 'put'
  | 'join'
  | 'getTaskDone'
  | 'getNowait'
  | 'putNowait'
  | 'taskDone'
  | 'qsize'
  | 'close'
  | 'shutdown';

/** A job for {@link op}. */
export interface OpJob {
  handle: QueueHandle;
  op: Op;
  item?: unknown;
  /** Seconds; `null` waits forever (the default: {@link PATIENCE_MS}). */
  timeout?: number | null;
  /** `signals[0]` is bumped just before the call; with `waitGo`, the call waits for `signals[1]`. */
  signals?: Int32Array;
  waitGo?: boolean;
  /** Repeat the call this many times (results in an array when > 1). */
  times?: number;
}

function callOnce(queue: Queue<unknown>, job: OpJob): unknown {
  const q = queue.syncQ;
  const timeout = job.timeout === undefined ? PATIENCE_MS / 1000 : job.timeout;
  switch (job.op) {
    case 'get':
      return q.get(true, timeout);
    case 'put':
      q.put(job.item, true, timeout);
      return 'put';
    case 'join':
      q.join();
      return 'joined';
    case 'getTaskDone': {
      const item = q.get(true, timeout);
      q.taskDone();
      return item;
    }
    case 'getNowait':
      return q.getNowait();
    case 'putNowait':
      q.putNowait(job.item);
      return 'put';
    case 'taskDone':
      q.taskDone();
      return 'done';
    case 'qsize':
      return q.qsize();
    case 'close':
      queue.close();
      return 'closed';
    case 'shutdown':
      q.shutdown(job.item === true);
      return 'shut down';
  }
}

/**
 * One blocking-face call (or a few) in this worker, reported as an
 * {@link Outcome}: announces itself on `signals[0]`, optionally waits for
 * the go flag `signals[1]`, then calls.
 */
export function op(job: OpJob): Outcome {
  const queue = Queue.from<unknown>(job.handle);
  if (job.signals) bump(job.signals, 0);
  if (job.signals && job.waitGo) blockUntil(job.signals, 1, 1);
  return outcomeOf(() => {
    const times = job.times ?? 1;
    if (times === 1) return callOnce(queue, job);
    const values: unknown[] = [];
    for (let i = 0; i < times; i++) values.push(callOnce(queue, job));
    return values;
  });
}

/** Puts `from .. from+count-1` with `syncQ.put`. */
export function putRange({ handle, from = 0, count }: { handle: QueueHandle; from?: number; count: number }): number {
  const q = Queue.from<number>(handle).syncQ;
  for (let i = 0; i < count; i++) q.put(from + i);
  return count;
}

/** Puts `from .. from+count-1` with `syncQ.put`, then blocks in `syncQ.join()`. */
export function putRangeThenJoin({
  handle,
  from = 0,
  count,
}: {
  handle: QueueHandle;
  from?: number;
  count: number;
}): string {
  const q = Queue.from<number>(handle).syncQ;
  for (let i = 0; i < count; i++) q.put(from + i);
  q.join();
  return 'joined';
}

/** Gets `count` items with `syncQ.get`, marking each done when `taskDone`. */
export function getCount({
  handle,
  count,
  taskDone = false,
}: {
  handle: QueueHandle;
  count: number;
  taskDone?: boolean;
}): unknown[] {
  const q = Queue.from<unknown>(handle).syncQ;
  const got: unknown[] = [];
  for (let i = 0; i < count; i++) {
    got.push(q.get(true, PATIENCE_MS / 1000));
    if (taskDone) q.taskDone();
  }
  return got;
}

/** Gets with `syncQ` iteration until shut down and empty, marking each done. */
export function drainUntilShutDown({ handle }: { handle: QueueHandle }): unknown[] {
  const q = Queue.from<unknown>(handle).syncQ;
  const got: unknown[] = [];
  for (const item of q) {
    got.push(item);
    q.taskDone();
  }
  return got;
}

// -------------------------------------- CPython's shutdown in many threads

/** Shared words of the many-threads shutdown test. */
export const MANY = { BARRIER: 0, SHUTDOWN_EVENT: 1 } as const;

interface ManyJob {
  handle: QueueHandle;
  words: Int32Array;
  parties: number;
}

/**
 * A writer: puts `[i, 'LOYD']` for the first half of the items before
 * `when`, meets the others at the barrier, then keeps putting until the
 * queue is shut down; at item `when` the first writer there triggers the
 * shutdown. Reports true for "triggered the shutdown", false for "was
 * stopped by ShutDown".
 */
export function manyWriter({ handle, words, parties, n, when }: ManyJob & { n: number; when: number }): boolean[] {
  const q = Queue.from<[number, string]>(handle).syncQ;
  const results: boolean[] = [];
  for (let i = 0; i < when >> 1; i++) q.put([i, 'LOYD']);
  barrierWait(words, MANY.BARRIER, parties);
  for (let i = when >> 1; i < n; i++) {
    try {
      q.put([i, 'YDLO']);
    } catch (error) {
      if (!(error instanceof ShutDown)) throw error;
      results.push(false);
      break;
    }
    if (i === when && Atomics.compareExchange(words, MANY.SHUTDOWN_EVENT, 0, 1) === 0) {
      Atomics.notify(words, MANY.SHUTDOWN_EVENT);
      results.push(true);
    }
  }
  return results;
}

/**
 * A reader: takes one item (blocking), meets the others at the barrier, then
 * takes items without blocking until ShutDown, marking each done. Reports
 * true when it ended on ShutDown.
 */
export function manyReader({ handle, words, parties }: ManyJob): boolean {
  const q = Queue.from<unknown>(handle).syncQ;
  q.get(true, PATIENCE_MS / 1000);
  q.taskDone();
  barrierWait(words, MANY.BARRIER, parties);
  for (;;) {
    try {
      q.getNowait();
      q.taskDone();
    } catch (error) {
      if (error instanceof ShutDown) return true;
      if (!(error instanceof Empty)) throw error;
      sleepMs(0.05); // the Python reader spins; leave the two-core CI machine some air
    }
  }
}

/** Waits for the shutdown event, shuts the queue down, reports whether it was then empty. */
export function manyShutdown({ handle, words, immediate }: ManyJob & { immediate: boolean }): boolean {
  const queue = Queue.from<unknown>(handle);
  blockUntil(words, MANY.SHUTDOWN_EVENT, 1, 60_000);
  queue.shutdown(immediate);
  return queue.syncQ.qsize() === 0;
}

/** Meets the others at the barrier, then joins. */
export function manyJoiner({ handle, words, parties }: ManyJob): string {
  const q = Queue.from<unknown>(handle).syncQ;
  barrierWait(words, MANY.BARRIER, parties);
  q.join();
  return 'joined';
}

// ---------------------------------------------------------------- misc

/** Attaches by handle and reports the class, the kind's order of `items` and the size left. */
export function attachAndDrain({ handle, items }: { handle: QueueHandle; items: number[] }): {
  kind: string;
  got: number[];
} {
  const queue = Queue.from<number>(handle);
  for (const item of items) queue.syncQ.put(item);
  const got: number[] = [];
  while (!queue.syncQ.empty()) got.push(queue.syncQ.getNowait());
  return { kind: queue.constructor.name, got };
}

/**
 * janus's queue_join_test from a worker: puts 0..99, joins (while other
 * workers consume), reads the sum, tells two consumers to stop, joins again.
 */
export function joinRound({ handle, sum }: { handle: QueueHandle; sum: Int32Array }): number {
  const q = Queue.from<number>(handle).sync_q;
  for (let i = 0; i < 100; i++) q.put(i);
  q.join();
  const total = Atomics.load(sum, 0);
  q.put(-1);
  q.put(-1);
  q.join();
  return total;
}

/**
 * Watches a main-thread blocking call that has no timeout: unless `flags[0]`
 * is raised within `ms`, raises `flags[1]` and wakes every waiter of the
 * queue by hand until `flags[0]` is raised, so a lost wake-up fails the test
 * instead of hanging the run.
 */
export function watchdog({ handle, flags, ms }: { handle: QueueHandle; flags: Int32Array; ms: number }): boolean {
  try {
    blockUntil(flags, 0, 1, ms);
    return false;
  } catch {
    raise(flags, 1);
  }
  while (Atomics.load(flags, 0) === 0) {
    wakeEverything(handle.control);
    Atomics.wait(flags, 0, 0, 50);
  }
  return true;
}
