/**
 * Word indexes of the primitive specs' fixture buffer, and helpers that need
 * no library import (so a task can change the platform before loading it).
 * The words inside a condition are the library's own offsets (`SEQ`,
 * `WAITERS`, `SIGNALS` of the `SYNC` and `ASYNC` kinds, from
 * lib/primitives/condition.ts).
 */

/** Word indexes in the fixture buffer. */
export const W = {
  MUTEX: 0,
  /** Two conditions, each `Condition.WORDS` long (./layout.ts checks that they fit). */
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
