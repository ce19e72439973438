// Classic liveness models with known answers, on both engines: a mutex that starves without
// fairness and not under weak fairness (Peterson with busy waiting), a leader election that
// elects, and a spin lock whose livelock only strong fairness breaks.
import { expect } from 'chai';
import { check, defineModel, eventually, type CheckResult, type Violation } from 'lucheck';
import fairMutex from '../../examples/fairMutex.ts';
import spinlock from '../../examples/spinlock.ts';
import leaderElection from '../../examples/leaderElection.ts';
import { expectVerdict } from '../support/expectVerdict.ts';

const ENGINES = ['compiled', 'reference'] as const;

/** The events of a lasso's cycle, and the states it runs through. */
function cycleOf(v: Violation): { events: string[]; states: string[] } {
  const steps = v.trace.slice(v.loop!.start + 1);
  return { events: steps.map((t) => t.event!.type), states: [v.trace[v.loop!.start]!.state, ...steps.map((t) => t.state)] };
}

function failing(r: CheckResult): string[] {
  return r.violations.map((v) => v.id).sort();
}

for (const engine of ENGINES) {
  describe(`classic liveness models with known answers (${engine} engine)`, () => {
    it("Peterson's mutex with busy waiting: under no fairness p0 starves while it spins and p1 never gives the turn away", async () => {
      const r = await check(fairMutex, { engine, fairness: [] });
      expectVerdict(r, 'liveness');
      expect(r.fairness).to.deep.equal([]);
      expect(failing(r)).to.deep.equal(['ENTERS-p0', 'ENTERS-p1']);
      const v = r.violations.find((x) => x.id === 'ENTERS-p0')!;
      const cycle = cycleOf(v);
      expect(cycle.events).to.deep.equal(['p0.SPIN']);
      expect(cycle.states.every((s) => s.includes('p0.waiting') && !s.includes('p0.critical'))).to.equal(true);
      // the cycle closes: its last state is the one it starts from
      expect(cycle.states.at(-1)).to.equal(cycle.states[0]);
    });

    it("Peterson's mutex with busy waiting: under weak fairness of both processes no process starves", async () => {
      const r = await check(fairMutex, { engine });
      expectVerdict(r, 'pass');
      expect(r.fairness).to.deep.equal(['WF(p0)', 'WF(p1)']);
      expect(r.properties).to.deep.equal(['ENTERS-p0', 'ENTERS-p1']);
      expect(r.stats.distinct).to.equal((await check(fairMutex, { engine: engine === 'compiled' ? 'reference' : 'compiled' })).stats.distinct);
    });

    it('weak fairness of p0 only is not enough for either: p1 may stop for good before giving the turn away, and p0 spins on', async () => {
      const r = await check(fairMutex, { engine, fairness: [{ kind: 'weak', actor: 'p0' }] });
      expectVerdict(r, 'liveness');
      expect(failing(r)).to.deep.equal(['ENTERS-p0', 'ENTERS-p1']);
      const p1 = r.violations.find((x) => x.id === 'ENTERS-p1')!;
      // p0 is fair: on p1's starving cycle p0 keeps moving
      expect(cycleOf(p1).events.some((e) => e.startsWith('p0.'))).to.equal(true);
    });

    it('LeLann-Chang-Roberts leader election elects exactly one leader for good, for 2 to 5 processes', async () => {
      for (const n of [2, 3, 4, 5]) {
        const r = await check(leaderElection, { engine, params: { n } });
        expectVerdict(r, 'pass');
        expect(r.properties).to.deep.equal(['ELECTS', 'STAYS-ELECTED']);
      }
    });

    it('leader election, negative control: a property no state meets fails on a run that ends (a stuttering lasso)', async () => {
      const never = defineModel({ ...leaderElection, properties: [eventually({ id: 'NEVER', title: 'two leaders', description: 'never happens' }, () => false)] });
      const r = await check(never, { engine, params: { n: 3 } });
      expectVerdict(r, 'liveness');
      const v = r.violations[0]!;
      expect(v.loop!.stutter).to.equal(true);
      expect(v.loop!.start).to.equal(v.trace.length - 1);
      expect(v.trace.at(-1)!.state).to.match(/leader/);
    });

    it('a test-and-set spin lock under weak fairness: a process may find the lock free now and then, never for good, and starve', async () => {
      const r = await check(spinlock, { engine });
      expectVerdict(r, 'liveness');
      expect(failing(r)).to.deep.equal(['GETS-LOCK-p0', 'GETS-LOCK-p1']);
      const cycle = cycleOf(r.violations.find((x) => x.id === 'GETS-LOCK-p0')!);
      expect(cycle.events).to.deep.equal(['p1.WANT', 'p1.ACQUIRE', 'p1.RELEASE']);
      expect(cycle.states.every((s) => s.includes('p0.trying'))).to.equal(true);
    });

    it('the same spin lock under strong fairness of each ACQUIRE: the livelock is broken, no process starves', async () => {
      const r = await check(spinlock, { engine, params: { fairness: 'strong' } });
      expectVerdict(r, 'pass');
      expect(r.fairness).to.deep.equal(['WF(p0)', 'WF(p1)', 'SF(event:p0.ACQUIRE)', 'SF(event:p1.ACQUIRE)']);
    });
  });
}
