/**
 * The loan states of a family's slots (internal): ids of successive loans,
 * and the wrap of the loan count that keeps every id below 2 ** 30.
 */
import { expect } from 'chai';
import { ValueError } from '../../lib/errors.js';
import { SlotStates } from '../../lib/family/slot-states.js';

describe('SlotStates', () => {
  it('a slot lent laps times starts its ids again from the slot number', () => {
    const size = 2 ** 20; // 1024 laps: small enough to go round
    const states = SlotStates.create(size);
    expect(states.laps).to.equal(1024);
    const ids: number[] = [];
    for (let loan = 0; loan <= states.laps; loan++) {
      const id = states.lend(5);
      expect(states.slotOf(id)).to.equal(5);
      ids.push(id);
      expect(states.endLoan(id)).to.equal(5);
    }
    expect(ids[1]).to.equal(size + 5);
    expect(ids.at(-2)).to.equal((states.laps - 1) * size + 5);
    expect(ids.at(-2)).to.be.below(2 ** 30);
    expect(ids.at(-1)).to.equal(5);
  });

  it('refuses to lend a slot that is lent already (shared state overwritten)', () => {
    const states = SlotStates.create(2);
    states.lend(1);
    expect(() => states.lend(1)).to.throw(Error, 'was on the free list while lent');
  });

  it('an id whose loan ended resolves no more', () => {
    const states = SlotStates.create(2);
    const id = states.lend(0);
    states.endLoan(id);
    expect(() => states.slotOf(id)).to.throw(ValueError);
    expect(() => states.endLoan(id)).to.throw(ValueError);
  });
});
