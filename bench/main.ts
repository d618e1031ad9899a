/**
 * `npm run bench`: janus-queue against what users would pick instead, in
 * one process. `npm run bench -- --help` lists the options; the scenarios
 * are in bench/scenarios.ts, the timed runs in bench/runners/, the rounds in
 * bench/rounds.ts and the printed report in bench/report.ts.
 */
import { cpus, loadavg } from 'node:os';
import { BenchWorker } from './bench-worker.js';
import { parseOptions } from './command-line.js';
import { measureCosts, type CostRow } from './costs.js';
import { goals } from './goals.js';
import { report, type Meta } from './report.js';
import { runScenario, type Result } from './rounds.js';
import { soak, type SoakResult } from './runners/soak.js';
import { scenarios } from './scenarios.js';

/** Long-lived worker threads: the most any scenario uses (4 producers, 2 consumers). */
const WORKERS = 6;

const options = parseOptions(process.argv.slice(2));
const log = (line: string): void => void process.stderr.write(`${line}\n`);
const load = (): number[] => loadavg().map((value) => Math.round(value * 100) / 100);
const loadBefore = load();
const started = performance.now();
const workers = Array.from({ length: WORKERS }, () => new BenchWorker());
const results: Result[] = [];
let soakResult: SoakResult | undefined;
let costs: CostRow[] | undefined;
try {
  for (const scenario of scenarios(workers, options)) results.push(await runScenario(scenario, options.rounds, log));
  if (options.costs) {
    log('  costs...');
    costs = await measureCosts(workers[0]);
  }
  if (options.soak > 0) {
    soakResult = await soak(workers[0], options.soak);
    log(
      `  soak: ${(soakResult.rate / 1e6).toFixed(2)} M/s, RSS spread ${soakResult.rssSpreadMB} MB, store spread ${soakResult.storeSpreadMB} MB`,
    );
  }
} finally {
  await Promise.all(workers.map((worker) => worker.exit()));
}
const meta: Meta = {
  node: process.version,
  cpus: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  loadBefore,
  loadAfter: load(),
  rounds: options.rounds,
  scale: options.scale,
  seconds: (performance.now() - started) / 1000,
};
const goalList = goals(results, soakResult);
if (options.json)
  process.stdout.write(`${JSON.stringify({ meta, results, soak: soakResult, costs, goals: goalList }, null, 2)}\n`);
else process.stdout.write(`${report(meta, results, soakResult, goalList, costs)}\n`);
