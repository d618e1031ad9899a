// The page's side of the browser tests. Each scenario runs on the page's main
// thread (which cannot block) against real Web Workers (which can), and
// returns plain data for the Node side (browser.spec.mjs) to check.
import * as janus from '../../../dist/index.js';

const { Queue } = janus;
const here = new URL(location.href);
const workerUrl = new URL('./worker.js', import.meta.url);
workerUrl.search = here.search; // passes `nowaitasync` on

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const errorOf = (error) => ({ name: error?.name, message: error?.message });

/** A Web Worker running worker.js, with a promise API over its one-op-per-message protocol. */
async function startWorker() {
  const worker = new Worker(workerUrl, { type: 'module' });
  worker.addEventListener('error', (event) => globalThis.pageProblems.push(`worker error: ${event.message}`));
  const pending = new Map();
  let nextId = 0;
  await new Promise((resolve, reject) => {
    worker.onerror = (event) => reject(new Error(`worker failed to start: ${event.message}`));
    worker.onmessage = ({ data }) => {
      if (data.ready) return resolve();
      const call = pending.get(data.id);
      pending.delete(data.id);
      if (data.ok) call.resolve(data.value);
      else call.reject(Object.assign(new Error(data.error.message), { name: data.error.name }));
    };
  });
  return {
    /** Runs `op` in the worker; `settled` says whether its promise has settled yet. */
    run(op, args) {
      const id = nextId++;
      const call = { settled: false };
      call.promise = new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, op, args });
      }).finally(() => {
        call.settled = true;
      });
      return call;
    },
    terminate: () => worker.terminate(),
  };
}

/** Runs `body(worker)` with a fresh worker, terminated afterwards. */
async function withWorker(body) {
  const worker = await startWorker();
  try {
    return await body(worker);
  } finally {
    worker.terminate();
  }
}

const scenarios = {
  /** What the page and a worker see. */
  async env() {
    return {
      crossOriginIsolated: globalThis.crossOriginIsolated,
      sharedArrayBuffer: typeof SharedArrayBuffer,
      waitAsync: typeof Atomics.waitAsync,
      worker: await withWorker((worker) => worker.run('env').promise),
    };
  },

  /**
   * A worker blocks in syncQ.get() on an empty queue; the page then puts 30
   * items with `await asyncQ.put()` into a queue of maxsize 1 (so the page
   * waits for room while the worker takes them, slowly) and awaits `asyncQ.join()`.
   */
  async workerGetsWhatPagePuts() {
    return withWorker(async (worker) => {
      const queue = new Queue(1);
      // The worker pauses 5 ms after each item, so the page finds the queue full.
      const consumer = worker.run('consume', { handle: queue.handle, count: 30, pauseMs: 5 });
      await sleep(200); // the worker is now blocked in syncQ.get()
      const settledBeforePut = consumer.settled;
      let putsThatWaited = 0;
      for (let i = 0; i < 30; i++) {
        const full = queue.asyncQ.full();
        await queue.asyncQ.put({ i, text: `item ${i}` });
        if (full) putsThatWaited++;
      }
      await queue.asyncQ.join(); // until the worker marked all 30 done
      const { items, firstWaitMs } = await consumer.promise;
      return { settledBeforePut, firstWaitMs, items, putsThatWaited, unfinished: queue.asyncQ.unfinishedTasks };
    });
  },

  /**
   * The reverse: a worker puts 30 items with the blocking syncQ.put() into a
   * queue of maxsize 2 (blocking while it is full), then blocks in join();
   * the page takes them with `await asyncQ.get()` and marks them done.
   */
  async pageGetsWhatWorkerPuts() {
    return withWorker(async (worker) => {
      const queue = new Queue(2);
      const producer = worker.run('produce', { handle: queue.handle, items: Array.from({ length: 30 }, (_, i) => i) });
      await sleep(150); // the worker filled the queue and is blocked in syncQ.put()
      const sizeWhileBlocked = queue.asyncQ.qsize();
      const fullWhileBlocked = queue.asyncQ.full();
      const items = [];
      for (let i = 0; i < 30; i++) {
        items.push(await queue.asyncQ.get());
        if (i < 29) queue.asyncQ.taskDone();
      }
      await sleep(100);
      const joinedBeforeLastTaskDone = producer.settled; // must still block in join()
      queue.asyncQ.taskDone();
      const { joinedAfterMs } = await producer.promise;
      return { sizeWhileBlocked, fullWhileBlocked, items, joinedBeforeLastTaskDone, joinedAfterMs };
    });
  },

  /**
   * Workers blocked in syncQ.get() (empty queue) and syncQ.put() (full
   * queue) wake with SyncQueueShutDown when the page shuts the queues down;
   * and a page `await asyncQ.get()` wakes with AsyncQueueShutDown when a
   * worker shuts its queue down.
   */
  async shutdownWakesBlockedCallers() {
    const [getter, putter, shutter] = await Promise.all([startWorker(), startWorker(), startWorker()]);
    try {
      const empty = new Queue();
      const full = new Queue(1);
      full.asyncQ.putNowait('only');
      const blockedGet = getter.run('blockUntilError', { handle: empty.handle });
      const blockedPut = putter.run('blockUntilError', { handle: full.handle, put: true });
      await sleep(200);
      const settledBeforeShutdown = blockedGet.settled || blockedPut.settled;
      const shutAt = performance.now();
      empty.shutdown();
      full.shutdown();
      const [get, put] = await Promise.all([blockedGet.promise, blockedPut.promise]);
      const wokeWithinMs = performance.now() - shutAt;

      const pageWaits = new Queue();
      const pending = pageWaits.asyncQ.get().then(() => ({ name: 'no error' }), errorOf);
      await sleep(50);
      await shutter.run('shutdown', { handle: pageWaits.handle }).promise;
      const page = await pending;
      return { settledBeforeShutdown, get, put, wokeWithinMs, page, closed: pageWaits.closed };
    } finally {
      for (const worker of [getter, putter, shutter]) worker.terminate();
    }
  },

  /**
   * asyncQ waits in the page without Atomics.waitAsync (removed before the
   * library loaded, with `?nowaitasync`): a get that waits for a worker's
   * slow puts, and a join; a put that waits for room; a get cancelled by an
   * AbortSignal.
   */
  async asyncWaitsWithoutWaitAsync() {
    return withWorker(async (worker) => {
      const queue = new Queue(3);
      const trickle = worker.run('trickle', { handle: queue.handle, items: [1, 2, 3, 4, 5], pauseMs: 40 });
      const got = [];
      for (let i = 0; i < 5; i++) {
        got.push(await queue.asyncQ.get()); // waits: the worker puts one every 40 ms
        queue.asyncQ.taskDone();
      }
      await trickle.promise;
      await queue.asyncQ.join();

      const consumer = worker.run('consume', { handle: queue.handle, count: 10 });
      for (let i = 0; i < 10; i++) await queue.asyncQ.put(i * 10); // waits for room (maxsize 3)
      await queue.asyncQ.join();
      const consumed = (await consumer.promise).items;

      const started = performance.now();
      const aborted = await queue.asyncQ
        .get({ signal: AbortSignal.timeout(100) })
        .then(() => ({ name: 'no error' }), errorOf);
      const abortedAfterMs = performance.now() - started;
      return { got, consumed, aborted, abortedAfterMs, sizeAfter: queue.asyncQ.qsize() };
    });
  },

  /**
   * A worker blocked in syncQ.get() is terminated, then the page puts an
   * item: does the item stay in the queue, or does the terminated worker's
   * thread, still asleep in Atomics.wait, wake and take it (as in Chromium
   * and Deno: docs/limitations.md)?
   */
  async putAfterTerminate() {
    const worker = await startWorker();
    const queue = new Queue();
    const consumer = worker.run('consume', { handle: queue.handle, count: 1 });
    await sleep(200); // the worker is now blocked in syncQ.get()
    const settledBeforeTerminate = consumer.settled;
    worker.terminate();
    await sleep(100);
    queue.asyncQ.putNowait('after terminate');
    await sleep(500); // time enough for a thread that still ran to take it
    return { settledBeforeTerminate, sizeAfter: queue.asyncQ.qsize(), unfinished: queue.asyncQ.unfinishedTasks };
  },

  /** On the page's main thread blocking syncQ calls throw; the non-blocking ones work. */
  mainThreadCannotBlock() {
    const queue = new Queue(1);
    const attempt = (call) => {
      try {
        call();
        return { name: 'no error' };
      } catch (error) {
        return errorOf(error);
      }
    };
    const blocking = {
      get: attempt(() => queue.syncQ.get()),
      getWithTimeout: attempt(() => queue.syncQ.get(true, 0.1)),
      put: attempt(() => queue.syncQ.put(1)),
      peek: attempt(() => queue.syncQ.peek()),
      join: attempt(() => queue.syncQ.join()),
      iterate: attempt(() => {
        for (const item of queue.syncQ) return item;
      }),
    };
    const nonBlocking = [];
    queue.syncQ.put('a', false);
    nonBlocking.push(queue.syncQ.qsize());
    nonBlocking.push(attempt(() => queue.syncQ.putNowait('b')).name);
    nonBlocking.push(queue.syncQ.get(false));
    nonBlocking.push(attempt(() => queue.syncQ.getNowait()).name);
    queue.syncQ.taskDone();
    nonBlocking.push(queue.syncQ.unfinishedTasks);
    return { blocking, nonBlocking };
  },
};

window.scenarios = scenarios;
window.janus = janus;
document.body.dataset.ready = 'true';
