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
 * | `random.randint(0, 4)`                                   | `Math.floor(Math.random() * 5)`, or the next of `--numbers` |
 * | `time.sleep(r)`                                          | `Atomics.wait` for `r` seconds (`--second=<ms>` shortens a second) |
 * | `sync_q.put(None)` / `while (data := await get()) is not None` | `put(null)` / `while ((data = await get()) !== null)` |
 *
 * Python's random numbers cannot be replayed here, so `--numbers=0,4,...`
 * fixes the ten numbers for a test, and `--second=<ms>` shortens its waits.
 *
 * Run: `node build/examples/ports/blocking-source/main.js [--numbers=0,0,4,3,2,2,2,1,2,3] [--second=10]`.
 */
import { parseArgs } from 'node:util';
import { Queue } from 'janus-queue';
import { runInWorker } from '../run-in-worker.js';

const { values } = parseArgs({ options: { numbers: { type: 'string' }, second: { type: 'string', default: '1000' } } });
const drawn = values.numbers === undefined ? null : values.numbers.split(',').map(Number);
const secondMs = Number(values.second);

const queue = new Queue<number | null>();
const fut = runInWorker<void>(
  new URL('./data-source.js', import.meta.url),
  'dataSource',
  queue.handle,
  secondMs,
  drawn,
).result;
let data: number | null;
while ((data = await queue.asyncQ.get()) !== null) console.log(`Got ${data} off queue`);
await fut;
console.log('Done.');
