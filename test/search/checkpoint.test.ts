// Checkpoints of the breadth-first search: a run resumed from any snapshot taken while it ran
// ends with the states, transitions, depth and verdict of a run never stopped, and with the
// same counterexample; the snapshot survives a structured copy (what crosses to disk is data).
import { expect } from 'chai';
import { check, type CheckResult } from 'lucheck';
import type { SearchSnapshot } from '../../src/search/SearchSnapshot.ts';
import counter from '../../examples/counter.ts';
import fifo from '../../examples/fifo.ts';
import filter from '../../examples/filter.ts';
import philosophers from '../../examples/philosophers.ts';
import spinlock from '../../examples/spinlock.ts';
import { liveUpdate, safetyOnly } from '../liveUpdate/helpers.ts';
import { defineModel } from 'lucheck';

/** The live-update model with its progress properties and no invariants. */
const progressOnly = defineModel({ ...liveUpdate, invariants: [] });
import { TYPE1_B1 } from '../report/sampleRuns.ts';

async function snapshotsOf(model: Parameters<typeof check>[0], params: Record<string, unknown>): Promise<{ plain: CheckResult; snapshots: SearchSnapshot[] }> {
  const plain = await check(model, { params, coverage: false });
  const snapshots: SearchSnapshot[] = [];
  // a checkpoint at every slice of a millisecond: many, in the middle of levels. The clock is
  // the test's: a millisecond passes at every reading, so even a model of a few states that the
  // machine explores within one real millisecond is cut into slices.
  let ms = 0;
  const now = () => ++ms;
  const taken = await check(model, { params, coverage: false, yieldEveryMs: 1, now, checkpoint: { everyMs: 0, save: (s) => void snapshots.push(structuredClone(s)) } });
  expect(taken.stats.distinct, 'taking checkpoints changes nothing').to.equal(plain.stats.distinct);
  expect(taken.stats.generated).to.equal(plain.stats.generated);
  return { plain, snapshots };
}

function same(a: CheckResult, b: CheckResult): void {
  expect([b.verdict, b.stats.distinct, b.stats.generated, b.stats.maxDepth]).to.deep.equal([a.verdict, a.stats.distinct, a.stats.generated, a.stats.maxDepth]);
  expect(b.violations).to.deep.equal(a.violations);
}

describe('checkpoints of the breadth-first search', function () {
  this.timeout(120_000);

  for (const [name, model, params] of [
    ['counter 3 regions x 30 (pass)', counter, { regions: 3, size: 30 }],
    ['bounded FIFO, 2 producers, 4 places (pass)', fifo, { producers: 2, capacity: 4 }],
    ['filter lock of 4 processes, seeded bug (a violation)', filter, { n: 4, bug: true }],
    ['live-update type1 v5.12 B1 (a violation)', safetyOnly, TYPE1_B1],
    // temporal properties: the snapshot holds the state graph recorded so far
    ['live-update type1 v5.12 B3 with an mdev, its progress properties (LIV-1 and HANDOVER fail, with lassos)', progressOnly, { backend: 'vfio-type1', variant: 'v5.12', handover: 'exec', bugs: 'B3', mdev: true }],
    ['dining philosophers, 6, EATS under strong fairness (holds)', philosophers, { n: 6 }],
    ['spin lock under weak fairness (both processes starve)', spinlock, {}],
  ] as const) {
    it(`${name}: resumed from early, middle and late snapshots, ends as the run never stopped`, async () => {
      const { plain, snapshots } = await snapshotsOf(model, params);
      expect(snapshots.length, 'snapshots were taken').to.be.greaterThan(0);
      for (const snapshot of new Set([snapshots[0]!, snapshots[snapshots.length >> 1]!, snapshots[snapshots.length - 1]!])) {
        expect(snapshot.stats.distinct).to.be.below(plain.stats.distinct + 1);
        same(plain, await check(model, { params, resume: structuredClone(snapshot) }));
      }
    });
  }

  it('resumed with --expect-states (its set grown to it in one step), ends as the run never stopped', async () => {
    for (const [model, params] of [
      [counter, { regions: 3, size: 30 }],
      [philosophers, { n: 6 }],
    ] as const) {
      const { plain, snapshots } = await snapshotsOf(model, params);
      const told = await check(model, { params, resume: structuredClone(snapshots[snapshots.length >> 1]!), expectedStates: 200_000 });
      same(plain, told);
      expect(told.stats.storeBytes).to.be.at.least(8 * (200_000 / 0.75));
    }
  });

  it('refuses to resume a snapshot taken with temporal properties in a run without them, and the other way round', async () => {
    const { snapshots } = await snapshotsOf(spinlock, {});
    const error = await check(spinlock, { invariants: ['MUTEX'], resume: snapshots[0]! }).catch((e) => e);
    expect(String(error)).to.match(/the checkpoint was taken with temporal properties, and this run checks none/);
    const without: SearchSnapshot[] = [];
    await check(spinlock, { invariants: ['MUTEX'], coverage: false, yieldEveryMs: 1, now: (() => { let ms = 0; return () => ++ms; })(), checkpoint: { everyMs: 0, save: (s) => void without.push(structuredClone(s)) } });
    const other = await check(spinlock, { resume: without[0]! }).catch((e) => e);
    expect(String(other)).to.match(/the checkpoint was taken without temporal properties, and this run checks GETS-LOCK-p0, GETS-LOCK-p1/);
  });

  it('refuses checkpoints on the depth-first search', async () => {
    let error: unknown;
    try {
      await check(counter, { strategy: 'dfs', checkpoint: { everyMs: 1, save: () => {} } });
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/checkpoints need the breadth-first search/);
  });
});
