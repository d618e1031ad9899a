/**
 * A server with per-request reply queues, after InfiniLM's
 * `launch_server.py`: asyncio handlers put requests on one queue for a
 * batching CPU worker thread (./engine.ts), and each handler awaits the
 * words of its answer on its own reply queue until `None`. Five requests
 * run at once; the answers print in request order.
 *
 * | Python                                                   | here |
 * |---|---|
 * | `out = janus.Queue()` per request                        | `replyTo = await replies.acquireAsync()` from a `QueueFamily` made once |
 * | `await requests.async_q.put((words, out))`               | `await requests.asyncQ.put({ words, replyTo })` (a queue cannot travel inside an item; its id can) |
 * | `out.sync_q.put(word)` in the worker                     | `replies.queue(request.replyTo).syncQ.put(word)` |
 * | `while (word := await out.async_q.get()) is not None`    | `while ((word = await replies.queue(replyTo).asyncQ.get()) !== null)` |
 * | `await out.aclose()`                                     | `replies.release(replyTo)` |
 * | `loop.run_in_executor(None, engine, requests.sync_q)`    | `runInWorker(engineModule, 'engine', requests.handle, replies.handle)` |
 * | `await asyncio.gather(*(handle(p) for p in prompts))`    | `await Promise.all(prompts.map(handle))` |
 *
 * What does not map 1:1: Python makes as many reply queues as there are
 * requests; a family has a fixed size (4 here), and a fifth request waits
 * in `acquireAsync()` until one is released.
 *
 * Run: `node build/examples/ports/batching-server/main.js`.
 */
import { Queue, QueueFamily } from 'janus-queue';
import { runInWorker } from '../run-in-worker.js';
import type { Request } from './engine.js';

/** How many requests may wait for their answer at once: the number of reply queues. */
const MAX_IN_FLIGHT = 4;

const requests = new Queue<Request>();
const replies = new QueueFamily<string | null>(MAX_IN_FLIGHT);
const engine = runInWorker<void>(new URL('./engine.js', import.meta.url), 'engine', requests.handle, replies.handle);
// Not in the Python program, where a crashed engine leaves every handler
// waiting: wake them with ShutDown, and say why.
engine.result.catch((error: unknown) => {
  console.error('the engine failed:', error);
  requests.shutdown(true);
  replies.shutdown(true);
});

async function handle(prompt: string): Promise<string> {
  const replyTo = await replies.acquireAsync();
  try {
    await requests.asyncQ.put({ words: prompt.split(/\s+/), replyTo });
    const words: string[] = [];
    let word: string | null;
    while ((word = await replies.queue(replyTo).asyncQ.get()) !== null) words.push(word);
    return words.join(' ');
  } finally {
    replies.release(replyTo);
  }
}

const prompts = ['the quick brown fox', 'jumps over', 'the lazy dog', 'hello', 'a b c d e f'];
const answers = await Promise.all(prompts.map(handle));
prompts.forEach((prompt, i) => console.log(`'${prompt}' -> '${answers[i]}'`));
requests.shutdown();
await engine.result;
await requests.aclose();
console.log(`served ${prompts.length} requests`);
