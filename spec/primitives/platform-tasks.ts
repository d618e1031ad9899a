/**
 * Worker tasks that change the platform BEFORE the library is loaded, so
 * this module imports the library only dynamically:
 * - without `Atomics.waitAsync` (older Firefox and Safari);
 * - where `Atomics.wait` throws (a browser's main thread).
 */
import { W } from './words.js';

interface Data {
  sab: SharedArrayBuffer;
}

/**
 * With `Atomics.waitAsync` deleted first: one async wait on the condition,
 * counted in REGISTERED; resolves once another thread notifies it.
 */
export async function asyncWaitWithoutWaitAsync({ sab }: Data): Promise<{ hadWaitAsync: boolean; woken: boolean }> {
  delete (Atomics as { waitAsync?: unknown }).waitAsync;
  const { attach, bump } = await import('./layout.js');
  const { words, mutex, cond } = attach(sab);
  mutex.lock();
  bump(words, W.REGISTERED);
  await (await import('./async-call.js')).waitAsyncLocked(cond, mutex);
  bump(words, W.WOKEN);
  mutex.unlock();
  return { hadWaitAsync: typeof Atomics.waitAsync === 'function', woken: true };
}

/** Loads the mutex where `Atomics.wait` throws (it is put back afterwards). */
async function mutexWithoutBlocking(sab: SharedArrayBuffer) {
  const wait = Atomics.wait;
  Atomics.wait = () => {
    throw new TypeError('Atomics.wait cannot be called in this context');
  };
  try {
    const platform = await import('../../lib/primitives/platform.js');
    const { Mutex } = await import('../../lib/primitives/mutex.js');
    return { platform, mutex: new Mutex(new Int32Array(sab), W.MUTEX), words: new Int32Array(sab) };
  } finally {
    Atomics.wait = wait;
  }
}

/**
 * The mutex is held by another thread: a timed lock gives up at its deadline,
 * and an untimed one throws after its spin limit instead of hanging.
 */
export async function spinWhileHeld({ sab }: Data): Promise<{ canBlock: boolean; timed: boolean; error: string }> {
  const { platform, mutex } = await mutexWithoutBlocking(sab);
  const timed = mutex.lockUntil(platform.now() + 30);
  let error = '';
  try {
    mutex.lock();
  } catch (e) {
    error = (e as Error).message;
  }
  return { canBlock: platform.canBlock, timed, error };
}

/**
 * The mutex is held by another thread that releases it while this one spins:
 * says STARTED, then takes it with a deadline far enough away.
 */
export async function spinUntilReleased({ sab }: Data): Promise<{ canBlock: boolean; took: boolean; message: string }> {
  const { platform, mutex, words } = await mutexWithoutBlocking(sab);
  Atomics.store(words, W.STARTED, 1);
  const took = mutex.lockUntil(platform.now() + 900);
  if (took) mutex.unlock();
  return { canBlock: platform.canBlock, took, message: platform.CANNOT_BLOCK_MESSAGE };
}
