/**
 * Stress: soak.
 *
 * Two workers and this thread each put their share of items of 1 B to
 * 4 KiB and get anyone's, in a seeded mix of every call of both faces (see
 * ./soak.ts), on a bounded queue whose store is small enough to run out of
 * room now and then: 2,000,000 put/get cycles in full. Every item is
 * checked byte for byte by whoever gets it, and counted: each exactly once.
 * Afterwards the shared store is back to empty and whole (an item of almost
 * its maximum size fits again), and each thread's heap is back near where
 * it started.
 */
import { expect } from 'chai';
import { LifoQueue, PriorityQueue, Queue } from '../../lib/index.js';
import { within } from '../support/promises.js';
import { Crew, FULL, replay, Rng, seedFor, sized, snapshot } from './config.js';
import { liveBytes } from '../support/internals.js';
import { heapAfterGc, S, soak, type SoakItem, type SoakOptions, type SoakReport } from './soak.js';

const MAX_CAPACITY = 192 * 1024;
/** Heap growth allowed per thread after a full collection (a leak of items would be far larger). */
const HEAP_SLACK = 16 * 1024 * 1024;

const RUNS = [
  {
    name: 'Queue',
    make: () => new Queue<SoakItem>(64, { capacity: 16 * 1024, maxCapacity: MAX_CAPACITY }),
    total: sized(30_000, 2_000_000),
  },
  {
    name: 'LifoQueue',
    make: () => new LifoQueue<SoakItem>(64, { capacity: 16 * 1024, maxCapacity: MAX_CAPACITY }),
    total: sized(9_000, 300_000),
  },
  {
    name: 'PriorityQueue',
    make: () => new PriorityQueue<SoakItem>(64, { capacity: 16 * 1024, maxCapacity: MAX_CAPACITY }),
    total: sized(9_000, 300_000),
  },
];

/** Puts an item of almost the store's maximum size and gets it back: only a whole, empty store has room. */
function storeIsWhole(queue: Queue<unknown>): void {
  const big = new Uint8Array(MAX_CAPACITY - 1024).fill(7);
  queue.syncQ.putNowait([0, big]);
  const back = queue.syncQ.getNowait() as SoakItem;
  expect(back[1].length).to.equal(big.length);
  queue.syncQ.taskDone();
}

describe('stress: soak', function () {
  const crew = new Crew();
  afterEach(() => crew.stopAll());

  for (const run of RUNS) {
    it(`${run.name}(64), ${MAX_CAPACITY / 1024} KiB store: ${run.total} put/get cycles of 1 B - 4 KiB items by 2 workers and this thread, checked byte for byte`, async function () {
      this.timeout(FULL ? 1_800_000 : 120_000);
      const name = `soak/${run.name}`;
      const rng = new Rng(seedFor(name));
      const queue = run.make();
      storeIsWhole(queue);
      const heapBefore = heapAfterGc();
      const counters = new SharedArrayBuffer(S.WORDS * 4);
      const words = new Int32Array(counters);
      const share = Math.ceil(run.total / 3);
      const total = 3 * share;
      const seen = new SharedArrayBuffer(total);
      const started = performance.now();
      /** Thread `t`'s share of the soak (this thread is 0), with a seed of its own. */
      const shareOf = (t: number): Omit<SoakOptions, 'onMainThread'> => ({
        firstId: t * share,
        count: share,
        total,
        base: 0,
        seed: rng.fork(),
        counters,
        seen,
      });
      const workers = [1, 2].map((t) => crew.start<SoakReport>('soakWorker', { handle: queue.handle, ...shareOf(t) }));
      const mine = await soak(queue, { ...shareOf(0), onMainThread: true });
      const theirs = await within(
        Promise.all(workers.map((w) => w.result)),
        FULL ? 600_000 : 60_000,
        `the soaking workers ${snapshot(queue as Queue<unknown>)}`,
      );
      const seconds = (performance.now() - started) / 1000;
      const reports = [mine, ...theirs];

      const counts = new Uint8Array(seen);
      const wrong: string[] = [];
      for (let id = 0; id < counts.length && wrong.length < 10; id++)
        if (counts[id] !== 1) wrong.push(`item ${id} got ${counts[id]} times`);
      expect(wrong, replay(name)).to.deep.equal([]);
      expect(words[S.BAD], `items that came back altered ${replay(name)}`).to.equal(0);
      expect(words[S.PUT]).to.equal(total);
      expect(words[S.GOT]).to.equal(total);
      expect(reports.map((r) => r.put)).to.deep.equal([share, share, share]);
      expect(queue.syncQ.qsize()).to.equal(0);
      expect(queue.syncQ.unfinishedTasks).to.equal(0);
      expect(liveBytes(queue), 'bytes left in the shared store').to.equal(0);
      storeIsWhole(queue);
      const heapAfter = heapAfterGc();
      console.log(
        `    ${run.name}: ${total} cycles in ${seconds.toFixed(1)} s (${reports.map((r) => r.got).join('/')} got, ` +
          `${reports.reduce((n, r) => n + r.retries, 0)} calls found it full/empty), heap growth after gc: this thread ${((heapAfter - heapBefore) / 1024).toFixed(0)} KiB, ` +
          `workers ${theirs.map((r) => ((r.heapAfter - r.heapBefore) / 1024).toFixed(0)).join('/')} KiB`,
      );
      expect(heapAfter - heapBefore, "this thread's heap growth").to.be.below(HEAP_SLACK);
      for (const report of theirs)
        expect(report.heapAfter - report.heapBefore, "a worker's heap growth").to.be.below(HEAP_SLACK);
    });
  }
});
