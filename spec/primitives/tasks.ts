/**
 * Worker tasks of the primitive specs (run with `spawn`/`runTask` from
 * ./helpers.ts). Each gets `{ sab, ... }` and attaches to the fixture words.
 */
import { now } from '../../lib/primitives/platform.js';
import { attach, bump, pause, W } from './layout.js';
import { lockAsync, waitAsyncBare, waitAsyncLocked } from './async-call.js';

interface Data {
  sab: SharedArrayBuffer;
}

function condOf(p: ReturnType<typeof attach>, which?: number) {
  return which === 2 ? p.cond2 : p.cond;
}

/** `n` non-atomic increments of COUNTER, each under the mutex taken by `mode`. */
export async function increment({ sab, n, mode }: Data & { n: number; mode: string }): Promise<number> {
  const { words, mutex } = attach(sab);
  bump(words, W.STARTED);
  for (let i = 0; i < n; i++) {
    switch (mode) {
      case 'lock':
        mutex.lock();
        break;
      case 'lockUntil':
        if (!mutex.lockUntil(now() + 10_000)) throw new Error('lockUntil timed out');
        break;
      case 'lockWithin':
        while (!mutex.lockWithin(0.05));
        break;
      case 'tryLock':
        while (!mutex.tryLock());
        break;
      case 'async':
        if (!mutex.tryLock()) await lockAsync(mutex);
        break;
      default:
        throw new Error(`unknown mode ${mode}`);
    }
    // A read-modify-write that is not atomic: only the lock makes it exact.
    const value = words[W.COUNTER];
    words[W.SCRATCH] = value;
    words[W.COUNTER] = words[W.SCRATCH] + 1;
    mutex.unlock();
  }
  return n;
}

/**
 * Takes the mutex, says so in READY, and holds it until RELEASE is set or
 * `ms` pass (forever by default).
 */
export function holdLock({ sab, ms = Infinity }: Data & { ms?: number }): string {
  const { words, mutex } = attach(sab);
  bump(words, W.STARTED);
  mutex.lock();
  bump(words, W.READY);
  Atomics.wait(words, W.RELEASE, 0, ms);
  mutex.unlock();
  return 'released';
}

/** Takes the mutex, notifies the condition, says so in READY, and holds the mutex until RELEASE. */
export function notifyAndHold({ sab, which }: Data & { which?: number }): string {
  const p = attach(sab);
  p.mutex.lock();
  condOf(p, which).notify();
  bump(p.words, W.READY);
  Atomics.wait(p.words, W.RELEASE, 0, 20_000);
  p.mutex.unlock();
  return 'released';
}

/** After `ms`, notifies (or notifies all) under the mutex. */
export function notifyLater({ sab, ms, all, which }: Data & { ms: number; all?: boolean; which?: number }): string {
  const p = attach(sab);
  pause(ms);
  p.mutex.lock();
  if (all) condOf(p, which).notifyAll();
  else condOf(p, which).notify();
  p.mutex.unlock();
  return 'notified';
}

/**
 * Ping-pong through TURN: `rounds` times, waits (sync) for its turn, hands
 * the turn over, counts in COUNTER and notifies.
 */
export function pingPong({ sab, rounds, me }: Data & { rounds: number; me: number }): number {
  const { words, mutex, cond } = attach(sab);
  for (let r = 0; r < rounds; r++) {
    mutex.lock();
    while (words[W.TURN] !== me) {
      if (!cond.wait(Infinity, Infinity)) throw new Error('lost the lock');
    }
    words[W.TURN] = 1 - me;
    words[W.COUNTER]++;
    cond.notify();
    mutex.unlock();
  }
  return rounds;
}

/** One sync wait (no deadline); counts itself in REGISTERED, then in WOKEN. */
export function syncWaiter({ sab, which }: Data & { which?: number }): boolean {
  const p = attach(sab);
  p.mutex.lock();
  bump(p.words, W.REGISTERED);
  const held = condOf(p, which).wait(Infinity, Infinity);
  bump(p.words, W.WOKEN);
  p.mutex.unlock();
  return held;
}

/** One async wait; counts itself in REGISTERED, then in WOKEN. */
export async function asyncWaiter({ sab, which }: Data & { which?: number }): Promise<string> {
  const p = attach(sab);
  p.mutex.lock();
  bump(p.words, W.REGISTERED);
  await waitAsyncLocked(condOf(p, which), p.mutex);
  bump(p.words, W.WOKEN);
  p.mutex.unlock();
  return 'woken';
}

/**
 * Two async waiters in this thread; the first, a bare condition wait, is
 * aborted (and returns, passing no wake-up on), then REGISTERED says the
 * second one, an async call's wait, waits alone. Resolves when it is woken.
 */
export async function abortedThenAsyncWaiter({ sab }: Data): Promise<string> {
  const { words, mutex, cond } = attach(sab);
  const controller = new AbortController();
  mutex.lock();
  const first = waitAsyncBare(cond, mutex, controller.signal);
  mutex.lock();
  const second = waitAsyncLocked(cond, mutex);
  controller.abort(new Error('cancelled'));
  await first; // a bare wait resolves with the mutex held, aborted or not
  mutex.unlock();
  bump(words, W.REGISTERED);
  await second;
  bump(words, W.WOKEN);
  mutex.unlock();
  return 'woken';
}
