import { expect } from 'chai';
import { HEAP_ENTRY_BYTES, RefHeap } from '../../lib/store/ref-heap.js';
import { fixture, prng, seedOf } from './fixtures.js';

const AT = 1;
const COUNT = AT;
const SEQ = AT + 1;

function setup(initial = 32, max = 16 * 1024, seq = 0) {
  const f = fixture(initial, max);
  f.control[SEQ] = seq;
  return { ...f, heap: new RefHeap(f.region, f.control, AT) };
}

function drain(heap: RefHeap): number[] {
  const out: number[] = [];
  while (heap.count > 0) {
    const top = heap.top();
    const popped = heap.pop();
    if (popped !== top) throw new Error(`pop ${popped} is not top ${top}`);
    out.push(popped);
  }
  return out;
}

interface Entry {
  priority: number;
  order: number;
  ref: number;
}

/** The model: lowest priority first, then first pushed. */
function takeMin(model: Entry[]): Entry {
  let best = 0;
  for (let i = 1; i < model.length; i++) {
    const a = model[i];
    const b = model[best];
    if (a.priority < b.priority || (a.priority === b.priority && a.order < b.order)) best = i;
  }
  return model.splice(best, 1)[0];
}

describe('store/RefHeap', () => {
  it('pops the lowest priority first', () => {
    const { heap } = setup();
    expect(RefHeap.WORDS).to.equal(2);
    expect(HEAP_ENTRY_BYTES).to.equal(16);
    const priorities = [5, -1, 3.5, 100, -1e300, 0, 42, 7];
    priorities.forEach((p, ref) => expect(heap.push(ref, p)).to.equal(true));
    const sorted = priorities.map((p, ref) => ({ p, ref })).sort((a, b) => a.p - b.p);
    expect(drain(heap)).to.deep.equal(sorted.map((e) => e.ref));
  });

  it('keeps insertion order among equal priorities (+0 and -0 are equal)', () => {
    const { heap } = setup();
    const items: [number, number][] = [
      [1, 10],
      [0, 11],
      [1, 12],
      [-0, 13],
      [0, 14],
      [1, 15],
      [Infinity, 16],
      [-Infinity, 17],
      [0, 18],
    ];
    for (const [p, ref] of items) heap.push(ref, p);
    expect(drain(heap)).to.deep.equal([17, 11, 13, 14, 18, 10, 12, 15, 16]);
  });

  for (const [name, start] of [
    ['2^31', 0x7fffffff - 20],
    ['2^32 - 1', -20],
  ] as const) {
    it(`keeps insertion order among equal priorities when the insertion number wraps near ${name}`, () => {
      const { heap, control } = setup(32, 16 * 1024, start);
      const refs = Array.from({ length: 60 }, (_, i) => i);
      for (const ref of refs) heap.push(ref, ref % 3);
      expect((control[SEQ] - start) | 0).to.equal(60);
      expect(drain(heap)).to.deep.equal([
        ...refs.filter((r) => r % 3 === 0),
        ...refs.filter((r) => r % 3 === 1),
        ...refs.filter((r) => r % 3 === 2),
      ]);
    });
  }

  it('grows its region as it fills', () => {
    const { heap, region } = setup(32, 16 * 1024); // 2 entries at first
    for (let ref = 0; ref < 100; ref++) expect(heap.push(ref, 100 - ref)).to.equal(true);
    expect(region.size).to.equal(2048);
    expect(drain(heap)).to.deep.equal(Array.from({ length: 100 }, (_, i) => 99 - i));
  });

  it('refuses a push, unchanged, when it cannot grow', () => {
    const { heap, region, control } = setup(32, 128); // 8 entries at most
    for (let ref = 0; ref < 8; ref++) expect(heap.push(ref, 8 - ref)).to.equal(true);
    const before = [control[COUNT], control[SEQ], region.size, Array.from(region.i32)];
    expect(heap.push(99, -1)).to.equal(false);
    expect([control[COUNT], control[SEQ], region.size, Array.from(region.i32)]).to.deep.equal(before);
    expect(drain(heap)).to.deep.equal([7, 6, 5, 4, 3, 2, 1, 0]);
  });

  it('keeps priorities bit for bit', () => {
    const { heap, region } = setup();
    heap.push(1, 5e-324);
    heap.push(2, -0);
    expect(Object.is(region.f64[0], -0)).to.equal(true);
    expect(region.f64[2]).to.equal(5e-324);
    expect(drain(heap)).to.deep.equal([2, 1]);
  });

  for (const [label, start] of [
    ['0', 0],
    ['near 2^31', 0x7fffffff - 3000],
    ['near 2^32 - 1', -3000],
  ] as const) {
    const seed = seedOf();
    it(`matches a model over random pushes and pops, insertion numbers from ${label} (seed ${seed}; replay with SEED=${seed})`, () => {
      const random = prng(seed);
      const maxEntries = 256;
      const { heap } = setup(32, maxEntries * HEAP_ENTRY_BYTES, start);
      const model: Entry[] = [];
      const levels = [-2.5, -1, 0, 0, 1, 1, 1, 3, 1e9];
      let refused = 0;
      for (let step = 0; step < 8000; step++) {
        const pushBias = step % 2000 < 1300 ? 0.7 : 0.3; // fill to the maximum, then drain a good part
        if (model.length === 0 || random() < pushBias) {
          const priority = levels[Math.floor(random() * levels.length)];
          const ref = (random() * 2 ** 32) | 0;
          if (heap.push(ref, priority)) model.push({ priority, order: step, ref });
          else {
            refused++;
            expect(model.length, `step ${step}`).to.equal(maxEntries);
          }
        } else {
          expect(heap.top(), `step ${step}: top`).to.equal(takeMinPeek(model));
          expect(heap.pop(), `step ${step}: pop`).to.equal(takeMin(model).ref);
        }
        expect(heap.count).to.equal(model.length);
      }
      expect(refused).to.be.greaterThan(0);
      const rest: number[] = [];
      while (model.length > 0) rest.push(takeMin(model).ref);
      expect(drain(heap)).to.deep.equal(rest);
    });
  }
});

function takeMinPeek(model: Entry[]): number {
  const copy = model.slice();
  return takeMin(copy).ref;
}
