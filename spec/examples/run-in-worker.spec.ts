/**
 * The example helper examples/ports/run-in-worker.ts (the port of
 * run_in_executor / to_thread / Thread(target=...)): results, errors and
 * early exits come back, queues go by handle, and a worker's error can wake
 * a thread that waits on the queue.
 */
import { expect } from 'chai';
import { AsyncQueueShutDown, PriorityQueue, Queue } from '../../lib/index.js';
import { runInWorker } from '../../examples/ports/run-in-worker.js';
import { rejection, within } from '../support/promises.js';

const tasks = new URL('./run-in-worker-tasks.js', import.meta.url);

describe('examples/ports/run-in-worker.ts', () => {
  it('resolves with what the function returns, given the arguments', async () => {
    expect(await runInWorker<number>(tasks, 'sumOf', 1, 2, 3).result).to.equal(6);
  });

  it('awaits a function that returns a promise', async () => {
    expect(await runInWorker<string>(tasks, 'later', 'done').result).to.equal('done');
  });

  it('passes a queue by handle: the worker produces and joins while this thread consumes', async () => {
    const queue = new Queue<number>(4);
    const run = runInWorker<string>(tasks, 'produce', queue.handle, 20);
    const got: number[] = [];
    for (let i = 0; i < 20; i++) {
      got.push(await queue.asyncQ.get());
      queue.asyncQ.taskDone();
    }
    expect(await run.result).to.equal('joined');
    expect(got).to.deep.equal([...Array(20).keys()]);
  });

  it('rejects with what the function threw: a built-in error keeps its class, name and message', async () => {
    const error = (await rejection(runInWorker(tasks, 'fail', 'no such row').result)) as Error;
    expect(error).to.be.instanceOf(RangeError);
    expect(error.message).to.equal('no such row');
  });

  it('rejects with a TypeError when the module has no such function', async () => {
    const error = (await rejection(runInWorker(tasks, 'notAFunction').result)) as Error;
    expect(error).to.be.instanceOf(TypeError);
    expect(error.message).to.contain('has no exported function named notAFunction');
  });

  it('rejects when the worker exits before the function returned', async () => {
    const error = (await rejection(runInWorker(tasks, 'exitEarly', 3).result)) as Error;
    expect(error.message).to.equal('the worker running exitEarly exited with code 3 before it returned');
  });

  it("a put that fails in the worker wakes this thread's pending get, once the worker's error shuts the queue down", async () => {
    const queue = new PriorityQueue<number>();
    const waiting = queue.asyncQ.get();
    const run = runInWorker(tasks, 'putBadPriority', queue.handle);
    run.result.catch(() => queue.shutdown());
    expect(await rejection(run.result)).to.be.instanceOf(TypeError);
    expect(await within(rejection(waiting), 5_000, 'the pending get')).to.be.instanceOf(AsyncQueueShutDown);
  });
});
