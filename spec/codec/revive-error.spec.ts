import { expect } from 'chai';
import {
  AsyncQueueFull,
  RuntimeError,
  ShutDown,
  SyncQueueEmpty,
  SyncQueueShutDown,
  reviveError,
} from '../../lib/index.js';

/** An Error as a clone or a worker's 'error' event gives it: class Error, the rest as given. */
function arrived(fields: {
  name?: string;
  message: string;
  stack?: unknown;
  cause?: unknown;
  extra?: Record<string, unknown>;
}): Error {
  const error = 'cause' in fields ? new Error(fields.message, { cause: fields.cause }) : new Error(fields.message);
  if (fields.name !== undefined) error.name = fields.name;
  Object.defineProperty(error, 'stack', { value: fields.stack, writable: true, configurable: true });
  return Object.assign(error, fields.extra);
}

describe('reviveError', () => {
  it('rebuilds the library class that the name names (a Node worker error event keeps name and own properties)', () => {
    const cause = { code: 3 };
    const stack = 'SyncQueueEmpty: the queue is empty\n    at get';
    const error = arrived({
      name: 'SyncQueueEmpty',
      message: 'the queue is empty',
      stack,
      cause,
      extra: { itemsPut: 2 },
    });
    const revived = reviveError(error) as SyncQueueEmpty & { itemsPut?: number };
    expect(Object.getPrototypeOf(revived)).to.equal(SyncQueueEmpty.prototype);
    expect([revived.name, revived.message, revived.stack, revived.cause, revived.itemsPut]).to.deep.equal([
      'SyncQueueEmpty',
      'the queue is empty',
      error.stack,
      cause,
      2,
    ]);
    expect(Object.keys(revived)).to.deep.equal(['name', 'itemsPut']);
  });

  it('rebuilds the class from the first line of the stack when a clone reset the name to Error', () => {
    const revived = reviveError(
      arrived({ message: 'the queue is full', stack: 'AsyncQueueFull: the queue is full\n    at putNowait' }),
    );
    expect(revived).to.be.an.instanceOf(AsyncQueueFull);
    expect(Object.prototype.hasOwnProperty.call(revived, 'cause')).to.equal(false);
    expect(reviveError(arrived({ message: 'x', stack: 'RuntimeError' }))).to.be.an.instanceOf(RuntimeError);
  });

  it('returns anything else unchanged', () => {
    const plain = [
      'SyncQueueShutDown',
      { name: 'SyncQueueShutDown', message: 'not an error' },
      null,
      arrived({ message: 'no stack' }),
      arrived({ message: 'another class', stack: 'PoolClosed: another class\n    at x' }),
      arrived({ name: 'TypeError', message: 'a TypeError named', stack: 'ShutDown: but its name is TypeError' }),
      new TypeError('standard'),
    ];
    for (const value of plain) expect(reviveError(value)).to.equal(value);
    const already = new SyncQueueShutDown();
    expect(reviveError(already)).to.equal(already);
    expect(reviveError(already)).to.be.an.instanceOf(ShutDown);
  });
});
