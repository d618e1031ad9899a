/**
 * Where each piece of a queue's shared state lives in its control words
 * (an `Int32Array` over the handle's `control` buffer).
 *
 * The first words identify the memory: a tag, the layout version and the
 * queue kind, checked whenever a handle is attached, so a foreign or
 * overwritten buffer fails loudly instead of corrupting anything.
 *
 * @module
 * @internal
 */
import { Condition } from '../primitives/condition.js';
import { Arena } from '../store/arena.js';

/** "JNSQ": marks control memory laid out by janus-queue. */
export const TAG = 0x4a4e5351;
/** Bumped whenever this layout changes. */
export const LAYOUT_VERSION = 3;

// Threads hand the lock, and the cache lines written under it, back and
// forth for every item, so where the words live matters: the words that
// every put and get writes share one 64-byte line (a single transfer per
// lock hand-over); words that are mostly only read (maxsize, store sizes)
// and the conditions (written only while someone waits) live 128 bytes and
// more away, where the hot line's traffic does not evict them.

/** Word indexes in the control memory. */
export const Word = {
  Tag: 0,
  Version: 1,
  Kind: 2,
  Mutex: 3,
  /** 1 once `shutdown()` was called. */
  ShutDown: 4,
  UnfinishedTasks: 5,
  /** 1 after a put found no room in the store: the next `get` wakes every putter. */
  RoomShortage: 6,
  /**
   * The number of items, kept under the lock by `BaseQueue` itself (whatever
   * its kind's `_qsize` says): blocking calls poll it without the lock, as a
   * hint, while they spin briefly before they sleep.
   */
  Count: 7,
  /** The record store's own words. */
  Arena: 8,
  /** The queue kind's index words. */
  Index: 8 + Arena.WORDS,
  /** `maxsize`, a float64 over words 32 and 33 (index 16 of a float64 view). */
  MaxsizeF64: 16,
  /** The record store's size in bytes. */
  ArenaSize: 34,
  /** The order index's size in bytes. */
  IndexSize: 35,
  /**
   * The queue's identity: two random words, written also at the start of
   * its store and index buffers (see {@link ID_BYTES}), so a handle whose
   * buffers come from different queues fails on attach.
   */
  QueueId: 36,
  NotEmpty: 48,
  NotFull: 48 + Condition.WORDS,
  AllTasksDone: 48 + 2 * Condition.WORDS,
} as const;

/** Bytes at the start of the store and index buffers that hold the queue's identity (before the region). */
export const ID_BYTES = 8;

/** Words a queue kind's index may use from {@link Word.Index}. */
export const INDEX_WORDS = 4;
/** Bytes of control memory (a multiple of 8, for the float64 view). */
export const CONTROL_BYTES = Math.ceil((Word.AllTasksDone + Condition.WORDS) / 2) * 8;
