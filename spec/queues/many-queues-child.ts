/**
 * A child process for the store memory test: creates the number of queues
 * given as its argument with default options, of every kind, keeps them all
 * alive, puts and gets an item in each, and prints how many it used, or the
 * error of the first queue it could not create. On Linux each reserved
 * store or index buffer takes two memory mappings, so 20,000 queues would
 * need 80,000, more than the kernel allows by default (`vm.max_map_count`
 * 65,530): the process would crash instead of printing.
 */
import { LifoQueue, PriorityQueue, Queue } from '../../lib/index.js';

const count = Number(process.argv[2]);
const kinds = [Queue, LifoQueue, PriorityQueue];
const queues: Array<Queue<[number, string]>> = [];
try {
  for (let i = 0; i < count; i++) {
    const queue = new kinds[i % kinds.length]<[number, string]>();
    queue.syncQ.putNowait([i, 'item']);
    queues.push(queue);
  }
  let used = 0;
  for (const [i, queue] of queues.entries()) {
    const [n, text] = queue.syncQ.getNowait();
    if (n === i && text === 'item') used++;
  }
  console.log(`${used} queues used`);
} catch (error) {
  console.log(`refused after ${queues.length} queues: ${String(error)}`);
}
