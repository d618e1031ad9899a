#!/usr/bin/env node
// `npm run lint:package`: packs the package as `npm publish` would (from the
// current dist/, so run `npm run build` first) and checks the tarball with
// @arethetypeswrong/cli (types resolve in node10, node16 CJS/ESM and bundler
// modes) and publint --strict (package.json fields, exports, files).
// The packaging spec (spec/package) runs the same two checks inside `npm test`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);
for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts']) {
  if (!existsSync(join(root, file))) {
    console.error(`lint:package: ${file} is missing; run \`npm run build\` first`);
    process.exit(1);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'janus-queue-lint-'));
let status = 0;
try {
  // --ignore-scripts: pack the dist/ that is there (prepack would rebuild it).
  const [{ filename }] = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
      cwd: root,
      encoding: 'utf8',
    }),
  );
  const tarball = join(dir, filename);
  for (const [name, args] of [
    ['attw', [tarball]],
    ['publint', ['run', tarball, '--strict']],
  ]) {
    console.log(`\n$ ${name} ${args.join(' ').replace(dir, '<tmp>')}`);
    const result = spawnSync(bin(name), args, { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) {
      console.error(`lint:package: ${name} failed (exit ${result.status ?? result.signal})`);
      status = 1;
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(status);
