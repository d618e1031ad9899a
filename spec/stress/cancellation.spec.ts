/**
 * Stress: cancellation races.
 *
 * Thousands of seeded random interleavings of `AbortSignal` aborts against
 * pending `asyncQ` gets, puts, peeks and joins (see ./churn.ts), first on
 * one thread, then against blocked `syncQ` workers and another thread's
 * async calls. Checked: every aborted call rejects with its own reason,
 * every resolved get had an item, an aborted get consumed none and an
 * aborted put added none (the items in equal the items out, exactly once),
 * and an aborted async waiter never swallows the wake-up of a blocked
 * worker (the workers still drain everything, and a blocked putter still
 * gets its room, with nobody else acting).
 */
import { expect } from 'chai';
import { Queue } from '../../lib/index.js';
import type { ChurnReport } from './churn.js';
import { within } from '../support/promises.js';
import { Crew, FULL, replay, Rng, seedFor, sized, snapshot, until } from './config.js';
import { compareItems } from './tasks.js';

const SINGLE_ROUNDS = sized(1_500, 20_000);
const CROSS_ROUNDS = sized(300, 4_000);
const PUTTER_ITEMS = sized(2_000, 40_000);

describe('stress: cancellation races', function () {
  const crew = new Crew();
  afterEach(() => crew.stopAll());

  it(`one thread: ${SINGLE_ROUNDS} rounds of random aborts against pending gets, puts, peeks and joins (every kind, maxsize 0-3)`, async function () {
    this.timeout(FULL ? 900_000 : 60_000);
    const name = 'cancellation/one-thread';
    // On a worker's event loop: a thread that deadlocks on its own lock cannot hang the test run.
    const progress = new SharedArrayBuffer(4);
    const round = new Int32Array(progress);
    const worker = crew.start<{ report: ChurnReport; problems: string[] }>('oneThreadChurn', {
      seed: seedFor(name),
      rounds: SINGLE_ROUNDS,
      progress,
    });
    const { report, problems } = await within(worker.result, FULL ? 800_000 : 50_000, `the churning thread`).catch(
      (error: Error) => {
        throw new Error(
          `${error.message}: its thread hangs in round ${Atomics.load(round, 0)} (every call it makes is either non-blocking or aborted by then) ${replay(name)}`,
        );
      },
    );
    expect(problems, replay(name)).to.deep.equal([]);
    console.log(
      `    one thread: ${SINGLE_ROUNDS} rounds, ${report.abortedPending} aborts of pending calls, ${report.cancelled} calls cancelled, ` +
        `${report.resolved} resolved, ${report.put.length} items in and out, none lost or doubled`,
    );
    expect(report.abortedPending).to.be.greaterThan(SINGLE_ROUNDS / 2);
  });

  it('one thread: synchronous calls in the microtasks right after an abort never wait for a lock their own thread holds', async function () {
    this.timeout(30_000);
    // In a worker: a thread that blocks on its own lock would hang this one for good.
    const seen = await within(
      crew.start<string[]>('abortThenSyncCalls', {}).result,
      20_000,
      'the thread making the calls (stuck on its own lock)',
    );
    expect(seen).to.have.length(50);
    for (const line of seen) expect(line).to.match(/rejected with its reason$/);
  });

  const RELOCK_ROUNDS = sized(300, 3_000);
  it(`one thread, lock held by another: an async get woken and then aborted while it waits to relock passes the wake-up on (${RELOCK_ROUNDS} rounds)`, async function () {
    this.timeout(FULL ? 600_000 : 60_000);
    const name = 'cancellation/relock';
    const rng = new Rng(seedFor(name));
    const queue = new Queue<number>();
    const ctl = new SharedArrayBuffer(8);
    const hog = crew.start<number>('relockHog', { handle: queue.handle, ctl, seed: rng.fork() });
    const racer = crew.start<{ aborted: number; resolvedFirst: number; problems: string[] }>('abortDuringRelock', {
      handle: queue.handle,
      ctl,
      rounds: RELOCK_ROUNDS,
      seed: rng.fork(),
      boundMs: 2_000,
    });
    const result = await within(racer.result, FULL ? 500_000 : 50_000, 'the racing thread');
    const holds = await within(hog.result, 10_000, 'the lock hog');
    expect(result.problems, replay(name)).to.deep.equal([]);
    console.log(
      `    ${holds} rounds: the get aborted after the item came (woken or not yet) in ${result.aborted}, it got the item first in ${result.resolvedFirst}; the other get always got its item`,
    );
    expect(result.aborted).to.be.greaterThan(0);
  });

  for (const maxsize of [1, 4]) {
    it(`across threads, maxsize ${maxsize}: aborts in 2 async workers against 2 blocked syncQ getters and a blocked syncQ putter`, async function () {
      this.timeout(FULL ? 900_000 : 60_000);
      const name = `cancellation/cross-thread/${maxsize}`;
      const rng = new Rng(seedFor(name));
      const queue = new Queue<number>(maxsize);
      const counters = new SharedArrayBuffer(8);
      const consumed = new Int32Array(counters);
      const getters = [0, 1].map(() => crew.start<number[]>('syncGetter', { handle: queue.handle, counters }));
      const putter = crew.start<number>('syncPutter', { handle: queue.handle, from: 2e8, count: PUTTER_ITEMS });
      const churners = [1e8, 1.5e8].map((firstId) =>
        crew.start<ChurnReport>('asyncChurner', {
          handle: queue.handle,
          counters,
          seed: rng.fork(),
          rounds: CROSS_ROUNDS,
          firstId,
          steps: 16,
        }),
      );
      const stuck = (): string => `${replay(name)}; consumed ${Atomics.load(consumed, 0)}; ${snapshot(queue)}`;
      const [putterItems, ...reports] = await within(
        Promise.all([putter.result, ...churners.map((c) => c.result)]),
        FULL ? 800_000 : 50_000,
        'the async workers and the putter',
      ).catch((error: Error) => {
        throw new Error(`${error.message} ${stuck()}`);
      });
      for (const [i, report] of reports.entries())
        expect(report.wrong, `async worker ${i} ${replay(name)}`).to.deep.equal([]);
      const produced = putterItems + reports.reduce((n, r) => n + r.put.length, 0);
      // Nobody acts now but the two blocked getters: they must drain everything left.
      await until(
        () => Atomics.load(consumed, 0) === produced,
        () => `the getters to drain the queue (${produced} items in) ${stuck()}`,
        10_000,
      );
      queue.shutdown();
      const byGetters = await within(
        Promise.all(getters.map((g) => g.result)),
        10_000,
        `getters after shutdown ${stuck()}`,
      );
      const into = [...Array(putterItems).keys()].map((i) => 2e8 + i).concat(...reports.map((r) => r.put));
      const out = byGetters.flat().concat(...reports.map((r) => r.got));
      expect(compareItems(into, out), `items in vs items out ${replay(name)}`).to.equal('');
      expect(queue.syncQ.unfinishedTasks).to.equal(0);
      const sum = (key: 'abortedPending' | 'cancelled' | 'resolved'): number => reports.reduce((n, r) => n + r[key], 0);
      console.log(
        `    maxsize ${maxsize}: ${sum('abortedPending')} aborts of pending calls in 2 threads ` +
          `(${sum('cancelled')} cancelled, ${sum('resolved')} resolved), ${into.length} items, ` +
          `${byGetters.map((g) => g.length).join('+')} by the blocked getters, none lost or doubled`,
      );
      expect(sum('abortedPending')).to.be.greaterThan(CROSS_ROUNDS / 2);
    });
  }
});
