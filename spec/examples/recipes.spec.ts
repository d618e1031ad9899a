/**
 * The recipes of docs/recipes.md (`npm run example:pool`, `npm run
 * example:sync-call`): examples/worker-pool and examples/sync-call, compiled
 * next to this spec, each run as its own process against the built package.
 */
import { expect } from 'chai';
import { ensureDist } from '../package/dist.js';
import { exampleLines } from './run-example.js';

describe('examples/worker-pool and examples/sync-call (the recipes)', function () {
  this.timeout(120_000);
  this.slow(5_000);

  before(ensureDist);

  it('worker pool: 2 workers serve 100,000 tasks from the event loop, then stop at shutdown and exit 0', async () => {
    // The sum of 2x + 1 over x = 0..99,999 is 100,000².
    expect(await exampleLines('worker-pool/main.js')).to.deep.equal([
      'main: 100000 tasks done by 2 workers, results add up to 10000000000',
      'main: the workers exited with codes 0, 0',
    ]);
  });

  it('sync call: the caller blocks on syncQ while a worker runs async code; errors reach the caller; shutdown ends the worker', async () => {
    expect(await exampleLines('sync-call/main.js')).to.deep.equal([
      'sha256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      'sha256("") = e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      'a failing call throws in the caller: RangeError: text of 2000 characters, more than 1024',
      'main: the worker exited with code 0',
    ]);
  });
});
