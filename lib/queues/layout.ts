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
export const LAYOUT_VERSION = 1;

const NOT_EMPTY = 10;
const ARENA_SIZE = NOT_EMPTY + 3 * Condition.WORDS;
const INDEX_SIZE = ARENA_SIZE + 1 + Arena.WORDS;

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
  /** `maxsize`, a float64 over words 8 and 9 (index 4 of a float64 view). */
  MaxsizeF64: 4,
  NotEmpty: NOT_EMPTY,
  NotFull: NOT_EMPTY + Condition.WORDS,
  AllTasksDone: NOT_EMPTY + 2 * Condition.WORDS,
  /** The record store's size in bytes; its own words follow. */
  ArenaSize: ARENA_SIZE,
  Arena: ARENA_SIZE + 1,
  /** The order index's size in bytes; the queue kind's index words follow. */
  IndexSize: INDEX_SIZE,
  Index: INDEX_SIZE + 1,
} as const;

/** Words a queue kind's index may use from {@link Word.Index}. */
export const INDEX_WORDS = 4;
/** Bytes of control memory (a multiple of 8, for the float64 view). */
export const CONTROL_BYTES = Math.ceil((Word.Index + INDEX_WORDS) / 2) * 8;
