/**
 * janus-queue: a queue with a blocking face and a promise face, shared
 * between threads through `SharedArrayBuffer` (a port of Python's janus).
 *
 * @packageDocumentation
 */
export type { Codec } from './codec/codec.js';
export { StructuredCodec } from './codec/structured-codec.js';
// Every error class and JanusErrorOptions: lib/errors.ts holds the public errors and nothing else.
export * from './errors.js';
export { reviveError } from './revive-error.js';
export { AsyncQueueProxy, type AsyncQueue, type AsyncQueueProxyClass } from './faces/async-queue.js';
export type { BlockingOptions, ShutdownOptions, WaitOptions } from './faces/call-options.js';
export type { QueueFace } from './faces/face.js';
export { SyncQueueProxy, type SyncQueue, type SyncQueueProxyClass } from './faces/sync-queue.js';
export { BaseQueue } from './queues/base-queue.js';
export type { QueueHandle } from './engine/handle.js';
export { LifoQueue } from './queues/lifo-queue.js';
export type { QueueOptions } from './queues/options.js';
export { PriorityQueue, type PriorityQueueOptions } from './queues/priority-queue.js';
export { Queue } from './queues/queue.js';
export { QueueFamily, QueueFamilyExhausted, type QueueFamilyHandle, type QueueFamilyOptions } from './family/index.js';
