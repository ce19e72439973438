// The pure part of the distributed search (src/search/partitionedBfs.ts), its partitions driven
// one after the other in one thread, the batches handed over in memory as Redis would carry them.
import { expect } from 'chai';
import counter from '../../examples/counter.ts';
import brokenMutex from '../fixtures/brokenMutex.ts';
import lockOrder from '../fixtures/lockOrder.ts';
import { createSystem } from '../../src/compiled/createSystem.ts';
import { searchProblem } from '../../src/check.ts';
import { resolveModelParams, type ModelDefinition } from '../../src/model/defineModel.ts';
import type { ParamValues } from '../../src/model/params.ts';
import { BfsPartition, initialBatch, type PartitionLevel, type StoredLevel } from '../../src/search/partitionedBfs.ts';
import { splitGlobalId, type LevelFinding } from '../../src/search/sharedBfs.ts';
import { bfs } from '../../src/search/bfs.ts';
import { resolveSearchConfig } from '../../src/search/SearchConfig.ts';
import type { ValueQueueData } from '../../src/store/ValueQueue.ts';

/** A whole search over `n` partitions; with `rerun`, every level of partition 0 is run twice, the second time by a fresh partition loaded from the committed levels. */
function partitioned(model: ModelDefinition<ParamValues>, given: Record<string, unknown>, n: number, maxDepth = Infinity, rerun = false, expectedStates = 0) {
  const params = resolveModelParams(model, given);
  const make = () => createSystem(model, params, 'compiled').system;
  const options = (index: number) => ({ partitions: n, index, maxDepth, checkDeterminism: false, batchRecords: 7, expectedStates });
  const parts = Array.from({ length: n }, (_, index) => new BfsPartition(make(), searchProblem(model, params), options(index)));
  const committed: StoredLevel[][] = parts.map(() => []);
  const init = initialBatch(make(), n);
  let inbox: ValueQueueData[][] = parts.map((_, p) => (p === init.partition ? [init.batch] : []));
  let generated = 1;
  let truncated = false;
  // the depth of the deepest state stored (the last level may only meet states stored already)
  let deepest = 0;
  for (let depth = 0; ; depth++) {
    const levels: PartitionLevel[] = parts.map((part, p) => {
      const run = part.level(depth);
      for (const b of inbox[p]!) run.process(structuredClone(b));
      return run.end();
    });
    if (rerun) {
      const again = new BfsPartition(make(), searchProblem(model, params), options(0));
      again.load(committed[0]!);
      const run = again.level(depth);
      for (const b of inbox[0]!) run.process(structuredClone(b));
      const second = run.end();
      expect(second).to.deep.equal(levels[0], `level ${depth} run again`);
    }
    levels.forEach((l, p) => committed[p]!.push(l.stored));
    generated += levels.reduce((k, l) => k + l.generated, 0);
    truncated ||= levels.some((l) => l.truncated);
    if (levels.some((l) => l.stored.hi.length > 0)) deepest = depth;
    const found = levels.map((l) => l.finding).filter((f): f is LevelFinding => f !== undefined);
    if (found.length > 0 || levels.every((l) => l.sent === 0)) {
      return { parts, found, generated, truncated, distinct: parts.reduce((k, p) => k + p.size, 0), maxDepth: deepest };
    }
    inbox = parts.map((_, q) => levels.flatMap((l) => l.out[q]!));
  }
}

function pathOf(parts: readonly BfsPartition<unknown, unknown>[], id: number): number[] {
  const events: number[] = [];
  for (let cur = id; cur >= 0; ) {
    const [owner, local] = splitGlobalId(cur, parts.length);
    const { parent, event } = parts[owner]!.linkOf(local);
    if (parent >= 0) events.push(event);
    cur = parent;
  }
  return events.reverse();
}

describe('partitioned breadth-first search (the distributed search, pure part)', function () {
  it('stores and generates exactly what the single search does, over 1, 2 and 3 partitions', () => {
    const params = resolveModelParams(counter, { regions: 3, size: 12 });
    const single = bfs(createSystem(counter, params, 'compiled').system, searchProblem(counter, params), resolveSearchConfig({}));
    for (const n of [1, 2, 3]) {
      const r = partitioned(counter, { regions: 3, size: 12 }, n);
      expect([r.distinct, r.generated, r.maxDepth, r.found.length], `${n} partitions`).to.deep.equal([single.stats.distinct, single.stats.generated, single.stats.maxDepth, 0]);
      if (n > 1) expect(Math.min(...r.parts.map((p) => p.size)), 'every partition owns some states').to.be.greaterThan(0);
    }
  });

  it('sizes each partition\'s visited set for its share of --expect-states, and stores the same states', () => {
    const plain = partitioned(counter, { regions: 3, size: 12 }, 3);
    // with rerun: a partition loaded from its committed levels (taken over, its set sized again) runs each level to the same output
    const told = partitioned(counter, { regions: 3, size: 12 }, 3, Infinity, true, 300_000);
    expect([told.distinct, told.generated, told.maxDepth]).to.deep.equal([plain.distinct, plain.generated, plain.maxDepth]);
    for (const [p, part] of told.parts.entries()) {
      // 100,000 states each at 3/4 load, 8 bytes a slot, beside the trace links
      expect(part.bytes, `partition ${p}`).to.be.at.least(8 * (100_000 / 0.75));
      expect(plain.parts[p]!.bytes, `partition ${p} untold`).to.be.below(8 * (100_000 / 0.75));
    }
  });

  it('runs a level again from the committed levels and its inbox to the same output (a taken-over partition)', () => {
    const r = partitioned(counter, { regions: 3, size: 8 }, 3, Infinity, true);
    expect(r.distinct).to.equal(512);
  });

  it('reports the violation at the shortest depth, with links that lead there from the root', () => {
    for (const n of [1, 2, 3]) {
      const r = partitioned(brokenMutex as never, {}, n);
      expect(r.found, `${n} partitions`).to.have.length.greaterThan(0);
      const f = r.found[0]!;
      expect(f).to.include({ kind: 'violation', depth: 4, invariantId: 'MUTEX' });
      expect(pathOf(r.parts as never, f.stateId)).to.have.length(4);
    }
  });

  it('reports the lock-order deadlock at depth 2', () => {
    const r = partitioned(lockOrder as never, {}, 2);
    expect(r.found.map((f) => [f.kind, f.depth])).to.deep.equal([['deadlock', 2]]);
  });

  it('stops expanding at the depth bound and says so', () => {
    const r = partitioned(counter, { regions: 3, size: 12 }, 2, 3);
    expect([r.truncated, r.maxDepth, r.distinct]).to.deep.equal([true, 3, 20]);
  });
});
