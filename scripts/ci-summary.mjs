#!/usr/bin/env node
/**
 * The counts of every test run of one CI pass, added up: each run (the
 * suite on one runtime, or the browser tests) leaves a JSON file in
 * `build-summaries/` with mocha's counts (scripts/summary-reporter.cjs)
 * and, added by scripts/test-on.mjs or by `note`, a label, its time and
 * its exit status.
 *
 *   node scripts/ci-summary.mjs note <file> <label> <seconds> <status>
 *       adds the label, time and exit status to a run's counts (and records
 *       a run that ended before mocha counted anything);
 *   node scripts/ci-summary.mjs
 *       prints one line per run, then `N passed, N failed` for all of them;
 *       exits 1 if a test failed, a run exited non-zero or reported no counts.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './runtimes.mjs';

const DIR = path.join(ROOT, 'build-summaries');
const [mode, ...args] = process.argv.slice(2);

if (mode === 'note') {
  const [file, label, seconds, status] = args;
  const counts = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { missing: true };
  writeFileSync(
    file,
    JSON.stringify({ ...counts, runtime: label, seconds: Number(seconds), status: Number(status) }) + '\n',
  );
  process.exit(0);
}
if (mode !== undefined) {
  console.error('usage: node scripts/ci-summary.mjs [note <file> <label> <seconds> <status>]');
  process.exit(2);
}

const runs = existsSync(DIR)
  ? readdirSync(DIR)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => JSON.parse(readFileSync(path.join(DIR, name), 'utf8')))
  : [];
let passed = 0;
let failed = 0;
let ok = runs.length > 0;
console.log(`\nci: ${runs.length} test runs`);
for (const run of runs) {
  if (run.missing) {
    console.log(`  ${run.runtime}: exited with ${run.status} before mocha reported any counts (${run.seconds} s)`);
    ok = false;
    continue;
  }
  const exit = run.status === 0 ? '' : ` (exit status ${run.status})`;
  console.log(`  ${run.runtime}: ${run.passed} passed, ${run.failed} failed in ${run.seconds} s${exit}`);
  passed += run.passed;
  failed += run.failed;
  if (run.failed > 0 || run.status !== 0) ok = false;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(ok ? 0 : 1);
