/**
 * Stress: primitives torture (the queue's `Mutex` and `Condition`,
 * used directly, the way the queue uses them).
 *
 * - Ping-pong through a Mutex + Condition between two workers, 100,000
 *   rounds in full, with the condition's sequence words started just below
 *   2^31 so that they wrap around during the run: no wake-up is lost (a
 *   player that waits 10 s for its turn fails).
 * - A round robin of sync waiters in 3 workers and async waits on this
 *   thread (notifyAll), and a ping-pong of a worker's sync waits against
 *   another worker's async waits, both across the wrap-around.
 * - Several workers and this thread increment a plain counter under the
 *   lock, taken in every way there is (sync, timed, spinning, async): the
 *   exact total, and never two threads inside at once.
 */
import { expect } from 'chai';
import { ASYNC, SEQ, SYNC } from '../../lib/primitives/condition.js';
import { within } from '../support/promises.js';
import { Crew, FULL, Rng, seedFor, sized } from './config.js';
import { attach, criticalSection, lockAsync, newPrims, P, PRIM_TASKS, roundRobinAsync } from './prims.js';

const PING_PONG = sized(10_000, 100_000);
const ROBIN = sized(1_000, 20_000);
const MIXED_PING_PONG = sized(2_000, 50_000);
const INCREMENTS = sized(5_000, 100_000);
const MAIN_INCREMENTS = sized(1_000, 20_000);

/** Int32 just below the wrap-around (0x7fffffff + 1 is -2^31). */
const NEAR_WRAP = 0x7fffffff - 200;
const SYNC_SEQ = P.COND + SYNC + SEQ;
const ASYNC_SEQ = P.COND + ASYNC + SEQ;

describe('stress: primitives torture', function () {
  const crew = new Crew();
  afterEach(() => crew.stopAll());

  it(`ping-pong: ${PING_PONG} rounds between two workers through a Mutex + Condition, its sequence word wrapping past 2^31`, async function () {
    this.timeout(FULL ? 600_000 : 60_000);
    const sab = newPrims();
    const p = attach(sab);
    p.words[SYNC_SEQ] = NEAR_WRAP;
    const started = performance.now();
    const players = [0, 1].map((me) =>
      crew.start<number>('roundRobin', { sab, me, players: 2, rounds: PING_PONG }, PRIM_TASKS),
    );
    expect(
      await within(Promise.all(players.map((w) => w.result)), FULL ? 500_000 : 50_000, 'the ping-pong'),
    ).to.deep.equal([PING_PONG, PING_PONG]);
    expect(p.words[P.ROUNDS]).to.equal(2 * PING_PONG);
    expect(p.words[SYNC_SEQ], 'the sync sequence word wrapped around').to.be.below(0);
    console.log(
      `    ${2 * PING_PONG} hand-overs in ${((performance.now() - started) / 1000).toFixed(1)} s, sync sequence word now ${p.words[SYNC_SEQ]}`,
    );
  });

  it(`round robin (notifyAll): 3 workers waiting sync and this thread waiting async, ${ROBIN} turns each, both sequence words wrapping`, async function () {
    this.timeout(FULL ? 600_000 : 60_000);
    const sab = newPrims();
    const p = attach(sab);
    p.words[SYNC_SEQ] = NEAR_WRAP;
    p.words[ASYNC_SEQ] = NEAR_WRAP;
    const workers = [0, 1, 2].map((me) =>
      crew.start<number>('roundRobin', { sab, me, players: 4, rounds: ROBIN }, PRIM_TASKS),
    );
    const mine = roundRobinAsync({ sab, me: 3, players: 4, rounds: ROBIN });
    expect(
      await within(Promise.all([...workers.map((w) => w.result), mine]), FULL ? 500_000 : 50_000, 'the round robin'),
    ).to.deep.equal([ROBIN, ROBIN, ROBIN, ROBIN]);
    expect(p.words[P.ROUNDS]).to.equal(4 * ROBIN);
    expect(p.words[SYNC_SEQ], 'the sync sequence word wrapped around').to.be.below(0);
    expect(p.words[ASYNC_SEQ], 'the async sequence word wrapped around').to.be.below(0);
  });

  it(`ping-pong: ${MIXED_PING_PONG} rounds between a worker's sync waits and another worker's async waits, across the wrap-around`, async function () {
    this.timeout(FULL ? 600_000 : 60_000);
    const sab = newPrims();
    const p = attach(sab);
    p.words[SYNC_SEQ] = NEAR_WRAP;
    p.words[ASYNC_SEQ] = NEAR_WRAP;
    const sync = crew.start<number>('roundRobin', { sab, me: 0, players: 2, rounds: MIXED_PING_PONG }, PRIM_TASKS);
    const async = crew.start<number>(
      'roundRobinAsync',
      { sab, me: 1, players: 2, rounds: MIXED_PING_PONG },
      PRIM_TASKS,
    );
    expect(
      await within(Promise.all([sync.result, async.result]), FULL ? 500_000 : 50_000, 'the ping-pong'),
    ).to.deep.equal([MIXED_PING_PONG, MIXED_PING_PONG]);
    expect(p.words[P.ROUNDS]).to.equal(2 * MIXED_PING_PONG);
    expect(p.words[SYNC_SEQ]).to.be.below(0);
    expect(p.words[ASYNC_SEQ]).to.be.below(0);
  });

  it(`4 workers (${INCREMENTS} increments each) and this thread (${MAIN_INCREMENTS}) increment a plain counter under the lock, taken sync, timed, spinning and async`, async function () {
    this.timeout(FULL ? 600_000 : 60_000);
    const rng = new Rng(seedFor('primitives/counter'));
    const sab = newPrims();
    const p = attach(sab);
    const workers = [0, 1, 2, 3].map(() =>
      crew.start<number>('increment', { sab, n: INCREMENTS, seed: rng.fork() }, PRIM_TASKS),
    );
    for (let i = 0; i < MAIN_INCREMENTS; i++) {
      if (rng.chance(0.5)) await lockAsync(p.mutex);
      else while (!p.mutex.lockWithin(1)) await new Promise((resolve) => setImmediate(resolve));
      criticalSection(p);
      p.mutex.unlock();
      if (rng.chance(0.1)) await new Promise((resolve) => setImmediate(resolve));
    }
    await within(Promise.all(workers.map((w) => w.result)), FULL ? 500_000 : 50_000, 'the incrementing workers');
    expect(p.words[P.OVERLAPS], 'times two threads were inside the lock at once').to.equal(0);
    expect(p.words[P.COUNTER]).to.equal(4 * INCREMENTS + MAIN_INCREMENTS);
    expect(p.words[P.MUTEX], 'the lock is free at the end').to.equal(0);
  });
});
