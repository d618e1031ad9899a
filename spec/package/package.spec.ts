/**
 * The published package, as users get it: `npm pack` once, install the
 * tarball offline into a scratch project outside the repository, and use it
 * from ESM, from CommonJS, across both with worker threads, and from
 * TypeScript consumers under moduleResolution nodenext (.mts and .cts) and
 * bundler. `@arethetypeswrong/cli` and `publint` check the same tarball.
 */
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDist, npm, repoRoot, run, runOk } from './dist.js';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
const bin = (name: string): string => join(repoRoot, 'node_modules', '.bin', name);
const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');

/** Names the SPEC requires at run time, in both module formats. */
const requiredExports = [
  'AsyncQueueEmpty',
  'AsyncQueueFull',
  'AsyncQueueProxy',
  'AsyncQueueShutDown',
  'BaseQueue',
  'Empty',
  'Full',
  'LifoQueue',
  'PriorityQueue',
  'Queue',
  'RuntimeError',
  'ShutDown',
  'SyncQueueEmpty',
  'SyncQueueFull',
  'SyncQueueProxy',
  'SyncQueueShutDown',
  'ValueError',
  'reviveError',
];

/** Every name the shipped declarations may declare, and each one is exported. */
const publicDeclarations = [
  ...requiredExports,
  'AsyncQueue',
  'AsyncQueueProxyClass',
  'SyncQueueProxyClass',
  'BlockingOptions',
  'Codec',
  'JanusErrorOptions',
  'PriorityQueueOptions',
  'QueueFace',
  'QueueFamily',
  'QueueFamilyExhausted',
  'QueueFamilyHandle',
  'QueueFamilyOptions',
  'QueueHandle',
  'QueueOptions',
  'ShutdownOptions',
  'StructuredCodec',
  'SyncQueue',
  'WaitOptions',
].sort();

/** Internal names that must appear nowhere in the shipped declarations. */
const internalNames = [
  'QueueEngine',
  'Mutex',
  'Condition',
  'AsyncWaitList',
  'Arena',
  'RefDeque',
  'RefHeap',
  'SharedRegion',
  'EncodedBatch',
  'BlockingCall',
  'AsyncCall',
  'Face',
  'Faults',
  'OrderingHooks',
  'Attach',
  'tryPut',
  'tryTake',
  'indexRegion',
];

// ---------------------------------------------------------------- fixtures

/** ESM main: requests go to a worker through one queue, replies come back through another. */
const esmMain = `
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import * as janus from 'janus-queue';
const { Queue } = janus;

const requests = new Queue(2);
const replies = new Queue(2);
const worker = new Worker(new URL(process.argv[2], import.meta.url), {
  workerData: { requests: requests.handle, replies: replies.handle },
});
const exited = new Promise((resolve, reject) => { worker.once('exit', resolve); worker.once('error', reject); });
const collected = (async () => { const got = []; for await (const n of replies.asyncQ) got.push(n); return got; })();
for (let n = 1; n <= 20; n++) await requests.asyncQ.put({ n }); // waits while the worker is behind
requests.shutdown();
const doubled = await collected;
const code = await exited;
const cjs = createRequire(import.meta.url)('janus-queue');
console.log(JSON.stringify({
  resolved: import.meta.resolve('janus-queue'),
  exports: Object.keys(janus).sort(),
  cjsExports: Object.keys(cjs).sort(),
  dualCopies: cjs.Queue !== Queue,
  doubled, code,
}));
`;

/** ESM worker: blocks in syncQ (the iterator's get and the put) and doubles each request. */
const esmWorker = `
import { workerData } from 'node:worker_threads';
import { Queue } from 'janus-queue';
const requests = Queue.from(workerData.requests);
const replies = Queue.from(workerData.replies);
for (const { n } of requests.syncQ) replies.syncQ.put(n * 2);
replies.shutdown();
`;

/** CommonJS main: the same round trip, with require(). */
const cjsMain = `
const { Worker } = require('node:worker_threads');
const path = require('node:path');
const janus = require('janus-queue');
const { Queue, Empty, SyncQueueEmpty, ValueError } = janus;

async function main() {
  const requests = new Queue(2);
  const replies = new Queue(2);
  const worker = new Worker(path.join(__dirname, process.argv[2]), {
    workerData: { requests: requests.handle, replies: replies.handle },
  });
  const exited = new Promise((resolve, reject) => { worker.once('exit', resolve); worker.once('error', reject); });
  const collected = (async () => { const got = []; for await (const n of replies.asyncQ) got.push(n); return got; })();
  for (let n = 1; n <= 20; n++) await requests.asyncQ.put({ n });
  requests.shutdown();
  const doubled = await collected;
  const code = await exited;
  let badMaxsize = '';
  try { new Queue(1.5); } catch (error) { badMaxsize = error.constructor.name; }
  console.log(JSON.stringify({
    resolved: require.resolve('janus-queue'),
    packageName: require('janus-queue/package.json').name,
    exports: Object.keys(janus).sort(),
    doubled, code, badMaxsize,
    emptyIsEmpty: new SyncQueueEmpty() instanceof Empty,
    valueErrorIsRangeError: new ValueError('x') instanceof RangeError,
  }));
}
main().catch((error) => { console.error(error); process.exitCode = 1; });
`;

/** CommonJS worker. */
const cjsWorker = `
const { workerData } = require('node:worker_threads');
const { Queue } = require('janus-queue');
const requests = Queue.from(workerData.requests);
const replies = Queue.from(workerData.replies);
for (const { n } of requests.syncQ) replies.syncQ.put(n * 2);
replies.shutdown();
`;

/** TypeScript ESM consumer (.mts, nodenext): resolves the import condition, dist/index.d.ts. */
const tsEsm = `
import {
  Empty, PriorityQueue, Queue, SyncQueueEmpty,
  type AsyncQueue, type Codec, type QueueHandle, type QueueOptions, type SyncQueue,
} from 'janus-queue';

const queue = new Queue<number>(2);
await queue.asyncQ.put(1);
queue.syncQ.put(2, true, 0.1);
const syncFace: SyncQueue<number> = queue.syncQ;
const asyncFace: AsyncQueue<number> = queue.async_q;
const got: number[] = [await asyncFace.get(), syncFace.get()];
let empty = '';
try {
  syncFace.get(false);
} catch (error) {
  if (error instanceof Empty && error instanceof SyncQueueEmpty) empty = error.name;
}
const handle: QueueHandle = queue.handle;
const attached = Queue.from<number>(handle);

const tasks = new PriorityQueue<[number, string]>();
tasks.syncQ.put([2, 'later']);
tasks.syncQ.put([1, 'first']);
const [priority, data] = tasks.syncQ.get();

const json: Codec<string> = {
  encode: (item) => new TextEncoder().encode(JSON.stringify(item)),
  decode: (bytes) => JSON.parse(new TextDecoder().decode(bytes)) as string,
};
const options: QueueOptions<string> = { codec: json, capacity: 1024 };
let disposed: Queue<string> | undefined;
{
  await using scoped = new Queue<string>(0, options); // closed by its Symbol.asyncDispose
  scoped.syncQ.put('x');
  disposed = scoped;
}
const closed = disposed.closed;

console.log(JSON.stringify({ got, empty, maxsize: attached.maxsize, first: [priority, data], closed }));

/** Never called: each line must be a type error, or tsc reports an unused directive. */
export function typeErrors(q: Queue<number>): void {
  // @ts-expect-error the items are numbers
  q.syncQ.put('one');
  // @ts-expect-error timeouts are numbers of seconds
  q.syncQ.get(true, '1');
  // @ts-expect-error asyncQ calls take { signal }, not a timeout
  void q.asyncQ.get(1);
  // @ts-expect-error get() returns a number
  const text: string = q.syncQ.get();
  void text;
}
`;

/** TypeScript CommonJS consumer (.cts, nodenext): resolves the require condition, dist/index.d.cts. */
const tsCjs = `
import { LifoQueue, ShutDown } from 'janus-queue';
import janus = require('janus-queue');

async function main(): Promise<void> {
  const stack = new LifoQueue<string>();
  stack.syncQ.put('a');
  stack.syncQ.put('b');
  const order: string[] = [stack.syncQ.get(), await stack.asyncQ.get()];
  const queue = new janus.Queue<number>();
  queue.shutdown();
  let shut = '';
  try {
    await queue.asyncQ.put(1);
  } catch (error) {
    if (error instanceof ShutDown && error instanceof janus.AsyncQueueShutDown) shut = error.name;
  }
  console.log(JSON.stringify({ order, shut, closed: queue.closed }));
}
void main();

/** Never called: each line must be a type error. */
export function typeErrors(q: janus.Queue<number>): void {
  // @ts-expect-error the items are numbers
  q.asyncQ.putNowait('one');
  // @ts-expect-error from() takes a handle
  janus.Queue.from(42);
}
`;

/** TypeScript consumer under moduleResolution bundler, browser-style (dom types, no node types). */
const tsBundler = `
import { Queue, type QueueHandle, type WaitOptions } from 'janus-queue';

export async function drain(handle: QueueHandle, signal: AbortSignal): Promise<string[]> {
  const queue = Queue.from<string>(handle);
  const options: WaitOptions = { signal };
  const items: string[] = [await queue.asyncQ.get(options)];
  for await (const item of queue.asyncQ) items.push(item);
  return items;
}

export function start(): Worker {
  const queue = new Queue<string>(16);
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.postMessage(queue.handle);
  return worker;
}

/** Never called: each line must be a type error. */
export function typeErrors(q: Queue<string>): void {
  // @ts-expect-error the items are strings
  void q.asyncQ.put(1);
  // @ts-expect-error signal must be an AbortSignal
  void q.asyncQ.get({ signal: 5 });
}
`;

const tsconfigBase = {
  strict: true,
  skipLibCheck: false, // type-check the package's declaration files too
  target: 'es2022',
  rootDir: '.',
};

/** nodenext, for Node: @types/node (from this repo) gives AbortSignal, Worker and Symbol.asyncDispose. */
function nodenextConfig(file: string): object {
  return {
    compilerOptions: {
      ...tsconfigBase,
      module: 'nodenext',
      moduleResolution: 'nodenext',
      lib: ['es2022'],
      types: ['node'],
      typeRoots: [join(repoRoot, 'node_modules', '@types')],
      outDir: 'out',
    },
    files: [file],
  };
}

/** bundler, for browsers: dom + esnext.disposable and no node types. */
const bundlerConfig = {
  compilerOptions: {
    ...tsconfigBase,
    module: 'esnext',
    moduleResolution: 'bundler',
    lib: ['es2022', 'dom', 'esnext.disposable'],
    types: [],
    noEmit: true,
  },
  files: ['bundler.ts'],
};

// ------------------------------------------------------------------- tests

interface Packed {
  /** The temp dir holding everything; removed after the tests. */
  root: string;
  tarball: string;
  /** Files in the tarball, relative to the package root. */
  files: string[];
  /** The scratch consumer project with the tarball installed. */
  consumer: string;
}

function parseLastLine<T>(stdout: string): T {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}

/** The .d.ts files of the package that a tsc run loaded, from its --listFiles output. */
function packageTypesLoaded(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.includes('node_modules/janus-queue/'))
    .map((line) => line.slice(line.indexOf('node_modules/janus-queue/') + 'node_modules/janus-queue/'.length).trim());
}

describe('the packed package (npm pack → offline install → ESM, CJS and TypeScript consumers)', function () {
  // One build (only if dist/ is stale), one pack and one install, shared by every test below.
  this.timeout(240_000);
  this.slow(20_000);

  let packed: Packed;
  const typeChecks = new Map<string, Promise<{ stdout: string }>>();

  before(async function () {
    await ensureDist();
    const root = mkdtempSync(join(tmpdir(), 'janus-queue-pack-'));
    // `--ignore-scripts`: dist/ is fresh (ensureDist), so skip prepack's rebuild,
    // which would delete dist/ under anyone else using it.
    const { stdout } = await runOk(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', root], repoRoot);
    const [info] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const consumer = join(root, 'consumer');
    mkdirSync(consumer);
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    const tarball = join(root, info.filename);
    // The package has no dependencies, so the install needs no registry.
    await runOk(npm, ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], consumer);
    const fixtures: Record<string, string | object> = {
      'esm-main.mjs': esmMain,
      'esm-worker.mjs': esmWorker,
      'cjs-main.cjs': cjsMain,
      'cjs-worker.cjs': cjsWorker,
      'esm.mts': tsEsm,
      'cjs.cts': tsCjs,
      'bundler.ts': tsBundler,
      'tsconfig.esm.json': nodenextConfig('esm.mts'),
      'tsconfig.cjs.json': nodenextConfig('cjs.cts'),
      'tsconfig.bundler.json': bundlerConfig,
    };
    for (const [name, content] of Object.entries(fixtures)) {
      writeFileSync(join(consumer, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    }
    packed = { root, tarball, files: info.files.map((file) => file.path).sort(), consumer };
    // The three type-checks take seconds each: start them together (the tests await them).
    for (const mode of ['esm', 'cjs', 'bundler']) {
      const checking = runOk(process.execPath, [tsc, '-p', `tsconfig.${mode}.json`, '--listFiles'], consumer);
      checking.catch(() => {}); // reported by the test that awaits it
      typeChecks.set(mode, checking);
    }
  });

  after(() => {
    if (packed) rmSync(packed.root, { recursive: true, force: true });
  });

  it('ships the ESM and CJS builds with their types, package.json and README, and no sources', () => {
    expect(packed.files).to.include.members([
      'README.md',
      'package.json',
      'dist/index.js',
      'dist/index.cjs',
      'dist/index.d.ts',
      'dist/index.d.cts',
    ]);
    const unexpected = packed.files.filter(
      (file) => !/^dist\/index\.(js|cjs|d\.ts|d\.cts)(\.map)?$|^README\.md$|^package\.json$|^LICENSE/.test(file),
    );
    expect(unexpected, 'files outside dist/ in the tarball').to.deep.equal([]);
    const installed: unknown = JSON.parse(
      readFileSync(join(packed.consumer, 'node_modules', 'janus-queue', 'package.json'), 'utf8'),
    );
    expect(installed).to.include({ name: pkg.name, version: pkg.version, type: 'module' });
    expect(installed).to.not.have.property('dependencies');
  });

  it('its type declarations hold the public API only: exactly the public names, no internal class, field or method', () => {
    for (const file of ['index.d.ts', 'index.d.cts']) {
      const declarations = readFileSync(join(packed.consumer, 'node_modules', 'janus-queue', 'dist', file), 'utf8');
      const declared = [
        ...new Set(
          [...declarations.matchAll(/^(?:declare (?:abstract )?(?:class|const|function)|interface|type) (\w+)/gm)].map(
            (m) => m[1],
          ),
        ),
      ].sort();
      expect(declared, `top-level declarations of ${file}`).to.deep.equal(publicDeclarations);
      const exported = [...declarations.matchAll(/^export (?:type )?\{ ([^}]*) \};$/gm)]
        .flatMap((m) => m[1].split(', '))
        .sort();
      expect(exported, `exports of ${file}`).to.deep.equal(publicDeclarations);
      expect(declarations, `${file} declares private members`).to.not.match(/^\s+private /m);
      for (const internal of internalNames) {
        expect(declarations, `${file} mentions ${internal}`).to.not.match(new RegExp(`\\b${internal}\\b`));
      }
    }
  });

  it('ESM: `import` resolves to dist/index.js and a worker round trip works', async () => {
    const result = parseLastLine<{
      resolved: string;
      exports: string[];
      cjsExports: string[];
      dualCopies: boolean;
      doubled: number[];
      code: number;
    }>((await runOk(process.execPath, ['esm-main.mjs', './esm-worker.mjs'], packed.consumer)).stdout);
    expect(result.resolved).to.match(/\/node_modules\/janus-queue\/dist\/index\.js$/);
    expect(result.exports).to.include.members(requiredExports);
    expect(result.cjsExports, 'ESM and CJS export the same names').to.deep.equal(result.exports);
    expect(result.doubled).to.deep.equal(Array.from({ length: 20 }, (_, i) => (i + 1) * 2));
    expect(result.code).to.equal(0);
  });

  it('CommonJS: `require` resolves to dist/index.cjs and a worker round trip works', async () => {
    const result = parseLastLine<Record<string, unknown>>(
      (await runOk(process.execPath, ['cjs-main.cjs', 'cjs-worker.cjs'], packed.consumer)).stdout,
    );
    expect(result.resolved).to.match(/\/node_modules\/janus-queue\/dist\/index\.cjs$/);
    expect(result.packageName).to.equal('janus-queue');
    expect(result.exports).to.include.members(requiredExports);
    expect(result.doubled).to.deep.equal(Array.from({ length: 20 }, (_, i) => (i + 1) * 2));
    expect(result).to.include({ code: 0, badMaxsize: 'TypeError', emptyIsEmpty: true, valueErrorIsRangeError: true });
  });

  it('ESM and CJS copies share a queue through its handle (ESM main thread, CJS worker)', async () => {
    const result = parseLastLine<{ dualCopies: boolean; doubled: number[]; code: number }>(
      (await runOk(process.execPath, ['esm-main.mjs', './cjs-worker.cjs'], packed.consumer)).stdout,
    );
    expect(result.dualCopies, 'two module instances, as for any dual package').to.equal(true);
    expect(result.doubled).to.deep.equal(Array.from({ length: 20 }, (_, i) => (i + 1) * 2));
    expect(result.code).to.equal(0);
  });

  it('TypeScript, moduleResolution nodenext, ESM (.mts): type-checks against index.d.ts and runs', async () => {
    const { stdout } = await typeChecks.get('esm')!;
    expect(packageTypesLoaded(stdout)).to.deep.equal(['dist/index.d.ts']);
    const result = parseLastLine<Record<string, unknown>>(
      (await runOk(process.execPath, ['out/esm.mjs'], packed.consumer)).stdout,
    );
    expect(result).to.deep.equal({
      got: [1, 2],
      empty: 'SyncQueueEmpty',
      maxsize: 2,
      first: [1, 'first'],
      closed: true,
    });
  });

  it('TypeScript, moduleResolution nodenext, CommonJS (.cts): type-checks against index.d.cts and runs', async () => {
    const { stdout } = await typeChecks.get('cjs')!;
    expect(packageTypesLoaded(stdout)).to.deep.equal(['dist/index.d.cts']);
    const result = parseLastLine<Record<string, unknown>>(
      (await runOk(process.execPath, ['out/cjs.cjs'], packed.consumer)).stdout,
    );
    expect(result).to.deep.equal({ order: ['b', 'a'], shut: 'AsyncQueueShutDown', closed: true });
  });

  it('TypeScript, moduleResolution bundler (dom types, no node types): type-checks against index.d.ts', async () => {
    const { stdout } = await typeChecks.get('bundler')!;
    expect(packageTypesLoaded(stdout)).to.deep.equal(['dist/index.d.ts']);
  });

  it('@arethetypeswrong/cli finds no problem in any resolution mode', async () => {
    const result = await run(bin('attw'), [packed.tarball, '--format', 'table-flipped'], packed.root);
    expect(result.code, result.stdout + result.stderr).to.equal(0);
    expect(result.stdout).to.include('No problems found');
  });

  it('publint --strict reports nothing', async () => {
    const result = await run(bin('publint'), ['run', packed.tarball, '--strict'], packed.root);
    expect(result.code, result.stdout + result.stderr).to.equal(0);
    expect(result.stdout).to.include('All good!');
  });
});
