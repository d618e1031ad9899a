/**
 * A child process of keep-alive.spec: registers one async condition wait,
 * aborts it, and then has nothing left to do, so it must exit by itself.
 * `fallback` as argv[2] deletes `Atomics.waitAsync` before loading the
 * library (the polling fallback of older Firefox and Safari).
 */
if (process.argv[2] === 'fallback') delete (Atomics as { waitAsync?: unknown }).waitAsync;

const { attach, newBuffer } = await import('./layout.js');
const { mutex, cond } = attach(newBuffer());
const controller = new AbortController();
mutex.lock();
const waited = (await import('./async-locking.js')).waitAsyncLocked(cond, mutex, 1, controller.signal);
controller.abort();
await waited; // an aborted waiter resolves with the mutex held
mutex.unlock();
process.stdout.write(`done ${typeof Atomics.waitAsync}\n`);
