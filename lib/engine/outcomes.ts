/**
 * What one attempt of the engine, made under the queue's lock, came to.
 *
 * @module
 * @internal
 */

/** The outcomes of a put attempt. @internal */
export const Put = {
  /** The item is in the queue. */
  Done: 'done',
  /** The queue holds `maxsize` items: wait for a get. */
  Full: 'full',
  /** The shared store has no room for the item's bytes: wait for a get. */
  NoRoom: 'no-room',
  /** The queue is shut down: the item was not added. */
  ShutDown: 'shut-down',
} as const;

/** One of {@link Put}. @internal */
export type PutOutcome = (typeof Put)[keyof typeof Put];

/** The outcomes of a get, peek or getMany attempt. @internal */
export const Take = {
  /** The item (or items) were copied out; decode them once the lock is released. */
  Taken: 'taken',
  /** The queue has no item: wait for a put. */
  Empty: 'empty',
  /** The queue is shut down and has no item. */
  ShutDown: 'shut-down',
} as const;

/** One of {@link Take}. @internal */
export type TakeOutcome = (typeof Take)[keyof typeof Take];
