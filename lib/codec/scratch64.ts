/**
 * Eight scratch bytes seen as a float64 and as an int64, to move those
 * numbers to and from bytes without a `DataView` per call. Used only
 * synchronously, so one set serves every codec in the thread.
 *
 * @module
 * @internal
 */

const buffer = new ArrayBuffer(8);

/** The eight bytes, as numbers of each kind. @internal */
export const scratch64 = {
  float64: new Float64Array(buffer),
  bigInt64: new BigInt64Array(buffer),
};

/** The eight bytes themselves. @internal */
export const float64Bytes = new Uint8Array(buffer);
