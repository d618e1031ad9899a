/**
 * `npm run test:browser`: janus-queue in a real browser. Serves the
 * repository over http://127.0.0.1 with the COOP/COEP headers (the example's
 * server, examples/browser/server.mjs) and drives Debian's Chromium headless
 * with playwright-core. The page-side code is in ./pages/: harness.js (the
 * page's main thread, which cannot block) and worker.js (Web Workers, which
 * can). Needs dist/ (`npm run build`, which the script runs first) and
 * /usr/bin/chromium (`apt-get install chromium`; .ci/run installs it).
 */
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startServer } from '../../examples/browser/server.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const LAUNCH_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const range = (n, f = (i) => i) => Array.from({ length: n }, (_, i) => f(i));

let server;
let browser;

before(async function () {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  for (const file of ['dist/index.js']) {
    if (!existsSync(new URL(`../../${file}`, import.meta.url))) throw new Error(`${file} is missing: run npm run build`);
  }
  // `?noisolation` on a page turns the isolation headers off, for the one test that needs that.
  server = await startServer({ port: 0, isolate: (url) => !url.searchParams.has('noisolation') });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * Opens `path` in a fresh context; collects the page's uncaught errors and
 * console errors, which fail the test (see `checkPageErrors`).
 */
async function open(path) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
  });
  page.on('worker', (worker) => worker.on('console', (message) => {
    if (message.type() === 'error') problems.push(`worker console.error: ${message.text()}`);
  }));
  await page.goto(`${server.url}${path}`);
  return { page, context, problems };
}

/**
 * A test on a fresh harness page (pages/index.html with `search`): `body`
 * gets the page; errors on the page fail the test.
 */
function onPage(search, body) {
  return async function () {
    const { page, context, problems } = await open(`/spec/browser/pages/${search}`);
    try {
      await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 10_000 });
      await body(page);
      expect(problems, 'errors on the page').to.deep.equal([]);
    } finally {
      await context.close();
    }
  };
}

describe('janus-queue in headless Chromium (cross-origin isolated page + Web Workers)', function () {
  const test = (title, body) => it(title, onPage('', body));

  test('the page and its workers are cross-origin isolated, with SharedArrayBuffer and Atomics.waitAsync', async (page) => {
    const env = await page.evaluate(() => window.scenarios.env());
    expect(env).to.deep.equal({
      crossOriginIsolated: true,
      sharedArrayBuffer: 'function',
      waitAsync: 'function',
      worker: { waitAsync: 'function', crossOriginIsolated: true },
    });
  });

  test('a worker blocked in syncQ.get() receives what the page puts with await asyncQ.put()', async (page) => {
    const r = await page.evaluate(() => window.scenarios.workerGetsWhatPagePuts());
    expect(r.settledBeforePut, 'the worker waited in syncQ.get()').to.equal(false);
    expect(r.firstWaitMs).to.be.greaterThan(100);
    expect(r.items).to.deep.equal(range(30, (i) => ({ i, text: `item ${i}` })));
    expect(r.putsThatWaited, 'the page awaited room in a full queue').to.be.greaterThan(0);
    expect(r.unfinished).to.equal(0);
  });

  test('the page awaits asyncQ.get() what a worker puts with syncQ.put(); the worker blocks in join() until the last taskDone()', async (page) => {
    const r = await page.evaluate(() => window.scenarios.pageGetsWhatWorkerPuts());
    expect(r.sizeWhileBlocked).to.equal(2);
    expect(r.fullWhileBlocked).to.equal(true);
    expect(r.items).to.deep.equal(range(30));
    expect(r.joinedBeforeLastTaskDone).to.equal(false);
    expect(r.joinedAfterMs).to.be.greaterThan(50);
  });

  test('shutdown() on the page wakes workers blocked in syncQ.get()/put(); a worker\'s shutdown() wakes the page\'s asyncQ.get()', async (page) => {
    const r = await page.evaluate(() => window.scenarios.shutdownWakesBlockedCallers());
    expect(r.settledBeforeShutdown).to.equal(false);
    expect(r.get).to.include({ threw: 'SyncQueueShutDown', isShutDown: true });
    expect(r.put).to.include({ threw: 'SyncQueueShutDown', isShutDown: true });
    expect(r.get.waitedMs).to.be.greaterThan(150);
    expect(r.wokeWithinMs).to.be.lessThan(2000);
    expect(r.page).to.deep.include({ name: 'AsyncQueueShutDown' });
    expect(r.closed).to.equal(true);
  });

  test('a blocking syncQ call on the page\'s main thread throws a clear Error; the non-blocking calls work', async (page) => {
    const r = await page.evaluate(() => window.scenarios.mainThreadCannotBlock());
    for (const [call, error] of Object.entries(r.blocking)) {
      expect(error.name, call).to.equal('Error');
      expect(error.message, call).to.match(/cannot block/).and.match(/use queue\.asyncQ, or call syncQ from a worker/);
    }
    expect(r.nonBlocking).to.deep.equal([1, 'SyncQueueFull', 'a', 'SyncQueueEmpty', 0]);
  });
});

describe('janus-queue in headless Chromium without Atomics.waitAsync (deleted before the library loads)', function () {
  const test = (title, body) => it(title, onPage('?nowaitasync', body));

  test('neither the page nor the worker has Atomics.waitAsync', async (page) => {
    const env = await page.evaluate(() => window.scenarios.env());
    expect(env).to.deep.include({ crossOriginIsolated: true, waitAsync: 'undefined' });
    expect(env.worker).to.deep.equal({ waitAsync: 'undefined', crossOriginIsolated: true });
  });

  test('asyncQ.get() waits for a worker\'s slow puts, put() waits for room, join() and an AbortSignal work (polling fallback)', async (page) => {
    const r = await page.evaluate(() => window.scenarios.asyncWaitsWithoutWaitAsync());
    expect(r.got).to.deep.equal([1, 2, 3, 4, 5]);
    expect(r.consumed).to.deep.equal(range(10, (i) => i * 10));
    expect(r.aborted.name).to.equal('TimeoutError');
    expect(r.abortedAfterMs).to.be.within(90, 2000);
    expect(r.sizeAfter).to.equal(0);
  });

  test('a worker blocked in syncQ.get() receives what the page puts with await asyncQ.put()', async (page) => {
    const r = await page.evaluate(() => window.scenarios.workerGetsWhatPagePuts());
    expect(r.settledBeforePut).to.equal(false);
    expect(r.items).to.have.length(30);
    expect(r.unfinished).to.equal(0);
  });

  test('the page awaits asyncQ.get() what a worker puts with syncQ.put(), and the worker\'s join() returns', async (page) => {
    const r = await page.evaluate(() => window.scenarios.pageGetsWhatWorkerPuts());
    expect(r.items).to.deep.equal(range(30));
    expect(r.joinedBeforeLastTaskDone).to.equal(false);
  });

  test('a worker\'s shutdown() wakes the page\'s pending asyncQ.get()', async (page) => {
    const r = await page.evaluate(() => window.scenarios.shutdownWakesBlockedCallers());
    expect(r.get.threw).to.equal('SyncQueueShutDown');
    expect(r.page.name).to.equal('AsyncQueueShutDown');
  });
});

describe('examples/browser in headless Chromium', function () {
  it('the page feeds jobs to a blocking worker and prints every result', async () => {
    const { page, context, problems } = await open('/examples/browser/');
    try {
      await page.waitForFunction(() => document.body.dataset.status !== 'running', null, { timeout: 30_000 });
      const status = await page.evaluate(() => document.body.dataset.status);
      const lines = (await page.textContent('#log')).trim().split('\n');
      expect(status, lines.join('\n')).to.equal('done');
      expect(lines[0]).to.match(/^on the main thread, syncQ\.get\(\) throws: janus-queue: this thread cannot block/);
      const results = lines.filter((line) => line.startsWith('primes below'));
      // π(n) for n = 10 000, 20 000, ..., 100 000, in order.
      const counts = [1229, 2262, 3245, 4203, 5133, 6057, 6935, 7837, 8713, 9592];
      expect(results).to.deep.equal(counts.map((count, i) => `primes below ${(i + 1) * 10_000}: ${count}`));
      expect(lines).to.include('page: every job is done; shutting the jobs queue down');
      expect(lines[lines.length - 1]).to.equal('page: done');
      expect(problems).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});

describe('a page that is not cross-origin isolated', function () {
  it('has no SharedArrayBuffer: the library loads, and new Queue() throws', async () => {
    const { page, context, problems } = await open('/spec/browser/pages/?noisolation');
    try {
      await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 10_000 });
      const r = await page.evaluate(() => {
        try {
          new window.janus.Queue();
          return { isolated: globalThis.crossOriginIsolated, sab: typeof SharedArrayBuffer, threw: null };
        } catch (error) {
          return { isolated: globalThis.crossOriginIsolated, sab: typeof SharedArrayBuffer, threw: error.name, message: error.message };
        }
      });
      expect(r).to.deep.include({ isolated: false, sab: 'undefined' });
      expect(r.threw, JSON.stringify(r)).to.be.a('string');
      console.log(`      (new Queue() without isolation: ${r.threw}: ${r.message})`);
      expect(problems).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});
