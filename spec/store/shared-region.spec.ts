import { expect } from 'chai';
import { allocateShared, COMMIT_AT_ONCE, MAX_REGION_BYTES, SharedRegion } from '../../lib/store/shared-region.js';
import { runTask } from '../primitives/helpers.js';
import { fixture, otherView } from './fixtures.js';

const TASKS = new URL('./tasks.js', import.meta.url);

type Allocate = (length: number, options?: { maxByteLength?: number }) => SharedArrayBuffer;

/** Runs `body` where `new SharedArrayBuffer(...)` is `allocate(...)`, given the real constructor. */
function withAllocator<T>(allocate: (Real: SharedArrayBufferConstructor) => Allocate, body: () => T): T {
  const Real = SharedArrayBuffer;
  const allocateWith = allocate(Real);
  function Fake(length: number, options?: { maxByteLength?: number }): SharedArrayBuffer {
    return allocateWith(length, options);
  }
  Fake.prototype = Real.prototype;
  globalThis.SharedArrayBuffer = Fake as unknown as SharedArrayBufferConstructor;
  try {
    return body();
  } finally {
    globalThis.SharedArrayBuffer = Real;
  }
}

/** Runs `body` where `SharedArrayBuffer` cannot grow (it ignores `maxByteLength`). */
function withoutGrowableBuffers<T>(body: () => T): T {
  return withAllocator((Real) => (length) => new Real(length), body);
}

describe('store/SharedRegion', () => {
  it('allocateShared reserved: a growable buffer of the initial size', () => {
    const buffer = allocateShared(64, 4096, false);
    expect(buffer.growable).to.equal(true);
    expect(buffer.byteLength).to.equal(64);
    expect(buffer.maxByteLength).to.equal(4096);
  });

  it('allocateShared at once: a buffer of the maximum size, and commits at once by default only on Linux, in Node and Deno', () => {
    const buffer = allocateShared(64, 4096, true);
    expect(buffer.byteLength).to.equal(4096);
    expect(buffer.maxByteLength).to.equal(4096);
    expect(COMMIT_AT_ONCE).to.equal(process.platform === 'linux' && !('bun' in process.versions));
    expect(allocateShared(64, 4096).byteLength).to.equal(COMMIT_AT_ONCE ? 4096 : 64);
  });

  it('allocateShared at once falls back to a reserved buffer when the system refuses to commit the maximum', () => {
    const refused: number[] = [];
    const buffer = withAllocator(
      (Real) => (length, options) => {
        if (length <= 1024) return new Real(length, options);
        refused.push(length);
        throw new RangeError('Array buffer allocation failed');
      },
      () => allocateShared(64, 4096, true),
    );
    expect(refused).to.deep.equal([4096]);
    expect(buffer.growable).to.equal(true);
    expect(buffer.byteLength).to.equal(64);
    expect(buffer.maxByteLength).to.equal(4096);
  });

  it('allocateShared at once lets any other error through', () => {
    const broken = () => () => {
      throw new TypeError('broken');
    };
    expect(() => withAllocator(broken, () => allocateShared(64, 4096, true))).to.throw(TypeError, 'broken');
  });

  it('allocateShared gives the maximum at once where buffers cannot grow', () => {
    const { grown, same } = withoutGrowableBuffers(() => ({
      grown: allocateShared(64, 4096, false),
      same: allocateShared(128, 128, false),
    }));
    expect(grown.growable).to.equal(false);
    expect(grown.byteLength).to.equal(4096);
    expect(same.growable).to.equal(false);
    expect(same.byteLength).to.equal(128);
  });

  it('has views of the size in its control word', () => {
    const { region, control } = fixture(64, 4096);
    expect(region.size).to.equal(64);
    expect(region.maxSize).to.equal(4096);
    expect(region.u8.length).to.equal(64);
    expect(region.i32.length).to.equal(16);
    expect(region.f64.length).to.equal(8);
    expect(control[0]).to.equal(64);
    region.i32[3] = -7;
    expect(region.u8[12]).to.equal(0xf9);
  });

  it('reserve is a no-op when the region is big enough', () => {
    const { region } = fixture(64, 4096);
    const i32 = region.i32;
    expect(region.reserve(0)).to.equal(true);
    expect(region.reserve(64)).to.equal(true);
    expect(region.size).to.equal(64);
    expect(region.buffer.byteLength).to.equal(64);
    expect(region.i32).to.equal(i32); // same views
  });

  it('reserve doubles the size at least, up to the maximum, keeping the contents', () => {
    const { region, control } = fixture(64, 1000);
    region.i32[15] = 42;
    expect(region.reserve(65)).to.equal(true);
    expect(region.size).to.equal(128);
    expect(control[0]).to.equal(128);
    expect(region.buffer.byteLength).to.equal(128);
    expect(region.i32.length).to.equal(32);
    expect(region.i32[15]).to.equal(42);
    expect(region.reserve(300)).to.equal(true); // more than double
    expect(region.size).to.equal(300);
    expect(region.reserve(400)).to.equal(true); // doubling capped at the maximum
    expect(region.size).to.equal(600);
    expect(region.reserve(601)).to.equal(true);
    expect(region.size).to.equal(1000);
    expect(region.u8.length).to.equal(1000);
  });

  it('a region never grows past 2 GiB - 8 bytes, whose size an int32 control word holds, whatever its buffer allows', () => {
    const { region, control } = fixture(64, 2 ** 31); // address space only: no page is written
    expect(region.maxSize).to.equal(MAX_REGION_BYTES);
    expect(MAX_REGION_BYTES).to.equal(2 ** 31 - 8);
    expect(region.reserve(2 ** 30 + 8)).to.equal(true);
    expect(region.reserve(2 ** 30 + 2 ** 29)).to.equal(true); // doubling would pass 2^31
    expect(region.size).to.equal(2 ** 31 - 8);
    expect(control[0]).to.equal(2 ** 31 - 8);
    expect(region.u8.length).to.equal(2 ** 31 - 8);
    expect(region.reserve(2 ** 31)).to.equal(false);
    expect(region.size).to.equal(2 ** 31 - 8);
  });

  it('reserve beyond the maximum returns false and changes nothing', () => {
    const { region, control } = fixture(64, 256);
    const i32 = region.i32;
    expect(region.reserve(257)).to.equal(false);
    expect(region.size).to.equal(64);
    expect(control[0]).to.equal(64);
    expect(region.buffer.byteLength).to.equal(64);
    expect(region.i32).to.equal(i32);
  });

  it('another view sees the growth after refresh, and refresh is cheap when nothing moved', () => {
    const f = fixture(64, 4096);
    const other = otherView(f);
    const before = other.u8;
    other.refresh();
    expect(other.u8).to.equal(before);
    expect(f.region.reserve(1024)).to.equal(true);
    f.region.i32[255] = 0x12345678;
    expect(other.size).to.equal(1024); // the shared size word
    expect(other.u8.length).to.equal(64); // stale views until refresh
    other.refresh();
    expect(other.u8.length).to.equal(1024);
    expect(other.i32[255]).to.equal(0x12345678);
  });

  it('a region over a buffer that cannot grow only moves its size word', () => {
    const buffer = withoutGrowableBuffers(() => allocateShared(64, 512, false));
    const control = new Int32Array(new SharedArrayBuffer(8));
    control[1] = 64;
    const region = new SharedRegion(buffer, control, 1);
    expect(region.maxSize).to.equal(512);
    expect(region.u8.length).to.equal(64);
    expect(region.reserve(100)).to.equal(true);
    expect(region.size).to.equal(128);
    expect(region.u8.length).to.equal(128);
    expect(buffer.byteLength).to.equal(512);
    expect(region.reserve(513)).to.equal(false);
  });

  it('a region over a buffer committed at once only moves its size word, and another view sees it after refresh', () => {
    const f = fixture(64, 4096, true);
    const other = otherView(f);
    expect(f.region.maxSize).to.equal(4096);
    expect(f.region.u8.length).to.equal(64);
    expect(f.region.reserve(1000)).to.equal(true);
    f.region.i32[249] = 77;
    expect(f.region.size).to.equal(1000);
    expect(f.region.buffer.byteLength).to.equal(4096);
    expect(other.u8.length).to.equal(64);
    other.refresh();
    expect(other.u8.length).to.equal(1000);
    expect(other.i32[249]).to.equal(77);
    expect(f.region.reserve(4097)).to.equal(false);
    expect(f.region.size).to.equal(1000);
  });

  for (const atOnce of [false, true]) {
    it(`sees growth and data written by a worker thread (buffer ${atOnce ? 'committed at once' : 'reserved'})`, async () => {
      const f = fixture(64, 1 << 16, atOnce);
      const size = await runTask<number>('growAndWrite', { buffer: f.region.buffer, control: f.control.buffer }, TASKS);
      expect(size).to.equal(4096);
      expect(f.region.u8.length).to.equal(64);
      f.region.refresh();
      expect(f.region.size).to.equal(4096);
      expect(f.region.i32[1023]).to.equal(-123456);
      expect(f.region.f64[255]).to.equal(Math.PI);
    });
  }
});
