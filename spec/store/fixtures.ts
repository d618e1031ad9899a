/**
 * Fixtures of the store specs: a region over a fresh shared buffer whose
 * size word lives in control word 0, the structure's own words following.
 */
import { allocateShared, SharedRegion } from '../../lib/store/shared-region.js';

export { prng, seedOf } from '../primitives/helpers.js';

export interface Fixture {
  control: Int32Array;
  region: SharedRegion;
}

/**
 * A region of `initial` bytes that may grow to `max`; its size word is
 * control[0]. Its buffer is reserved and grown (the harder case) unless
 * `atOnce`, when it is committed at its maximum size at once.
 */
export function fixture(initial: number, max: number, atOnce: boolean = false): Fixture {
  const control = new Int32Array(new SharedArrayBuffer(256));
  control[0] = initial;
  return { control, region: new SharedRegion(allocateShared(initial, max, atOnce), control, 0) };
}

/** Another thread's view of the same region (its own views, the same words). */
export function otherView(f: Fixture): SharedRegion {
  return new SharedRegion(f.region.buffer, f.control, 0);
}
