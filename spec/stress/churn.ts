/**
 * Random interleavings of `AbortSignal` aborts against pending `asyncQ`
 * calls, shared by the main thread and the worker tasks.
 *
 * A round starts async gets, puts, peeks and joins with their own signals,
 * then, in a seeded random order, aborts some (pending or not), starts more,
 * puts and gets without waiting, and yields to the event loop in different
 * ways (microtask, immediate, timer), so that aborts land before, during and
 * after wake-ups. At its end it aborts whatever is still pending and waits
 * for every call to settle. It reports which items went in and came out.
 */
import { Empty, Full, type Queue } from '../../lib/index.js';
import type { Rng } from './config.js';

/** What rounds of churn did. */
export interface ChurnReport {
  /** Items this thread put (resolved `put` and successful `putNowait`). */
  put: number[];
  /** Items this thread got (resolved `get` and successful `getNowait`). */
  got: number[];
  /** Items that a resolved `peek` saw. */
  peeked: number[];
  /** Aborts of calls that were still pending. */
  abortedPending: number;
  /** Calls that rejected with their abort reason. */
  cancelled: number;
  /** Calls that resolved. */
  resolved: number;
  /** Anything that is not as it should be (a call rejected with the wrong error, ...). */
  wrong: string[];
}

interface Op {
  kind: 'get' | 'put' | 'peek' | 'join';
  item: number;
  controller: AbortController;
  reason: Error;
  aborted: boolean;
  settled: boolean;
  ok: boolean;
  value: unknown;
  error: unknown;
  done: Promise<void>;
}

export function emptyReport(): ChurnReport {
  return { put: [], got: [], peeked: [], abortedPending: 0, cancelled: 0, resolved: 0, wrong: [] };
}

/**
 * One round of churn on `queue`; new items are numbered from `next.id` on.
 * Returns once every call it started has settled (within `settleMs`, else
 * it records a hang in `report.wrong`).
 */
export async function churnRound(
  queue: Queue<number>,
  rng: Rng,
  next: { id: number },
  report: ChurnReport,
  options: { steps: number; nowait: boolean; settleMs?: number },
): Promise<void> {
  const ops: Op[] = [];
  const start = (kind: Op['kind'], preAborted = false): void => {
    const controller = new AbortController();
    const reason = new Error(`abort #${next.id}`);
    const op: Op = {
      kind,
      item: kind === 'put' ? next.id++ : -1,
      controller,
      reason,
      aborted: false,
      settled: false,
      ok: false,
      value: undefined,
      error: undefined,
      done: Promise.resolve(),
    };
    if (preAborted) {
      op.aborted = true;
      controller.abort(reason);
    }
    const signal = controller.signal;
    let call: Promise<unknown>;
    switch (kind) {
      case 'get':
        call = queue.asyncQ.get({ signal });
        break;
      case 'peek':
        call = queue.asyncQ.peek({ signal });
        break;
      case 'join':
        call = queue.asyncQ.join({ signal });
        break;
      default:
        call = queue.asyncQ.put(op.item, { signal });
    }
    op.done = call.then(
      (value) => {
        op.settled = true;
        op.ok = true;
        op.value = value;
      },
      (error: unknown) => {
        op.settled = true;
        op.error = error;
      },
    );
    ops.push(op);
  };
  const abort = (op: Op): void => {
    if (op.aborted) return;
    op.aborted = true;
    if (!op.settled) report.abortedPending++;
    op.controller.abort(op.reason);
  };
  const kinds: Array<Op['kind']> = ['get', 'get', 'get', 'put', 'put', 'put', 'peek', 'join'];

  for (let i = rng.range(1, 4); i > 0; i--) start(rng.pick(kinds));
  for (let step = 0; step < options.steps; step++) {
    const r = rng.next();
    if (r < 0.25) {
      start(rng.pick(kinds), rng.chance(0.05));
    } else if (r < 0.5) {
      const pending = ops.filter((op) => !op.aborted);
      if (pending.length > 0) abort(rng.pick(pending));
    } else if (r < 0.6 && options.nowait) {
      const face = rng.chance(0.5) ? queue.syncQ : queue.asyncQ;
      if (rng.chance(0.5)) {
        const item = next.id++;
        try {
          face.putNowait(item);
          report.put.push(item);
        } catch (error) {
          if (!(error instanceof Full)) report.wrong.push(`putNowait threw ${String(error)}`);
        }
      } else {
        try {
          report.got.push(face.getNowait());
        } catch (error) {
          if (!(error instanceof Empty)) report.wrong.push(`getNowait threw ${String(error)}`);
        }
      }
    } else if (r < 0.62) {
      // Abort a call and start its twin in the same tick.
      const pending = ops.filter((op) => !op.aborted && !op.settled);
      if (pending.length > 0) {
        const op = rng.pick(pending);
        abort(op);
        start(op.kind);
      }
    } else {
      const y = rng.next();
      if (y < 0.4) {
        for (let k = rng.range(1, 5); k > 0; k--) await Promise.resolve();
      } else if (y < 0.8) {
        await new Promise((resolve) => setImmediate(resolve));
      } else {
        await new Promise((resolve) => setTimeout(resolve, rng.range(0, 2)));
      }
    }
  }
  for (const op of ops) abort(op);
  const settleMs = options.settleMs ?? 10_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const settled = await Promise.race([
    Promise.all(ops.map((op) => op.done)).then(() => true),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), settleMs))),
  ]);
  clearTimeout(timer);
  if (!settled) {
    report.wrong.push(
      `${ops
        .filter((op) => !op.settled)
        .map((op) => op.kind)
        .join(', ')} still pending ${settleMs} ms after being aborted`,
    );
    return;
  }
  for (const op of ops) {
    if (op.ok) {
      report.resolved++;
      if (op.kind === 'put') report.put.push(op.item);
      else if (op.kind === 'get') {
        if (typeof op.value !== 'number') report.wrong.push(`a get resolved with ${String(op.value)}`);
        else report.got.push(op.value);
      } else if (op.kind === 'peek') {
        if (typeof op.value !== 'number') report.wrong.push(`a peek resolved with ${String(op.value)}`);
        else report.peeked.push(op.value);
      }
    } else if (op.error === op.reason) {
      report.cancelled++;
    } else {
      report.wrong.push(`an aborted ${op.kind} rejected with ${String(op.error)} instead of its abort reason`);
    }
  }
}
