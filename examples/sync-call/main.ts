/**
 * Recipe: calling async code synchronously. `sha256Sync` blocks the calling
 * thread on `syncQ` while a worker runs the async-only Web Crypto digest on
 * its event loop and answers with `asyncQ`.
 *
 * Run with `npm run example:sync-call`.
 */
import { Worker } from 'node:worker_threads';
import { Queue } from 'janus-queue';
import type { Reply } from './worker.js';

const requests = new Queue<string>();
const replies = new Queue<Reply>();
const worker = new Worker(new URL('./worker.js', import.meta.url), {
  workerData: { requests: requests.handle, replies: replies.handle },
});
const exited = new Promise<number>((resolve) => worker.once('exit', resolve));

/** The SHA-256 of `text`, in hex, computed by the worker while this thread waits. */
function sha256Sync(text: string): string {
  requests.syncQ.put(text);
  const reply = replies.syncQ.get(); // blocks this thread until the worker answers
  if ('error' in reply) throw reply.error;
  return reply.value;
}

console.log(`sha256("abc") = ${sha256Sync('abc')}`);
console.log(`sha256("") = ${sha256Sync('')}`);
try {
  sha256Sync('x'.repeat(2000));
} catch (error) {
  console.log(`a failing call throws in the caller: ${(error as Error).name}: ${(error as Error).message}`);
}

requests.shutdown(); // the worker's `for await` loop ends, and the worker exits
console.log(`main: the worker exited with code ${await exited}`);
