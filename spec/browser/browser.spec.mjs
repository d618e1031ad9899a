/**
 * `npm run test:browser`: janus-queue in real browsers, the same checks in
 * each engine of ./engines.mjs (Chromium, Firefox ESR, WebKitGTK; `BROWSERS`
 * picks some). Serves the repository over http://127.0.0.1 with the COOP/COEP
 * headers (the example's server, examples/browser/server.mjs). The page-side
 * code is in ./pages/: harness.js (the page's main thread, which cannot
 * block) and worker.js (Web Workers, which can). Needs dist/ (`npm run
 * build`, which the script runs first) and the browsers (Debian packages
 * chromium, firefox-esr, webkit2gtk-driver, xvfb, xauth; .ci/run installs them).
 */
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { startServer } from '../../examples/browser/server.mjs';
import { selectedEngines } from './engines.mjs';

const range = (n, f = (i) => i) => Array.from({ length: n }, (_, i) => f(i));

/**
 * What differs between the engines, as measured (docs/browsers.md has the table):
 * `waitAsync`: typeof Atomics.waitAsync on an isolated page and in its workers;
 * `sabWithoutIsolation`: typeof SharedArrayBuffer on a page without the headers;
 * `terminatedWorkerWakes`: whether a worker terminated while asleep in
 * Atomics.wait goes on sleeping, then wakes and runs until it returns to its
 * event loop (Chromium does, like Deno; Firefox and WebKit end the thread).
 */
const EXPECTED = {
  chromium: { waitAsync: 'function', sabWithoutIsolation: 'undefined', terminatedWorkerWakes: true },
  firefox: { waitAsync: 'function', sabWithoutIsolation: 'undefined', terminatedWorkerWakes: false },
  // JSC_useSharedArrayBuffer=1, which WebKitGTK needs for SharedArrayBuffer at
  // all, exposes it on every page, isolated or not.
  webkit: { waitAsync: 'function', sabWithoutIsolation: 'function', terminatedWorkerWakes: false },
};

let server;

before(async function () {
  for (const file of ['dist/index.js']) {
    if (!existsSync(new URL(`../../${file}`, import.meta.url)))
      throw new Error(`${file} is missing: run npm run build`);
  }
  // `?noisolation` on a page turns the isolation headers off, for the one test that needs that.
  server = await startServer({ port: 0, isolate: (url) => !url.searchParams.has('noisolation') });
});

after(async () => {
  await server?.close();
});

for (const engine of selectedEngines()) {
  describe(`janus-queue in ${engine.name}`, function () {
    const expected = EXPECTED[engine.id];
    let browser;
    let started;

    before(async function () {
      this.timeout(120_000);
      started = performance.now();
      browser = await engine.launch();
      console.log(`      (${browser.version})`);
    });

    after(async () => {
      await browser?.close();
      console.log(`      (${engine.name}: ${((performance.now() - started) / 1000).toFixed(0)} s, launch included)`);
    });

    /**
     * Opens `path` in a fresh page. Problems the driver reports and those
     * the page recorded itself (pages/index.html) fail the test: see `problemsOf`.
     */
    async function open(path) {
      return browser.open(`${server.url}${path}`);
    }

    /** Everything that went wrong on `page`, by the driver's and the page's own account. */
    async function problemsOf(page) {
      return [...(await page.problems()), ...(await page.evaluate(() => globalThis.pageProblems ?? []))];
    }

    /**
     * A test on a fresh harness page (pages/index.html with `search`): `body`
     * gets the page; errors on the page fail the test.
     */
    function onPage(search, body) {
      return async function () {
        const page = await open(`/spec/browser/pages/${search}`);
        try {
          await page.waitFor(() => document.body.dataset.ready === 'true', 10_000);
          await body(page);
          expect(await problemsOf(page), 'errors on the page').to.deep.equal([]);
        } finally {
          await page.close();
        }
      };
    }

    describe('a cross-origin isolated page and its Web Workers', function () {
      const test = (title, body) => it(title, onPage('', body));

      test(`${engine.name}: the page and its workers are cross-origin isolated, with SharedArrayBuffer${expected.waitAsync === 'function' ? ' and Atomics.waitAsync' : ', without Atomics.waitAsync'}`, async (page) => {
        const env = await page.evaluate(() => window.scenarios.env());
        expect(env).to.deep.equal({
          crossOriginIsolated: true,
          sharedArrayBuffer: 'function',
          waitAsync: expected.waitAsync,
          worker: { waitAsync: expected.waitAsync, crossOriginIsolated: true },
        });
      });

      test(`${engine.name}: a worker blocked in syncQ.get() receives what the page puts with await asyncQ.put()`, async (page) => {
        const r = await page.evaluate(() => window.scenarios.workerGetsWhatPagePuts());
        expect(r.settledBeforePut, 'the worker waited in syncQ.get()').to.equal(false);
        expect(r.firstWaitMs).to.be.greaterThan(100);
        expect(r.items).to.deep.equal(range(30, (i) => ({ i, text: `item ${i}` })));
        expect(r.putsThatWaited, 'the page awaited room in a full queue').to.be.greaterThan(0);
        expect(r.unfinished).to.equal(0);
      });

      test(`${engine.name}: the page awaits asyncQ.get() what a worker puts with syncQ.put(); the worker blocks in join() until the last taskDone()`, async (page) => {
        const r = await page.evaluate(() => window.scenarios.pageGetsWhatWorkerPuts());
        expect(r.sizeWhileBlocked).to.equal(2);
        expect(r.fullWhileBlocked).to.equal(true);
        expect(r.items).to.deep.equal(range(30));
        expect(r.joinedBeforeLastTaskDone).to.equal(false);
        expect(r.joinedAfterMs).to.be.greaterThan(50);
      });

      test(`${engine.name}: shutdown() on the page wakes workers blocked in syncQ.get()/put(); a worker's shutdown() wakes the page's asyncQ.get()`, async (page) => {
        const r = await page.evaluate(() => window.scenarios.shutdownWakesBlockedCallers());
        expect(r.settledBeforeShutdown).to.equal(false);
        expect(r.get).to.include({ threw: 'SyncQueueShutDown', isShutDown: true });
        expect(r.put).to.include({ threw: 'SyncQueueShutDown', isShutDown: true });
        expect(r.get.waitedMs).to.be.greaterThan(150);
        expect(r.wokeWithinMs).to.be.lessThan(2000);
        expect(r.page).to.deep.include({ name: 'AsyncQueueShutDown' });
        expect(r.closed).to.equal(true);
      });

      const afterTerminate = expected.terminatedWorkerWakes
        ? 'terminate() leaves a worker blocked in syncQ.get() asleep: it wakes for the next item put and takes it (lost)'
        : 'terminate() ends a worker blocked in syncQ.get(): an item put afterwards stays in the queue';
      test(`${engine.name}: ${afterTerminate}`, async (page) => {
        const r = await page.evaluate(() => window.scenarios.putAfterTerminate());
        // Where the thread wakes, it runs the rest of the worker's op: it takes
        // the item and marks it done, and its result never reaches the page.
        const left = expected.terminatedWorkerWakes ? 0 : 1;
        expect(r).to.deep.equal({ settledBeforeTerminate: false, sizeAfter: left, unfinished: left });
      });

      test(`${engine.name}: a blocking syncQ call on the page's main thread throws a clear Error; the non-blocking calls work`, async (page) => {
        const r = await page.evaluate(() => window.scenarios.mainThreadCannotBlock());
        for (const [call, error] of Object.entries(r.blocking)) {
          expect(error.name, call).to.equal('Error');
          expect(error.message, call)
            .to.match(/cannot block/)
            .and.match(/use queue\.asyncQ, or call syncQ from a worker/);
        }
        expect(r.nonBlocking).to.deep.equal([1, 'SyncQueueFull', 'a', 'SyncQueueEmpty', 0]);
      });
    });

    describe('without Atomics.waitAsync (deleted before the library loads)', function () {
      const test = (title, body) => it(title, onPage('?nowaitasync', body));

      test(`${engine.name}: neither the page nor the worker has Atomics.waitAsync`, async (page) => {
        const env = await page.evaluate(() => window.scenarios.env());
        expect(env).to.deep.include({ crossOriginIsolated: true, waitAsync: 'undefined' });
        expect(env.worker).to.deep.equal({ waitAsync: 'undefined', crossOriginIsolated: true });
      });

      test(`${engine.name}: asyncQ.get() waits for a worker's slow puts, put() waits for room, join() and an AbortSignal work (polling fallback)`, async (page) => {
        const r = await page.evaluate(() => window.scenarios.asyncWaitsWithoutWaitAsync());
        expect(r.got).to.deep.equal([1, 2, 3, 4, 5]);
        expect(r.consumed).to.deep.equal(range(10, (i) => i * 10));
        expect(r.aborted.name).to.equal('TimeoutError');
        expect(r.abortedAfterMs).to.be.within(90, 2000);
        expect(r.sizeAfter).to.equal(0);
      });

      test(`${engine.name}: a worker blocked in syncQ.get() receives what the page puts with await asyncQ.put()`, async (page) => {
        const r = await page.evaluate(() => window.scenarios.workerGetsWhatPagePuts());
        expect(r.settledBeforePut).to.equal(false);
        expect(r.items).to.have.length(30);
        expect(r.unfinished).to.equal(0);
      });

      test(`${engine.name}: the page awaits asyncQ.get() what a worker puts with syncQ.put(), and the worker's join() returns`, async (page) => {
        const r = await page.evaluate(() => window.scenarios.pageGetsWhatWorkerPuts());
        expect(r.items).to.deep.equal(range(30));
        expect(r.joinedBeforeLastTaskDone).to.equal(false);
      });

      test(`${engine.name}: a worker's shutdown() wakes the page's pending asyncQ.get()`, async (page) => {
        const r = await page.evaluate(() => window.scenarios.shutdownWakesBlockedCallers());
        expect(r.get.threw).to.equal('SyncQueueShutDown');
        expect(r.page.name).to.equal('AsyncQueueShutDown');
      });
    });

    describe('examples/browser', function () {
      it(`${engine.name}: the page feeds jobs to a blocking worker and prints every result`, async () => {
        const page = await open('/examples/browser/');
        try {
          await page.waitFor(() => document.body.dataset.status !== 'running', 30_000);
          const { status, log } = await page.evaluate(() => ({
            status: document.body.dataset.status,
            log: document.querySelector('#log').textContent,
          }));
          const lines = log.trim().split('\n');
          expect(status, lines.join('\n')).to.equal('done');
          expect(lines[0]).to.match(
            /^on the main thread, syncQ\.get\(\) throws: janus-queue: this thread cannot block/,
          );
          const results = lines.filter((line) => line.startsWith('primes below'));
          // π(n) for n = 10 000, 20 000, ..., 100 000, in order.
          const counts = [1229, 2262, 3245, 4203, 5133, 6057, 6935, 7837, 8713, 9592];
          expect(results).to.deep.equal(counts.map((count, i) => `primes below ${(i + 1) * 10_000}: ${count}`));
          expect(lines).to.include('page: every job is done; shutting the jobs queue down');
          expect(lines[lines.length - 1]).to.equal('page: done');
          expect(await page.problems()).to.deep.equal([]);
        } finally {
          await page.close();
        }
      });
    });

    describe('a page that is not cross-origin isolated', function () {
      const title =
        expected.sabWithoutIsolation === 'undefined'
          ? `${engine.name}: has no SharedArrayBuffer: the library loads, and new Queue() throws`
          : `${engine.name} (JSC_useSharedArrayBuffer=1): crossOriginIsolated is false, yet SharedArrayBuffer exists and new Queue() works`;
      it(title, async () => {
        const page = await open('/spec/browser/pages/?noisolation');
        try {
          await page.waitFor(() => document.body.dataset.ready === 'true', 10_000);
          const r = await page.evaluate(() => {
            try {
              new window.janus.Queue();
              return { isolated: globalThis.crossOriginIsolated, sab: typeof SharedArrayBuffer, threw: null };
            } catch (error) {
              return {
                isolated: globalThis.crossOriginIsolated,
                sab: typeof SharedArrayBuffer,
                threw: error.name,
                message: error.message,
              };
            }
          });
          expect(r).to.deep.include({ isolated: false, sab: expected.sabWithoutIsolation });
          if (expected.sabWithoutIsolation === 'undefined') {
            expect(r.threw, JSON.stringify(r)).to.equal('ReferenceError');
            expect(r.message)
              .to.match(/SharedArrayBuffer/)
              .and.match(/Cross-Origin-Opener-Policy/);
          } else {
            expect(r.threw, JSON.stringify(r)).to.equal(null);
          }
          expect(await problemsOf(page)).to.deep.equal([]);
        } finally {
          await page.close();
        }
      });
    });
  });
}
