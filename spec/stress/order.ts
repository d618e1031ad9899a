/**
 * Checks the reports of an exactly-once run: every item got exactly once,
 * each producer's items in order as seen by each consumer (FIFO), and the
 * queue's order wherever it is observable from the stamps.
 *
 * Observable order: item B was certainly in the queue from its `putEnd`
 * stamp (its put had returned) to its `getStart` stamp (the get that took it
 * had not begun). The get that took A removed it between A's `getStart` and
 * `getEnd`. So if B was certainly in the queue during that whole window
 * (`putEnd(B) < getStart(A)` and `getStart(B) > getEnd(A)`), the queue
 * chose A over B, and:
 * - Queue: B must not have been put before A (`putEnd(B) < putStart(A)`);
 * - LifoQueue: B must not have been put after A (`putStart(B) > putEnd(A)`);
 * - PriorityQueue: B's priority must not be lower, nor equal with B put before A.
 */
import { REC, type ConsumerReport, type ProducerReport } from './tagged.js';

export interface Verdict {
  total: number;
  got: number;
  missing: string[];
  doubled: string[];
  /** A producer's items out of order in one consumer's stream. */
  fifo: string[];
  /** The queue took A while B, which it should have taken first, was certainly in it. */
  order: string[];
  /** How many (A, B) pairs the order check could observe. */
  comparisons: number;
}

const SHOW = 5;

/** Checks one run; `perProducer[p]` is how many items producer `p` put. */
export function verdict(
  kind: string,
  producers: ProducerReport[],
  consumers: ConsumerReport[],
  checkFifo: boolean,
): Verdict {
  const counts = producers.map((p) => p.stamps.length / 2);
  const offsets: number[] = [];
  let total = 0;
  for (const [p, count] of counts.entries()) {
    offsets[p] = total;
    total += count;
  }
  const label = (id: number): string => {
    let p = 0;
    while (p + 1 < offsets.length && offsets[p + 1] <= id) p++;
    return `(producer ${p}, seq ${id - offsets[p]})`;
  };
  const putStart = new Int32Array(total);
  const putEnd = new Int32Array(total);
  const getStart = new Int32Array(total).fill(-1);
  const getEnd = new Int32Array(total);
  const priority = new Int32Array(total);
  const times = new Uint8Array(total);
  for (const { producer, stamps } of producers) {
    for (let seq = 0; seq < stamps.length / 2; seq++) {
      putStart[offsets[producer] + seq] = stamps[seq * 2];
      putEnd[offsets[producer] + seq] = stamps[seq * 2 + 1];
    }
  }
  const missing: string[] = [];
  const doubled: string[] = [];
  const fifo: string[] = [];
  let got = 0;
  for (const { consumer, records } of consumers) {
    const lastSeq = new Map<number, number>();
    for (let at = 0; at < records.length; at += REC) {
      const [producer, seq, start, end, prio] = records.subarray(at, at + REC);
      got++;
      if (!(producer in offsets) || seq < 0 || seq >= counts[producer]) {
        doubled.push(`an item never put: (producer ${producer}, seq ${seq})`);
        continue;
      }
      const id = offsets[producer] + seq;
      if (++times[id] > 1) {
        if (doubled.length < SHOW) doubled.push(`${label(id)} got ${times[id]} times`);
        continue;
      }
      getStart[id] = start;
      getEnd[id] = end;
      priority[id] = prio;
      const last = lastSeq.get(producer) ?? -1;
      if (checkFifo && seq <= last && fifo.length < SHOW) {
        fifo.push(`consumer ${consumer} got ${label(id)} after seq ${last} of that producer`);
      }
      lastSeq.set(producer, Math.max(last, seq));
    }
  }
  for (let id = 0; id < total; id++) {
    if (times[id] === 0 && missing.length < SHOW) missing.push(label(id));
  }
  const missingCount = times.reduce((n, t) => n + (t === 0 ? 1 : 0), 0);
  if (missingCount > SHOW) missing.push(`... ${missingCount} missing in all`);

  // The sweep over stamps: `active` holds the items certainly in the queue.
  const order: string[] = [];
  let comparisons = 0;
  if (missingCount === 0 && doubled.length === 0) {
    let clock = 0;
    for (let id = 0; id < total; id++) clock = Math.max(clock, putEnd[id], getEnd[id]);
    const entering = new Int32Array(clock + 1).fill(-1);
    const leaving = new Int32Array(clock + 1).fill(-1);
    for (let id = 0; id < total; id++) {
      if (putEnd[id] < getStart[id]) entering[putEnd[id]] = id;
      leaving[getStart[id]] = id;
    }
    const active = new Set<number>();
    const wrong = (a: number, b: number): boolean => {
      switch (kind) {
        case 'Queue':
          return putEnd[b] < putStart[a];
        case 'LifoQueue':
          return putStart[b] > putEnd[a];
        default:
          return priority[b] < priority[a] || (priority[b] === priority[a] && putEnd[b] < putStart[a]);
      }
    };
    for (let t = 0; t <= clock; t++) {
      if (entering[t] >= 0) active.add(entering[t]);
      const a = leaving[t];
      if (a < 0) continue;
      active.delete(a);
      for (const b of active) {
        if (getStart[b] <= getEnd[a]) continue;
        comparisons++;
        if (wrong(a, b) && order.length < SHOW) {
          order.push(
            `took ${label(a)} (priority ${priority[a]}, put ${putStart[a]}..${putEnd[a]}, got ${getStart[a]}..${getEnd[a]}) ` +
              `while ${label(b)} (priority ${priority[b]}, put ${putStart[b]}..${putEnd[b]}) was certainly queued`,
          );
        }
      }
    }
  }
  return { total, got, missing, doubled, fifo, order, comparisons };
}
