/**
 * Memory a queue must give back: a queue dropped after a cancelled async
 * wait is collected, and a thread's read buffers shrink after a large item.
 * Needs a full garbage collection: V8's `gc` (exposed through its flags, in
 * Node and Deno) or Bun's `Bun.gc`.
 */
import { expect } from 'chai';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Queue } from '../../lib/index.js';
import { delay, rejection } from '../support/promises.js';
import { RUNTIME } from '../support/runtime.js';

/** A full garbage collection: V8's `gc`, or Bun's. */
function collector(): () => void {
  const bun = (globalThis as { Bun?: { gc(force: boolean): void } }).Bun;
  if (bun !== undefined) return () => bun.gc(true);
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as unknown;
  if (typeof gc !== 'function') throw new Error('this runtime exposes no full garbage collection (V8 gc or Bun.gc)');
  return gc as () => void;
}

/** Collects until `ref` is cleared (a few rounds, with turns of the event loop between). */
async function collected(gc: () => void, ref: WeakRef<object>): Promise<boolean> {
  for (let round = 0; round < 10 && ref.deref() !== undefined; round++) {
    await delay(5);
    gc();
  }
  return ref.deref() === undefined;
}

/**
 * Makes a queue, lets one asyncQ get wait on it until its signal aborts, and
 * drops it (in a frame of its own, so no suspended frame keeps it); returns
 * a weak reference to its control memory.
 */
async function dropAfterCancelledWait(): Promise<WeakRef<object>> {
  const queue = new Queue<number>();
  const ref = new WeakRef(queue.handle.control);
  expect(await rejection(queue.asyncQ.get({ signal: AbortSignal.timeout(0) }))).to.have.property(
    'name',
    'TimeoutError',
  );
  return ref;
}

describe('memory a queue gives back', () => {
  const gc = collector();

  it('a queue dropped after a cancelled asyncQ wait is collected, shared memory and all', async () => {
    const refs: Array<WeakRef<object>> = [];
    for (let i = 0; i < 20; i++) refs.push(await dropAfterCancelledWait());
    const alive = [];
    for (const ref of refs) if (!(await collected(gc, ref))) alive.push(ref);
    // Bun's collector (JavaScriptCore) scans the stack conservatively: a stale
    // word there may keep one of them alive. A queue the library kept alive
    // would stay alive every time, all twenty of them.
    expect(alive.length, 'queues whose control memory stayed alive').to.be.at.most(RUNTIME === 'bun' ? 2 : 0);
  });

  it('after a 16 MiB item, the read buffers of the thread that took it go back to small', async () => {
    const queue = new Queue<Uint8Array>(0, { maxCapacity: 64 * 1024 * 1024 });
    // Bun counts shared memory in `arrayBuffers` (Node and Deno do not): leave
    // out the queue's own buffers, which grow to hold the items.
    const { control, store, index } = queue.handle;
    const shared = (): number => (RUNTIME === 'bun' ? control.byteLength + store.byteLength + index.byteLength : 0);
    const unshared = (): number => process.memoryUsage().arrayBuffers - shared();
    gc();
    const before = unshared();
    queue.syncQ.put(new Uint8Array(16 * 1024 * 1024));
    queue.syncQ.putMany([new Uint8Array(8 * 1024 * 1024), new Uint8Array(8 * 1024 * 1024)]);
    expect(queue.syncQ.get().length).to.equal(16 * 1024 * 1024);
    expect(queue.syncQ.getMany(2)).to.have.length(2);
    for (let i = 0; i < 100; i++) {
      queue.syncQ.put(new Uint8Array(8));
      queue.syncQ.getMany(1);
      queue.syncQ.put(new Uint8Array(8));
      queue.syncQ.get();
    }
    // Buffers are freed on a background thread after a collection: give it a few rounds.
    let kept = Infinity;
    for (let round = 0; round < 20 && kept >= 4 * 1024 * 1024; round++) {
      await delay(20);
      gc();
      kept = unshared() - before;
    }
    // The queue's store is shared memory (not counted here); what is left is
    // this thread's read buffers: back to small, not the 32 MiB of the items.
    expect(kept, `${kept} bytes of array buffers kept`).to.be.below(4 * 1024 * 1024);
  });
});
