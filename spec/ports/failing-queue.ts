/**
 * A `Queue` whose `_put`/`_get` hooks throw on demand (the `FailingQueue` of
 * CPython's and janus's suites): after such a failure the queue must be as if
 * the call had not been made.
 */
import { Queue } from '../../lib/index.js';

/** What the failing hooks throw. */
export class FailingQueueError extends Error {
  constructor() {
    super('You Lose');
    this.name = 'FailingQueueError';
  }
}

/** A FIFO queue that fails the next `_put` / `_get` when told to (in this thread). */
export class FailingQueue<T> extends Queue<T> {
  failNextPut = false;
  failNextGet = false;

  protected override _put(ref: number, priority: number): boolean {
    if (this.failNextPut) {
      this.failNextPut = false;
      throw new FailingQueueError();
    }
    return super._put(ref, priority);
  }

  protected override _get(): number {
    if (this.failNextGet) {
      this.failNextGet = false;
      throw new FailingQueueError();
    }
    return super._get();
  }
}
