import { expect } from 'chai';
import { StructuredCodec } from '../../lib/codec/index.js';
import * as errors from '../../lib/errors.js';
import { errorLike, expectSameClone } from './same-clone.spec.js';

const codec = new StructuredCodec();
const roundTrip = (value: unknown): unknown => codec.decode(codec.encode(value).slice());

describe('StructuredCodec and error classes', () => {
  // Every class that lib/errors.ts exports: one the codec does not list would come back as another.
  for (const [name, ErrorClass] of Object.entries(errors)) {
    it(`keeps the class, name, message, stack and cause of a ${name}`, () => {
      const error = new ErrorClass(`a ${name}`, { cause: { code: 7 } });
      const decoded = roundTrip(error) as Error;
      expect(Object.getPrototypeOf(decoded)).to.equal(ErrorClass.prototype);
      expect([decoded.name, decoded.message, decoded.stack]).to.deep.equal([name, `a ${name}`, error.stack]);
      expectSameClone(decoded, error);
    });
  }

  it('keeps a default message, and the lack of one', () => {
    const empty = new errors.SyncQueueEmpty();
    expectSameClone(roundTrip(empty), empty);
    expect((roundTrip(new errors.AsyncQueueShutDown()) as Error).message).to.equal('the queue is shut down');
    const messageless = new errors.SyncQueueFull();
    delete (messageless as { message?: string }).message;
    const decoded = roundTrip(messageless) as Error;
    expect(Object.prototype.hasOwnProperty.call(decoded, 'message')).to.equal(false);
    expect(decoded).to.be.an.instanceOf(errors.SyncQueueFull);
  });

  it('gives a subclass of a library class with a name of its own that library class', () => {
    class PoolShutDown extends errors.AsyncQueueShutDown {}
    class WorkerFull extends errors.Full {}
    const shutDown = new PoolShutDown('pool closed');
    const full = new WorkerFull('no room');
    expect(shutDown.name).to.equal('PoolShutDown');
    expectSameClone(roundTrip(shutDown), errorLike(errors.AsyncQueueShutDown, 'pool closed', shutDown.stack));
    expectSameClone(roundTrip(full), errorLike(errors.Full, 'no room', full.stack));
  });

  it('gives an error the class that its name names, as structured clone does for the standard classes', () => {
    const named = Object.assign(new Error('from a worker'), { name: 'SyncQueueEmpty' });
    expectSameClone(roundTrip(named), errorLike(errors.SyncQueueEmpty, 'from a worker', named.stack));
    const renamed = Object.assign(new errors.ShutDown('renamed'), { name: 'TypeError' });
    expectSameClone(roundTrip(renamed), errorLike(TypeError, 'renamed', renamed.stack));
  });

  it('decodes errors where the engine has no Error.stackTraceLimit (SpiderMonkey)', () => {
    const error = new errors.SyncQueueShutDown('no limit');
    const bytes = codec.encode(error).slice();
    const settings = Error as { stackTraceLimit?: number };
    const limit = settings.stackTraceLimit;
    delete settings.stackTraceLimit;
    let decoded: unknown;
    try {
      decoded = codec.decode(bytes);
    } finally {
      settings.stackTraceLimit = limit;
    }
    expectSameClone(decoded, error);
  });

  it('keeps library errors inside items, as causes, and shared', () => {
    const inner = new errors.ValueError('inner');
    const outer = new errors.RuntimeError('outer', { cause: inner });
    const item = { errors: [outer, inner], again: outer };
    const decoded = roundTrip(item) as typeof item;
    expectSameClone(decoded, item);
    expect(decoded.errors[0].cause).to.equal(decoded.errors[1]).and.be.an.instanceOf(errors.ValueError);
  });
});
