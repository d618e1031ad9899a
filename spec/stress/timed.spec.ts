/**
 * Stress: timed calls.
 *
 * Many workers call `get(true, 1e-4)` against a trickle of items: each call
 * either gets an item or gives up, and nothing is lost or doubled. Then
 * timed gets and timed puts run while other waiters of the same conditions
 * are woken around them all the time (untimed getters and peekers, an async
 * getter, a producer, `maxsize` changes that wake every putter): no timed
 * call gives up before its timeout (checked on its own thread's clock), and
 * none overstays it by more than a generous bound.
 */
import { expect } from 'chai';
import { Queue, ShutDown } from '../../lib/index.js';
import { delay, within } from '../support/promises.js';
import { Crew, FULL, replay, Rng, seedFor, sized, snapshot } from './config.js';
import { compareItems, type TimedReport } from './tasks.js';

const TIMED_GETTERS = 6;
const TRICKLE = sized(3_000, 40_000);
const AROUND = sized(1_000, 10_000);
/** A timed call may give up this much later than its timeout (a loaded 2-core machine deschedules threads). */
const LATE_BOUND_MS = 2_000;

describe('stress: timed calls', function () {
  const crew = new Crew();
  afterEach(() => crew.stopAll());

  it(`${TIMED_GETTERS} workers in get(true, 1e-4) against a trickle of ${TRICKLE} items from a worker and this thread: nothing lost or doubled`, async function () {
    this.timeout(FULL ? 600_000 : 60_000);
    const name = 'timed/1e-4';
    const rng = new Rng(seedFor(name));
    const queue = new Queue<number>();
    const getters = Array.from({ length: TIMED_GETTERS }, () =>
      crew.start<TimedReport>('timedLoop', { handle: queue.handle, op: 'get', timeouts: [1e-4], seed: rng.fork() }),
    );
    const half = TRICKLE / 2;
    const producer = crew.start<number>('trickle', {
      handle: queue.handle,
      from: 0,
      count: half,
      maxPauseMs: 0.5,
      seed: rng.fork(),
    });
    for (let i = 0; i < half; i++) {
      await queue.asyncQ.put(1e6 + i);
      if (rng.chance(0.3)) await (rng.chance(0.5) ? delay(0) : new Promise((resolve) => setImmediate(resolve)));
    }
    await within(producer.result, FULL ? 300_000 : 30_000, 'the trickling worker');
    await within(queue.asyncQ.join(), 30_000, `join ${replay(name)} ${snapshot(queue)}`);
    queue.shutdown();
    const reports = await within(Promise.all(getters.map((g) => g.result)), 10_000, 'the timed getters after shutdown');
    const into = [...Array(half).keys()].flatMap((i) => [i, 1e6 + i]);
    const out = reports.flatMap((r) => r.items);
    expect(compareItems(into, out), replay(name)).to.equal('');
    for (const report of reports) expect(report.early, replay(name)).to.deep.equal([]);
    const timeouts = reports.reduce((n, r) => n + r.timeouts, 0);
    const late = Math.max(...reports.map((r) => r.maxLateMs));
    console.log(
      `    ${TIMED_GETTERS} timed getters: ${out.length} items (${reports.map((r) => r.items.length).join('/')}), ` +
        `${timeouts} gave up, none early, the latest ${late.toFixed(1)} ms after its timeout`,
    );
    expect(timeouts, 'timed gets that gave up').to.be.greaterThan(0);
    expect(late).to.be.below(LATE_BOUND_MS);
  });

  it(`timed gets and puts honour their deadlines while the waiters around them are woken (${AROUND} items each way)`, async function () {
    this.timeout(FULL ? 600_000 : 60_000);
    const name = 'timed/around';
    const rng = new Rng(seedFor(name));
    const timeouts = [0.002, 0.01, 0.03];

    // A: a trickle, an untimed getter that peeks first (a peek passes its wake-up on),
    // this thread's async getter, and 3 timed getters.
    const A = new Queue<number>();
    const timedGetters = [0, 1, 2].map(() =>
      crew.start<TimedReport>('timedLoop', { handle: A.handle, op: 'get', timeouts, seed: rng.fork() }),
    );
    const peeker = crew.start<number[]>('untimedGetter', { handle: A.handle, peeks: true });
    const producer = crew.start<number>('trickle', {
      handle: A.handle,
      from: 0,
      count: AROUND,
      maxPauseMs: 3,
      seed: rng.fork(),
    });
    const gotHere: number[] = [];
    const asyncGetter = (async () => {
      try {
        for (;;) {
          gotHere.push(await A.asyncQ.get());
          A.asyncQ.taskDone();
        }
      } catch (error) {
        if (!(error instanceof ShutDown)) throw error;
      }
    })();

    // B (maxsize 2): 2 timed putters and an untimed one; this thread gets slowly and moves maxsize
    // between 1 and 3 (each change wakes every putter).
    const B = new Queue<number>(2);
    const per = Math.ceil(AROUND / 3);
    const timedPutters = [0, 1].map((p) =>
      crew.start<TimedReport>('timedLoop', {
        handle: B.handle,
        op: 'put',
        timeouts,
        seed: rng.fork(),
        from: (p + 1) * 1e6,
        count: per,
      }),
    );
    const untimedPutter = crew.start<number>('syncPutter', { handle: B.handle, from: 3e6, count: per });
    const fromB: number[] = [];
    while (fromB.length < 3 * per) {
      fromB.push(
        await within(B.asyncQ.get(), 30_000, `B's items (${fromB.length} got) ${replay(name)} ${snapshot(B)}`),
      );
      if (rng.chance(0.05)) B.maxsize = rng.range(1, 3);
      if (rng.chance(0.3)) await delay(rng.range(0, 2));
    }
    const putReports = await within(Promise.all(timedPutters.map((p) => p.result)), 10_000, 'the timed putters');
    await within(untimedPutter.result, 10_000, 'the untimed putter');
    await within(producer.result, 60_000, 'the trickle');
    await within(A.asyncQ.join(), 30_000, `A's join ${replay(name)} ${snapshot(A)}`);
    A.shutdown();
    const getReports = await within(Promise.all(timedGetters.map((g) => g.result)), 10_000, 'the timed getters');
    const byPeeker = await within(peeker.result, 10_000, 'the peeking getter');
    await asyncGetter;

    const intoA = [...Array(AROUND).keys()];
    expect(
      compareItems(intoA, [...getReports.flatMap((r) => r.items), ...byPeeker, ...gotHere]),
      `A ${replay(name)}`,
    ).to.equal('');
    const intoB = [...Array(per).keys()].flatMap((i) => [1e6 + i, 2e6 + i, 3e6 + i]);
    expect(compareItems(intoB, fromB), `B ${replay(name)}`).to.equal('');
    for (const report of [...getReports, ...putReports]) expect(report.early, replay(name)).to.deep.equal([]);
    const reports = [...getReports, ...putReports];
    const late = Math.max(...reports.map((r) => r.maxLateMs));
    console.log(
      `    timed gets: ${getReports.reduce((n, r) => n + r.timeouts, 0)} gave up; timed puts: ${putReports.reduce((n, r) => n + r.timeouts, 0)} gave up; ` +
        `none early, the latest ${late.toFixed(1)} ms after its timeout`,
    );
    expect(
      getReports.reduce((n, r) => n + r.timeouts, 0),
      'timed gets that gave up',
    ).to.be.greaterThan(0);
    expect(
      putReports.reduce((n, r) => n + r.timeouts, 0),
      'timed puts that gave up',
    ).to.be.greaterThan(0);
    expect(late).to.be.below(LATE_BOUND_MS);
  });
});
