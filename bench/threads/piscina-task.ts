/** The task of the piscina pool (bench/runners/worker-pool.ts): the same tiny task as the janus-queue pool's. */
export default function task(x: number): number {
  return 2 * x + 1;
}
