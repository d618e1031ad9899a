/**
 * Families of queues lent out by id: reply queues that can be named inside an item.
 *
 * @module
 */
export { QueueFamilyExhausted } from './family-exhausted.js';
export * from './family-handle.js'; // types only
export { QueueFamily } from './queue-family.js';
