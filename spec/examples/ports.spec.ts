/**
 * The janus programs ported in examples/ports/, each run as its own process
 * against the built package, its output checked against what the Python
 * program prints (janus 2.0, CPython 3.11).
 */
import { expect } from 'chai';
import { ensureDist } from '../package/dist.js';
import { exampleLines } from './run-example.js';

describe('examples/ports: janus programs ported', function () {
  this.timeout(120_000);
  this.slow(5_000);

  before(ensureDist);

  it("janus's README example: prints nothing and exits 0, as in Python (every value asserted in order)", async () => {
    expect(await exampleLines('ports/janus-readme/main.js')).to.deep.equal([]);
  });

  it('a blocking thread feeding asyncio, its numbers fixed: ten "Got n off queue" lines, then "Done."', async () => {
    // What Python prints when randint draws 0 0 4 3 2 2 2 1 2 3.
    expect(
      await exampleLines('ports/blocking-source/main.js', '--numbers=0,0,4,3,2,2,2,1,2,3', '--second=5'),
    ).to.deep.equal([
      'Got 0 off queue',
      'Got 0 off queue',
      'Got 4 off queue',
      'Got 3 off queue',
      'Got 2 off queue',
      'Got 2 off queue',
      'Got 2 off queue',
      'Got 1 off queue',
      'Got 2 off queue',
      'Got 3 off queue',
      'Done.',
    ]);
  });

  it('a blocking thread feeding asyncio, its numbers random: ten numbers from 0 to 4, then "Done."', async () => {
    const lines = await exampleLines('ports/blocking-source/main.js', '--second=1');
    expect(lines).to.have.length(11);
    for (const line of lines.slice(0, 10)) expect(line).to.match(/^Got [0-4] off queue$/);
    expect(lines[10]).to.equal('Done.');
  });

  it('a server with per-request reply queues and a batching worker: every answer in request order, then the count', async () => {
    expect(await exampleLines('ports/batching-server/main.js')).to.deep.equal([
      "'the quick brown fox' -> 'THE QUICK BROWN FOX'",
      "'jumps over' -> 'JUMPS OVER'",
      "'the lazy dog' -> 'THE LAZY DOG'",
      "'hello' -> 'HELLO'",
      "'a b c d e f' -> 'A B C D E F'",
      'served 5 requests',
    ]);
  });
});
