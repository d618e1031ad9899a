/** synckit's worker (bench/runners/sync-call.ts): the same async code as the janus-queue server's. */
import { runAsWorker } from 'synckit';

runAsWorker((x: number): Promise<number> => Promise.resolve(2 * x + 1));
