/**
 * culsans's face API: `maxsize` settable and `clear()` on both faces, as on
 * the queue itself.
 */
import { expect } from 'chai';
import { Queue } from '../../lib/index.js';
import { pending, within } from '../support/promises.js';
import { FACES, KINDS } from '../support/kinds.js';

for (const kind of KINDS) {
  for (const face of FACES) {
    describe(`${kind.name}.${face.name} maxsize and clear (culsans)`, () => {
      it('maxsize is settable from the face, and the queue and the other face see it', () => {
        const queue = kind.make<number>(2);
        face.of(queue).maxsize = 5;
        expect([queue.maxsize, queue.syncQ.maxsize, queue.asyncQ.maxsize]).to.deep.equal([5, 5, 5]);
        face.of(queue).maxsize = 0;
        for (let i = 0; i < 10; i++) face.of(queue).putNowait(i);
        expect(face.of(queue).full()).to.equal(false);
      });

      it('growing maxsize from the face wakes a blocked putter', async () => {
        const queue = kind.make<number>(1);
        queue.syncQ.put(1);
        const putting = queue.asyncQ.put(2);
        expect(await pending(putting)).to.equal(true);
        face.of(queue).maxsize = 2;
        await within(putting, 2000, 'the putter woken by a larger maxsize');
        expect(queue.syncQ.qsize()).to.equal(2);
      });

      it('setting maxsize to a non-integer is a TypeError naming it, and changes nothing', () => {
        const queue = kind.make<number>(3);
        expect(() => (face.of(queue).maxsize = 1.5)).to.throw(TypeError, /maxsize must be an integer/);
        expect(queue.maxsize).to.equal(3);
      });

      it('clear() from the face drops every item, lowers unfinishedTasks and wakes a blocked putter', async () => {
        const queue: Queue<number> = kind.make<number>(2);
        queue.syncQ.putMany([1, 2]);
        const putting = queue.asyncQ.put(3);
        expect(await pending(putting)).to.equal(true);
        face.of(queue).clear();
        await within(putting, 2000, 'the putter woken by clear()');
        expect(queue.syncQ.qsize()).to.equal(1);
        expect(queue.syncQ.unfinishedTasks).to.equal(1);
        expect(queue.syncQ.getNowait()).to.equal(3);
      });
    });
  }
}
