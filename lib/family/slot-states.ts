/**
 * The shared words that say which queues of a family are lent out, and the
 * reply ids that name a lent queue.
 *
 * A slot's word is `lap * 2 + lent`: `lent` is 1 while the slot is lent, and
 * `lap` counts the loans so far (modulo {@link SlotStates.laps}). The id of a
 * loan is `lap * size + slot`, so an id stops resolving once its loan ends,
 * and is not handed out again until `laps` further loans of the same slot.
 *
 * @module
 * @internal
 */
import { describe } from '../describe.js';
import { ValueError } from '../errors.js';

/** Written first in the buffer, so a buffer of something else is refused. */
const TAG = 0x4a51_4631;
/** Words before the slots: the tag, then the number of slots. */
const HEADER_WORDS = 2;
/** Ids stay below 2 ** 30, so every id is a small non-negative int32. */
const ID_LIMIT = 2 ** 30;

/** The loan state of every queue of a family, in shared memory. */
export class SlotStates {
  /** How many loans of one slot before an id repeats. */
  readonly laps: number;
  readonly #words: Int32Array;

  private constructor(
    readonly buffer: SharedArrayBuffer,
    readonly size: number,
  ) {
    this.#words = new Int32Array(buffer);
    this.laps = Math.floor(ID_LIMIT / size);
  }

  /** New shared states for `size` slots, none lent. */
  static create(size: number): SlotStates {
    const buffer = new SharedArrayBuffer((HEADER_WORDS + size) * Int32Array.BYTES_PER_ELEMENT);
    const words = new Int32Array(buffer);
    words[0] = TAG;
    words[1] = size;
    return new SlotStates(buffer, size);
  }

  /**
   * The states in `buffer` (from a family handle), which must hold `size` slots.
   * @throws TypeError for anything else.
   */
  static attach(buffer: unknown, size: number): SlotStates {
    if (!(buffer instanceof SharedArrayBuffer)) {
      throw new TypeError(
        `expected a QueueFamilyHandle: handle.slots must be a SharedArrayBuffer; received ${describe(buffer)}`,
      );
    }
    const words =
      buffer.byteLength === (HEADER_WORDS + size) * Int32Array.BYTES_PER_ELEMENT ? new Int32Array(buffer) : null;
    if (words === null || Atomics.load(words, 0) !== TAG || Atomics.load(words, 1) !== size) {
      throw new TypeError(
        `expected a QueueFamilyHandle: handle.slots does not describe the ${size} queues of handle.queues`,
      );
    }
    return new SlotStates(buffer, size);
  }

  /** Marks `slot` (just taken from the free list) as lent; returns the id of this loan. */
  lend(slot: number): number {
    const at = HEADER_WORDS + slot;
    const state = Atomics.load(this.#words, at);
    if (state % 2 === 1 || Atomics.compareExchange(this.#words, at, state, state + 1) !== state) {
      throw new Error(`queue ${slot} of the family was on the free list while lent: its shared state was overwritten`);
    }
    return (state / 2) * this.size + slot;
  }

  /**
   * The slot that `id` names while its loan lasts.
   * @throws TypeError when `id` is not a possible id; ValueError when its loan has ended.
   */
  slotOf(id: number): number {
    const { slot, lentState } = this.#parse(id);
    if (Atomics.load(this.#words, HEADER_WORDS + slot) !== lentState) {
      throw new ValueError(
        `reply id ${id} is not lent out: it was released already, or never acquired from this family`,
      );
    }
    return slot;
  }

  /**
   * Ends the loan that `id` names; returns its slot.
   * @throws TypeError when `id` is not a possible id; ValueError when its loan has ended already.
   */
  endLoan(id: number): number {
    const { slot, lentState, lap } = this.#parse(id);
    const freeState = ((lap + 1) % this.laps) * 2;
    if (Atomics.compareExchange(this.#words, HEADER_WORDS + slot, lentState, freeState) !== lentState) {
      throw new ValueError(
        `reply id ${id} cannot be released: it was released already, or never acquired from this family`,
      );
    }
    return slot;
  }

  #parse(id: number): { slot: number; lap: number; lentState: number } {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id >= this.laps * this.size) {
      throw new TypeError(
        `id must be a reply id from acquire() (an integer from 0 to ${this.laps * this.size - 1}); received ${describe(id)}`,
      );
    }
    const slot = id % this.size;
    const lap = (id - slot) / this.size;
    return { slot, lap, lentState: lap * 2 + 1 };
  }
}
