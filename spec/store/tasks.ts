/** Worker tasks of the store specs. */
import { SharedRegion } from '../../lib/store/shared-region.js';

/** Grows the region (size word control[0]) to 4 KiB and writes near its end. */
export function growAndWrite({ buffer, control }: { buffer: SharedArrayBuffer; control: SharedArrayBuffer }): number {
  const region = new SharedRegion(buffer, new Int32Array(control), 0);
  if (!region.reserve(4096)) throw new Error('could not grow');
  region.i32[1023] = -123456;
  region.f64[255] = Math.PI;
  return region.size;
}
