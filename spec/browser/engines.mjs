/**
 * The three browser engines the browser tests run in, each behind the same
 * small interface, so that browser.spec.mjs runs the same checks in each:
 *
 * - Chromium: Debian's `chromium`, headless, driven by playwright-core (CDP).
 * - Firefox: Debian's `firefox-esr`, headless, driven by puppeteer-core over
 *   WebDriver BiDi (playwright-core cannot drive a stock Firefox).
 * - WebKit: WebKitGTK's MiniBrowser (Debian's `webkit2gtk-driver`), driven
 *   through `WebKitWebDriver` (classic WebDriver over HTTP), on a virtual
 *   display (`xvfb-run`, packages `xvfb` and `xauth`). WebKitGTK exposes
 *   `SharedArrayBuffer` only with `JSC_useSharedArrayBuffer=1` in its
 *   environment, which this sets; that setting also exposes it on pages
 *   that are not cross-origin isolated.
 *
 * `BROWSERS=chromium,firefox` (the engines' ids, comma-separated) runs a
 * subset; the default is all three. A missing browser is an error, never a skip.
 *
 * Interface: `engine.launch()` resolves to a browser with `version`,
 * `open(url)` and `close()`; `open` resolves to a page with
 * `evaluate(fn)` (runs `fn`, a function without arguments, in the page and
 * resolves to its awaited, JSON-serialisable result), `waitFor(fn, ms)`,
 * `problems()` (uncaught errors and `console.error` calls of the page and
 * its workers, as far as the driver reports them: none in WebKit) and `close()`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
const MINIBROWSER = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const XVFB_RUN = '/usr/bin/xvfb-run';

/** Throws a clear error naming the Debian packages to install when `file` is missing. */
function need(file, what, packages) {
  if (!existsSync(file))
    throw new Error(`no ${what} at ${file}: apt-get install -y ${packages} (bash .ci/run installs them)`);
}

/** Polls `fn` in `page` until it returns true; rejects after `ms`. */
async function poll(page, fn, ms) {
  const end = performance.now() + ms;
  while (!(await page.evaluate(fn))) {
    if (performance.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${fn}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Records the `console.error` calls of `target` (a playwright or puppeteer page or worker) in `problems`. */
function recordConsoleErrors(target, problems, label) {
  target.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${label}: ${message.text()}`);
  });
}

/**
 * The list that the uncaught errors and `console.error` calls of `page` (a
 * playwright or puppeteer page: both drivers name these events alike) go to.
 */
function recordProblems(page) {
  const problems = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  recordConsoleErrors(page, problems, 'console.error');
  return problems;
}

/** Chromium through playwright-core. */
const chromium = {
  id: 'chromium',
  name: 'Chromium',
  async launch() {
    need(CHROMIUM, 'Chromium', 'chromium');
    const { chromium: driver } = await import('playwright-core');
    const browser = await driver.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    return {
      version: `Chromium ${browser.version()}`,
      async open(url) {
        const context = await browser.newContext();
        const page = await context.newPage();
        const problems = recordProblems(page);
        page.on('worker', (worker) => recordConsoleErrors(worker, problems, 'worker console.error'));
        await page.goto(url);
        return {
          evaluate: (fn) => page.evaluate(fn),
          waitFor: (fn, ms) => page.waitForFunction(fn, null, { timeout: ms }).then(() => undefined),
          problems: async () => problems,
          close: () => context.close(),
        };
      },
      close: () => browser.close(),
    };
  },
};

/** Firefox ESR through puppeteer-core over WebDriver BiDi. */
const firefox = {
  id: 'firefox',
  name: 'Firefox ESR',
  async launch() {
    need(FIREFOX, 'Firefox ESR', 'firefox-esr');
    const { default: puppeteer } = await import('puppeteer-core');
    const browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true });
    return {
      version: (await browser.version()).replace(/^firefox\//, 'Firefox '),
      async open(url) {
        const context = await browser.createBrowserContext();
        const page = await context.newPage();
        const problems = recordProblems(page);
        await page.goto(url);
        return {
          evaluate: (fn) => page.evaluate(fn),
          waitFor: (fn, ms) => page.waitForFunction(fn, { timeout: ms }).then(() => undefined),
          problems: async () => problems,
          close: () => context.close(),
        };
      },
      close: () => browser.close(),
    };
  },
};

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * WebKitGTK's MiniBrowser through WebKitWebDriver, under xvfb-run. Classic
 * WebDriver reports no console events: here only the harness page's own
 * recorder (spec/browser/pages/index.html), which the tests read in every
 * engine, catches problems.
 */
const webkit = {
  id: 'webkit',
  name: 'WebKitGTK',
  async launch() {
    need(WEBKIT_DRIVER, 'WebKitWebDriver', 'webkit2gtk-driver');
    need(MINIBROWSER, 'MiniBrowser', 'webkit2gtk-driver');
    need(XVFB_RUN, 'xvfb-run', 'xvfb xauth');
    const port = await freePort();
    const driver = spawn(XVFB_RUN, ['-a', WEBKIT_DRIVER, `--port=${port}`], {
      env: { ...process.env, JSC_useSharedArrayBuffer: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true, // its own process group: xvfb-run, Xvfb, the driver and the browser end together
    });
    let driverLog = '';
    driver.stderr.on('data', (chunk) => (driverLog = (driverLog + chunk).slice(-2000)));
    const base = `http://127.0.0.1:${port}`;
    const command = async (method, path, body) => {
      const response = await fetch(base + path, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body && JSON.stringify(body),
      });
      const json = await response.json();
      if (!response.ok) throw new Error(`WebDriver ${method} ${path}: ${json.value?.error}: ${json.value?.message}`);
      return json.value;
    };
    const stop = () => {
      try {
        process.kill(-driver.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    };
    let session;
    try {
      for (let tries = 0; ; tries++) {
        try {
          await command('GET', '/status');
          break;
        } catch (error) {
          if (tries > 200 || driver.exitCode !== null)
            throw new Error(`WebKitWebDriver did not start: ${error.message}\n${driverLog}`, { cause: error });
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      session = await command('POST', '/session', {
        capabilities: {
          alwaysMatch: {
            browserName: 'MiniBrowser',
            'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
          },
        },
      });
    } catch (error) {
      stop();
      throw error;
    }
    const at = `/session/${session.sessionId}`;
    const evaluate = (fn) => command('POST', `${at}/execute/sync`, { script: `return (${fn})();`, args: [] });
    return {
      version: `WebKitGTK ${session.capabilities.browserVersion}`,
      async open(url) {
        await command('POST', `${at}/url`, { url });
        const page = {
          evaluate,
          waitFor: (fn, ms) => poll(page, fn, ms),
          problems: async () => [], // see the page's own recorder
          close: () => command('POST', `${at}/url`, { url: 'about:blank' }),
        };
        return page;
      },
      async close() {
        try {
          await command('DELETE', at);
        } finally {
          stop();
        }
      },
    };
  },
};

/** Every engine, in the order the tests run them. */
export const ENGINES = [chromium, firefox, webkit];

/** The engines to test: `BROWSERS` (ids, comma-separated), or all. */
export function selectedEngines() {
  const wanted = process.env.BROWSERS?.split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  if (!wanted) return ENGINES;
  const unknown = wanted.filter((id) => !ENGINES.some((engine) => engine.id === id));
  if (unknown.length > 0)
    throw new Error(
      `BROWSERS names unknown engines: ${unknown.join(', ')} (known: ${ENGINES.map((e) => e.id).join(', ')})`,
    );
  return ENGINES.filter((engine) => wanted.includes(engine.id));
}
