/**
 * The outcomes of one locked attempt to put or take, shared by the queue
 * and its faces.
 *
 * @module
 * @internal
 */

/** Outcome of `BaseQueue.tryPut`. */
export const PutResult = { Done: 0, Full: 1, NoRoom: 2, ShutDown: 3 } as const;
/** Outcomes of `BaseQueue.tryTake` other than a record's length (>= 0). */
export const TakeResult = { Empty: -1, ShutDown: -2 } as const;
