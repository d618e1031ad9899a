/**
 * Repeatable random numbers for ./data-source.ts, so that a test can know
 * what the program prints. Python's `random` is a Mersenne Twister: the same
 * seed gives other numbers there.
 */

/** A generator of floats in [0, 1) from a 32-bit seed (the mulberry32 mixing function). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Python's `random.randint(low, high)`: an integer from `low` to `high`, both included. */
export function randint(random: () => number, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}
