// The Done-when of simulation on the live-update model: every failing configuration of the
// matrix (npm run check) is found by lucheck simulate from a fixed seed, shrunk to at most the
// exhaustive search's shortest counterexample for the same invariant plus 2 steps, and drawn
// again from its seed and path.
import { expect } from 'chai';
import { check } from 'lucheck';
import liveUpdate from '../../machines/liveUpdate.ts';
import { describeParams, headlineRows, matrix } from '../../machines/matrix.ts';
import { simulate } from '../../src/simulate/simulate.ts';

const INVARIANTS = (liveUpdate.invariants ?? []).map((i) => i.id);
/** Steps a shrunk walk may have beyond the shortest counterexample. */
const MARGIN = 2;

describe('lucheck simulate on the failing configurations of the live-update matrix', function () {
  this.timeout(600_000);
  it('finds each, shrunk to at most the shortest counterexample + 2 steps, and draws the same trace again from its seed and path', async () => {
    const failing = [...headlineRows(), ...matrix()].filter((r) => r.expect.verdict === 'violation' || r.expect.verdict === 'deadlock');
    expect(failing.length).to.be.greaterThan(50);
    const excess = new Map<number, number>();
    for (const row of failing) {
      const where = describeParams(row.params);
      const invariants = row.only ?? INVARIANTS;
      const sim = simulate(liveUpdate, { params: row.params, invariants, seed: 42, runs: 100_000, depth: 100, coverage: false });
      expect(sim.verdict, `${where}: ${sim.error?.message ?? ''}`).to.be.oneOf(['violation', 'deadlock']);
      const id = sim.violations[0]!.id;
      const bfs = await check(liveUpdate, { params: row.params, invariants: sim.verdict === 'deadlock' ? [] : [id], coverage: false });
      const shortest = bfs.violations[0]!.trace.length - 1;
      const steps = sim.violations[0]!.trace.length - 1;
      expect(steps, `${where}: ${id} in ${steps} steps, the shortest ${shortest}`).to.be.at.most(shortest + MARGIN);
      excess.set(steps - shortest, (excess.get(steps - shortest) ?? 0) + 1);
      const found = sim.simulation!.found!;
      const again = simulate(liveUpdate, { params: row.params, invariants, seed: found.seed, path: found.path, depth: 100, coverage: false });
      expect(again.violations, where).to.deep.equal(sim.violations);
    }
    // most are exactly as short as the shortest
    expect(excess.get(0) ?? 0).to.be.greaterThan(failing.length * 0.8);
  });
});
