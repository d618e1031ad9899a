/**
 * Runs one scenario: a warm-up run of each side, then `rounds` timed rounds
 * in which janus-queue and its baseline run back to back, their order
 * alternating between rounds so that both see the same machine load.
 */
import type { Kind } from './items.js';
import type { LatencyScenario, Scenario, Section, ThroughputScenario } from './scenarios.js';
import { median, quantile } from './stats.js';

/** Items per second of each side, per round. */
export interface ThroughputResult {
  type: 'throughput';
  section: Section;
  id: string;
  label: string;
  kind: Kind;
  items: number;
  baselineName: string;
  baselineLabel: string;
  janus: number[];
  baseline: number[];
  /** janus / baseline, per round. */
  ratios: number[];
}

/** p50 and p99 of the calls of a round, in microseconds, per round. */
export interface Latencies {
  p50: number[];
  p99: number[];
}

/** Time per call of each side, per round. */
export interface LatencyResult {
  type: 'latency';
  id: string;
  label: string;
  items: number;
  baselineName: string;
  baselineLabel: string;
  janus: Latencies;
  baseline: Latencies;
  /** janus p50 / baseline p50, per round. */
  ratios: number[];
}

/** What one scenario measured. */
export type Result = ThroughputResult | LatencyResult;

/** Where a scenario writes its progress line. */
type Log = (line: string) => void;

/** Runs `scenario` for `rounds` rounds; `log` gets one progress line. */
export async function runScenario(scenario: Scenario, rounds: number, log: Log): Promise<Result> {
  return scenario.type === 'throughput' ? runThroughput(scenario, rounds, log) : runLatency(scenario, rounds, log);
}

/** Runs `janus` and `baseline` back to back `rounds` times, janus-queue first in even rounds. */
async function alternate(rounds: number, janus: () => Promise<void>, baseline: () => Promise<void>): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      await janus();
      await baseline();
    } else {
      await baseline();
      await janus();
    }
  }
}

/** Warm-up, rounds and rates (items per second) of a throughput scenario. */
async function runThroughput(scenario: ThroughputScenario, rounds: number, log: Log): Promise<ThroughputResult> {
  const { items } = scenario;
  const janus: number[] = [];
  const baseline: number[] = [];
  try {
    const warm = Math.max(1000, items >> 2);
    await scenario.janus(warm);
    await scenario.baseline(warm);
    const rate = async (side: (n: number) => Promise<number>): Promise<number> => items / ((await side(items)) / 1000);
    await alternate(
      rounds,
      async () => void janus.push(await rate(scenario.janus)),
      async () => void baseline.push(await rate(scenario.baseline)),
    );
  } finally {
    await scenario.close?.();
  }
  const ratios = janus.map((value, round) => value / baseline[round]);
  log(
    `  ${scenario.id}: ${(median(janus) / 1e6).toFixed(3)} vs ${(median(baseline) / 1e6).toFixed(3)} M/s (${median(ratios).toFixed(2)}×)`,
  );
  const { type, section, id, label, kind, baselineName, baselineLabel } = scenario;
  return { type, section, id, label, kind, items, baselineName, baselineLabel, janus, baseline, ratios };
}

/** Warm-up, rounds and p50/p99 of a latency scenario. */
async function runLatency(scenario: LatencyScenario, rounds: number, log: Log): Promise<LatencyResult> {
  const { items } = scenario;
  const warm = Math.max(100, items >> 2);
  await scenario.janus(warm);
  await scenario.baseline(warm);
  const janus: Latencies = { p50: [], p99: [] };
  const baseline: Latencies = { p50: [], p99: [] };
  const record = (into: Latencies, latencies: number[]): void => {
    into.p50.push(quantile(latencies, 0.5) * 1000);
    into.p99.push(quantile(latencies, 0.99) * 1000);
  };
  await alternate(
    rounds,
    async () => record(janus, await scenario.janus(items)),
    async () => record(baseline, await scenario.baseline(items)),
  );
  const ratios = janus.p50.map((value, round) => value / baseline.p50[round]);
  log(
    `  ${scenario.id}: p50 ${median(janus.p50).toFixed(1)} vs ${median(baseline.p50).toFixed(1)} µs (${median(ratios).toFixed(2)}×)`,
  );
  const { type, id, label, baselineName, baselineLabel } = scenario;
  return { type, id, label, items, baselineName, baselineLabel, janus, baseline, ratios };
}
