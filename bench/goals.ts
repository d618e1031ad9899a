/**
 * The ratios janus-queue aims for, checked against a run's results: each
 * goal compares janus-queue with the baseline it ran next to, never an
 * absolute rate (this machine's absolute rates move from day to day).
 */
import type { Kind } from './items.js';
import { KIND_LABELS } from './items.js';
import type { Result, ThroughputResult } from './rounds.js';
import type { SoakResult } from './runners/soak.js';
import { median } from './stats.js';

/** One goal and how the run did: `met` is null when the run did not measure it. */
export interface Goal {
  name: string;
  met: boolean | null;
  detail: string;
  /** What a bare ring of `--ceiling` reached in the same shape, when the run timed it: the bound for the goal here. */
  bound?: string;
}

/** The goals, in the order they are printed. */
export function goals(results: Result[], soak: SoakResult | undefined): Goal[] {
  const byId = new Map(results.map((result) => [result.id, result]));
  const list: Goal[] = [];
  const notRun = (name: string, how = 'not run'): void => void list.push({ name, met: null, detail: how });
  /**
   * Median ratio of scenario `id` at least `least` (or at most `most`) times
   * its baseline; `ceilingId` names the bare ring that bounds it, if any.
   */
  const ratio = (id: string, name: string, goal: { least?: number; most?: number }, ceilingId?: string): void => {
    const result = byId.get(id);
    if (result === undefined) return notRun(name);
    const q = median(result.ratios);
    const met = (goal.least === undefined || q >= goal.least) && (goal.most === undefined || q <= goal.most);
    const ceiling = ceilingId === undefined ? undefined : byId.get(ceilingId);
    const item = ceiling?.type === 'throughput' ? `, ${KIND_LABELS[ceiling.kind]}` : '';
    const bound =
      ceiling === undefined
        ? undefined
        : `${ceiling.label}${item}: ${median(ceiling.ratios).toFixed(2)}× ${ceiling.baselineName}`;
    // Two decimals unless they hide which side of the goal the ratio is on.
    const limit = goal.least ?? goal.most ?? q;
    const shown = q.toFixed(2) === limit.toFixed(2) ? q.toFixed(3) : q.toFixed(2);
    list.push({ name, met, detail: `${shown}× ${result.baselineName}`, bound });
  };
  const throughput = (id: string): ThroughputResult | undefined => {
    const result = byId.get(id);
    return result?.type === 'throughput' ? result : undefined;
  };
  const perKind: [Kind, number][] = [
    ['int', 2.5],
    ['object', 2.5],
    ['string', 2],
  ];
  for (const [kind, least] of perKind)
    ratio(
      `w2m-1024-${kind}`,
      `worker → main, one ${KIND_LABELS[kind]} per call: ≥ ${least}× postMessage`,
      { least },
      `ceiling-records-${kind}`,
    );
  // A ring of ints behind one lock bounds every kind: larger items only take longer.
  for (const kind of ['int', 'object', 'string'] as const)
    ratio(
      `mpmc-64-${kind}`,
      `4 producers → 2 consumers + main, ${KIND_LABELS[kind]}: ≥ 1.5× postMessage`,
      { least: 1.5 },
      'ceiling-locked-many-int',
    );
  ratio('w2m-batch-1024-int', 'putMany(64) / getMany(64), ints: ≥ 4× postMessage', { least: 4 });
  ratio('pool-4', 'pool of 4 workers: ≥ 10× piscina', { least: 10 });
  const pool2 = throughput('pool-2');
  const pool4 = throughput('pool-4');
  const scaling = 'pool of 4 workers on this machine: ≥ 0.9× the rate of the pool of 2';
  if (pool2 === undefined || pool4 === undefined) notRun(scaling);
  else {
    const q = median(pool4.janus) / median(pool2.janus);
    list.push({ name: scaling, met: q >= 0.9, detail: `${q.toFixed(2)}×` });
  }
  for (const kind of ['object', 'int'] as const) {
    const forward = throughput(`w2m-1024-${kind}`);
    const backward = throughput(`m2w-1024-${kind}`);
    const name = `main → worker within 20% of worker → main (${KIND_LABELS[kind]})`;
    if (forward === undefined || backward === undefined) notRun(name);
    else {
      const q = median(backward.janus) / median(forward.janus);
      list.push({ name, met: q >= 0.8, detail: `${(q * 100).toFixed(0)}%` });
    }
  }
  ratio('pingpong', 'ping-pong round trip p50: ≤ 0.2× postMessage', { most: 0.2 });
  ratio('synccall', 'synchronous call p50: ≤ 0.2× synckit', { most: 0.2 });
  const flat = 'RSS and store flat (± 50 MB) over 10 M items';
  if (soak === undefined) notRun(flat, 'run with --soak');
  else
    list.push({
      name: flat,
      met: soak.rssSpreadMB <= 100 && soak.storeSpreadMB <= 100 && soak.items >= 10_000_000,
      detail: `RSS spread ${soak.rssSpreadMB} MB, store spread ${soak.storeSpreadMB} MB over ${(soak.items / 1e6).toFixed(1)} M items`,
    });
  return list;
}
