/**
 * A child process of keep-alive.spec: awaits an async condition wait that a
 * worker (unref'd, so it keeps nothing alive) notifies after ~200 ms, then
 * prints "woken". Only the library's keep-alive keeps the process running
 * meanwhile. `unref-timers` as argv[2] makes every interval unref'd first,
 * so Node would exit with code 13 while the wait is pending.
 */
import { Worker } from 'node:worker_threads';
import { W } from './words.js';

if (process.argv[2] === 'unref-timers') {
  const setIntervalRef = globalThis.setInterval;
  globalThis.setInterval = ((...args: Parameters<typeof setInterval>) =>
    setIntervalRef(...args).unref()) as unknown as typeof setInterval;
}

const { attach, newBuffer } = await import('./layout.js');
const sab = newBuffer();
const { mutex, cond } = attach(sab);
mutex.lock();
const woken = (await import('./async-call.js')).waitAsyncLocked(cond, mutex);
const worker = new Worker(new URL('../support/worker-runner.js', import.meta.url), {
  workerData: { module: new URL('./tasks.js', import.meta.url).href, task: 'notifyLater', data: { sab, ms: 200 } },
});
worker.unref();
await woken;
mutex.unlock();
process.stdout.write(`woken ${W.COND}\n`);
