/**
 * Fixtures of the primitive specs: one shared buffer of words holding a
 * mutex, two conditions and a few bookkeeping words, attached the same way
 * in the main thread and in worker tasks.
 */
import { Condition } from '../../lib/primitives/condition.js';
import { Mutex } from '../../lib/primitives/mutex.js';
import { W } from './words.js';

export * from './words.js';

// The fixture's words overlap nowhere, whatever sizes the library gives its primitives.
if (W.MUTEX + Mutex.WORDS > W.COND || W.COND + Condition.WORDS > W.COND2 || W.COND2 + Condition.WORDS > W.COUNTER) {
  throw new Error(
    `the primitive specs' fixture words overlap: mutex ${Mutex.WORDS}, condition ${Condition.WORDS} words`,
  );
}

export interface Prims {
  words: Int32Array;
  mutex: Mutex;
  cond: Condition;
  cond2: Condition;
}

/** This thread's mutex and conditions over `sab`. */
export function attach(sab: SharedArrayBuffer): Prims {
  const words = new Int32Array(sab);
  const mutex = new Mutex(words, W.MUTEX);
  return { words, mutex, cond: new Condition(words, W.COND, mutex), cond2: new Condition(words, W.COND2, mutex) };
}
