/**
 * The bench's printed report: the machine, one table per section of
 * throughput scenarios, the latency scenarios, the soak run, the goals and
 * the costs of `--costs`.
 */
import type { CostRow } from './costs.js';
import type { Goal } from './goals.js';
import { KIND_LABELS } from './items.js';
import type { LatencyResult, Result, ThroughputResult } from './rounds.js';
import type { SoakResult } from './runners/soak.js';
import type { Section } from './scenarios.js';
import { median, summarize } from './stats.js';

/** Where and how the bench ran. */
export interface Meta {
  node: string;
  cpus: number;
  cpu: string;
  /** Load averages (1, 5, 15 min) before and after the run. */
  loadBefore: number[];
  loadAfter: number[];
  rounds: number;
  scale: number;
  seconds: number;
}

/** How each section of throughput scenarios is printed. */
const SECTIONS: Record<Section, { title: string; subject: string; unit: 'M' | 'k' }> = {
  queue: {
    title: 'Hand-offs, M items/s: median (min..max); ratio = median of per-round janus-queue / baseline',
    subject: 'janus-queue',
    unit: 'M',
  },
  pool: {
    title: 'Worker pools, k tasks/s: median (min..max); ratio = median of per-round janus-queue / baseline',
    subject: 'janus-queue',
    unit: 'k',
  },
  ceiling: {
    title:
      'Ceiling (--ceiling): bare rings, not janus-queue (bench/rings.ts, bench/record-ring.ts), M items/s; ratio = ring / baseline',
    subject: 'bare ring',
    unit: 'M',
  },
};

/** The whole report, as printed without `--json`. */
export function report(
  meta: Meta,
  results: Result[],
  soak: SoakResult | undefined,
  goalList: Goal[],
  costs: CostRow[] | undefined,
): string {
  const lines: string[] = [
    `janus-queue bench: node ${meta.node}, ${meta.cpus} × ${meta.cpu}; load ${meta.loadBefore.join(' ')} before, ${meta.loadAfter.join(' ')} after; ` +
      `${meta.rounds} rounds after a warm-up${meta.scale === 1 ? '' : `, scale ${meta.scale}`}; ${meta.seconds.toFixed(0)} s`,
  ];
  const throughput = results.filter((r): r is ThroughputResult => r.type === 'throughput');
  const width = Math.max(58, ...throughput.map((r) => r.label.length));
  for (const section of ['queue', 'pool', 'ceiling'] as const)
    throughputTable(
      lines,
      section,
      throughput.filter((r) => r.section === section),
      width,
    );
  for (const r of results) if (r.type === 'latency') latencyBlock(lines, r);
  if (soak !== undefined) soakBlock(lines, soak);
  lines.push('', 'Goals (ratios to the baseline run next to janus-queue):');
  for (const goal of goalList) {
    const mark = goal.met === null ? '  -  ' : goal.met ? ' MET ' : 'MISS ';
    lines.push(`  [${mark}] ${goal.name}: ${goal.detail}`);
    if (goal.bound !== undefined) lines.push(`           bound here (--ceiling): ${goal.bound}`);
  }
  if (costs !== undefined) lines.push('', costsTable(costs));
  return lines.join('\n');
}

/** `text` padded with spaces to `width` characters, on the right (or on the left if `right`). */
function pad(text: string, width: number, right = false): string {
  const fill = ' '.repeat(Math.max(0, width - [...text].length));
  return right ? fill + text : text + fill;
}

/** `median (min..max)` of `values`, each shown by `format`. */
function spread(values: readonly number[], format: (value: number) => string): string {
  const summary = summarize(values);
  return `${format(summary.median)} (${format(summary.min)}..${format(summary.max)})`;
}

/** Appends the table of one section's rows (nothing if there are none), its scenario column `width` wide. */
function throughputTable(lines: string[], section: Section, rows: ThroughputResult[], width: number): void {
  if (rows.length === 0) return;
  const { title, subject, unit } = SECTIONS[section];
  const rate = unit === 'M' ? (v: number): string => (v / 1e6).toFixed(2) : (v: number): string => (v / 1e3).toFixed(1);
  lines.push('', title);
  lines.push(
    [
      pad('scenario', width),
      pad('item', 13),
      pad(subject, 22),
      pad('baseline', 22),
      pad('ratio', 7, true),
      '  baseline',
    ].join(' '),
  );
  lines.push('-'.repeat(width + 110));
  for (const r of rows) {
    lines.push(
      [
        pad(r.label, width),
        pad(KIND_LABELS[r.kind], 13),
        pad(spread(r.janus, rate), 22),
        pad(spread(r.baseline, rate), 22),
        pad(`${median(r.ratios).toFixed(2)}×`, 7, true),
        ` ${r.baselineLabel}`,
      ].join(' '),
    );
  }
}

/** Appends the p50 and p99 of both sides of a latency scenario, and their ratio. */
function latencyBlock(lines: string[], r: LatencyResult): void {
  const us = (value: number): string => value.toFixed(1);
  lines.push('', `${r.label}, ${r.items} calls per round; µs: median over rounds (min..max)`);
  lines.push(`  ${pad('janus-queue', 12)} p50 ${spread(r.janus.p50, us)}   p99 ${spread(r.janus.p99, us)}`);
  lines.push(
    `  ${pad(r.baselineName, 12)} p50 ${spread(r.baseline.p50, us)}   p99 ${spread(r.baseline.p99, us)}   (${r.baselineLabel})`,
  );
  lines.push(`  ${pad('p50 ratio', 12)} ${median(r.ratios).toFixed(2)}× (janus-queue / ${r.baselineName}, per round)`);
}

/** Appends the soak run's rate, memory spread and about ten of its samples. */
function soakBlock(lines: string[], soak: SoakResult): void {
  lines.push(
    '',
    `Soak: ${(soak.items / 1e6).toFixed(1)} M small objects, worker syncQ.put → main asyncQ.get, maxsize ${soak.maxsize}: ` +
      `${(soak.rate / 1e6).toFixed(2)} M/s; RSS spread ${soak.rssSpreadMB} MB, store spread ${soak.storeSpreadMB} MB (after the first sample)`,
  );
  const picks = soak.samples.filter((_, i, all) => i % Math.ceil(all.length / 10) === 0 || i === all.length - 1);
  lines.push('  items (M)   seconds   RSS MB   heap MB   store MB');
  for (const s of picks) {
    lines.push(
      `  ${pad((s.items / 1e6).toFixed(2), 9, true)}   ${pad(s.seconds.toFixed(1), 7, true)}   ${pad(s.rssMB.toFixed(1), 6, true)}   ` +
        `${pad(s.heapMB.toFixed(1), 7, true)}   ${pad(s.storeMB.toFixed(2), 8, true)}`,
    );
  }
}

/** The table of `--costs`. */
function costsTable(rows: CostRow[]): string {
  const lines = ['Where the time goes: ns per call (µs where marked), median of several runs'];
  lines.push([pad('', 66), pad('int', 9, true), pad('object', 9, true), pad('1 KiB str', 10, true)].join(' '));
  for (const row of rows) {
    if (row.unit === 'µs') lines.push(`${pad(row.name, 66)} ${pad(`${row.int.toFixed(1)} µs`, 9, true)}`);
    else
      lines.push(
        [
          pad(row.name, 66),
          pad(row.int.toFixed(0), 9, true),
          pad(row.object.toFixed(0), 9, true),
          pad(row.string.toFixed(0), 10, true),
        ].join(' '),
      );
  }
  return lines.join('\n');
}
