// The worker's side: plain synchronous code that blocks in `syncQ` calls while
// it waits, as a Python thread would block in `queue.Queue.get()`.
import { Queue } from '../../dist/index.js';

function countPrimes(below) {
  const composite = new Uint8Array(below);
  let count = 0;
  for (let i = 2; i < below; i++) {
    if (composite[i]) continue;
    count++;
    for (let j = i * i; j < below; j += i) composite[j] = 1;
  }
  return count;
}

self.onmessage = ({ data }) => {
  const jobs = Queue.from(data.jobs);
  const results = Queue.from(data.results);
  // get() blocks this worker until a job comes; the loop ends when the page
  // shuts `jobs` down and no job is left.
  for (const n of jobs.syncQ) {
    results.syncQ.put({ n, primes: countPrimes(n) });
    jobs.syncQ.taskDone();
  }
  results.shutdown(); // the page's `for await` loop ends after the last result
};
