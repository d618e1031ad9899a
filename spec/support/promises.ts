/**
 * Promise helpers every suite uses: wait a while, bound a wait, and take
 * what a call throws or a promise rejects with.
 */

/** Resolves after `ms` milliseconds. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Settles like `promise`, or rejects after `ms` ms with `what` in the
 * message (as asyncio.wait_for), so that a lost wake-up fails the test
 * instead of hanging the run; clears its timer either way.
 */
export function within<T>(promise: Promise<T>, ms: number, what = 'operation'): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** What `call` throws, or what the promise it returns rejects with; throws if it does neither. */
export async function thrownBy(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw or reject, but it returned');
}

/** What `promise` rejects with; throws if it fulfils. */
export function rejection(promise: Promise<unknown>): Promise<unknown> {
  return thrownBy(() => promise);
}

/** Whether `promise` is still pending after 10 ms (the macrotasks queued before ran). */
export async function pending(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await delay(10);
  return !settled;
}
