import { expect } from 'chai';
import * as janus from '../../lib/index.js';
import { Queue, ShutDown, SyncQueueShutDown, reviveError } from '../../lib/index.js';
import { rejection } from '../support/promises.js';
import { inWorker, startTask } from '../support/workers.js';

const tasks = new URL('./thread-tasks.js', import.meta.url);

interface Node {
  value: number;
  next: Node | null;
}

describe('StructuredCodec across worker threads', () => {
  it('gets here a 5,000-node linked list put in a worker (a thread with a larger stack)', async () => {
    const queue = new Queue<Node>();
    await inWorker(tasks, 'putLinkedList', { handle: queue.handle, length: 5_000 });
    let length = 0;
    for (let node: Node | null = await queue.asyncQ.get(); node !== null; node = node.next) {
      expect(node.value).to.equal(length);
      length++;
    }
    expect(length).to.equal(5_000);
  });

  it('gets in a worker a 100,000-node linked list put here', async () => {
    const queue = new Queue<Node | null>();
    let head: Node | null = null;
    for (let i = 99_999; i >= 0; i--) head = { value: i, next: head };
    queue.syncQ.put(head);
    expect(await inWorker(tasks, 'getLinkedList', { handle: queue.handle })).to.deep.equal({
      length: 100_000,
      inOrder: true,
    });
  });

  it('keeps the class of each error that the queue threw in a worker and that was put there', async () => {
    const queue = new Queue<Error[]>();
    const names = await inWorker<string[]>(tasks, 'putThrownErrors', { handle: queue.handle });
    const expected = [
      janus.SyncQueueEmpty,
      janus.AsyncQueueEmpty,
      janus.ValueError,
      janus.RuntimeError,
      janus.SyncQueueFull,
      janus.AsyncQueueFull,
      janus.SyncQueueShutDown,
      janus.AsyncQueueShutDown,
    ];
    expect(names).to.deep.equal(expected.map((errorClass) => errorClass.name));
    const errors = await queue.asyncQ.get();
    errors.forEach((error, i) => {
      expect(error).to.be.an.instanceOf(expected[i]);
      expect(Object.getPrototypeOf(error)).to.equal(expected[i].prototype);
      expect(error.name).to.equal(names[i]);
    });
    expect(errors[6]).to.be.an.instanceOf(ShutDown);
    expect(errors[2]).to.be.an.instanceOf(RangeError);
  });

  it('revives a SyncQueueShutDown that a worker posted back (postMessage gives a plain Error)', async () => {
    const posted = await rejection(inWorker(tasks, 'throwShutDown'));
    expect(posted).to.not.be.an.instanceOf(SyncQueueShutDown);
    expect((posted as Error).name).to.equal('Error');
    const revived = reviveError(posted);
    expect(revived).to.be.an.instanceOf(SyncQueueShutDown);
    expect([(revived as Error).name, (revived as Error).message, (revived as Error).stack]).to.deep.equal([
      'SyncQueueShutDown',
      (posted as Error).message,
      (posted as Error).stack,
    ]);
  });

  it("revives a SyncQueueShutDown that reached a worker's 'error' event (except in Deno, whose event keeps only the message)", async () => {
    const { worker, result } = startTask(tasks, 'throwShutDownUncaught');
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    const thrown = await rejection(result);
    await exited;
    expect(thrown).to.not.be.an.instanceOf(SyncQueueShutDown);
    const revived = reviveError(thrown);
    if ('Deno' in globalThis) {
      // Deno gives the 'error' event only the message: nothing names the class (see the porting guide).
      expect([revived, (thrown as Error).name, (thrown as Error).stack]).to.deep.equal([thrown, 'Error', undefined]);
      return;
    }
    expect(revived).to.be.an.instanceOf(SyncQueueShutDown);
    expect((revived as Error).message).to.equal((thrown as Error).message);
  });
});
