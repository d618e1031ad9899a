/**
 * A thread doing blocking I/O feeds asyncio: the janus example of "Using
 * Asyncio in Python" (Hattingh), in its janus 2.0 form. A thread draws ten
 * numbers from 0 to 4, sleeps that many seconds before each (a stand-in for
 * blocking I/O), puts each on the blocking face, and puts `None` at the end;
 * the event loop prints every number it gets until the sentinel, then `Done.`.
 *
 * | Python                                                   | here |
 * |---|---|
 * | `queue = janus.Queue()`                                  | `const queue = new Queue<number \| null>()` |
 * | `loop.run_in_executor(None, data_source, queue.sync_q)`  | `runInWorker(sourceModule, 'dataSource', queue.handle, ...)` |
 * | `random.randint(0, 4)`                                   | `randint(random, 0, 4)`, `random` seeded by `--seed` (else `Math.random`) |
 * | `time.sleep(r)`                                          | `Atomics.wait` for `r` seconds (`--second=<ms>` shortens a second) |
 * | `sync_q.put(None)` / `while (data := await get()) is not None` | `put(null)` / `while ((data = await get()) !== null)` |
 *
 * Run: `node build/examples/ports/blocking-source/main.js [--seed=7] [--second=10]`.
 */
import { parseArgs } from 'node:util';
import { Queue } from 'janus-queue';
import { runInWorker } from '../run-in-worker.js';

const { values } = parseArgs({ options: { seed: { type: 'string' }, second: { type: 'string', default: '1000' } } });
const seed = values.seed === undefined ? null : Number(values.seed);
const secondMs = Number(values.second);

const queue = new Queue<number | null>();
const fut = runInWorker<void>(new URL('./data-source.js', import.meta.url), 'dataSource', queue.handle, secondMs, seed).result;
let data: number | null;
while ((data = await queue.asyncQ.get()) !== null) console.log(`Got ${data} off queue`);
await fut;
console.log('Done.');
