/**
 * Views of a queue's shared state through its handle, for tests that must
 * look under the public API (the lock, the store's live bytes, the waiters
 * registered on a condition). They are built from the library's own layout
 * constants and classes, never from copies of its offsets, so a layout
 * change cannot leave a test reading the wrong word.
 */
import { ID_BYTES, Word } from '../../lib/engine/layout.js';
import type { QueueHandle } from '../../lib/index.js';
import { ASYNC, SEQ, SIGNALS, SYNC, WAITERS } from '../../lib/primitives/condition.js';
import { Mutex } from '../../lib/primitives/mutex.js';
import { Arena } from '../../lib/store/arena.js';
import { SharedRegion } from '../../lib/store/shared-region.js';

/** Anything with a queue handle: a queue of any kind. */
export interface HasHandle {
  readonly handle: QueueHandle;
}

/** The queue's control words. */
export function controlWords(queue: HasHandle): Int32Array {
  return new Int32Array(queue.handle.control);
}

/** A mutex over the queue's lock word: taking it takes the queue's lock, from any thread. */
export function lockOf(queue: HasHandle): Mutex {
  return new Mutex(controlWords(queue), Word.Mutex);
}

/** Whether the queue's lock is free (janus's `not _sync_mutex.locked()`): its word is 0. */
export function lockIsFree(queue: HasHandle): boolean {
  return Atomics.load(controlWords(queue), Word.Mutex) === 0;
}

/** Bytes held by items in the queue's shared store. */
export function liveBytes(queue: HasHandle): number {
  const words = controlWords(queue);
  return new Arena(new SharedRegion(queue.handle.store, words, Word.ArenaSize, ID_BYTES), words, Word.Arena).liveBytes;
}

/** The queue's three conditions. */
export type ConditionName = 'notEmpty' | 'notFull' | 'allTasksDone';

/** The first control word of `condition`. */
export function conditionAt(condition: ConditionName): number {
  return condition === 'notEmpty' ? Word.NotEmpty : condition === 'notFull' ? Word.NotFull : Word.AllTasksDone;
}

/** Registered, not yet signalled waiters of each kind on one of the queue's conditions. */
export function waiters(queue: HasHandle, condition: ConditionName): { sync: number; async: number } {
  const words = controlWords(queue);
  const at = conditionAt(condition);
  return { sync: Atomics.load(words, at + SYNC + WAITERS), async: Atomics.load(words, at + ASYNC + WAITERS) };
}

/** One condition's words, for failure messages: sequence, waiters and signals of each kind. */
export function describeCondition(queue: HasHandle, condition: ConditionName): string {
  const words = controlWords(queue);
  const at = conditionAt(condition);
  const kind = (name: string, from: number): string =>
    `${name} seq ${Atomics.load(words, at + from + SEQ)}, waiters ${Atomics.load(words, at + from + WAITERS)}, signals ${Atomics.load(words, at + from + SIGNALS)}`;
  return `${kind('sync', SYNC)}; ${kind('async', ASYNC)}`;
}
