/**
 * Stress: exactly-once across faces and threads.
 *
 * Producer workers and an async producer on the main thread put tagged
 * items with a seeded mix of every put call of both faces; consumer workers
 * and an async consumer on the main thread get them with every get call.
 * Checked: the exact multiset, each producer's order as seen by each
 * consumer (FIFO, and for every kind at maxsize 1), the queue's order
 * wherever the stamps make it observable (FIFO, LIFO, heap order with
 * insertion order among equal priorities), `join` on both faces, and a
 * clean queue afterwards.
 */
import { expect } from 'chai';
import { LifoQueue, PriorityQueue, Queue } from '../../lib/index.js';
import { within } from '../support/promises.js';
import { Crew, FULL, replay, Rng, seedFor, sized, snapshot } from './config.js';
import { liveBytes } from '../support/internals.js';
import { verdict } from './order.js';
import { Ctl, consumeTagged, produceTagged, type ConsumerReport, type ProducerReport, type Tagged } from './tagged.js';

const PRODUCER_WORKERS = 4;
const CONSUMER_WORKERS = 3;
/** Items per producer (4 workers + the main thread). */
const PER_PRODUCER = sized(1_000, 20_000);

const KINDS = [
  { name: 'Queue', make: (maxsize: number) => new Queue<Tagged>(maxsize) },
  { name: 'LifoQueue', make: (maxsize: number) => new LifoQueue<Tagged>(maxsize) },
  { name: 'PriorityQueue', make: (maxsize: number) => new PriorityQueue<Tagged>(maxsize) },
];

describe('stress: exactly-once across faces and threads', function () {
  const crew = new Crew();
  afterEach(() => crew.stopAll());

  for (const maxsize of [8, 1]) {
    for (const kind of KINDS) {
      const name = `${kind.name}(${maxsize})`;
      const producers = PRODUCER_WORKERS + 1;
      const consumers = CONSUMER_WORKERS + 1;
      it(`${name}: ${PRODUCER_WORKERS} producer workers + an async producer x ${PER_PRODUCER} items, ${CONSUMER_WORKERS} consumer workers + an async consumer`, async function () {
        this.timeout(FULL ? 900_000 : 120_000);
        const seed = seedFor(name);
        const rng = new Rng(seed);
        const queue = kind.make(maxsize);
        const ctl = new SharedArrayBuffer(Ctl.WORDS * 4);
        const words = new Int32Array(ctl);
        const total = producers * PER_PRODUCER;
        const started = performance.now();

        const consumerWorkers = [...Array(CONSUMER_WORKERS).keys()].map((consumer) =>
          crew.start<ConsumerReport>('taggedConsumer', {
            handle: queue.handle,
            consumer,
            seed: rng.fork(),
            ctl,
            expected: total / consumers,
          }),
        );
        const producerWorkers = [...Array(PRODUCER_WORKERS).keys()].map((producer) =>
          crew.start<ProducerReport>('taggedProducer', {
            handle: queue.handle,
            producer,
            count: PER_PRODUCER,
            seed: rng.fork(),
            runSeed: seed,
            ctl,
            joinFace: producer % 2 === 0 ? 'syncQ' : 'asyncQ',
          }),
        );
        const mainConsumer = consumeTagged(queue, {
          consumer: CONSUMER_WORKERS,
          seed: rng.fork(),
          ctl,
          expected: total / consumers,
          onMainThread: true,
        });
        mainConsumer.catch(() => {});
        const mainProducer = produceTagged(queue, {
          producer: PRODUCER_WORKERS,
          count: PER_PRODUCER,
          seed: rng.fork(),
          runSeed: seed,
          ctl,
          joinFace: 'asyncQ',
          onMainThread: true,
        });

        const hang = FULL ? 600_000 : 90_000;
        const stuck = (): string =>
          `${replay(name)} ${snapshot(queue)}; puts ${words[Ctl.PUTS]}, done ${words[Ctl.DONE]} of ${total}`;
        const producerReports = await within(
          Promise.all([...producerWorkers.map((w) => w.result), mainProducer]),
          hang,
          `producers ${stuck()}`,
        ).catch((error: Error) => {
          throw new Error(`${error.message}; ${stuck()}`);
        });
        // Every producer has put everything and joined: join on this thread's asyncQ returns too,
        // and only once every item was got (DONE is counted before taskDone).
        await within(queue.asyncQ.join(), 30_000, `asyncQ.join ${stuck()}`);
        expect(Atomics.load(words, Ctl.DONE), `items got when asyncQ.join returned ${replay(name)}`).to.equal(total);
        queue.syncQ.join();
        queue.shutdown();
        const consumerReports = await within(
          Promise.all([...consumerWorkers.map((w) => w.result), mainConsumer]),
          30_000,
          `consumers after shutdown ${stuck()}`,
        );
        const seconds = (performance.now() - started) / 1000;

        for (const report of producerReports) {
          // When a producer's join returned, every item put before it began to join had been got.
          expect(
            report.doneAfterJoin,
            `producer ${report.producer} ${report.joinFace}.join returned early ${replay(name)}`,
          ).to.be.at.least(report.putsBeforeJoin);
        }
        // FIFO per producer: for a Queue, and for every kind when the queue holds one item at most.
        const result = verdict(kind.name, producerReports, consumerReports, kind.name === 'Queue' || maxsize === 1);
        const counts = consumerReports.map((r) => r.records.length / 5);
        console.log(
          `    ${name}: ${producers} producers x ${PER_PRODUCER} = ${total} items, got ${result.got} ` +
            `(per consumer ${counts.join('/')}), ${result.comparisons} order comparisons, ${seconds.toFixed(1)} s`,
        );
        expect(result.missing, `items lost ${replay(name)}`).to.deep.equal([]);
        expect(result.doubled, `items doubled ${replay(name)}`).to.deep.equal([]);
        expect(result.got).to.equal(total);
        expect(result.fifo, `per-producer order ${replay(name)}`).to.deep.equal([]);
        expect(result.order, `${kind.name} order ${replay(name)}`).to.deep.equal([]);
        // Every consumer took part (the async ones included).
        for (const [c, count] of counts.entries()) expect(count, `items got by consumer ${c}`).to.be.greaterThan(0);
        expect(queue.syncQ.qsize()).to.equal(0);
        expect(queue.syncQ.unfinishedTasks).to.equal(0);
        expect(liveBytes(queue), 'bytes left in the shared store').to.equal(0);
        expect(queue.closed).to.equal(true);
      });
    }
  }
});
