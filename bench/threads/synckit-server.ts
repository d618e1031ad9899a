/** synckit's worker (bench/runners/sync-call.ts): the same async code as the janus-queue server's. */
import { runAsWorker } from 'synckit';

runAsWorker(async (x: number): Promise<number> => 2 * x + 1);
