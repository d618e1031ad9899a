/**
 * The error of an `acquire` that found no free queue in its family.
 *
 * @module
 */
import { Empty } from '../errors.js';

/**
 * Thrown by `family.acquire(false)`, or by `family.acquire(true, timeout)`
 * when no queue of the family came free in time: every queue is lent out.
 * Extends {@link Empty}, as the free list it comes from was empty; its
 * `cause` is the `SyncQueueEmpty` of that free list.
 * @example
 * ```ts
 * let id: number;
 * try {
 *   id = family.acquire(true, 0.5); // wait at most half a second
 * } catch (error) {
 *   if (!(error instanceof QueueFamilyExhausted)) throw error;
 *   return busy(); // every reply queue is in use: shed the request
 * }
 * ```
 */
export class QueueFamilyExhausted extends Empty {}
