/**
 * The long sequential scenarios of CPython's `BaseQueueTestMixin` /
 * `FailingQueueTest` (also in janus's test_sync.py), written once against
 * `syncQ` so that they run both on the main thread (CPython port: the
 * trigger is a worker) and inside a worker (janus port: the trigger is the
 * main thread). Each blocking step goes through the rendezvous `rv`.
 */
import { expect } from 'chai';
import { Queue, SyncQueueEmpty, SyncQueueFull } from '../../lib/index.js';
import { lockIsFree } from '../support/internals.js';
import { FailingQueue, FailingQueueError } from './failing-queue.js';
import { blockOn, qfull, TRIGGER_ITEM, TriggerAction } from './shared.js';

/** The maxsize the scenarios use. */
export const QUEUE_SIZE = 5;

/** The order each kind returns 111, 333, 222 (put in that order). */
export const ORDER: Record<string, number[]> = {
  Queue: [111, 333, 222],
  LifoQueue: [222, 333, 111],
  PriorityQueue: [111, 222, 333],
};

/** `call` must throw an instance of `type` after waiting at least about `seconds`. */
function expectTimedOut(call: () => unknown, type: new (...args: never[]) => Error, seconds: number): void {
  const started = performance.now();
  expect(call).to.throw(type);
  // Generous lower bound: at least half the timeout went by.
  expect(performance.now() - started).to.be.at.least((seconds * 1000) / 2);
}

/**
 * CPython's `basic_queue_test` (janus's `simple_queue_test`) on an empty
 * queue of maxsize {@link QUEUE_SIZE}; `order` is the kind's order of
 * 111, 333, 222.
 */
export function basicQueueScenario(queue: Queue<number>, order: number[], rv: Int32Array): void {
  const q = queue.syncQ;
  if (q.qsize() !== 0) throw new Error('call basicQueueScenario with an empty queue');
  expect(q.empty()).to.equal(true);
  expect(q.full()).to.equal(false);
  q.put(111);
  q.put(333);
  q.put(222);
  expect([q.get(), q.get(), q.get()], "didn't seem to queue the correct data").to.deep.equal(order);
  for (let i = 0; i < QUEUE_SIZE - 1; i++) {
    q.put(i);
    expect(q.qsize(), 'queue should not be empty').to.be.above(0);
  }
  expect(qfull(queue), 'queue should not be full').to.equal(false);
  const last = 2 * QUEUE_SIZE;
  const full = 3 * 2 * QUEUE_SIZE;
  q.put(last);
  expect(qfull(queue), 'queue should be full').to.equal(true);
  expect(q.empty()).to.equal(false);
  expect(q.full()).to.equal(true);
  expect(() => q.put(full, false), "didn't appear to block with a full queue").to.throw(SyncQueueFull);
  expectTimedOut(() => q.put(full, true, 0.01), SyncQueueFull, 0.01);
  expect(q.qsize(), 'a failed put adds nothing').to.equal(QUEUE_SIZE);
  // Blocking puts, released by a get in the other thread.
  blockOn(rv, TriggerAction.Get, () => q.put(full));
  blockOn(rv, TriggerAction.Get, () => q.put(full, true, 10));
  // Empty it.
  for (let i = 0; i < QUEUE_SIZE; i++) q.get();
  expect(q.qsize(), 'queue should be empty').to.equal(0);
  expect(() => q.get(false), "didn't appear to block with an empty queue").to.throw(SyncQueueEmpty);
  expectTimedOut(() => q.get(true, 0.01), SyncQueueEmpty, 0.01);
  // Blocking gets, released by a put in the other thread.
  expect(blockOn(rv, TriggerAction.Put, () => q.get())).to.equal(TRIGGER_ITEM);
  expect(blockOn(rv, TriggerAction.Put, () => q.get(true, 10))).to.equal(TRIGGER_ITEM);
  expect(q.qsize()).to.equal(0);
}

/** Checks that a failed call left `queue` consistent: size, tasks and a free lock. */
function expectIntact(queue: Queue<unknown>, size: number, unfinished: number): void {
  expect(lockIsFree(queue), 'the mutex is released after the failure').to.equal(true);
  expect(queue.syncQ.qsize(), 'qsize after the failure').to.equal(size);
  expect(queue.syncQ.unfinishedTasks, 'unfinishedTasks after the failure').to.equal(unfinished);
}

/**
 * CPython's `failing_queue_test` on an empty {@link FailingQueue} of maxsize
 * {@link QUEUE_SIZE}: every failure of `_put`/`_get` (non-blocking, timed,
 * blocking, after being woken) leaves the queue usable and unchanged.
 */
export function failingQueueScenario(queue: FailingQueue<unknown>, rv: Int32Array): void {
  const q = queue.syncQ;
  if (q.qsize() !== 0) throw new Error('call failingQueueScenario with an empty queue');
  const tasks0 = q.unfinishedTasks;
  for (let i = 0; i < QUEUE_SIZE - 1; i++) q.put(i);
  // A failing non-blocking put.
  queue.failNextPut = true;
  expect(() => q.put('oops', false), "the queue didn't fail when it should have").to.throw(FailingQueueError);
  expectIntact(queue, QUEUE_SIZE - 1, tasks0 + QUEUE_SIZE - 1);
  // A failing timed put (there is room, so it fails at once).
  queue.failNextPut = true;
  expect(() => q.put('oops', true, 0.1)).to.throw(FailingQueueError);
  expectIntact(queue, QUEUE_SIZE - 1, tasks0 + QUEUE_SIZE - 1);
  q.put('last');
  expect(qfull(queue), 'queue should be full').to.equal(true);
  // A failing blocking put: it waits for room, the trigger takes an item, the put fails.
  queue.failNextPut = true;
  expect(() => blockOn(rv, TriggerAction.Get, () => q.put('full'))).to.throw(FailingQueueError);
  // The put failed but the get succeeded.
  expectIntact(queue, QUEUE_SIZE - 1, tasks0 + QUEUE_SIZE);
  q.put('last');
  // A failing timed put, woken the same way.
  queue.failNextPut = true;
  expect(() => blockOn(rv, TriggerAction.Get, () => q.put('full', true, 10))).to.throw(FailingQueueError);
  expectIntact(queue, QUEUE_SIZE - 1, tasks0 + QUEUE_SIZE + 1);
  q.put('last');
  expect(qfull(queue), 'queue should be full').to.equal(true);
  q.get();
  expect(qfull(queue), 'queue should not be full').to.equal(false);
  q.put('last');
  expect(qfull(queue), 'queue should be full').to.equal(true);
  // A blocking put that succeeds.
  blockOn(rv, TriggerAction.Get, () => q.put('full'));
  // Empty it.
  for (let i = 0; i < QUEUE_SIZE; i++) q.get();
  expect(q.qsize(), 'queue should be empty').to.equal(0);
  q.put('first');
  // A failing get on a non-empty queue.
  queue.failNextGet = true;
  expect(() => q.get(), "the queue didn't fail when it should have").to.throw(FailingQueueError);
  expect(q.qsize(), 'queue should not be empty').to.equal(1);
  queue.failNextGet = true;
  expect(() => q.get(true, 0.1)).to.throw(FailingQueueError);
  expect(q.qsize(), 'queue should not be empty').to.equal(1);
  expect(lockIsFree(queue)).to.equal(true);
  expect(q.get()).to.equal('first');
  expect(q.qsize(), 'queue should be empty').to.equal(0);
  // A failing blocking get: woken by the trigger's put, then fails.
  queue.failNextGet = true;
  expect(() => blockOn(rv, TriggerAction.Put, () => q.get())).to.throw(FailingQueueError);
  // The put succeeded but the get failed: the item is still there.
  expect(q.qsize(), 'queue should not be empty').to.equal(1);
  expect(lockIsFree(queue)).to.equal(true);
  expect(q.get()).to.equal(TRIGGER_ITEM);
  expect(q.qsize(), 'queue should be empty').to.equal(0);
}
