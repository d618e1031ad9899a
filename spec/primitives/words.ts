/**
 * Word indexes of the primitive specs' fixture buffer, and helpers that need
 * no library import (so a task can change the platform before loading it).
 */

/** Word indexes in the fixture buffer. */
export const W = {
  MUTEX: 0,
  /** A condition: its sync words at +0..+2, its async words at +3..+5. */
  COND: 2,
  COND2: 8,
  COUNTER: 16,
  READY: 17,
  RELEASE: 18,
  TURN: 19,
  WOKEN: 20,
  REGISTERED: 21,
  STARTED: 22,
  SCRATCH: 23,
} as const;

/** Sync and async sequence words of the condition at `at`. */
export const SYNC_SEQ = 0;
export const SYNC_WAITERS = 1;
export const SYNC_SIGNALS = 2;
export const ASYNC_SEQ = 3;
export const ASYNC_WAITERS = 4;
export const ASYNC_SIGNALS = 5;

export const WORDS = 64;

export function newBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(WORDS * 4);
}

/** Adds one to `words[at]` atomically and wakes anyone waiting on it. */
export function bump(words: Int32Array, at: number, by = 1): void {
  Atomics.add(words, at, by);
  Atomics.notify(words, at);
}

/** Blocks this thread for `ms` milliseconds. */
export function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
