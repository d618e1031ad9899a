/**
 * A child process of keep-alive.spec: waits on an async condition wait that a
 * worker (unref'd, so it keeps nothing alive) notifies after ~200 ms, then
 * prints "woken". Only the library's keep-alive keeps the process running
 * meanwhile. Arguments:
 * - `unref-timers` makes every interval unref'd first, which turns the
 *   library's keep-alive off: the process should then end before the wake-up.
 * - `top-level-await` awaits the wait at the module's top level, instead of
 *   printing from a `.then()`. Runtimes differ there (see
 *   docs/limitations.md): Node exits with code 13 when nothing keeps a
 *   pending top-level await alive, Bun keeps the process alive until it
 *   settles, and Deno waits for running workers, even unref'd ones.
 */
import { Worker } from 'node:worker_threads';
import { W } from './words.js';

if (process.argv.includes('unref-timers')) {
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
/** What the process does once woken. */
const report = (): void => {
  mutex.unlock();
  process.stdout.write(`woken ${W.COND}\n`);
};
if (process.argv.includes('top-level-await')) {
  await woken;
  report();
} else {
  void woken.then(report);
}
