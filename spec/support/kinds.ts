/**
 * The queue kinds and faces that behavioural suites run against, so one
 * suite covers every implementation.
 */
import {
  AsyncQueueEmpty,
  AsyncQueueFull,
  AsyncQueueShutDown,
  LifoQueue,
  PriorityQueue,
  Queue,
  SyncQueueEmpty,
  SyncQueueFull,
  SyncQueueShutDown,
  type QueueFace,
} from '../../lib/index.js';

/** A queue kind: how to make one, and the order it returns 1, 2, 3 put in that order. */
export interface KindCase {
  name: string;
  make: <T>(maxsize?: number) => Queue<T>;
  /** The order `get` returns the items [3, 1, 2] (put in that order). */
  order: number[];
}

export const KINDS: KindCase[] = [
  { name: 'Queue', make: (maxsize) => new Queue(maxsize), order: [3, 1, 2] },
  { name: 'LifoQueue', make: (maxsize) => new LifoQueue(maxsize), order: [2, 1, 3] },
  { name: 'PriorityQueue', make: (maxsize) => new PriorityQueue(maxsize), order: [1, 2, 3] },
];

/** A face of a queue, with the error classes it throws. */
export interface FaceCase {
  name: 'syncQ' | 'asyncQ';
  of: <T>(queue: Queue<T>) => QueueFace<T>;
  Empty: new () => Error;
  Full: new () => Error;
  ShutDown: new () => Error;
}

export const FACES: FaceCase[] = [
  {
    name: 'syncQ',
    of: (queue) => queue.syncQ,
    Empty: SyncQueueEmpty,
    Full: SyncQueueFull,
    ShutDown: SyncQueueShutDown,
  },
  {
    name: 'asyncQ',
    of: (queue) => queue.asyncQ,
    Empty: AsyncQueueEmpty,
    Full: AsyncQueueFull,
    ShutDown: AsyncQueueShutDown,
  },
];
