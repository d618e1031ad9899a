import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { W } from './words.js';

const CHILD = fileURLToPath(new URL('./keep-alive-child.js', import.meta.url));
const ABORT_CHILD = fileURLToPath(new URL('./abort-exit-child.js', import.meta.url));

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a compiled child script with `node`; kills it after `limitMs`. */
function runChild(args: string[], script = CHILD, limitMs = 20_000): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe('primitives/keep-alive in a process', function () {
  this.timeout(30_000);

  it('a pending async condition wait keeps the process alive until a worker notifies it', async () => {
    const { code, stdout, stderr } = await runChild([]);
    expect(stdout, stderr).to.equal(`woken ${W.COND}\n`);
    expect(code, stderr).to.equal(0);
  });

  it('control: with every interval unref\'d, the same process exits with code 13 while it waits', async () => {
    const { code, stdout } = await runChild(['unref-timers']);
    expect(stdout).to.equal('');
    expect(code).to.equal(13);
  });

  it('with Atomics.waitAsync, nothing is left pending once the only waiter was aborted: the process exits', async () => {
    const { code, signal, stdout, stderr } = await runChild(['native'], ABORT_CHILD, 5000);
    expect(stdout, stderr).to.equal('done function AbortError free\n');
    expect(signal, 'killed: the process did not exit by itself').to.equal(null);
    expect(code, stderr).to.equal(0);
  });

  it('without Atomics.waitAsync, nothing is left polling once the only waiter was aborted: the process exits', async () => {
    const { code, signal, stdout, stderr } = await runChild(['fallback'], ABORT_CHILD, 5000);
    expect(stdout, stderr).to.equal('done undefined AbortError free\n');
    expect(signal, 'killed after 5 s: the polling fallback still runs for the aborted waiter').to.equal(null);
    expect(code, stderr).to.equal(0);
  });
});
