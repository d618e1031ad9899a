import { expect } from 'chai';
import { RefDeque } from '../../lib/store/ref-deque.js';
import { fixture, otherView, prng, seedOf } from './fixtures.js';

const AT = 1;
const HEAD = AT;
const COUNT = AT + 1;

function setup(initial = 16, max = 1024) {
  const f = fixture(initial, max);
  return { ...f, deque: new RefDeque(f.region, f.control, AT) };
}

function drain(deque: RefDeque, from: 'front' | 'back'): number[] {
  const out: number[] = [];
  while (deque.count > 0) out.push(from === 'front' ? deque.shift() : deque.pop());
  return out;
}

describe('store/RefDeque', () => {
  it('is first in, first out with shift and last in, first out with pop', () => {
    const { deque } = setup();
    expect(RefDeque.WORDS).to.equal(2);
    for (const ref of [5, -1, 0, 2 ** 31 - 1]) expect(deque.push(ref)).to.equal(true);
    expect(deque.count).to.equal(4);
    expect(deque.front()).to.equal(5);
    expect(deque.back()).to.equal(2 ** 31 - 1);
    expect(drain(deque, 'front')).to.deep.equal([5, -1, 0, 2 ** 31 - 1]);
    for (const ref of [1, 2, 3]) deque.push(ref);
    expect(drain(deque, 'back')).to.deep.equal([3, 2, 1]);
  });

  it('wraps around its ring, and unwraps it when it grows', () => {
    const { deque, control, region } = setup(16, 1024); // 4 slots
    for (const ref of [1, 2, 3, 4]) deque.push(ref);
    expect(deque.shift()).to.equal(1);
    expect(deque.shift()).to.equal(2);
    deque.push(5);
    deque.push(6); // slots 0 and 1: wrapped
    expect(control[HEAD]).to.equal(2);
    expect(region.size).to.equal(16);
    expect(deque.back()).to.equal(6);
    deque.push(7); // full: doubles, moving 5 and 6 past the old end
    expect(region.size).to.equal(32);
    expect(control[HEAD]).to.equal(2);
    expect(deque.front()).to.equal(3);
    expect(deque.back()).to.equal(7);
    expect(drain(deque, 'front')).to.deep.equal([3, 4, 5, 6, 7]);
  });

  it('grows without moving anything when it did not wrap', () => {
    const { deque, region } = setup(16, 1024);
    for (let ref = 0; ref < 9; ref++) expect(deque.push(ref)).to.equal(true);
    expect(region.size).to.equal(64);
    expect(drain(deque, 'back')).to.deep.equal([8, 7, 6, 5, 4, 3, 2, 1, 0]);
  });

  it('refuses a push, unchanged, when it cannot grow', () => {
    const { deque, control, region } = setup(16, 32); // 8 slots at most
    for (let ref = 0; ref < 8; ref++) expect(deque.push(ref)).to.equal(true);
    const before = [control[HEAD], control[COUNT], region.size, Array.from(region.i32)];
    expect(deque.push(99)).to.equal(false);
    expect([control[HEAD], control[COUNT], region.size, Array.from(region.i32)]).to.deep.equal(before);
    expect(drain(deque, 'front')).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('is shared: another view of the same words sees the growth after refresh', () => {
    const f = setup(16, 1024);
    const otherRegion = otherView(f);
    const other = new RefDeque(otherRegion, f.control, AT);
    for (let ref = 0; ref < 20; ref++) f.deque.push(ref);
    otherRegion.refresh();
    expect(other.count).to.equal(20);
    expect(other.shift()).to.equal(0);
    expect(other.pop()).to.equal(19);
    expect(f.deque.front()).to.equal(1);
  });

  for (const seed of [seedOf(), seedOf() ^ 0x27d4eb2f]) {
    it(`matches an array over random pushes, shifts and pops across growth (seed ${seed}; replay with SEED=${seed})`, () => {
      const random = prng(seed);
      const { deque, region } = setup(16, 4096); // 4 to 1024 slots
      const model: number[] = [];
      let refused = 0;
      for (let step = 0; step < 20_000; step++) {
        const r = random();
        const pushBias = step % 4000 < 2400 ? 0.75 : 0.3; // fill to the maximum, then drain a good part
        if (model.length === 0 || r < pushBias) {
          const ref = (random() * 2 ** 32) | 0;
          if (deque.push(ref)) model.push(ref);
          else {
            refused++;
            expect(model.length, `step ${step}`).to.equal(1024);
          }
        } else if (r < pushBias + (1 - pushBias) / 2) {
          expect(deque.shift(), `step ${step}: shift`).to.equal(model.shift());
        } else {
          expect(deque.pop(), `step ${step}: pop`).to.equal(model.pop());
        }
        expect(deque.count).to.equal(model.length);
        if (model.length > 0) {
          expect(deque.front(), `step ${step}: front`).to.equal(model[0]);
          expect(deque.back(), `step ${step}: back`).to.equal(model[model.length - 1]);
        }
      }
      expect(region.size).to.equal(4096);
      expect(refused).to.be.greaterThan(0);
      expect(drain(deque, 'front')).to.deep.equal(model);
    });
  }
});
