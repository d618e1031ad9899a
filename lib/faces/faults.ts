/**
 * The error classes each face throws.
 *
 * @module
 * @internal
 */
import {
  AsyncQueueEmpty,
  AsyncQueueFull,
  AsyncQueueShutDown,
  type Empty,
  type Full,
  type ShutDown,
  SyncQueueEmpty,
  SyncQueueFull,
  SyncQueueShutDown,
} from '../errors.js';

/** Makes a face's errors, a fresh instance per throw. @internal */
export interface Faults {
  empty(): Empty;
  full(noRoom: boolean): Full;
  shutDown(): ShutDown;
}

const NO_ROOM = "the queue's shared store has no room for the item (see options.maxCapacity)";

/** The errors of `syncQ`. @internal */
export const syncFaults: Faults = {
  empty: () => new SyncQueueEmpty(),
  full: (noRoom) => (noRoom ? new SyncQueueFull(NO_ROOM) : new SyncQueueFull()),
  shutDown: () => new SyncQueueShutDown(),
};

/** The errors of `asyncQ`. @internal */
export const asyncFaults: Faults = {
  empty: () => new AsyncQueueEmpty(),
  full: (noRoom) => (noRoom ? new AsyncQueueFull(NO_ROOM) : new AsyncQueueFull()),
  shutDown: () => new AsyncQueueShutDown(),
};
