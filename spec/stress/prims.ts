/**
 * The primitives torture's shared words, and its worker tasks (run with
 * `crew.start(task, data, PRIM_TASKS)`): a `Mutex` and a `Condition` over
 * one `SharedArrayBuffer`, used the way the queue uses them.
 */
import { Condition } from '../../lib/primitives/condition.js';
import { Mutex } from '../../lib/primitives/mutex.js';
import { now } from '../../lib/primitives/platform.js';
import { lockAsync, waitAsyncLocked } from '../primitives/async-call.js';
import { Rng } from './config.js';

export { lockAsync };

export const PRIM_TASKS = new URL('./prims.js', import.meta.url);

/** Word indexes. */
export const P = {
  MUTEX: 0,
  /** The condition's `Condition.WORDS` words (the library's SYNC/ASYNC + SEQ/WAITERS/SIGNALS offsets). */
  COND: 1,
  /** Whose turn it is (ping-pong). */
  TURN: 8,
  /** Rounds played, all players. */
  ROUNDS: 9,
  /** The counter incremented under the lock, not atomically. */
  COUNTER: 10,
  SCRATCH: 11,
  /** Threads inside the critical section (must never exceed 1). */
  INSIDE: 12,
  /** Times INSIDE was found above 0 on entry. */
  OVERLAPS: 13,
  WORDS: 16,
} as const;

export interface Prims {
  words: Int32Array;
  mutex: Mutex;
  cond: Condition;
}

export function newPrims(): SharedArrayBuffer {
  return new SharedArrayBuffer(P.WORDS * 4);
}

export function attach(sab: SharedArrayBuffer): Prims {
  const words = new Int32Array(sab);
  const mutex = new Mutex(words, P.MUTEX);
  return { words, mutex, cond: new Condition(words, P.COND, mutex) };
}

/** How long a waiter waits before it calls a wake-up lost (generous: only a real loss gets there). */
const LOST_MS = 10_000;

/**
 * Ends player `me`'s turn (the mutex held): passes TURN to the next player,
 * counts the round, wakes the others (`notify` with two players, else
 * `notifyAll`) and unlocks.
 */
function passTurn(p: Prims, me: number, players: number): void {
  p.words[P.TURN] = (me + 1) % players;
  p.words[P.ROUNDS]++;
  if (players === 2) p.cond.notify();
  else p.cond.notifyAll();
  p.mutex.unlock();
}

/** What a player of the round robin is given: its number `me` of `players`, and how many rounds it plays. */
interface Player {
  sab: SharedArrayBuffer;
  me: number;
  players: number;
  rounds: number;
}

/**
 * One player of a round robin of `players` over TURN: waits (sync) for its
 * turn, passes it on with `notifyAll` (or `notify` with two players), `rounds` times.
 */
export function roundRobin({ sab, me, players, rounds }: Player): number {
  const p = attach(sab);
  for (let r = 0; r < rounds; r++) {
    p.mutex.lock();
    while (p.words[P.TURN] !== me) {
      const deadline = now() + LOST_MS;
      p.cond.wait(deadline, Infinity);
      if (p.words[P.TURN] !== me && now() >= deadline) {
        p.mutex.unlock();
        throw new Error(
          `player ${me} waited ${LOST_MS} ms for its turn in round ${r} (turn ${p.words[P.TURN]}, ${p.words[P.ROUNDS]} rounds played): a lost wake-up`,
        );
      }
    }
    passTurn(p, me, players);
  }
  return rounds;
}

/** The same player, waiting without blocking (for this thread's event loop, or a worker's). */
export async function roundRobinAsync({ sab, me, players, rounds }: Player): Promise<number> {
  const p = attach(sab);
  for (let r = 0; r < rounds; r++) {
    await lockAsync(p.mutex);
    if (p.words[P.TURN] !== me) {
      const signal = AbortSignal.timeout(LOST_MS);
      while (p.words[P.TURN] !== me) {
        try {
          await waitAsyncLocked(p.cond, p.mutex, signal); // as an asyncQ call waits
        } catch (reason) {
          if (!signal.aborted) throw reason;
          await lockAsync(p.mutex); // the aborted call let the mutex go
          if (p.words[P.TURN] !== me) {
            p.mutex.unlock();
            throw new Error(
              `async player ${me} waited ${LOST_MS} ms for its turn in round ${r} (turn ${p.words[P.TURN]}): a lost wake-up`,
              { cause: reason },
            );
          }
        }
      }
    }
    passTurn(p, me, players);
  }
  return rounds;
}

/**
 * `n` increments of COUNTER, not atomic, each under the mutex taken in a way
 * picked by `rng`: `lock()`, `lockUntil`, `tryLock` spinning, `lockWithin`
 * retried, or the async way. Checks on entry that nobody else is inside.
 */
export async function increment({
  sab,
  n,
  seed,
}: {
  sab: SharedArrayBuffer;
  n: number;
  seed: number;
}): Promise<number> {
  const p = attach(sab);
  const rng = new Rng(seed);
  for (let i = 0; i < n; i++) {
    switch (rng.int(5)) {
      case 0:
        p.mutex.lock();
        break;
      case 1:
        if (!p.mutex.lockUntil(now() + LOST_MS)) throw new Error(`lockUntil gave up after ${LOST_MS} ms`);
        break;
      case 2:
        while (!p.mutex.tryLock());
        break;
      case 3:
        while (!p.mutex.lockWithin(0.05));
        break;
      default:
        await lockAsync(p.mutex);
    }
    criticalSection(p);
    p.mutex.unlock();
  }
  return n;
}

/** A read-modify-write that only the lock makes exact, with a check of mutual exclusion. */
export function criticalSection(p: Prims): void {
  if (Atomics.add(p.words, P.INSIDE, 1) !== 0) Atomics.add(p.words, P.OVERLAPS, 1);
  const value = p.words[P.COUNTER];
  p.words[P.SCRATCH] = value;
  for (let k = 0; k < 8; k++) p.words[P.SCRATCH] += k & 1;
  p.words[P.COUNTER] = value + 1;
  Atomics.sub(p.words, P.INSIDE, 1);
}
