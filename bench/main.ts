/**
 * `npm run bench`: janus-queue against postMessage, in one process.
 *
 * Every scenario runs once to warm up, then `--rounds` times; within a round
 * janus-queue and its postMessage baseline run back to back (their order
 * alternates between rounds), so both see the same machine load. The table
 * gives medians with min..max over the rounds, and the median of the
 * per-round ratios.
 *
 * Options:
 *   --rounds N     timed rounds per scenario (default 5)
 *   --scale X      multiply the items per round (default 1)
 *   --only RE      run the scenarios whose id matches RE
 *   --json         print the results as JSON instead of the table
 *   --soak [N]     also move N items (default 10 M) through a bounded queue,
 *                  sampling RSS and the shared store size
 *   --batch        also run the putMany/getMany scenarios
 *   --costs        also measure where the time of one item goes (codec,
 *                  locking, await, cache traffic, wake-ups)
 *   --ceiling      also time two bare rings of ints (bench/rings.ts), the
 *                  bound for any shared-memory queue on this machine
 *   --no-default   skip the default scenarios (with --soak, --costs or --batch)
 */
import { cpus, loadavg } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { Queue, ShutDown } from '../lib/index.js';
import { KIND_LABELS, KINDS, makeItem, ROUND_ITEMS, type Kind } from './items.js';
import { median, quantile, summarize, type Summary } from './stats.js';
import { measureCosts, type CostRow } from './costs.js';
import { BenchWorker } from './pool.js';
import { ringBuffer, ringConsume, type RingKind } from './rings.js';

// ------------------------------------------------------------------ options

interface Options {
  rounds: number;
  scale: number;
  only: RegExp | undefined;
  json: boolean;
  soak: number;
  batch: boolean;
  costs: boolean;
  ceiling: boolean;
  defaults: boolean;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { rounds: 5, scale: 1, only: undefined, json: false, soak: 0, batch: false, costs: false, ceiling: false, defaults: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = (): string => {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      return value;
    };
    if (arg === '--rounds') options.rounds = Math.max(1, parseInt(next(), 10));
    else if (arg === '--scale') options.scale = Number(next());
    else if (arg === '--only') options.only = new RegExp(next());
    else if (arg === '--json') options.json = true;
    else if (arg === '--batch') options.batch = true;
    else if (arg === '--costs') options.costs = true;
    else if (arg === '--ceiling') options.ceiling = true;
    else if (arg === '--no-default') options.defaults = false;
    else if (arg === '--soak') {
      const value = argv[i + 1];
      options.soak = value !== undefined && /^[\d_e.]+$/.test(value) ? Number(argv[++i].replaceAll('_', '')) : 10_000_000;
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(
        'usage: npm run bench -- [--rounds N] [--scale X] [--only REGEXP] [--json] [--soak [ITEMS]] [--batch] [--costs] [--ceiling] [--no-default]\n',
      );
      process.exit(0);
    } else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

// ------------------------------------------------------------------ workers

const now = (): number => performance.now();

/** Resolves once `count` messages came through `worker.sink`. */
function receive(worker: BenchWorker, count: number, onMessage?: (message: unknown) => void): Promise<void> {
  return new Promise((resolve) => {
    let got = 0;
    worker.sink = (message) => {
      onMessage?.(message);
      if (++got === count) {
        worker.sink = null;
        resolve();
      }
    };
  });
}

// ---------------------------------------------------------------- scenarios

/** One timed run: how many items moved in how many milliseconds, or round-trip latencies. */
type Runner = (n: number) => Promise<number>;
type LatencyRunner = (n: number) => Promise<number[]>;

interface ThroughputScenario {
  type: 'throughput';
  /** Extra scenarios (`--batch`, `--ceiling`) run even with `--no-default`. */
  extra?: boolean;
  /** The bare rings of `--ceiling`: their table column is not janus-queue. */
  reference?: boolean;
  id: string;
  label: string;
  kind: Kind;
  items: number;
  janus: Runner;
  baseline: Runner;
  baselineLabel: string;
}

interface LatencyScenario {
  type: 'latency';
  id: string;
  label: string;
  items: number;
  janus: LatencyRunner;
  baseline: LatencyRunner;
  baselineLabel: string;
}

type Scenario = ThroughputScenario | LatencyScenario;

function scenarios(pool: BenchWorker[], options: Options): Scenario[] {
  const [w0, w1, w2, w3, w4, w5] = pool;
  const list: Scenario[] = [];
  const count = (kind: Kind): number => Math.max(1000, Math.round(ROUND_ITEMS[kind] * options.scale));

  for (const kind of KINDS) {
    for (const maxsize of [0, 1024]) {
      list.push({
        type: 'throughput',
        id: `w2m-${maxsize}-${kind}`,
        label: `worker syncQ.put → main asyncQ.get, maxsize ${maxsize}`,
        kind,
        items: count(kind),
        janus: (n) => workerToMain(w0, kind, n, maxsize),
        baseline: (n) => postWorkerToMain(w0, kind, n),
        baselineLabel: 'postMessage worker → main',
      });
    }
  }
  for (const kind of KINDS) {
    list.push({
      type: 'throughput',
      id: `m2w-1024-${kind}`,
      label: 'main asyncQ.put → worker syncQ.get, maxsize 1024',
      kind,
      items: count(kind),
      janus: (n) => mainToWorker(w0, kind, n, 1024),
      baseline: (n) => postMainToWorker(w0, kind, n),
      baselineLabel: 'postMessage main → worker',
    });
  }
  if (options.batch) {
    for (const kind of KINDS) {
      list.push({
        type: 'throughput',
        extra: true,
        id: `w2m-batch-1024-${kind}`,
        label: 'worker putMany(64) → main getMany(64), maxsize 1024',
        kind,
        items: count(kind),
        janus: (n) => workerToMain(w0, kind, n, 1024, 64),
        baseline: (n) => postWorkerToMain(w0, kind, n),
        baselineLabel: 'postMessage worker → main',
      });
    }
  }
  if (options.ceiling) {
    const labels: Record<RingKind, string> = {
      spsc: 'bare ring, 1 producer 1 consumer, no lock, → main await',
      mpmc: 'bare ring, lock-free for many threads, → main await',
      locked: 'bare ring, spin lock, worker → main await',
    };
    for (const ring of ['spsc', 'mpmc', 'locked'] as const) {
      list.push({
        type: 'throughput',
        extra: true,
        reference: true,
        id: `ceiling-${ring}-int`,
        label: labels[ring],
        kind: 'int',
        items: count('int'),
        janus: (n) => ringToMain(w0, ring, n),
        baseline: (n) => postWorkerToMain(w0, 'int', n),
        baselineLabel: 'postMessage worker → main',
      });
    }
  }
  for (const kind of KINDS) {
    list.push({
      type: 'throughput',
      id: `mpmc-64-${kind}`,
      label: '4 producer workers → 2 consumer workers + main, maxsize 64',
      kind,
      items: count(kind),
      janus: (n) => manyToMany([w0, w1, w2, w3], [w4, w5], kind, n, 64),
      baseline: (n) => postManyToMany([w0, w1, w2, w3], [w4, w5], kind, n),
      baselineLabel: 'postMessage, round-robin over ports',
    });
  }
  list.push({
    type: 'latency',
    id: 'pingpong',
    label: 'ping-pong round trip, worker syncQ ↔ main asyncQ (int)',
    items: Math.max(200, Math.round(3000 * options.scale)),
    janus: (n) => pingPong(w0, n),
    baseline: (n) => postPingPong(w0, n),
    baselineLabel: 'postMessage ping-pong',
  });
  return list.filter(
    (scenario) =>
      (options.only === undefined || options.only.test(scenario.id)) && (options.defaults || scenario.type === 'throughput' && scenario.extra === true),
  );
}

/** Worker `syncQ.put` (or `putMany`) → main `await asyncQ.get()` (or `getMany`). */
async function workerToMain(worker: BenchWorker, kind: Kind, n: number, maxsize: number, batch = 0): Promise<number> {
  const queue = new Queue<unknown>(maxsize);
  const start = now();
  const done = worker.run({ op: 'put', handle: queue.handle, kind, n, batch });
  const asyncQ = queue.asyncQ;
  let last: unknown;
  if (batch > 0) {
    for (let got = 0; got < n; ) {
      const items = await asyncQ.getMany(batch);
      got += items.length;
      last = items[items.length - 1];
    }
  } else {
    for (let i = 0; i < n; i++) last = await asyncQ.get();
  }
  const elapsed = now() - start;
  await done;
  check(kind, last, n - 1);
  return elapsed;
}

/** A worker fills a bare ring (bench/rings.ts) → main awaits each int. */
async function ringToMain(worker: BenchWorker, ring: RingKind, n: number): Promise<number> {
  const buffer = ringBuffer(ring);
  const start = now();
  const done = worker.run({ op: 'ring', buffer, kind: ring, n });
  const last = await ringConsume(buffer, ring, n);
  const elapsed = now() - start;
  await done;
  check('int', last, n - 1);
  return elapsed;
}

/** Worker `postMessage` → main `'message'` events, one item per message. */
async function postWorkerToMain(worker: BenchWorker, kind: Kind, n: number): Promise<number> {
  let last: unknown;
  const received = receive(worker, n, (message) => (last = message));
  const start = now();
  const done = worker.run({ op: 'post', kind, n });
  await received;
  const elapsed = now() - start;
  await done;
  check(kind, last, n - 1);
  return elapsed;
}

/** Main `await asyncQ.put()` → worker `syncQ.get()`. */
async function mainToWorker(worker: BenchWorker, kind: Kind, n: number, maxsize: number): Promise<number> {
  const queue = new Queue<unknown>(maxsize);
  const start = now();
  const done = worker.run({ op: 'get', handle: queue.handle, n });
  const asyncQ = queue.asyncQ;
  for (let i = 0; i < n; i++) await asyncQ.put(makeItem(kind, i));
  const last = await done;
  const elapsed = now() - start;
  check(kind, last, n - 1);
  return elapsed;
}

/** Main `postMessage` → worker `'message'` events. */
async function postMainToWorker(worker: BenchWorker, kind: Kind, n: number): Promise<number> {
  const start = now();
  const done = worker.run({ op: 'recv', n });
  for (let i = 0; i < n; i++) worker.post(makeItem(kind, i));
  await done;
  return now() - start;
}

/** 4 producers (`syncQ.put`) → 2 worker consumers (`syncQ.get`) + main (`asyncQ.get`), until shutdown. */
async function manyToMany(producers: BenchWorker[], consumers: BenchWorker[], kind: Kind, n: number, maxsize: number): Promise<number> {
  const queue = new Queue<unknown>(maxsize);
  const each = Math.ceil(n / producers.length);
  const start = now();
  const drained = consumers.map((consumer) => consumer.run({ op: 'drain', handle: queue.handle }));
  const produced = producers.map((producer) => producer.run({ op: 'put', handle: queue.handle, kind, n: each }));
  void Promise.all(produced).then(() => queue.shutdown());
  let mine = 0;
  const asyncQ = queue.asyncQ;
  try {
    for (;;) {
      await asyncQ.get();
      mine++;
    }
  } catch (error) {
    if (!(error instanceof ShutDown)) throw error;
  }
  const counts = (await Promise.all(drained)) as number[];
  const elapsed = now() - start;
  const total = mine + counts.reduce((a, b) => a + b, 0);
  if (total !== each * producers.length) throw new Error(`many-to-many moved ${total} items, expected ${each * producers.length}`);
  return elapsed;
}

/** The postMessage equivalent: each producer posts round-robin to the 3 consumers over MessagePorts. */
async function postManyToMany(producers: BenchWorker[], consumers: BenchWorker[], kind: Kind, n: number): Promise<number> {
  const each = Math.ceil(n / producers.length);
  const sinks = consumers.length + 1;
  // channels[p][c]: producer p → consumer c (the last consumer is main).
  const channels = producers.map(() => Array.from({ length: sinks }, () => new MessageChannel()));
  const share = (c: number): number => Math.floor((each - c + sinks - 1) / sinks);
  const start = now();
  const received = consumers.map((consumer, c) => {
    const ports = channels.map((row) => row[c].port2);
    return consumer.run({ op: 'recv', n: share(c) * producers.length, ports }, ports);
  });
  const mainPorts = channels.map((row) => row[sinks - 1].port2);
  const mainReceived = new Promise<void>((resolve) => {
    const expected = share(sinks - 1) * producers.length;
    let got = 0;
    const onItem = (): void => {
      if (++got < expected) return;
      for (const p of mainPorts) p.close();
      resolve();
    };
    for (const p of mainPorts) p.on('message', onItem);
  });
  const produced = producers.map((producer, p) => {
    const ports = channels[p].map((channel) => channel.port1);
    return producer.run({ op: 'post', kind, n: each, ports }, ports);
  });
  await Promise.all([...received, mainReceived]);
  const elapsed = now() - start;
  await Promise.all(produced);
  return elapsed;
}

/** Round trips: main `asyncQ.put` on one queue, worker echoes with `syncQ`, main `asyncQ.get` on another. */
async function pingPong(worker: BenchWorker, n: number): Promise<number[]> {
  const req = new Queue<number>();
  const resp = new Queue<number>();
  const done = worker.run({ op: 'echo', req: req.handle, resp: resp.handle, n });
  const latencies: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = now();
    await req.asyncQ.put(i);
    const back = await resp.asyncQ.get();
    latencies.push(now() - start);
    if (back !== i) throw new Error(`ping-pong: sent ${i}, got ${back}`);
  }
  await done;
  return latencies;
}

/** Round trips over postMessage. */
async function postPingPong(worker: BenchWorker, n: number): Promise<number[]> {
  const done = worker.run({ op: 'echoPost', n });
  const latencies: number[] = [];
  let wake: (message: unknown) => void = () => {};
  worker.sink = (message) => wake(message);
  for (let i = 0; i < n; i++) {
    const start = now();
    const back = new Promise((resolve) => (wake = resolve));
    worker.post(i);
    if ((await back) !== i) throw new Error(`postMessage ping-pong: sent ${i}, got something else`);
    latencies.push(now() - start);
  }
  worker.sink = null;
  await done;
  return latencies;
}

/** Checks that the last item that arrived is the one expected. */
function check(kind: Kind, last: unknown, index: number): void {
  const expected = makeItem(kind, index);
  const same = kind === 'object' ? (last as { id: number })?.id === index : last === expected;
  if (!same) throw new Error(`the last ${kind} item is ${JSON.stringify(last)?.slice(0, 60)}, expected item #${index}`);
}

// -------------------------------------------------------------------- runs

interface ThroughputResult {
  type: 'throughput';
  /** A bare ring of `--ceiling`, not janus-queue. */
  reference: boolean;
  id: string;
  label: string;
  kind: Kind;
  items: number;
  baselineLabel: string;
  /** Items per second in each round. */
  janus: number[];
  baseline: number[];
  /** janus / baseline, per round. */
  ratios: number[];
}

interface LatencyResult {
  type: 'latency';
  id: string;
  label: string;
  items: number;
  baselineLabel: string;
  /** Per round, in microseconds. */
  janus: { p50: number[]; p99: number[] };
  baseline: { p50: number[]; p99: number[] };
  /** janus p50 / baseline p50, per round. */
  ratios: number[];
}

type Result = ThroughputResult | LatencyResult;

async function runScenario(scenario: Scenario, options: Options, log: (line: string) => void): Promise<Result> {
  if (scenario.type === 'throughput') {
    const { items } = scenario;
    const warm = Math.max(1000, items >> 2);
    await scenario.janus(warm);
    await scenario.baseline(warm);
    const janus: number[] = [];
    const baseline: number[] = [];
    const ratios: number[] = [];
    for (let round = 0; round < options.rounds; round++) {
      let a: number;
      let b: number;
      if (round % 2 === 0) {
        a = items / ((await scenario.janus(items)) / 1000);
        b = items / ((await scenario.baseline(items)) / 1000);
      } else {
        b = items / ((await scenario.baseline(items)) / 1000);
        a = items / ((await scenario.janus(items)) / 1000);
      }
      janus.push(a);
      baseline.push(b);
      ratios.push(a / b);
    }
    log(`  ${scenario.id}: ${fmtRate(median(janus))} vs ${fmtRate(median(baseline))} M/s`);
    const { type, id, label, kind, baselineLabel } = scenario;
    return { type, reference: scenario.reference === true, id, label, kind, items, baselineLabel, janus, baseline, ratios };
  }
  const { items } = scenario;
  await scenario.janus(Math.max(100, items >> 2));
  await scenario.baseline(Math.max(100, items >> 2));
  const janus = { p50: [] as number[], p99: [] as number[] };
  const baseline = { p50: [] as number[], p99: [] as number[] };
  const ratios: number[] = [];
  const record = (into: { p50: number[]; p99: number[] }, latencies: number[]): void => {
    into.p50.push(quantile(latencies, 0.5) * 1000);
    into.p99.push(quantile(latencies, 0.99) * 1000);
  };
  for (let round = 0; round < options.rounds; round++) {
    if (round % 2 === 0) {
      record(janus, await scenario.janus(items));
      record(baseline, await scenario.baseline(items));
    } else {
      record(baseline, await scenario.baseline(items));
      record(janus, await scenario.janus(items));
    }
    ratios.push(janus.p50[round] / baseline.p50[round]);
  }
  log(`  ${scenario.id}: p50 ${median(janus.p50).toFixed(1)} vs ${median(baseline.p50).toFixed(1)} µs`);
  const { type, id, label, baselineLabel } = scenario;
  return { type, id, label, items, baselineLabel, janus, baseline, ratios };
}

// -------------------------------------------------------------------- soak

interface SoakSample {
  items: number;
  seconds: number;
  rssMB: number;
  heapMB: number;
  storeMB: number;
}

interface SoakResult {
  items: number;
  kind: Kind;
  maxsize: number;
  rate: number;
  samples: SoakSample[];
  /** Spread (max - min) after the first sample, in MB. */
  rssSpreadMB: number;
  storeSpreadMB: number;
}

/** Moves `total` small objects worker → main through a queue of maxsize 1024, sampling memory. */
async function soak(worker: BenchWorker, total: number, log: (line: string) => void): Promise<SoakResult> {
  const kind: Kind = 'object';
  const maxsize = 1024;
  const queue = new Queue<unknown>(maxsize);
  const store = (queue as unknown as { arena: { region: { size: number } } }).arena.region;
  const every = Math.max(1, Math.floor(total / 40));
  const samples: SoakSample[] = [];
  const sample = (items: number, start: number): void => {
    const memory = process.memoryUsage();
    const mb = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;
    samples.push({ items, seconds: (now() - start) / 1000, rssMB: mb(memory.rss), heapMB: mb(memory.heapUsed), storeMB: mb(store.size) });
  };
  const start = now();
  sample(0, start);
  const done = worker.run({ op: 'put', handle: queue.handle, kind, n: total });
  const asyncQ = queue.asyncQ;
  let last: unknown;
  for (let i = 1; i <= total; i++) {
    last = await asyncQ.get();
    if (i % every === 0) sample(i, start);
  }
  const elapsed = now() - start;
  await done;
  check(kind, last, total - 1);
  const steady = samples.slice(1);
  const spread = (pick: (s: SoakSample) => number): number =>
    Math.round((Math.max(...steady.map(pick)) - Math.min(...steady.map(pick))) * 10) / 10;
  const result: SoakResult = {
    items: total,
    kind,
    maxsize,
    rate: total / (elapsed / 1000),
    samples,
    rssSpreadMB: spread((s) => s.rssMB),
    storeSpreadMB: spread((s) => s.storeMB),
  };
  log(`  soak: ${fmtRate(result.rate)} M/s, RSS spread ${result.rssSpreadMB} MB, store spread ${result.storeSpreadMB} MB`);
  return result;
}

// ------------------------------------------------------------------ report

function fmtRate(perSecond: number): string {
  return (perSecond / 1e6).toFixed(2);
}

function fmtSummary(summary: Summary, format: (value: number) => string): string {
  return `${format(summary.median)} (${format(summary.min)}..${format(summary.max)})`;
}

function pad(text: string, width: number, right = false): string {
  const length = [...text].length;
  return right ? ' '.repeat(Math.max(0, width - length)) + text : text + ' '.repeat(Math.max(0, width - length));
}

interface Target {
  name: string;
  met: boolean | null;
  detail: string;
}

function targets(results: Result[], soakResult: SoakResult | undefined): Target[] {
  const byId = new Map(results.map((result) => [result.id, result]));
  const list: Target[] = [];
  const throughput = (id: string): ThroughputResult | undefined => {
    const result = byId.get(id);
    return result?.type === 'throughput' ? result : undefined;
  };
  const rateTarget = (id: string, name: string, rate: number, ratio: number): void => {
    const result = throughput(id);
    if (result === undefined) {
      list.push({ name, met: null, detail: 'not run' });
      return;
    }
    const r = median(result.janus);
    const q = median(result.ratios);
    list.push({
      name,
      met: r >= rate && q >= ratio,
      detail: `${fmtRate(r)} M/s (need ${fmtRate(rate)}), ${q.toFixed(2)}× postMessage (need ${ratio}×)`,
    });
  };
  rateTarget('w2m-1024-object', 'worker → main, small objects: ≥ 2.5 M/s and ≥ 2× postMessage', 2.5e6, 2);
  rateTarget('w2m-1024-int', 'worker → main, ints: ≥ 6 M/s and ≥ 4× postMessage', 6e6, 4);
  for (const kind of ['object', 'int'] as const) {
    const forward = throughput(`w2m-1024-${kind}`);
    const backward = throughput(`m2w-1024-${kind}`);
    const name = `main → worker within 20% of worker → main (${KIND_LABELS[kind]})`;
    if (forward === undefined || backward === undefined) list.push({ name, met: null, detail: 'not run' });
    else {
      const q = median(backward.janus) / median(forward.janus);
      list.push({ name, met: q >= 0.8, detail: `${fmtRate(median(backward.janus))} vs ${fmtRate(median(forward.janus))} M/s (${(q * 100).toFixed(0)}%)` });
    }
  }
  const ping = byId.get('pingpong');
  if (ping?.type === 'latency') {
    const q = median(ping.ratios);
    list.push({
      name: 'ping-pong p50 ≤ half of postMessage',
      met: q <= 0.5,
      detail: `${median(ping.janus.p50).toFixed(1)} vs ${median(ping.baseline.p50).toFixed(1)} µs (${q.toFixed(2)}×)`,
    });
  } else list.push({ name: 'ping-pong p50 ≤ half of postMessage', met: null, detail: 'not run' });
  const soakName = 'RSS and store flat (± 50 MB) across 10 M items';
  if (soakResult === undefined) list.push({ name: soakName, met: null, detail: 'run with --soak' });
  else
    list.push({
      name: soakName,
      met: soakResult.rssSpreadMB <= 100 && soakResult.storeSpreadMB <= 100 && soakResult.items >= 10_000_000,
      detail: `${(soakResult.items / 1e6).toFixed(1)} M items: RSS ${Math.min(...soakResult.samples.map((s) => s.rssMB))}..${Math.max(...soakResult.samples.map((s) => s.rssMB))} MB, store ${Math.min(...soakResult.samples.map((s) => s.storeMB))}..${Math.max(...soakResult.samples.map((s) => s.storeMB))} MB`,
    });
  return list;
}

function table(results: Result[], soakResult: SoakResult | undefined, meta: Meta): string {
  const lines: string[] = [];
  lines.push(
    `janus-queue bench: node ${meta.node}, ${meta.cpus} × ${meta.cpu}; load ${meta.loadBefore.join(' ')} before, ${meta.loadAfter.join(' ')} after; ` +
      `${meta.rounds} rounds after a warm-up; ${meta.seconds.toFixed(0)} s`,
  );
  const throughput = results.filter((r): r is ThroughputResult => r.type === 'throughput');
  throughputTable(lines, 'Throughput, M items/s: median (min..max); ratio = median of per-round janus / baseline', 'janus-queue', throughput.filter((r) => !r.reference));
  throughputTable(
    lines,
    'Ceiling (--ceiling): bare rings of ints, not janus-queue (bench/rings.ts), M items/s; ratio = ring / baseline',
    'bare ring',
    throughput.filter((r) => r.reference),
  );
  for (const r of results) {
    if (r.type !== 'latency') continue;
    lines.push('');
    lines.push(`${r.label}, ${r.items} round trips per round; µs: median over rounds (min..max)`);
    const us = (value: number): string => value.toFixed(1);
    lines.push(`  janus-queue  p50 ${fmtSummary(summarize(r.janus.p50), us)}   p99 ${fmtSummary(summarize(r.janus.p99), us)}`);
    lines.push(`  postMessage  p50 ${fmtSummary(summarize(r.baseline.p50), us)}   p99 ${fmtSummary(summarize(r.baseline.p99), us)}`);
    lines.push(`  p50 ratio    ${median(r.ratios).toFixed(2)}× (janus / postMessage, per round)`);
  }
  if (soakResult !== undefined) {
    lines.push('');
    lines.push(
      `Soak: ${(soakResult.items / 1e6).toFixed(1)} M small objects, worker syncQ.put → main asyncQ.get, maxsize ${soakResult.maxsize}: ` +
        `${fmtRate(soakResult.rate)} M/s; RSS spread ${soakResult.rssSpreadMB} MB, store spread ${soakResult.storeSpreadMB} MB (after the first sample)`,
    );
    const picks = soakResult.samples.filter((_, i, all) => i % Math.ceil(all.length / 10) === 0 || i === all.length - 1);
    lines.push('  items (M)   seconds   RSS MB   heap MB   store MB');
    for (const s of picks) {
      lines.push(
        `  ${pad((s.items / 1e6).toFixed(2), 9, true)}   ${pad(s.seconds.toFixed(1), 7, true)}   ${pad(s.rssMB.toFixed(1), 6, true)}   ${pad(s.heapMB.toFixed(1), 7, true)}   ${pad(s.storeMB.toFixed(2), 8, true)}`,
      );
    }
  }
  lines.push('');
  lines.push('Targets (issue 3):');
  for (const t of targets(results, soakResult)) {
    const mark = t.met === null ? '  -  ' : t.met ? ' MET ' : 'MISS ';
    lines.push(`  [${mark}] ${t.name}: ${t.detail}`);
  }
  return lines.join('\n');
}

/** Appends a table of throughput rows under `title` (nothing if there are none). */
function throughputTable(lines: string[], title: string, subject: string, rows: ThroughputResult[]): void {
  if (rows.length === 0) return;
  lines.push('');
  lines.push(title);
  lines.push([pad('scenario', 58), pad('item', 13), pad(subject, 20), pad('baseline', 20), pad('ratio', 7, true), '  baseline'].join(' '));
  lines.push('-'.repeat(150));
  for (const r of rows) {
    lines.push(
      [
        pad(r.label, 58),
        pad(KIND_LABELS[r.kind], 13),
        pad(fmtSummary(summarize(r.janus), fmtRate), 20),
        pad(fmtSummary(summarize(r.baseline), fmtRate), 20),
        pad(`${median(r.ratios).toFixed(2)}×`, 7, true),
        ` ${r.baselineLabel}`,
      ].join(' '),
    );
  }
}

function costsTable(rows: CostRow[]): string {
  const lines = ['Where the time goes: ns per call (µs where marked), median of several runs'];
  lines.push([pad('', 66), pad('int', 9, true), pad('object', 9, true), pad('1 KiB str', 10, true)].join(' '));
  for (const row of rows) {
    const value = (v: number): string => (row.unit === 'µs' ? `${v.toFixed(1)} µs` : v.toFixed(0));
    if (row.unit === 'µs') lines.push(`${pad(row.name, 66)} ${pad(value(row.int), 9, true)}`);
    else lines.push([pad(row.name, 66), pad(value(row.int), 9, true), pad(value(row.object), 9, true), pad(value(row.string), 10, true)].join(' '));
  }
  return lines.join('\n');
}

interface Meta {
  node: string;
  cpus: number;
  cpu: string;
  loadBefore: number[];
  loadAfter: number[];
  rounds: number;
  scale: number;
  seconds: number;
  date: string;
}

// -------------------------------------------------------------------- main

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const load = (): number[] => loadavg().map((value) => Math.round(value * 100) / 100);
  const meta: Meta = {
    node: process.version,
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    loadBefore: load(),
    loadAfter: [],
    rounds: options.rounds,
    scale: options.scale,
    seconds: 0,
    date: new Date().toISOString(),
  };
  const started = now();
  const pool = Array.from({ length: 6 }, () => new BenchWorker());
  const results: Result[] = [];
  let soakResult: SoakResult | undefined;
  let costs: CostRow[] | undefined;
  try {
    for (const scenario of scenarios(pool, options)) results.push(await runScenario(scenario, options, log));
    if (options.costs) {
      log('  costs...');
      costs = await measureCosts(pool[0]);
    }
    if (options.soak > 0) soakResult = await soak(pool[0], options.soak, log);
  } finally {
    await Promise.all(pool.map((worker) => worker.exit()));
  }
  meta.loadAfter = load();
  meta.seconds = (now() - started) / 1000;
  if (options.json) {
    const output = { meta, results, soak: soakResult, costs, targets: targets(results, soakResult) };
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  } else {
    process.stdout.write(`${table(results, soakResult, meta)}\n`);
    if (costs !== undefined) process.stdout.write(`\n${costsTable(costs)}\n`);
  }
}

await main();
