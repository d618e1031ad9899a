/**
 * Helpers of the packaging and example tests: where the repository is, a
 * fresh `dist/` (the published build), and child processes that run without
 * c8's coverage variable (their code is dist/, npm or tsc, never build/lib).
 */
import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (these files compile to <outDir>/spec/package/). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The files `npm run build` writes, which `exports` points at. */
export const distFiles = ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts'];

/** What the build reads: when one is newer than dist/, dist/ is stale. */
const buildInputs = ['lib', 'rollup.config.mjs', 'tsconfig.json', 'tsconfig.lib.json', 'package.json'];

/** The environment of child processes: ours, less c8's coverage collection. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.NODE_V8_COVERAGE;
  return env;
}

/** The result of a finished child process. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `file` with `args` in `cwd` and resolves when it exits, whatever its
 * exit code; rejects only if it cannot be started or outlives `timeoutMs`.
 */
export function run(file: string, args: string[], cwd: string, timeoutMs = 60_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { cwd, env: childEnv(), timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(new Error(`${file} ${args.join(' ')} failed to run: ${error.message}\n${stderr}`));
          return;
        }
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

/** Runs a command and rejects (with its output) unless it exits with 0. */
export async function runOk(file: string, args: string[], cwd: string, timeoutMs = 60_000): Promise<RunResult> {
  const result = await run(file, args, cwd, timeoutMs);
  if (result.code !== 0) {
    throw new Error(
      `${file} ${args.join(' ')} exited with ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
    );
  }
  return result;
}

/** The npm executable (npm.cmd on Windows). */
export const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function newestMtime(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/**
 * Makes sure dist/ holds a build of the current sources: runs `npm run
 * build` when a dist file is missing or older than a build input. CI builds
 * first, so there this only checks; from a fresh clone `npm test` builds.
 */
export async function ensureDist(): Promise<void> {
  const oldestOutput = Math.min(
    ...distFiles.map((file) => statSync(join(repoRoot, file), { throwIfNoEntry: false })?.mtimeMs ?? 0),
  );
  const newestInput = Math.max(...buildInputs.map((input) => newestMtime(join(repoRoot, input))));
  if (oldestOutput === 0 || newestInput > oldestOutput) {
    await runOk(npm, ['run', 'build'], repoRoot, 180_000);
  }
}
