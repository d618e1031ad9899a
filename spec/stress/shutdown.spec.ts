/**
 * Stress: shutdown storms.
 *
 * Two queues: A is empty with unfinished tasks (getters, timed getters,
 * peekers and joiners block on it), B is full (putters, timed putters and
 * joiners block on it). Callers block on both faces in several threads (a
 * worker per blocking syncQ call, a worker with many asyncQ calls, and this
 * thread's asyncQ); once every one of them is registered as a waiter, both
 * queues are shut down, with `shutdown()` or `shutdown(true)`, from this
 * thread or from a worker. Every caller must wake with the right exception
 * of its face (a timed one may have timed out first, never early), joiners
 * must wait for the unfinished tasks and no longer, and the counts must be
 * right (`shutdown(true)` drops B's items and counts them done).
 */
import { expect } from 'chai';
import { LifoQueue, PriorityQueue, Queue, ValueError } from '../../lib/index.js';
import { within } from '../support/promises.js';
import { Crew, FULL, replay, Rng, seedFor, sized, snapshot, until } from './config.js';
import { waiters } from '../support/internals.js';
import { asyncCall, type StormCall, type StormOutcome } from './storm.js';

const STORMS = sized(1, 5);

interface Pending<T> {
  promise: Promise<T>;
  settled: boolean;
}

function track<T>(promise: Promise<T>): Pending<T> {
  const pending: Pending<T> = { promise, settled: false };
  promise.then(
    () => (pending.settled = true),
    () => (pending.settled = true),
  );
  return pending;
}

function expectShutDown(outcome: StormOutcome, where: string): void {
  expect(outcome.threw, `${outcome.face}.${outcome.call.op} ${where}: returned ${String(outcome.value)}`).to.not.equal(
    undefined,
  );
  expect(outcome.threw!.threw, `${outcome.face}.${outcome.call.op} ${where}`).to.equal(
    outcome.face === 'syncQ' ? 'SyncQueueShutDown' : 'AsyncQueueShutDown',
  );
}

describe('stress: shutdown storms', function () {
  const crew = new Crew();
  afterEach(() => crew.stopAll());

  for (const immediate of [false, true]) {
    for (const from of ['this thread', 'a worker']) {
      it(`shutdown(${immediate}) from ${from} wakes every blocked putter, getter, timed getter and joiner of both faces in 10 threads (${STORMS} storm${STORMS > 1 ? 's' : ''})`, async function () {
        this.timeout(FULL ? 300_000 : 60_000);
        const name = `shutdown/${immediate}/${from}`;
        const rng = new Rng(seedFor(name));
        for (let storm = 0; storm < STORMS; storm++)
          await oneStorm(crew, rng, immediate, from === 'a worker', `storm ${storm} ${replay(name)}`);
      });
    }
  }
});

async function oneStorm(crew: Crew, rng: Rng, immediate: boolean, fromWorker: boolean, where: string): Promise<void> {
  // A: empty, 3 unfinished tasks. B: full, every task unfinished.
  const A = new Queue<number>();
  for (let i = 0; i < 3; i++) A.syncQ.put(i);
  for (let i = 0; i < 3; i++) A.syncQ.get();
  const Kind = rng.pick([Queue, LifoQueue, PriorityQueue]);
  const maxB = rng.range(1, 3);
  const B = new Kind<number>(maxB);
  const itemsB = [...Array(maxB).keys()].map((i) => 100 + i);
  for (const item of itemsB) B.syncQ.put(item);
  const queues = { A, B };
  const handles = { A: A.handle, B: B.handle };
  const short = rng.pick([0.02, 0.05, 0.1, 0.3]);

  const syncCalls: StormCall[] = [
    { queue: 'A', op: 'get' },
    { queue: 'A', op: 'get', timeout: 30 },
    { queue: 'A', op: 'peek' },
    { queue: 'A', op: 'join' },
    { queue: 'B', op: 'put', item: 900 },
    { queue: 'B', op: 'put', item: 901, timeout: 30 },
    { queue: 'B', op: 'join' },
  ];
  const shortCall: StormCall = { queue: 'A', op: 'get', timeout: short, tag: 'short' };
  const workerAsync: StormCall[] = [
    { queue: 'A', op: 'get' },
    { queue: 'A', op: 'get' },
    { queue: 'A', op: 'peek' },
    { queue: 'A', op: 'join' },
    { queue: 'B', op: 'put', item: 910 },
    { queue: 'B', op: 'put', item: 911 },
    { queue: 'B', op: 'join' },
  ];
  const mainAsync: StormCall[] = [
    { queue: 'A', op: 'get' },
    { queue: 'A', op: 'peek' },
    { queue: 'A', op: 'join' },
    { queue: 'B', op: 'put', item: 920 },
    { queue: 'B', op: 'join' },
  ];
  const syncWorkers = [...syncCalls, shortCall].map((call) => ({
    call,
    run: track(crew.start<StormOutcome>('stormSync', { handles, call }).result),
  }));
  const asyncWorker = track(crew.start<StormOutcome[]>('stormAsync', { handles, calls: workerAsync }).result);
  const mainCalls = mainAsync.map((call) => ({ call, run: track(asyncCall(queues[call.queue], call)) }));

  // Wait until every caller (but the one with a short timeout) is registered as a waiter.
  const count = (calls: StormCall[], queue: 'A' | 'B', ops: string[]): number =>
    calls.filter((c) => c.queue === queue && ops.includes(c.op)).length;
  const asyncCalls = [...workerAsync, ...mainAsync];
  const expected = {
    ANotEmpty: { sync: count(syncCalls, 'A', ['get', 'peek']), async: count(asyncCalls, 'A', ['get', 'peek']) },
    AJoin: { sync: count(syncCalls, 'A', ['join']), async: count(asyncCalls, 'A', ['join']) },
    BNotFull: { sync: count(syncCalls, 'B', ['put']), async: count(asyncCalls, 'B', ['put']) },
    BJoin: { sync: count(syncCalls, 'B', ['join']), async: count(asyncCalls, 'B', ['join']) },
  };
  const blocked = (): Record<keyof typeof expected, { sync: number; async: number }> => ({
    ANotEmpty: waiters(A, 'notEmpty'),
    AJoin: waiters(A, 'allTasksDone'),
    BNotFull: waiters(B, 'notFull'),
    BJoin: waiters(B, 'allTasksDone'),
  });
  await until(
    () => {
      const now = blocked();
      return (Object.keys(expected) as Array<keyof typeof expected>).every(
        (k) => now[k].sync >= expected[k].sync && now[k].async === expected[k].async,
      );
    },
    () => `every caller to block: expected ${JSON.stringify(expected)}, got ${JSON.stringify(blocked())} ${where}`,
  );
  for (const { call, run } of [...syncWorkers, ...mainCalls]) {
    if (call.tag !== 'short')
      expect(run.settled, `${call.op} on ${call.queue} returned before the shutdown ${where}`).to.equal(false);
  }

  if (fromWorker) {
    expect(
      await within(
        crew.start<string>('stormShutdown', { handles, immediate }).result,
        10_000,
        `the shutting worker ${where}`,
      ),
    ).to.equal('shut down');
  } else {
    A.shutdown(immediate);
    B.shutdown(immediate);
  }

  // Getters, peekers and putters wake with ShutDown.
  const isJoin = (call: StormCall): boolean => call.op === 'join';
  const woken = await within(
    Promise.all([...syncWorkers, ...mainCalls].filter(({ call }) => !isJoin(call)).map(({ run }) => run.promise)),
    10_000,
    `getters and putters after the shutdown ${where}`,
  ).catch((error: Error) => {
    throw new Error(`${error.message}: A {${snapshot(A)}} B {${snapshot(B)}}`);
  });
  for (const outcome of woken) {
    if (outcome.call.tag === 'short' && outcome.threw?.threw === 'SyncQueueEmpty') {
      // Timed out before the shutdown: never early.
      expect(outcome.ms, `the timed get (${short} s) gave up early ${where}`).to.be.at.least(short * 1000 - 1);
      continue;
    }
    expectShutDown(outcome, where);
  }
  expect(A.syncQ.qsize(), `A's items ${where}`).to.equal(0);
  expect(A.syncQ.unfinishedTasks, `A's unfinished tasks ${where}`).to.equal(3);
  expect(B.syncQ.qsize(), `B's items ${where}`).to.equal(immediate ? 0 : maxB);
  expect(B.syncQ.unfinishedTasks, `B's unfinished tasks ${where}`).to.equal(immediate ? 0 : maxB);

  // Joiners wait for the unfinished tasks, and only for them.
  const joinersOf = (queue: 'A' | 'B'): Array<Pending<unknown>> => [
    ...syncWorkers.filter(({ call }) => isJoin(call) && call.queue === queue).map(({ run }) => run),
    ...mainCalls.filter(({ call }) => isJoin(call) && call.queue === queue).map(({ run }) => run),
  ];
  if (immediate) {
    // shutdown(true) counted B's dropped items done: B's joiners return.
    await within(
      Promise.all(joinersOf('B').map((j) => j.promise)),
      10_000,
      `B's joiners after shutdown(true) ${where}`,
    );
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
  for (const joiner of joinersOf('A'))
    expect(joiner.settled, `A's joiner returned with 3 unfinished tasks ${where}`).to.equal(false);
  if (!immediate) {
    for (const joiner of joinersOf('B'))
      expect(joiner.settled, `B's joiner returned with ${maxB} unfinished tasks ${where}`).to.equal(false);
    // shutdown() kept B's items: they can still be got, in B's order, and only then does get throw ShutDown.
    const drained = [...B.syncQ];
    expect(drained, `B's items after shutdown() ${where}`).to.deep.equal(
      Kind === LifoQueue ? [...itemsB].reverse() : itemsB,
    );
    for (let i = 0; i < maxB; i++) (i % 2 ? B.asyncQ : B.syncQ).taskDone();
  }
  A.syncQ.taskDone();
  A.asyncQ.taskDone();
  expect(
    joinersOf('A').every((j) => !j.settled),
    `A's joiner returned with 1 unfinished task ${where}`,
  ).to.equal(true);
  A.syncQ.taskDone();
  const results = await within(
    Promise.all([
      ...syncWorkers.map(({ run }) => run.promise),
      asyncWorker.promise,
      ...mainCalls.map(({ run }) => run.promise),
    ]),
    10_000,
    `joiners after the last taskDone ${where}`,
  );
  const outcomes = results.flat();
  expect(outcomes.length).to.equal(syncCalls.length + 1 + workerAsync.length + mainAsync.length);
  for (const outcome of outcomes) {
    if (outcome.call.tag === 'short') continue;
    if (isJoin(outcome.call))
      expect(
        outcome.value,
        `${outcome.face}.join on ${outcome.call.queue} ${where}: ${JSON.stringify(outcome.threw)}`,
      ).to.equal('joined');
    else expectShutDown(outcome, where);
  }

  // And after the storm: every call behaves as on a shut-down queue.
  for (const queue of [A, B]) {
    expect(() => queue.syncQ.put(1))
      .to.throw(Error)
      .with.property('name', 'SyncQueueShutDown');
    expect(() => queue.syncQ.get(true, 5))
      .to.throw(Error)
      .with.property('name', 'SyncQueueShutDown');
    expect(await queue.asyncQ.get().catch((e: Error) => e.name)).to.equal('AsyncQueueShutDown');
    expect(await queue.asyncQ.put(1).catch((e: Error) => e.name)).to.equal('AsyncQueueShutDown');
    expect(queue.syncQ.unfinishedTasks).to.equal(0);
    expect(() => queue.asyncQ.taskDone()).to.throw(ValueError);
    await within(queue.waitClosed(), 5_000, `waitClosed ${where}`);
    expect(queue.closed).to.equal(true);
  }
}
