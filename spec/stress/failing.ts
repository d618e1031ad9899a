/**
 * Queue subclasses whose `_put` / `_get` hooks throw when armed, as
 * CPython's `FailingQueue` does (they throw before touching anything, and
 * call `super` otherwise). Armed through shared words, so that a worker
 * attached with `FailingQueue.from(handle)` fails as well: `arm[PUT]`
 * `_put` calls fail next, `arm[GET]` `_get` calls (the hooks run under the
 * queue's lock, so a plain decrement is enough).
 */
import { LifoQueue, PriorityQueue, Queue, type QueueHandle } from '../../lib/index.js';

export const PUT = 0;
export const GET = 1;

/** What an armed hook throws. */
export class HookFault extends Error {
  constructor(hook: string) {
    super(`${hook} failed on purpose`);
    this.name = 'HookFault';
  }
}

/** The arming words of a queue, by its control buffer (one set per queue, shared by every thread). */
const arms = new WeakMap<SharedArrayBuffer, Int32Array>();

/** The arming words of the queue `handle`, to give to `armWith` in every thread. */
export function armOf(handle: QueueHandle, words?: SharedArrayBuffer): Int32Array {
  let arm = arms.get(handle.control);
  if (!arm) {
    arm = new Int32Array(words ?? new SharedArrayBuffer(8));
    arms.set(handle.control, arm);
  }
  return arm;
}

function fails(handle: QueueHandle, which: number, hook: string): void {
  const arm = arms.get(handle.control);
  if (arm && arm[which] > 0) {
    arm[which]--;
    throw new HookFault(hook);
  }
}

/** The queue classes that `failing` extends. */
type QueueClass = new (...args: any[]) => Queue<unknown>;

/**
 * `Base` with `_put` / `_get` hooks that throw while armed (see `fails`) and
 * call `super` otherwise; typed as `Base`, so its statics (`kind`, `from`)
 * and type parameter carry over.
 */
function failing<B extends QueueClass>(Base: B): B {
  return class extends Base {
    protected override _put(ref: number, priority: number): boolean {
      fails(this.handle, PUT, '_put');
      return super._put(ref, priority);
    }

    protected override _get(): number {
      fails(this.handle, GET, '_get');
      return super._get();
    }
  };
}

export class FailingQueue<T> extends failing(Queue)<T> {}
export class FailingLifoQueue<T> extends failing(LifoQueue)<T> {}
export class FailingPriorityQueue<T> extends failing(PriorityQueue)<T> {}

export const FAILING_KINDS = {
  Queue: FailingQueue,
  LifoQueue: FailingLifoQueue,
  PriorityQueue: FailingPriorityQueue,
} as const;
export type FailingKind = keyof typeof FAILING_KINDS;
