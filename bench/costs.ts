/**
 * `npm run bench -- --costs`: where the time of one item goes. Measures the
 * pieces on their own (one thread, no contention), then the same calls with
 * the other thread busy on the same queue, and what waking a thread costs
 * (for `Atomics.notify` and for `postMessage`), so that docs/performance.md
 * can say how much of a hand-off is codec, locking, cache traffic and
 * wake-ups. Figures are medians of several runs, in nanoseconds per call
 * unless marked µs.
 */
import { StructuredCodec, Queue } from '../lib/index.js';
import { makeItem, type Kind } from './items.js';
import { median, quantile } from './stats.js';
import type { BenchWorker } from './bench-worker.js';

/** One row of the costs table. */
export interface CostRow {
  name: string;
  int: number;
  object: number;
  string: number;
  unit: 'ns' | 'µs';
}

const KINDS: Kind[] = ['int', 'object', 'string'];
const now = (): number => performance.now();

/** Median over `runs` of the ns per call of `body(count)`, which makes `count` calls. */
function perCall(body: (count: number) => void, count: number, runs = 7): number {
  body(count); // warm up
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = now();
    body(count);
    samples.push(((now() - start) * 1e6) / count);
  }
  return median(samples);
}

/** The same for a body that awaits. */
async function perCallAsync(body: (count: number) => Promise<void>, count: number, runs = 7): Promise<number> {
  await body(count);
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = now();
    await body(count);
    samples.push(((now() - start) * 1e6) / count);
  }
  return median(samples);
}

/** Single-thread costs of each piece, by item kind. */
async function singleThread(): Promise<CostRow[]> {
  const rows: CostRow[] = [];
  const row = (name: string, values: Record<Kind, number>): void => {
    rows.push({ name, ...values, unit: 'ns' });
  };
  const codec = new StructuredCodec();
  const per = async (fn: (kind: Kind) => number | Promise<number>): Promise<Record<Kind, number>> => {
    const out = {} as Record<Kind, number>;
    for (const kind of KINDS) out[kind] = await fn(kind);
    return out;
  };
  const BATCH = 1000;
  row(
    'codec encode',
    await per((kind) => {
      const item = makeItem(kind, 12345);
      return perCall((n) => {
        for (let i = 0; i < n; i++) codec.encode(item);
      }, 100_000);
    }),
  );
  row(
    'codec decode',
    await per((kind) => {
      const bytes = codec.encode(makeItem(kind, 12345)).slice();
      return perCall((n) => {
        for (let i = 0; i < n; i++) codec.decode(bytes);
      }, 100_000);
    }),
  );
  row(
    'structuredClone (for comparison)',
    await per((kind) => {
      const item = makeItem(kind, 12345);
      return perCall((n) => {
        for (let i = 0; i < n; i++) structuredClone(item);
      }, 50_000);
    }),
  );
  // What an uncontended lock + unlock costs at least: the two atomic
  // read-modify-writes of a futex-style mutex (a compare-and-swap to take
  // it, an exchange to release it), on a word of its own.
  const word = new Int32Array(new SharedArrayBuffer(4));
  const lockNs = perCall((n) => {
    for (let i = 0; i < n; i++) {
      Atomics.compareExchange(word, 0, 0, 1);
      Atomics.exchange(word, 0, 0);
    }
  }, 200_000);
  row('lock + unlock, uncontended (compareExchange + exchange)', { int: lockNs, object: lockNs, string: lockNs });
  const queue = new Queue<unknown>(BATCH);
  const awaitNs = await perCallAsync(async (n) => {
    for (let i = 0; i < n; i++) await Promise.resolve(i);
  }, 200_000);
  row('await of a settled promise', { int: awaitNs, object: awaitNs, string: awaitNs });
  const items = (kind: Kind): unknown[] => Array.from({ length: BATCH }, (_, i) => makeItem(kind, i));
  /**
   * ns per item of `timed`, which handles `BATCH` items: 200 rounds, each
   * with `before` (filling the queue) and `after` (draining it) untimed.
   */
  const perItem = async (timed: () => unknown, before: () => void, after: () => void): Promise<number> => {
    let total = 0;
    for (let r = 0; r < 200; r++) {
      before();
      const start = now();
      await timed();
      total += now() - start;
      after();
    }
    return (total * 1e6) / (200 * BATCH);
  };
  const nothing = (): void => {};
  const fill = (list: unknown[]) => (): void => {
    for (let i = 0; i < BATCH; i++) queue.syncQ.putNowait(list[i]);
  };
  const drain = (): void => void queue.syncQ.getMany(Infinity);
  row(
    'syncQ.put',
    await per((kind) => {
      const list = items(kind);
      return perItem(
        () => {
          for (let i = 0; i < BATCH; i++) queue.syncQ.put(list[i]);
        },
        nothing,
        drain,
      );
    }),
  );
  row(
    'syncQ.get',
    await per((kind) =>
      perItem(
        () => {
          for (let i = 0; i < BATCH; i++) queue.syncQ.get();
        },
        fill(items(kind)),
        nothing,
      ),
    ),
  );
  row(
    'await asyncQ.put',
    await per((kind) => {
      const list = items(kind);
      return perItem(
        async () => {
          for (let i = 0; i < BATCH; i++) await queue.asyncQ.put(list[i]);
        },
        nothing,
        drain,
      );
    }),
  );
  row(
    'await asyncQ.get',
    await per((kind) =>
      perItem(
        async () => {
          for (let i = 0; i < BATCH; i++) await queue.asyncQ.get();
        },
        fill(items(kind)),
        nothing,
      ),
    ),
  );
  row(
    'await asyncQ.getMany(64), per item',
    await per((kind) =>
      perItem(
        async () => {
          for (let got = 0; got < BATCH; ) got += (await queue.asyncQ.getMany(64)).length;
        },
        fill(items(kind)),
        nothing,
      ),
    ),
  );
  row(
    'syncQ.putMany(64), per item',
    await per((kind) => {
      const list = items(kind);
      const chunks: unknown[][] = [];
      for (let i = 0; i < BATCH; i += 64) chunks.push(list.slice(i, i + 64));
      return perItem(
        () => {
          for (const chunk of chunks) queue.syncQ.putMany(chunk);
        },
        nothing,
        drain,
      );
    }),
  );
  return rows;
}

/**
 * `await asyncQ.get()` of items a worker put: while the worker is idle
 * (the cache lines come over once), then while it keeps putting (lock and
 * lines go back and forth for every item).
 */
async function crossThread(worker: BenchWorker): Promise<CostRow[]> {
  const idle = {} as Record<Kind, number>;
  const busy = {} as Record<Kind, number>;
  for (const kind of KINDS) {
    const queue = new Queue<unknown>(1024);
    const samples: number[] = [];
    for (let r = 0; r < 100; r++) {
      await worker.run({ op: 'fill', handle: queue.handle, kind, n: 1000 });
      const start = now();
      for (let i = 0; i < 1000; i++) await queue.asyncQ.get();
      samples.push(((now() - start) * 1e6) / 1000);
    }
    idle[kind] = median(samples);
    // Busy: the worker puts 300 000 items with syncQ.put while this thread gets them.
    const n = kind === 'string' ? 100_000 : 300_000;
    const runs: number[] = [];
    for (let r = 0; r < 3; r++) {
      const q = new Queue<unknown>(1024);
      const done = worker.run({ op: 'put', handle: q.handle, kind, n });
      const start = now();
      for (let i = 0; i < n; i++) await q.asyncQ.get();
      runs.push(((now() - start) * 1e6) / n);
      await done;
    }
    busy[kind] = median(runs);
  }
  return [
    { name: 'await asyncQ.get of items a worker put, the worker idle', ...idle, unit: 'ns' },
    { name: 'the same while the worker keeps putting (maxsize 1024)', ...busy, unit: 'ns' },
  ];
}

/**
 * What waking an idle thread costs: a worker waits until this thread sits
 * idle in its event loop, then wakes it, timing its own call; this thread
 * times how long after it went idle it ran again.
 */
async function wakeCosts(worker: BenchWorker): Promise<CostRow[]> {
  const rows: CostRow[] = [];
  for (const mode of ['notify', 'post'] as const) {
    const words = new Int32Array(new SharedArrayBuffer(16));
    const rounds = 1000;
    const done = worker.run({ op: 'wakeProbe', words: words.buffer, rounds, mode }) as Promise<number[]>;
    for (let i = 0; i < rounds; i++) {
      if (mode === 'notify') {
        const result = Atomics.waitAsync(words, 0, Atomics.load(words, 0));
        Atomics.store(words, 1, i + 1);
        if (result.async) await result.value;
      } else {
        const message = worker.nextMessage();
        Atomics.store(words, 1, i + 1);
        await message;
      }
    }
    const callTimes = await done;
    const name =
      mode === 'notify'
        ? 'worker Atomics.notify() of an idle waitAsync waiter: the call'
        : 'worker postMessage() to an idle event loop: the call';
    const p50 = quantile(callTimes, 0.5) * 1000;
    rows.push({ name: `${name} (p50)`, int: p50, object: p50, string: p50, unit: 'µs' });
  }
  return rows;
}

/** Runs every cost measurement; `worker` is an idle bench worker. */
export async function measureCosts(worker: BenchWorker): Promise<CostRow[]> {
  return [...(await singleThread()), ...(await crossThread(worker)), ...(await wakeCosts(worker))];
}
