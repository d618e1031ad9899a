/**
 * The bench's command line: `npm run bench -- [options]`. `--help` prints
 * {@link HELP}, one line per option.
 */

/** What the command line asks for. */
export interface Options {
  /** Timed rounds per scenario, after one warm-up run. */
  rounds: number;
  /** Multiplies the items (tasks, round trips) of every round. */
  scale: number;
  /** Runs only the scenarios whose id matches. */
  only: RegExp | undefined;
  /** Prints every sample as JSON instead of the tables. */
  json: boolean;
  /** Items of the soak run (0: no soak run). */
  soak: number;
  /** Adds the putMany/getMany scenarios. */
  batch: boolean;
  /** Adds the costs of one item, piece by piece. */
  costs: boolean;
  /** Adds the bare rings (of ints, and of encoded records). */
  ceiling: boolean;
  /** Runs the default scenarios (false with `--no-default`). */
  defaults: boolean;
}

/** Items of `--soak` given without a count. */
const SOAK_ITEMS = 10_000_000;

/** What `--help` prints. */
export const HELP = `usage: npm run bench -- [options]

Times janus-queue against what users would pick instead (postMessage,
piscina, synckit), side by side in one process: every scenario runs once to
warm up, then --rounds times, janus-queue and its baseline back to back in
alternating order; the table gives medians over the rounds.

options:
  --rounds N      timed rounds per scenario (default 5)
  --scale X       multiply the items of every round by X (default 1)
  --only REGEXP   run only the scenarios whose id matches REGEXP (ids: docs/performance.md)
  --json          print every sample as JSON instead of the tables
  --batch         also run the putMany(64) / getMany(64) scenarios
  --ceiling       also time bare rings (bench/rings.ts, bench/record-ring.ts), the bound for a shared-memory queue here
  --costs         also measure where the time of one item goes (codec, locking, await, cache lines, wake-ups)
  --soak [ITEMS]  also move ITEMS small objects (default 10 M) through a bounded queue, sampling memory
  --no-default    skip the default scenarios (to run only --batch, --ceiling, --costs or --soak)
  --help, -h      print this help
`;

/** Parses `argv` (the arguments after `--`); throws on an unknown option or a missing value. */
export function parseOptions(argv: readonly string[]): Options {
  const options: Options = {
    rounds: 5,
    scale: 1,
    only: undefined,
    json: false,
    soak: 0,
    batch: false,
    costs: false,
    ceiling: false,
    defaults: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value (see --help)`);
      return next;
    };
    if (arg === '--rounds') options.rounds = positive(arg, value(), true);
    else if (arg === '--scale') options.scale = positive(arg, value(), false);
    else if (arg === '--only') options.only = new RegExp(value());
    else if (arg === '--json') options.json = true;
    else if (arg === '--batch') options.batch = true;
    else if (arg === '--ceiling') options.ceiling = true;
    else if (arg === '--costs') options.costs = true;
    else if (arg === '--no-default') options.defaults = false;
    else if (arg === '--soak') {
      const next = argv[i + 1];
      const counted = next !== undefined && /^[\d_.e]+$/.test(next);
      options.soak = counted ? positive(arg, argv[++i].replaceAll('_', ''), true) : SOAK_ITEMS;
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(HELP);
      process.exit(0);
    } else throw new Error(`unknown option ${arg} (see --help)`);
  }
  return options;
}

/** `text` as a number > 0 (an integer if `integer`), else an error naming `option`. */
function positive(option: string, text: string, integer: boolean): number {
  const value = Number(text);
  if (!(value > 0) || (integer && !Number.isInteger(value)))
    throw new Error(`${option} needs a ${integer ? 'whole ' : ''}number > 0, got ${text}`);
  return value;
}
