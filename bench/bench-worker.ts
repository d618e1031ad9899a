/**
 * The main side of the bench's long-lived worker threads (bench/worker.ts):
 * the command channel to each.
 */
import { Worker, type MessagePort } from 'node:worker_threads';
import type { Command } from './worker.js';

/** A long-lived bench worker (bench/worker.ts) and its command channel. */
export class BenchWorker {
  readonly worker: Worker;
  /** While set, messages from the worker are items of a baseline run. */
  sink: ((message: unknown) => void) | null = null;
  private pending: { resolve(value: unknown): void; reject(error: Error): void } | null = null;

  constructor() {
    this.worker = new Worker(new URL('./worker.js', import.meta.url));
    this.worker.on('message', (message: { reply?: unknown; error?: string }) => {
      if (this.sink !== null) return this.sink(message);
      const pending = this.pending;
      this.pending = null;
      if (pending === null) throw new Error(`unexpected message from a bench worker: ${JSON.stringify(message)}`);
      if (message.error !== undefined) pending.reject(new Error(`bench worker: ${message.error}`));
      else pending.resolve(message.reply);
    });
    this.worker.on('error', (error) => {
      this.pending?.reject(error);
      this.pending = null;
    });
  }

  /** Sends a command; resolves with its reply. */
  run(command: Command, transfer: MessagePort[] = []): Promise<unknown> {
    if (this.pending !== null) throw new Error('a bench worker runs one command at a time');
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(command, transfer);
    });
  }

  /** Resolves with the next message the worker posts that is not a reply. */
  nextMessage(): Promise<unknown> {
    return new Promise((resolve) => {
      this.sink = (message) => {
        this.sink = null;
        resolve(message);
      };
    });
  }

  /** Posts a message that the worker's current command consumes. */
  post(message: unknown): void {
    this.worker.postMessage(message);
  }

  /** Ends the worker; resolves once it has exited. */
  async exit(): Promise<void> {
    this.worker.postMessage({ op: 'exit' } satisfies Command);
    await new Promise((resolve) => this.worker.once('exit', resolve));
  }
}
