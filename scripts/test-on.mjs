#!/usr/bin/env node
/**
 * Runs the whole test suite on another runtime, installed from the npm
 * registry into a git-ignored cache (see ./runtimes.mjs):
 *
 *   node scripts/test-on.mjs node 22 24 26   # `npm test` with each Node major first on PATH
 *   node scripts/test-on.mjs node            # every major from 20 to 26 but 21 (see NODE_MAJORS)
 *   node scripts/test-on.mjs bun [version]   # the compiled suite under Bun's mocha
 *   node scripts/test-on.mjs deno [version]  # the compiled suite under Deno (node compatibility)
 *
 * (`npm run test:node -- 22 24 26`, `npm run test:bun`, `npm run test:deno`.)
 *
 * For Node, `npm test` itself runs on the installed binary, workers and child
 * processes included, with coverage. Bun and Deno run mocha's CLI module
 * directly (its `bin/mocha.js` relaunches with Node-only flags) on the suite
 * that `npm run build:test` compiled with this repository's Node.
 *
 * Each run writes its counts, runtime version and time to
 * `build-summaries/<runtime>-<version>.json` (read by scripts/ci-summary.mjs),
 * prints one line per runtime, and the script exits non-zero if any test
 * failed or a run ended without counts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { installRuntime, KINDS, ROOT, RUNTIMES_DIR } from './runtimes.mjs';

/** Where each run's counts go (one JSON file per runtime and version). */
const SUMMARIES_DIR = path.join(ROOT, 'build-summaries');

/**
 * The Node majors tested when none is named: every line from 20 to the
 * newest but 21, where the test tools cannot run (mocha 12, c8 12 and npm 11
 * need require() of ES modules, which Node 21 lacks; it reached its end of
 * life in June 2024).
 */
const NODE_MAJORS = ['20', '22', '23', '24', '25', '26'];

const MOCHA_CLI = path.join(ROOT, 'node_modules', 'mocha', 'lib', 'cli', 'cli.js');

const [kind, ...versions] = process.argv.slice(2);
if (!KINDS.includes(kind)) {
  console.error(`usage: node scripts/test-on.mjs <${KINDS.join('|')}> [version ...]`);
  process.exit(2);
}

/** Seconds one run of the suite may take before it is stopped (`JANUS_RUN_LIMIT_S`, default 20 minutes). */
const LIMIT_S = Number(process.env.JANUS_RUN_LIMIT_S ?? 1200);

/** Unix time (seconds) by which every run must have ended (`JANUS_DEADLINE`, set by .ci/run), or none. */
const DEADLINE = process.env.JANUS_DEADLINE ? Number(process.env.JANUS_DEADLINE) : Infinity;

/** Seconds the next run may take: LIMIT_S, or less as the deadline nears (0: no time left). */
function limitNow() {
  return Math.max(0, Math.floor(Math.min(LIMIT_S, DEADLINE - Date.now() / 1000)));
}

/**
 * Runs `command` in the repository with `env` added, stopped (with all its
 * processes: coreutils' `timeout` signals its process group) after
 * `limitNow()` seconds; returns its exit status (124 when stopped).
 */
function run(command, args, env = {}) {
  const limit = limitNow();
  if (limit === 0) {
    console.error(`test-on: not running ${command} ${args.join(' ')}: past JANUS_DEADLINE`);
    return 124;
  }
  const result = spawnSync('timeout', ['--kill-after=30', String(limit), command, ...args], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

/** The suite on `kind` at `version`: its exit status and where its counts are. */
function suiteOn(kind, version) {
  const runtime = installRuntime(kind, version);
  const summaryFile = path.join(SUMMARIES_DIR, `${kind}-${String(version ?? 'default').replace(/[^\w.-]/g, '_')}.json`);
  rmSync(summaryFile, { force: true });
  const env = { JANUS_SUMMARY_FILE: summaryFile };
  console.log(`\n=== the test suite on ${kind} ${runtime.version} (${path.relative(ROOT, runtime.bin)}) ===\n`);
  const started = performance.now();
  let status;
  if (kind === 'node') {
    env.PATH = `${path.dirname(runtime.bin)}${path.delimiter}${process.env.PATH}`;
    status = run('npm', ['test'], env);
  } else if (kind === 'bun') {
    status = run(runtime.bin, [MOCHA_CLI], env);
  } else {
    env.DENO_DIR = path.join(RUNTIMES_DIR, 'deno-dir');
    status = run(runtime.bin, ['run', '-A', MOCHA_CLI], env);
  }
  const seconds = Math.round((performance.now() - started) / 1000);
  const counts = existsSync(summaryFile) ? JSON.parse(readFileSync(summaryFile, 'utf8')) : null;
  // No counts (a build failure, a crash, stopped at the limit) is recorded too, as a failed run.
  writeFileSync(
    summaryFile,
    JSON.stringify({ ...(counts ?? { missing: true }), runtime: `${kind} ${runtime.version}`, seconds, status }) + '\n',
  );
  return { label: `${kind} ${runtime.version}`, status, counts, seconds };
}

mkdirSync(SUMMARIES_DIR, { recursive: true });
if (kind !== 'node' && run('npm', ['run', 'build:test']) !== 0) process.exit(1);
const wanted = versions.length > 0 ? versions : kind === 'node' ? NODE_MAJORS : [undefined];
const results = wanted.map((version) => suiteOn(kind, version));

console.log('');
let passed = 0;
let failed = 0;
let ok = true;
for (const { label, status, counts, seconds } of results) {
  if (!counts) {
    console.log(`${label}: exited with ${status} before mocha reported any counts (${seconds} s)`);
    ok = false;
    continue;
  }
  console.log(
    `${label}: ${counts.passed} passed, ${counts.failed} failed in ${seconds} s${status === 0 ? '' : ` (exit status ${status})`}`,
  );
  passed += counts.passed;
  failed += counts.failed;
  if (counts.failed > 0 || status !== 0) ok = false;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(ok ? 0 : 1);
