/**
 * The calls of a shutdown storm: what each blocked caller does, and what
 * it reports (as plain data, so workers can send it back).
 */
import { type Queue } from '../../lib/index.js';
import { failure, type Failure } from './config.js';

/** A call that blocks on an empty queue (A) or a full one (B), on either face. */
export interface StormCall {
  queue: 'A' | 'B';
  op: 'get' | 'peek' | 'put' | 'join';
  /** syncQ only: seconds, or null to wait forever. */
  timeout?: number | null;
  /** The item of a put. */
  item?: number;
  /** Marks a call (calls come back from workers as copies). */
  tag?: string;
}

/** How a call ended: `value` if it returned, or what it threw; and after how long. */
export interface StormOutcome {
  call: StormCall;
  face: 'syncQ' | 'asyncQ';
  value?: unknown;
  threw?: Failure;
  ms: number;
}

/** Makes `call` on `queue.syncQ`, blocking this thread. */
export function syncCall(queue: Queue<number>, call: StormCall): StormOutcome {
  const start = performance.now();
  const timeout = call.timeout ?? null;
  try {
    let value: unknown;
    switch (call.op) {
      case 'get':
        value = queue.syncQ.get(true, timeout);
        break;
      case 'peek':
        value = queue.syncQ.peek(true, timeout);
        break;
      case 'put':
        queue.syncQ.put(call.item ?? -1, true, timeout);
        value = 'put';
        break;
      default:
        queue.syncQ.join();
        value = 'joined';
    }
    return { call, face: 'syncQ', value, ms: performance.now() - start };
  } catch (error) {
    return { call, face: 'syncQ', threw: failure(error), ms: performance.now() - start };
  }
}

/** Makes `call` on `queue.asyncQ`; resolves with how it ended. */
export async function asyncCall(queue: Queue<number>, call: StormCall): Promise<StormOutcome> {
  const start = performance.now();
  try {
    let value: unknown;
    switch (call.op) {
      case 'get':
        value = await queue.asyncQ.get();
        break;
      case 'peek':
        value = await queue.asyncQ.peek();
        break;
      case 'put':
        await queue.asyncQ.put(call.item ?? -1);
        value = 'put';
        break;
      default:
        await queue.asyncQ.join();
        value = 'joined';
    }
    return { call, face: 'asyncQ', value, ms: performance.now() - start };
  } catch (error) {
    return { call, face: 'asyncQ', threw: failure(error), ms: performance.now() - start };
  }
}
