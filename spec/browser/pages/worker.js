// A test worker: runs one operation per message on a queue attached by handle
// and posts the outcome back. Its syncQ calls block this worker thread.
const params = new URL(self.location.href).searchParams;
// Before the library loads (hence the dynamic import below): no waitAsync.
if (params.has('nowaitasync')) delete Atomics.waitAsync;

const janus = await import('../../../dist/index.js');
const { Queue } = janus;

/** Blocks this worker for `ms` milliseconds. */
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

const ops = {
  /** What this worker sees. */
  env() {
    return { waitAsync: typeof Atomics.waitAsync, crossOriginIsolated: self.crossOriginIsolated };
  },

  /** Gets `count` items with the blocking syncQ.get(), marking each done (`pauseMs` after each). */
  consume({ handle, count, pauseMs = 0 }) {
    const queue = Queue.from(handle);
    const items = [];
    let firstWaitMs = -1;
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      items.push(queue.syncQ.get());
      if (i === 0) firstWaitMs = performance.now() - started;
      queue.syncQ.taskDone();
      if (pauseMs > 0) sleep(pauseMs);
    }
    return { items, firstWaitMs };
  },

  /** Puts `items` with the blocking syncQ.put(), then blocks in join(). */
  produce({ handle, items }) {
    const queue = Queue.from(handle);
    for (const item of items) queue.syncQ.put(item);
    const started = performance.now();
    queue.syncQ.join();
    return { joinedAfterMs: performance.now() - started };
  },

  /** Blocks in syncQ.get() (or put() with `put`) until the call throws; reports what and when. */
  blockUntilError({ handle, put }) {
    const queue = Queue.from(handle);
    const started = performance.now();
    try {
      if (put) queue.syncQ.put('one too many');
      else queue.syncQ.get();
      return { threw: null };
    } catch (error) {
      return { threw: error.name, isShutDown: error instanceof janus.ShutDown, waitedMs: performance.now() - started };
    }
  },

  /** Shuts the queue down from this worker. */
  shutdown({ handle, immediate }) {
    Queue.from(handle).shutdown(immediate);
    return 'shut down';
  },

  /** Puts `items` one by one, `pauseMs` apart (blocking the worker in between). */
  trickle({ handle, items, pauseMs }) {
    const queue = Queue.from(handle);
    for (const item of items) {
      sleep(pauseMs);
      queue.syncQ.put(item);
    }
    return 'done';
  },
};

self.onmessage = ({ data: { id, op, args } }) => {
  try {
    self.postMessage({ id, ok: true, value: ops[op](args) });
  } catch (error) {
    self.postMessage({ id, ok: false, error: { name: error?.name, message: error?.message } });
  }
};
self.postMessage({ ready: true });
