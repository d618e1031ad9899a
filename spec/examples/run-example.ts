/**
 * Helper of the example tests: runs a compiled example as its own process
 * against the built package.
 */
import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { repoRoot, runOk } from '../package/dist.js';

/**
 * Runs `examples/<path>` (compiled next to the specs) with `args`; resolves
 * with its stdout lines, once it exited 0 with nothing on stderr.
 */
export async function exampleLines(path: string, ...args: string[]): Promise<string[]> {
  const main = fileURLToPath(new URL(`../../examples/${path}`, import.meta.url));
  const { stdout, stderr } = await runOk(process.execPath, [main, ...args], repoRoot, 60_000);
  expect(stderr, `the stderr of examples/${path}`).to.equal('');
  return stdout === '' ? [] : stdout.replace(/\n$/, '').split('\n');
}
