// A worker thread of the level barrier test (test/parallel/parallel.test.ts): runs `levels`
// levels through a LevelBarrier shared with the other threads, each level after a little
// work of its own length, and answers what it saw: the plan of every level, the levels it
// decided, and whatever the deciding thread found wrong in the figures it read.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { LevelBarrier } = await import('../../src/search/LevelBarrier.ts');
const { buffer, workers, index, levels } = workerData;
const barrier = new LevelBarrier(buffer, workers, index);
const budgets = [];
const wrong = [];
let decided = 0;
let sink = 0;
for (let level = 0; ; level++) {
  // work of varying length, so that the threads arrive in a different order level after level
  for (let k = 0, n = ((level * 7919 + index * 104729) % 997) * 50; k < n; k++) sink += k & 1;
  const seen = barrier.level;
  barrier.publish({ nextSize: index, distinct: level, maxFanout: 0, expanded: level, halted: false });
  if (barrier.arrive()) {
    decided++;
    for (let w = 0; w < workers; w++) {
      const f = barrier.figuresOf(w);
      if (f.expanded !== level || f.nextSize !== w) wrong.push(`level ${level}: part ${w} showed level ${f.expanded}, part ${f.nextSize}`);
    }
    barrier.release(level < levels - 1, { budget: level, newPerExpanded: 0, distinct: 0 });
  } else {
    barrier.wait(seen);
  }
  if (barrier.level !== seen + 1) wrong.push(`level ${level}: the barrier counted ${barrier.level - seen} levels`);
  budgets.push(barrier.plan.budget);
  if (!barrier.go) break;
}
parentPort.postMessage({ budgets, decided, wrong, sink: sink > -1 });
