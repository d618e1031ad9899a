/**
 * Which JavaScript runtime runs the tests: the suite runs on Node, Bun and
 * Deno, and the few places where they really differ (a terminated worker in
 * Deno, a pending top-level await, garbage collection) assert each runtime's
 * own behaviour, as docs/limitations.md describes it.
 */
export type Runtime = 'node' | 'bun' | 'deno';

/** The runtime this thread runs on. */
export const RUNTIME: Runtime = 'Bun' in globalThis ? 'bun' : 'Deno' in globalThis ? 'deno' : 'node';
