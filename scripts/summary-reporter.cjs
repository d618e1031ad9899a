'use strict';
// Mocha reporter = the built-in `spec` reporter (what humans read) plus:
//  1. at the end of the run, writes the real counts as JSON to
//     `build/test-summary.json` (reporter option `summaryFile`, or the
//     environment's JANUS_SUMMARY_FILE, which wins, overrides), which .ci/run
//     turns into the closing `N passed, N failed` line that CI reads;
//  2. a leak watchdog: mocha runs without --exit, so a handle left open (an
//     un-terminated Worker, a ref'd keep-alive of a pending asyncQ call, a
//     timer) would hang `npm test` forever. If the process is still alive
//     LEAK_GRACE_MS after the last test, list what keeps it alive and exit 1.
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

const { EVENT_RUN_END } = Mocha.Runner.constants;
const LEAK_GRACE_MS = 10_000;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options = {}) {
    super(runner, options); // registers the spec output (and its epilogue) first
    const opts = options.reporterOption || options.reporterOptions || {};
    const file = path.resolve(process.env.JANUS_SUMMARY_FILE || opts.summaryFile || 'build/test-summary.json');

    runner.once(EVENT_RUN_END, () => {
      const { passes = 0, failures = 0, pending = 0, tests = 0 } = runner.stats || {};
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify({ passed: passes, failed: failures, pending, tests }) + '\n');
      if (pending > 0) {
        // Never skip silently: say how many were skipped (it.skip / this.skip()).
        console.log(`\n  ${pending} test(s) skipped — see the "-" lines above\n`);
      }

      setTimeout(() => {
        const alive = (process.getActiveResourcesInfo?.() ?? []).filter((r) => r !== 'TTYWrap');
        console.error(
          `\n[summary-reporter] the process is still alive ${LEAK_GRACE_MS / 1000} s after the ` +
            `last test; something leaked a handle (a Worker not terminated, a pending asyncQ ` +
            `keep-alive, a timer). Active resources: ${alive.join(', ') || '(none listed)'} ` +
            `(Node does not list Worker threads here).\n`,
        );
        // mocha sets process.exitCode from the failure count in an 'exit'
        // listener; this one is registered later, so it runs last and wins.
        process.on('exit', () => {
          process.exitCode = 1;
        });
        process.exit(1);
      }, LEAK_GRACE_MS).unref(); // unref: fires only if something else keeps us alive
    });
  }
}

SummaryReporter.description = 'spec + counts file for .ci/run + leaked-handle watchdog';
module.exports = SummaryReporter;
