/**
 * The items every scenario moves: a small int, a small object and a 1 KiB
 * string, built the same way on both sides of each comparison.
 */

/** The item kinds of the benchmark. */
export const KINDS = ['int', 'object', 'string'] as const;
export type Kind = (typeof KINDS)[number];

/** What a table row calls each kind. */
export const KIND_LABELS: Record<Kind, string> = {
  int: 'int',
  object: 'small object',
  string: '1 KiB string',
};

/** A 1 KiB ASCII string (one instance: each put or postMessage copies it anyway). */
const KIB_STRING = 'janus-queue/'.repeat(86).slice(0, 1024);

/** The `i`-th item of `kind`. */
export function makeItem(kind: Kind, i: number): unknown {
  switch (kind) {
    case 'int':
      return i;
    case 'object':
      return { id: i, name: 'item', values: [1, 2, 3] };
    case 'string':
      return KIB_STRING;
  }
}

/**
 * Items per timed round, for each kind: enough for ~0.1-0.5 s at the
 * expected rates, scaled by `--scale`.
 */
export const ROUND_ITEMS: Record<Kind, number> = {
  int: 400_000,
  object: 300_000,
  string: 100_000,
};

/** Throws unless `last`, the last item that arrived, is item `index` of `kind`. */
export function checkLast(kind: Kind, last: unknown, index: number): void {
  const expected = makeItem(kind, index);
  const same = kind === 'object' ? (last as { id: number } | undefined)?.id === index : last === expected;
  if (!same) throw new Error(`the last ${kind} item is ${JSON.stringify(last)?.slice(0, 60)}, expected item #${index}`);
}
