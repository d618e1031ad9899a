/**
 * The worker side of the benchmark's scenarios (piscina and synckit bring
 * their own workers: bench/threads/). Six of these run for the whole
 * benchmark; each command from the main thread is run to its end and
 * answered with one `{ reply }` message.
 *
 * Janus commands use `syncQ` (or, for `serveAsync`, `asyncQ`) on queues
 * attached by handle; baseline commands move the same items with
 * `postMessage`, one item per message.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { Queue, ShutDown, type QueueHandle } from '../lib/index.js';
import { makeItem, type Kind } from './items.js';
import { recordsProduce } from './record-ring.js';
import { ringDrain, ringProduce, type RingKind } from './rings.js';

/** A command from the main thread (sent by bench/runners/). */
export type Command =
  /** syncQ.put items 0..n-1 of `kind`; with `batch`, putMany in batches of that size. */
  | { op: 'put'; handle: QueueHandle; kind: Kind; n: number; batch?: number }
  /** syncQ.get n items; with `batch`, getMany(batch) until n items came. */
  | { op: 'get'; handle: QueueHandle; n: number; batch?: number }
  /** syncQ.get until the queue is shut down and empty; replies the count. */
  | { op: 'drain'; handle: QueueHandle }
  /** Echoes n items: resp.syncQ.put(req.syncQ.get()). */
  | { op: 'echo'; req: QueueHandle; resp: QueueHandle; n: number }
  /** postMessage items 0..n-1 of `kind` to the main thread, or round-robin over `ports`. */
  | { op: 'post'; kind: Kind; n: number; ports?: MessagePort[] }
  /** Receives n messages from the main thread, or n in all from `ports`. */
  | { op: 'recv'; n: number; ports?: MessagePort[] }
  /** Echoes n messages back to the main thread. */
  | { op: 'echoPost'; n: number }
  /** syncQ.putNowait items 0..n-1 of `kind`. */
  | { op: 'fill'; handle: QueueHandle; kind: Kind; n: number }
  /**
   * `rounds` times: waits for `words[1]` to reach the round number (the main
   * thread is about to idle), spins ~15 µs more, then wakes the main thread
   * with `Atomics.notify` on `words[0]` or with a `postMessage`, timing the
   * call. Replies the times (ms).
   */
  | { op: 'wakeProbe'; words: SharedArrayBuffer; rounds: number; mode: 'notify' | 'post' }
  /** Puts ints 0..n-1 into a bare ring (bench/rings.ts). */
  | { op: 'ring'; buffer: SharedArrayBuffer; kind: RingKind; n: number }
  /** Puts items 0..n-1 of `kind` into a ring of encoded records (bench/record-ring.ts). */
  | { op: 'records'; buffer: SharedArrayBuffer; kind: Kind; n: number }
  /** Takes ints from a bare ring until it is empty and its producers are done; replies the count. */
  | { op: 'ringDrain'; buffer: SharedArrayBuffer; kind: RingKind }
  /** A pool worker: `results.syncQ.put(2x + 1)` for each task `x` of `tasks.syncQ`, until shutdown; replies the count. */
  | { op: 'serve'; tasks: QueueHandle; results: QueueHandle }
  /** Async code served to a blocking caller: `await resp.asyncQ.put(2x + 1)` for each `x` of `req.asyncQ`, until shutdown; replies the count. */
  | { op: 'serveAsync'; req: QueueHandle; resp: QueueHandle }
  /** Ends the worker. */
  | { op: 'exit' };

const port = parentPort!;
/** While set, messages from the main thread are items, not commands. */
let sink: ((message: unknown) => void) | null = null;

/** Answers the current command with `value`. */
function reply(value: unknown = null): void {
  port.postMessage({ reply: value });
}

/** Runs `command`; a command that waits on this thread's event loop replies when it is done. */
function run(command: Command): void {
  switch (command.op) {
    case 'put': {
      const queue = Queue.from<unknown>(command.handle);
      const { kind, n } = command;
      const batch = command.batch ?? 0;
      if (batch > 0) {
        const items: unknown[] = [];
        for (let i = 0; i < n; i += batch) {
          items.length = 0;
          for (let j = i; j < Math.min(n, i + batch); j++) items.push(makeItem(kind, j));
          queue.syncQ.putMany(items);
        }
      } else {
        for (let i = 0; i < n; i++) queue.syncQ.put(makeItem(kind, i));
      }
      return reply(n);
    }
    case 'get': {
      const queue = Queue.from<unknown>(command.handle);
      const { n } = command;
      const batch = command.batch ?? 0;
      let last: unknown;
      if (batch > 0) {
        for (let got = 0; got < n; ) {
          const items = queue.syncQ.getMany(Math.min(batch, n - got));
          got += items.length;
          last = items[items.length - 1];
        }
      } else {
        for (let i = 0; i < n; i++) last = queue.syncQ.get();
      }
      return reply(last);
    }
    case 'drain': {
      const queue = Queue.from<unknown>(command.handle);
      let count = 0;
      try {
        for (;;) {
          queue.syncQ.get();
          count++;
        }
      } catch (error) {
        if (!(error instanceof ShutDown)) throw error;
      }
      return reply(count);
    }
    case 'echo': {
      const req = Queue.from<unknown>(command.req);
      const resp = Queue.from<unknown>(command.resp);
      for (let i = 0; i < command.n; i++) resp.syncQ.put(req.syncQ.get());
      return reply(command.n);
    }
    case 'post': {
      const { kind, n, ports } = command;
      if (ports === undefined) {
        for (let i = 0; i < n; i++) port.postMessage(makeItem(kind, i));
      } else {
        // The receivers close the ports once they have every item.
        for (let i = 0; i < n; i++) ports[i % ports.length].postMessage(makeItem(kind, i));
      }
      return reply(n);
    }
    case 'recv': {
      const { n } = command;
      let count = 0;
      if (n === 0) return reply(0);
      const { ports } = command;
      if (ports === undefined) {
        sink = () => {
          if (++count === n) {
            sink = null;
            reply(n);
          }
        };
      } else {
        const onItem = (): void => {
          if (++count < n) return;
          for (const p of ports) p.close();
          reply(n);
        };
        for (const p of ports) p.on('message', onItem);
      }
      return;
    }
    case 'echoPost': {
      const { n } = command;
      let count = 0;
      sink = (message) => {
        if (++count === n) sink = null;
        port.postMessage(message);
        if (count === n) reply(n);
      };
      return;
    }
    case 'fill': {
      const queue = Queue.from<unknown>(command.handle);
      for (let i = 0; i < command.n; i++) queue.syncQ.putNowait(makeItem(command.kind, i));
      return reply(command.n);
    }
    case 'wakeProbe': {
      const words = new Int32Array(command.words);
      const times: number[] = [];
      for (let i = 0; i < command.rounds; i++) {
        while (Atomics.load(words, 1) !== i + 1); // the main thread is about to idle
        for (let k = 0; k < 2000; k++) Atomics.load(words, 2); // let it
        const start = performance.now();
        if (command.mode === 'notify') {
          Atomics.add(words, 0, 1);
          Atomics.notify(words, 0);
        } else {
          port.postMessage(i);
        }
        times.push(performance.now() - start);
      }
      return reply(times);
    }
    case 'ring':
      ringProduce(command.buffer, command.kind, command.n);
      return reply(command.n);
    case 'records':
      recordsProduce(command.buffer, command.kind, command.n);
      return reply(command.n);
    case 'ringDrain':
      return reply(ringDrain(command.buffer, command.kind));
    case 'serve': {
      const tasks = Queue.from<number>(command.tasks);
      const results = Queue.from<number>(command.results);
      let count = 0;
      for (const x of tasks.syncQ) {
        results.syncQ.put(2 * x + 1);
        count++;
      }
      return reply(count);
    }
    case 'serveAsync':
      void serveAsync(Queue.from<number>(command.req), Queue.from<number>(command.resp)).then(reply, fail);
      return;
    case 'exit':
      port.close();
      return;
  }
}

/** The `serveAsync` command: answers each request on this thread's event loop. */
async function serveAsync(req: Queue<number>, resp: Queue<number>): Promise<number> {
  let count = 0;
  for await (const x of req.asyncQ) {
    await resp.asyncQ.put(2 * x + 1);
    count++;
  }
  return count;
}

/** Answers the current command with its error. */
function fail(error: unknown): void {
  port.postMessage({ error: String((error as Error)?.stack ?? error) });
}

port.on('message', (message: unknown) => {
  if (sink !== null) return sink(message);
  try {
    run(message as Command);
  } catch (error) {
    fail(error);
  }
});
