/**
 * What the bench measures: every scenario, its id (for `--only`), its
 * janus-queue side and the baseline it is compared with.
 */
import type { BenchWorker } from './bench-worker.js';
import type { Options } from './command-line.js';
import { KINDS, ROUND_ITEMS, type Kind } from './items.js';
import type { RingKind } from './rings.js';
import { recordsToMain, ringManyToMany, ringToMain } from './runners/ceiling.js';
import { manyToMany, postManyToMany } from './runners/many-to-many.js';
import { mainToWorker, postMainToWorker, postWorkerToMain, workerToMain } from './runners/one-to-one.js';
import { pingPong, postPingPong } from './runners/ping-pong.js';
import { janusSyncCall, synckitSyncCall } from './runners/sync-call.js';
import { janusPool, PiscinaPool } from './runners/worker-pool.js';

/** The table a throughput scenario is printed in. */
export type Section = 'queue' | 'pool' | 'ceiling';

/** Items (or tasks) per second: each side returns the milliseconds its `n` items took. */
export interface ThroughputScenario {
  type: 'throughput';
  section: Section;
  /** Runs only when its option asks for it (`--batch`, `--ceiling`), with or without `--no-default`. */
  extra: boolean;
  id: string;
  label: string;
  kind: Kind;
  /** Items per timed round. */
  items: number;
  janus: (n: number) => Promise<number>;
  baseline: (n: number) => Promise<number>;
  /** The baseline's name, then what it does. */
  baselineName: string;
  baselineLabel: string;
  /** Ends what the scenario started (a piscina pool). */
  close?: () => Promise<void>;
}

/** Time per round trip or call: each side returns the milliseconds of each of its `n` calls. */
export interface LatencyScenario {
  type: 'latency';
  id: string;
  label: string;
  /** Calls per timed round. */
  items: number;
  janus: (n: number) => Promise<number[]>;
  baseline: (n: number) => Promise<number[]>;
  baselineName: string;
  baselineLabel: string;
}

/** One comparison of the bench. */
export type Scenario = ThroughputScenario | LatencyScenario;

/** What a hand-off scenario gives; the rest defaults (table `queue`, a default scenario, postMessage worker → main). */
type HandOffFields = Pick<ThroughputScenario, 'id' | 'label' | 'janus' | 'baseline'> &
  Partial<Pick<ThroughputScenario, 'section' | 'extra' | 'baselineLabel'>>;

/** Tasks per round of the worker pools, and how many the event loop keeps in flight. */
const POOL_TASKS = 100_000;
const POOL_IN_FLIGHT = 1024;

/** What each bare ring of `--ceiling` is. */
const RING_LABELS: Record<RingKind, string> = {
  spsc: 'bare ring, 1 producer 1 consumer, no lock, → main await',
  mpmc: 'bare ring, lock-free for many threads, → main await',
  locked: 'bare ring, spin lock, worker → main await',
};

/** What each bare ring of `--ceiling` is in the many-to-many shape. */
const MANY_RING_LABELS: Record<'mpmc' | 'locked', string> = {
  mpmc: 'bare ring, lock-free, 4 producers → 2 consumers + main',
  locked: 'bare ring, spin lock, 4 producers → 2 consumers + main',
};

/** The scenarios `options` ask for, run on the bench's six long-lived `workers`, in the order they run. */
export function scenarios(workers: BenchWorker[], options: Options): Scenario[] {
  const [w0, w1, w2, w3, w4, w5] = workers;
  const list: Scenario[] = [];
  const scaled = (items: number, least: number): number => Math.max(least, Math.round(items * options.scale));
  const count = (kind: Kind): number => scaled(ROUND_ITEMS[kind], 1000);
  /** A scenario that moves items of `kind` and compares with postMessage. */
  const handOff = (kind: Kind, fields: HandOffFields): ThroughputScenario => ({
    type: 'throughput',
    section: 'queue',
    extra: false,
    kind,
    items: count(kind),
    baselineName: 'postMessage',
    baselineLabel: 'postMessage worker → main',
    ...fields,
  });

  for (const kind of KINDS) {
    for (const maxsize of [0, 1024]) {
      list.push(
        handOff(kind, {
          id: `w2m-${maxsize}-${kind}`,
          label: `worker syncQ.put → main asyncQ.get, maxsize ${maxsize}`,
          janus: (n) => workerToMain(w0, kind, n, maxsize),
          baseline: (n) => postWorkerToMain(w0, kind, n),
        }),
      );
    }
  }
  for (const kind of KINDS) {
    list.push(
      handOff(kind, {
        id: `m2w-1024-${kind}`,
        label: 'main asyncQ.put → worker syncQ.get, maxsize 1024',
        janus: (n) => mainToWorker(w0, kind, n, 1024),
        baseline: (n) => postMainToWorker(w0, kind, n),
        baselineLabel: 'postMessage main → worker',
      }),
    );
  }
  if (options.batch) {
    for (const kind of KINDS) {
      list.push(
        handOff(kind, {
          extra: true,
          id: `w2m-batch-1024-${kind}`,
          label: 'worker putMany(64) → main getMany(64), maxsize 1024',
          janus: (n) => workerToMain(w0, kind, n, 1024, 64),
          baseline: (n) => postWorkerToMain(w0, kind, n),
        }),
      );
    }
  }
  for (const kind of KINDS) {
    list.push(
      handOff(kind, {
        id: `mpmc-64-${kind}`,
        label: '4 producer workers → 2 consumer workers + main, maxsize 64',
        janus: (n) => manyToMany([w0, w1, w2, w3], [w4, w5], kind, n, 64),
        baseline: (n) => postManyToMany([w0, w1, w2, w3], [w4, w5], kind, n),
        baselineLabel: 'postMessage, round-robin over ports',
      }),
    );
  }
  if (options.ceiling) {
    for (const ring of ['spsc', 'mpmc', 'locked'] as const) {
      list.push(
        handOff('int', {
          section: 'ceiling',
          extra: true,
          id: `ceiling-${ring}-int`,
          label: RING_LABELS[ring],
          janus: (n) => ringToMain(w0, ring, n),
          baseline: (n) => postWorkerToMain(w0, 'int', n),
        }),
      );
    }
    // Items of each kind as the queue moves them: encoded, copied in and out under one lock, decoded.
    for (const kind of KINDS) {
      list.push(
        handOff(kind, {
          section: 'ceiling',
          extra: true,
          id: `ceiling-records-${kind}`,
          label: 'ring of encoded records, spin lock, worker → main await',
          janus: (n) => recordsToMain(w0, kind, n),
          baseline: (n) => postWorkerToMain(w0, kind, n),
        }),
      );
    }
    // The many-to-many shape, where every thread takes the one lock (or claims slots without one).
    for (const ring of ['mpmc', 'locked'] as const) {
      list.push(
        handOff('int', {
          section: 'ceiling',
          extra: true,
          id: `ceiling-${ring}-many-int`,
          label: MANY_RING_LABELS[ring],
          janus: (n) => ringManyToMany([w0, w1, w2, w3], [w4, w5], ring, n),
          baseline: (n) => postManyToMany([w0, w1, w2, w3], [w4, w5], 'int', n),
          baselineLabel: 'postMessage, round-robin over ports',
        }),
      );
    }
  }
  for (const threads of [2, 4]) {
    const piscina = new PiscinaPool(threads);
    list.push({
      type: 'throughput',
      section: 'pool',
      extra: false,
      id: `pool-${threads}`,
      label: `pool of ${threads} workers, tasks x => 2x+1 from main, ${POOL_IN_FLIGHT} in flight`,
      kind: 'int',
      items: scaled(POOL_TASKS, 1000),
      janus: (n) => janusPool(workers.slice(0, threads), n, POOL_IN_FLIGHT),
      baseline: (n) => piscina.run(n, POOL_IN_FLIGHT),
      baselineName: 'piscina',
      baselineLabel: `piscina, ${threads} threads, pool.run`,
      close: () => piscina.close(),
    });
  }
  list.push({
    type: 'latency',
    id: 'pingpong',
    label: 'ping-pong round trip, worker syncQ ↔ main asyncQ (int)',
    items: scaled(3000, 200),
    janus: (n) => pingPong(w0, n),
    baseline: (n) => postPingPong(w0, n),
    baselineName: 'postMessage',
    baselineLabel: 'postMessage ping-pong',
  });
  list.push({
    type: 'latency',
    id: 'synccall',
    label: 'synchronous call into async code in a worker: main syncQ.put + syncQ.get, worker for await + asyncQ.put',
    items: scaled(3000, 200),
    janus: (n) => janusSyncCall(w0, n),
    baseline: (n) => synckitSyncCall(n),
    baselineName: 'synckit',
    baselineLabel: 'synckit createSyncFn',
  });
  return list.filter(
    (scenario) =>
      (options.only === undefined || options.only.test(scenario.id)) &&
      (options.defaults || (scenario.type === 'throughput' && scenario.extra)),
  );
}
