/**
 * A child process of keep-alive.spec: registers one async condition wait,
 * aborts it, and then has nothing left to do, so it must exit by itself. It
 * prints how the wait ended and whether the mutex is free.
 * `fallback` as argv[2] deletes `Atomics.waitAsync` before loading the
 * library (the polling fallback of older Firefox and Safari).
 */
if (process.argv[2] === 'fallback') delete (Atomics as { waitAsync?: unknown }).waitAsync;

const { attach, newBuffer } = await import('./layout.js');
const { mutex, cond } = attach(newBuffer());
const controller = new AbortController();
mutex.lock();
const waited = (await import('./async-call.js')).waitAsyncLocked(cond, mutex, controller.signal);
controller.abort();
// An aborted async call rejects with the reason, leaving the mutex free.
const outcome = await waited.then(
  () => 'resolved',
  (reason: unknown) => (reason as Error).name,
);
process.stdout.write(`done ${typeof Atomics.waitAsync} ${outcome} ${mutex.tryLock() ? 'free' : 'held'}\n`);
