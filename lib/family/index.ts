/**
 * Families of queues lent out by id: reply queues that can be named inside an item.
 *
 * @module
 */
export { QueueFamilyExhausted } from './family-exhausted.js';
export type { QueueFamilyHandle, QueueFamilyOptions } from './family-handle.js';
export { QueueFamily } from './queue-family.js';
