/** A pending asyncQ call keeps Node's event loop alive, as a pending message receive does. */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

describe('keep-alive', () => {
  it('a process whose main thread only awaits asyncQ.get() waits for the item and exits 0', async () => {
    const script = fileURLToPath(new URL('./keep-alive-child.js', import.meta.url));
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      execFile(process.execPath, [script], { timeout: 15000 }, (error, out) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout: out });
      });
    });
    expect({ code, stdout: stdout.trim() }).to.deep.equal({ code: 0, stdout: 'got late' });
  });
});
