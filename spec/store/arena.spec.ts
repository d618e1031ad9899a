import { expect } from 'chai';
import { Arena, blockSize } from '../../lib/store/arena.js';
import { fixture, prng, seedOf, type Fixture } from './fixtures.js';

/** The arena's control words (after the region's size word 0). */
const AT = 1;
const TOP = AT;
const FREE_HEAD = AT + 1;

interface Setup extends Fixture {
  arena: Arena;
}

function setup(initial: number, max: number): Setup {
  const f = fixture(initial, max);
  const arena = new Arena(f.region, f.control, AT);
  arena.format();
  return { ...f, arena };
}

function bytes(length: number, salt: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 31 + salt * 7 + 1) & 0xff;
  return out;
}

function read(arena: Arena, ref: number): Uint8Array {
  const out = new Uint8Array(arena.lengthOf(ref));
  arena.copyOut(ref, out);
  return out;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

interface Block {
  at: number;
  size: number;
  used: boolean;
}

/** Walks the blocks from 0 to top, checking boundary tags and the free list. */
function check({ arena, control, region }: Setup, live: Map<number, Uint8Array>): Block[] {
  const i32 = region.i32;
  const top = control[TOP];
  const blocks: Block[] = [];
  let usedBytes = 0;
  for (let at = 0; at < top; ) {
    const word = i32[at >> 2];
    const size = word & ~1;
    const used = (word & 1) === 1;
    if (size < 16 || size % 8 !== 0 || at + size > top) throw new Error(`bad block at ${at}: size ${size}`);
    if (i32[((at + size) >> 2) - 1] !== size) throw new Error(`bad footer of the block at ${at}`);
    if (!used && blocks.length > 0 && !blocks[blocks.length - 1].used) throw new Error(`free neighbours at ${at}`);
    if (used) {
      usedBytes += size;
      if (!live.has(at)) throw new Error(`used block at ${at} that the model does not hold`);
    }
    blocks.push({ at, size, used });
    at += size;
  }
  if (blocks.length > 0 && !blocks[blocks.length - 1].used) throw new Error('a free block touches top');
  expect(top).to.be.at.most(region.size);
  // The free list holds exactly the free blocks, doubly linked.
  const listed = new Set<number>();
  let prev = -1;
  for (let at = control[FREE_HEAD]; at !== -1; at = i32[(at >> 2) + 1]) {
    if (listed.has(at) || listed.size > blocks.length) throw new Error('free list cycle');
    if (i32[(at >> 2) + 2] !== prev) throw new Error(`bad back link at ${at}`);
    listed.add(at);
    prev = at;
  }
  const free = blocks.filter((b) => !b.used).map((b) => b.at);
  expect([...listed].sort((a, b) => a - b)).to.deep.equal(free);
  expect(arena.liveBytes).to.equal(usedBytes);
  expect(blocks.filter((b) => b.used).length).to.equal(live.size);
  for (const [ref, record] of live) {
    if (!sameBytes(read(arena, ref), record)) throw new Error(`record at ${ref} changed`);
  }
  return blocks;
}

function snapshot({ control, region }: Setup): string {
  return JSON.stringify([
    Array.from(control.subarray(0, 4)),
    region.size,
    region.buffer.byteLength,
    Array.from(region.u8),
  ]);
}

describe('store/Arena', () => {
  it('blockSize: header, record and footer, 8-aligned, at least 16 bytes', () => {
    expect(blockSize(0)).to.equal(16);
    expect(blockSize(4)).to.equal(16);
    expect(blockSize(5)).to.equal(24);
    expect(blockSize(12)).to.equal(24);
    expect(blockSize(13)).to.equal(32);
    expect(blockSize(100)).to.equal(112);
    expect(Arena.WORDS).to.equal(3);
  });

  it('blockSize is exact for records of 2 GiB and more (no int32 wrap-around)', () => {
    expect(blockSize(2 ** 31 - 20)).to.equal(2 ** 31 - 8);
    expect(blockSize(2 ** 31 - 19)).to.equal(2 ** 31);
    expect(blockSize(2 ** 31)).to.equal(2 ** 31 + 16);
    expect(blockSize(2 ** 32)).to.equal(2 ** 32 + 16);
    expect(blockSize(2 ** 32 + 5)).to.equal(2 ** 32 + 24);
    expect(blockSize(2 ** 40)).to.equal(2 ** 40 + 16);
  });

  it('canEverHold refuses records of 2 GiB and more, whatever their low bits', () => {
    const s = setup(64, 2 ** 31 - 8);
    expect(s.arena.canEverHold(2 ** 31 - 20)).to.equal(true);
    for (const length of [2 ** 31 - 19, 2 ** 31 - 8, 2 ** 31, 2 ** 31 + 4, 2 ** 32, 2 ** 32 + 4, 2 ** 40]) {
      expect(s.arena.canEverHold(length), `${length} bytes`).to.equal(false);
    }
  });

  it('store throws a RangeError, before allocating, for a record that can never fit', () => {
    const s = setup(64, 256);
    const live = new Map<number, Uint8Array>();
    const kept = bytes(20, 1);
    live.set(s.arena.store(kept), kept);
    const before = snapshot(s);
    const small = bytes(40, 2);
    for (const length of [256 - 11, 2 ** 31 - 8, 2 ** 31, 2 ** 32, 2 ** 32 + 4]) {
      expect(() => s.arena.store(small, 0, length), `${length} bytes`).to.throw(RangeError, /can never fit the store/);
      expect(snapshot(s), `${length} bytes`).to.equal(before);
    }
    check(s, live);
  });

  it('store throws a RangeError, before allocating, for a range not within its bytes', () => {
    const s = setup(64, 4096);
    const before = snapshot(s);
    const record = bytes(40, 3);
    for (const [from, length] of [
      [0, 41],
      [1, 40],
      [-1, 4],
      [4, -1],
      [40, 1],
    ]) {
      expect(() => s.arena.store(record, from, length), `${length} bytes from ${from}`).to.throw(
        RangeError,
        /not within/,
      );
      expect(snapshot(s), `${length} bytes from ${from}`).to.equal(before);
    }
    const ref = s.arena.store(record, 40, 0); // empty, at the very end: fine
    expect(s.arena.lengthOf(ref)).to.equal(0);
  });

  it('stores and copies out records of every size, small and large, exactly', () => {
    const s = setup(64, 1 << 16);
    const live = new Map<number, Uint8Array>();
    for (const length of [0, 1, 7, 8, 31, 32, 33, 64, 1000]) {
      const record = bytes(length, length);
      const ref = s.arena.store(record);
      expect(ref % 8, `ref ${ref}`).to.equal(0);
      expect(s.arena.lengthOf(ref)).to.equal(length);
      live.set(ref, record);
      // copyOut writes only the record's length into a larger target
      const target = new Uint8Array(length + 3).fill(0xee);
      s.arena.copyOut(ref, target);
      expect(sameBytes(target.subarray(0, length), record)).to.equal(true);
      expect(Array.from(target.subarray(length))).to.deep.equal([0xee, 0xee, 0xee]);
    }
    check(s, live);
  });

  it('gives a block freed next to top back to top, and the whole store when everything is freed', () => {
    const s = setup(256, 4096);
    const a = s.arena.store(bytes(20, 1));
    const b = s.arena.store(bytes(20, 2));
    const c = s.arena.store(bytes(20, 3));
    expect([a, b, c]).to.deep.equal([0, 32, 64]); // 32-byte blocks
    expect(s.control[TOP]).to.equal(96);
    s.arena.free(c);
    expect(s.control[TOP]).to.equal(64);
    expect(s.control[FREE_HEAD]).to.equal(-1);
    s.arena.free(a);
    expect(s.control[TOP]).to.equal(64);
    expect(s.control[FREE_HEAD]).to.equal(0); // listed, not next to top
    s.arena.free(b); // merges with a, and both go back to top
    expect(s.control[TOP]).to.equal(0);
    expect(s.control[FREE_HEAD]).to.equal(-1);
    expect(s.arena.liveBytes).to.equal(0);
  });

  it('merges a freed block with free neighbours on both sides', () => {
    const s = setup(512, 4096);
    const refs = [0, 1, 2, 3, 4].map((i) => s.arena.store(bytes(20, i)));
    const live = new Map(refs.map((ref, i) => [ref, bytes(20, i)]));
    for (const i of [1, 3]) {
      s.arena.free(refs[i]);
      live.delete(refs[i]);
    }
    expect(check(s, live).filter((b) => !b.used)).to.have.length(2);
    s.arena.free(refs[2]);
    live.delete(refs[2]);
    const blocks = check(s, live);
    expect(blocks.filter((b) => !b.used)).to.deep.equal([{ at: refs[1], size: 96, used: false }]);
    s.arena.free(refs[0]); // merges with the next free block
    live.delete(refs[0]);
    expect(check(s, live).filter((b) => !b.used)).to.deep.equal([{ at: 0, size: 128, used: false }]);
  });

  it('reuses freed room first-fit: splits off the tail, or takes the whole block when the rest would be too small', () => {
    const s = setup(512, 4096);
    const a = s.arena.store(bytes(60, 1)); // 72-byte block at 0
    const guard = s.arena.store(bytes(4, 2)); // keeps a away from top
    const live = new Map([[guard, bytes(4, 2)]]);
    s.arena.free(a);
    const small = s.arena.store(bytes(4, 3)); // 16 bytes: split, the tail is handed out
    expect(small).to.equal(72 - 16);
    live.set(small, bytes(4, 3));
    expect(check(s, live).filter((b) => !b.used)).to.deep.equal([{ at: 0, size: 56, used: false }]);
    const whole = s.arena.store(bytes(36, 4)); // needs 48 of 56: the 8 left would be too small
    expect(whole).to.equal(0);
    live.set(whole, bytes(36, 4));
    check(s, live);
    expect(s.arena.liveBytes).to.equal(56 + 16 + 16);
    expect(s.control[FREE_HEAD]).to.equal(-1);
  });

  it('skips free blocks that are too small', () => {
    const s = setup(512, 4096);
    const small = s.arena.store(bytes(4, 1));
    const guard1 = s.arena.store(bytes(4, 2));
    const big = s.arena.store(bytes(100, 3));
    const guard2 = s.arena.store(bytes(4, 4));
    s.arena.free(big);
    s.arena.free(small); // head of the free list now, too small for what follows
    const live = new Map([
      [guard1, bytes(4, 2)],
      [guard2, bytes(4, 4)],
    ]);
    const fits = s.arena.store(bytes(50, 5));
    expect(fits)
      .to.be.greaterThan(big - 1)
      .and.lessThan(big + 112);
    live.set(fits, bytes(50, 5));
    check(s, live);
    // A record that fits the small block at the head of the list.
    const tiny = s.arena.store(bytes(3, 6));
    live.set(tiny, bytes(3, 6));
    check(s, live);
  });

  it('grows its region as needed, keeping every record', () => {
    const s = setup(64, 1 << 16);
    const live = new Map<number, Uint8Array>();
    for (let i = 0; i < 40; i++) {
      const record = bytes(50 + i, i);
      const ref = s.arena.store(record);
      expect(ref).to.not.equal(-1);
      live.set(ref, record);
    }
    expect(s.region.size).to.be.greaterThan(64);
    expect(s.region.buffer.byteLength).to.equal(s.region.size);
    check(s, live);
  });

  it('returns -1 when the store at its maximum has no room for a record that could fit once emptier, and changes nothing', () => {
    const s = setup(64, 256);
    const live = new Map<number, Uint8Array>();
    for (let i = 0; i < 8; i++) {
      const record = bytes(20, i);
      const ref = s.arena.store(record);
      expect(ref, `record ${i}`).to.not.equal(-1);
      live.set(ref, record);
    }
    expect(s.control[TOP]).to.equal(256 - (256 % 32));
    const before = snapshot(s);
    expect(s.arena.store(bytes(20, 99))).to.equal(-1);
    expect(s.arena.store(bytes(200, 99))).to.equal(-1);
    expect(snapshot(s)).to.equal(before);
    check(s, live);
    expect(s.arena.canEverHold(256 - 12)).to.equal(true);
    expect(s.arena.canEverHold(256 - 11)).to.equal(false);
  });

  for (const seed of [seedOf(), seedOf() ^ 0x5bd1e995]) {
    it(`matches a model over random stores and frees (seed ${seed}; replay with SEED=${seed})`, () => {
      const random = prng(seed);
      const max = 1 << 14;
      const s = setup(64, max);
      const live = new Map<number, Uint8Array>();
      let failures = 0;
      let stores = 0;
      for (let step = 0; step < 4000; step++) {
        const storing = live.size === 0 || random() < (step % 1000 < 600 ? 0.65 : 0.35);
        if (storing) {
          const length = random() < 0.8 ? Math.floor(random() * 40) : Math.floor(random() * 1500);
          const record = bytes(length, step);
          const before = snapshot(s);
          const ref = s.arena.store(record);
          if (ref === -1) {
            failures++;
            expect(snapshot(s), `step ${step}: a failed store changed the arena`).to.equal(before);
            // Right to fail: no listed block fits, and top cannot grow that far.
            const need = blockSize(length);
            const blocks = check(s, live);
            expect(
              blocks.some((b) => !b.used && b.size >= need),
              `step ${step}: a free block fits`,
            ).to.equal(false);
            expect(s.control[TOP] + need).to.be.greaterThan(max);
          } else {
            stores++;
            expect(live.has(ref), `step ${step}: ref ${ref} handed out twice`).to.equal(false);
            live.set(ref, record);
          }
        } else {
          const refs = [...live.keys()];
          const ref = refs[Math.floor(random() * refs.length)];
          s.arena.free(ref);
          live.delete(ref);
        }
        if (step % 25 === 0) check(s, live);
      }
      check(s, live);
      expect(stores).to.be.greaterThan(1000);
      expect(failures, 'some stores met the maximum').to.be.greaterThan(0);
      // Free everything, in random order: the store collapses to nothing.
      const refs = [...live.keys()].sort(() => random() - 0.5);
      for (const ref of refs) {
        s.arena.free(ref);
        live.delete(ref);
      }
      check(s, live);
      expect(s.arena.liveBytes).to.equal(0);
      expect(s.control[TOP]).to.equal(0);
      expect(s.control[FREE_HEAD]).to.equal(-1);
      expect(s.region.size).to.be.greaterThan(64);
    });
  }
});
