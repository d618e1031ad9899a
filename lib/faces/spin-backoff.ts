/**
 * When a thread's blocking calls spin before they sleep.
 *
 * @module
 * @internal
 */

/** The most calls in a row that sleep without spinning, after spins that found nothing. */
const MOST_SKIPPED = 63;

/**
 * Whether one thread's blocking calls of one kind, on one queue, spin
 * before they sleep. A spin pays when the other side answers within it (a
 * request and its response); when it does not, it is time taken from the
 * other threads, and with more threads than cores that time is what they
 * need to make progress. So after a spin that found nothing, the next call
 * that must wait sleeps at once, then the next 3, 7, ... up to
 * {@link MOST_SKIPPED}; a spin that pays starts over with every call
 * spinning.
 * @internal
 */
export class SpinBackoff {
  /** How many calls sleep at once after the next spin that finds nothing. */
  private skip = 0;
  /** How many calls are still to sleep at once. */
  private left = 0;

  /** @param awaits - what the calls wait for: room (puts) or an item (gets and peeks). */
  constructor(readonly awaits: 'room' | 'item') {}

  /** Whether the call that must wait now may spin first. */
  allows(): boolean {
    if (this.left === 0) return true;
    this.left--;
    return false;
  }

  /** Records how a spin ended: whether it found what it waited for in time. */
  record(paid: boolean): void {
    if (paid) {
      this.skip = 0;
    } else {
      this.skip = Math.min(2 * this.skip + 1, MOST_SKIPPED);
      this.left = this.skip;
    }
  }
}
