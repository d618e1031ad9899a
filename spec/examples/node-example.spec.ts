/**
 * The README's example (`npm run example`): examples/node/main.ts, compiled
 * next to this spec, run as its own process against the built package
 * (`janus-queue` resolves to dist/ through package.json "exports").
 */
import { expect } from 'chai';
import { ensureDist } from '../package/dist.js';
import { exampleLines } from './run-example.js';

describe('examples/node (npm run example)', function () {
  this.timeout(120_000);
  this.slow(5_000);

  before(ensureDist);

  it('hands 100 items from a worker to the main thread, joins, closes and exits 0', async () => {
    const lines = await exampleLines('node/main.js');
    // The worker's lines may interleave with the main thread's; each appears once.
    expect([...lines].sort()).to.deep.equal(
      [
        'main: got 100 items from the worker, sum 4950',
        "main: the worker's join() returned and it exited with code 0",
        'main: queue closed: true',
        'worker: put 100 items, now blocking in join()',
        'worker: join() returned',
      ].sort(),
    );
    // What must come in order: the worker joins only after the main thread got every item.
    const at = (line: string): number => lines.indexOf(line);
    expect(at('worker: join() returned')).to.be.lessThan(
      at("main: the worker's join() returned and it exited with code 0"),
    );
    expect(at('main: got 100 items from the worker, sum 4950')).to.be.lessThan(at('main: queue closed: true'));
  });
});
