// The page's side: it never blocks. It awaits `asyncQ` calls while the worker
// blocks in `syncQ` calls on the same queues.
//
// In an app you would write `import { Queue } from 'janus-queue'` and let your
// bundler resolve it; this example imports the built file directly.
import { Queue } from '../../dist/index.js';

const logElement = document.querySelector('#log');
const log = (line) => {
  logElement.textContent += `${line}\n`;
};

async function main() {
  if (!globalThis.crossOriginIsolated) {
    throw new Error(
      'this page is not cross-origin isolated, so SharedArrayBuffer is missing: serve it with the COOP/COEP headers (see server.mjs)',
    );
  }
  const jobs = new Queue(4); // at most 4 jobs wait: `put` waits for room beyond that
  const results = new Queue();
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  const failed = new Promise((_, reject) => {
    worker.onerror = (event) => reject(new Error(`worker failed: ${event.message}`));
  });
  worker.postMessage({ jobs: jobs.handle, results: results.handle }); // handles are structured-cloneable

  // The blocking face cannot block here (the main thread must not freeze):
  try {
    jobs.syncQ.get();
  } catch (error) {
    log(`on the main thread, syncQ.get() throws: ${error.message}`);
  }

  const feeding = (async () => {
    for (let n = 10_000; n <= 100_000; n += 10_000) await jobs.asyncQ.put(n);
    await jobs.asyncQ.join(); // until the worker called taskDone() for each job
    log('page: every job is done; shutting the jobs queue down');
    jobs.shutdown(); // the worker's `for (const n of jobs.syncQ)` loop ends
  })();

  const reading = (async () => {
    // Ends when the worker shuts `results` down and the page has read every result.
    for await (const { n, primes } of results.asyncQ) log(`primes below ${n}: ${primes}`);
  })();

  await Promise.race([Promise.all([feeding, reading]), failed]);
  worker.terminate();
  await Promise.all([jobs.aclose(), results.aclose()]);
  log('page: done');
}

main().then(
  () => {
    document.body.dataset.status = 'done';
  },
  (error) => {
    log(`error: ${error.message}`);
    document.body.dataset.status = 'failed';
  },
);
