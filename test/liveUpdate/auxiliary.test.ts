import { expect } from 'chai';
import { canonicalJson, check, createSystem, resolveModelParams, type AnySnapshot } from 'lucheck';
import { liveUpdate, safetyOnly } from './helpers.ts';
import { headlineRows, matrix, describeParams } from '../../machines/matrix.ts';
import type { KernelState } from '../../machines/kernelState.ts';

const what = (r: Awaited<ReturnType<typeof check>>) => `${r.verdict} ${r.violations[0]?.id ?? ''} ${r.violations[0]?.trace.length ?? ''}`;

describe('live-update without the auxiliary fields (--drop-auxiliary: the in-kernel clients\' and hot-plug thread\'s return values)', () => {
  it('declares the return values of the accesses and the hot-plug thread, and not those of the VMMs (their guards read them)', () => {
    const params = resolveModelParams(liveUpdate, { mdev: true, accesses: 3, hotplug: true });
    expect(liveUpdate.auxiliary!(params)).to.deep.equal(['ret.mdev', 'ret.mdev1', 'ret.mdev2', 'ret.hotplug']);
  });

  it('gives every configuration of the matrix the same verdict, invariant, counterexample length and coverage, with no more states', async () => {
    const rows = [...headlineRows(), ...matrix()];
    // what fired and what was reached (how often differs: fewer states fire them)
    const covered = (r: Awaited<ReturnType<typeof check>>) => ({
      events: r.coverage!.events.filter((e) => e.fired > 0).map((e) => e.type),
      transitions: r.coverage!.transitions.filter((t) => t.fired > 0).map((t) => `${t.source}|${t.event}|${t.candidate}`),
      unreached: r.coverage!.unreachedStates,
    });
    let smaller = 0;
    for (const row of rows) {
      const [plain, dropped] = await Promise.all([false, true].map((dropAuxiliary) => check(row.only ? liveUpdate : safetyOnly, { params: row.params, invariants: row.only, dropAuxiliary })));
      const where = describeParams(row.params);
      expect(what(dropped!), where).to.equal(what(plain!));
      if (plain!.verdict === 'pass') expect(covered(dropped!), where).to.deep.equal(covered(plain!));
      expect(dropped!.stats.distinct, where).to.be.at.most(plain!.stats.distinct);
      if (dropped!.stats.distinct < plain!.stats.distinct) smaller++;
    }
    expect(smaller).to.be.greaterThan(rows.length / 2);
  });

  it('passes the audit of --check-determinism on every configuration of the matrix, with the same verdicts and states, and fails it for an invariant that reads a return value', async () => {
    const rows = [...headlineRows(), ...matrix()];
    for (const row of rows) {
      const [audited, plain] = await Promise.all([true, false].map((checkDeterminism) => check(row.only ? liveUpdate : safetyOnly, { params: row.params, invariants: row.only, dropAuxiliary: true, checkDeterminism, coverage: false })));
      expect([audited!.verdict, audited!.stats.distinct], describeParams(row.params)).to.deep.equal([plain!.verdict, plain!.stats.distinct]);
    }
    const probe = { ...liveUpdate, invariants: [{ id: 'PROBE', title: '', description: 'reads a client\'s return value', check: (s: AnySnapshot) => (s.context as KernelState).ret.mdev !== 'never' || 'never' }] };
    const r = await check(probe, { params: { mdev: true, accesses: 2 }, dropAuxiliary: true, checkDeterminism: true, coverage: false });
    expect(r.error?.code).to.equal('auxiliary-read');
    expect(r.error?.message).to.contain('invariant PROBE reads ret.mdev');
  });

  // The declaration checked against the model itself: in every reachable state, the state with
  // the auxiliary entries taken out, or set to a value no call returns, has the same enabled
  // events, the same invariant verdicts, the same final-ness, and successors with the same key
  // under the reduction. A guard or invariant that read one of them would break this.
  for (const params of [{ mdev: true, accesses: 2, hotplug: true }, { variant: 'v6.13', hotplug: true, mdev: true, accesses: 2 }, { backend: 'vfio-type1', variant: 'v5.12', mdev: true }]) {
    it(`is a declaration the model keeps: no step, invariant or final test depends on those fields (${describeParams(params)})`, async () => {
      const resolved = resolveModelParams(liveUpdate, params);
      const aux = liveUpdate.auxiliary!(resolved).map((p) => p.slice('ret.'.length));
      const { system } = createSystem(liveUpdate, resolved, 'reference', { auxiliary: true });
      const machine = system.machine;
      const states: AnySnapshot[] = [];
      const r = await check(safetyOnly, { params, engine: 'reference', coverage: false, invariants: [], observer: { onInitial: (s) => states.push(s as AnySnapshot), onSuccessor: (_f, _e, s, added) => void (added && states.push(s as AnySnapshot)) } });
      expect(r.verdict).to.equal('pass');
      const verdicts = (s: AnySnapshot) => liveUpdate.invariants!.map((i) => i.check(s, resolved)).join('|') + `|${liveUpdate.isFinal!(s, resolved)}`;
      let changed = 0;
      for (const s of states) {
        const k = s.context as KernelState;
        if (!aux.some((a) => a in k.ret)) continue;
        const without = Object.fromEntries(Object.entries(k.ret).filter(([a]) => !aux.includes(a)));
        const other = { ...k.ret, ...Object.fromEntries(aux.map((a) => [a, 'NO_SUCH_CALL = -ENOSYS'])) };
        for (const ret of [without, other]) {
          const t = machine.resolveState({ value: s.value, context: { ...k, ret } }) as AnySnapshot;
          const events = system.enabledEvents(s);
          expect(canonicalJson(system.enabledEvents(t))).to.equal(canonicalJson(events));
          expect(verdicts(t)).to.equal(verdicts(s));
          for (const e of events) expect(system.key(system.next(t, e))).to.equal(system.key(system.next(s, e)));
          changed++;
        }
      }
      expect(changed).to.be.above(50);
    });
  }

  it('on both engines, finds the same states for two accesses and hot-plug, with and without symmetry', async () => {
    const params = { mdev: true, accesses: 2, hotplug: true, handover: 'fork-exec' };
    for (const symmetry of [false, true]) {
      const [compiled, reference] = await Promise.all((['compiled', 'reference'] as const).map((engine) => check(safetyOnly, { params, engine, symmetry, dropAuxiliary: true, coverage: false })));
      expect([compiled!.engine, reference!.engine]).to.deep.equal(['compiled', 'reference']);
      expect([compiled!.verdict, compiled!.stats.distinct, compiled!.stats.generated]).to.deep.equal([reference!.verdict, reference!.stats.distinct, reference!.stats.generated]);
    }
  });

  it('checks the configuration of 67,200,551 states (seven accesses, hot-plug, fork-exec) over 8,741, and 581 with symmetry', async () => {
    const params = { handover: 'fork-exec', mdev: true, hotplug: true, accesses: 7 };
    const dropped = await check(safetyOnly, { params, dropAuxiliary: true, coverage: false });
    const both = await check(safetyOnly, { params, dropAuxiliary: true, symmetry: true, coverage: false });
    expect([dropped.verdict, dropped.stats.distinct]).to.deep.equal(['pass', 8_741]);
    expect([both.verdict, both.stats.distinct]).to.deep.equal(['pass', 581]);
  });

  // Why lucheck has no partial-order reduction (README, "How the engine works"): a sound one may
  // leave out of an expansion only steps no invariant sees, and here every step that changes
  // no context field but a return value leaves its actor's configuration as it was, so with the
  // return values dropped it makes no new state; the README quotes these figures.
  it('leaves every step that changes only return values where it was (accesses=3: 141,790 of 275,932 steps)', async () => {
    const params = { handover: 'fork-exec', mdev: true, hotplug: true, accesses: 3 };
    const same = (a: unknown, b: unknown) => a === b || canonicalJson(a) === canonicalJson(b);
    let steps = 0;
    let onlyReturnValues = 0;
    let moved = 0;
    const r = await check(safetyOnly, {
      params,
      coverage: false,
      observer: {
        onSuccessor(from, _e, to) {
          steps++;
          const [f, t] = [(from as AnySnapshot).context as Record<string, unknown>, (to as AnySnapshot).context as Record<string, unknown>];
          if (Object.keys(f).some((k) => k !== 'ret' && !same(f[k], t[k]))) return;
          onlyReturnValues++;
          if (!same((from as AnySnapshot).value, (to as AnySnapshot).value)) moved++;
        },
      },
    });
    expect([r.verdict, r.stats.distinct]).to.deep.equal(['pass', 31_991]);
    expect([steps, onlyReturnValues, moved]).to.deep.equal([275_932, 141_790, 0]);
  });
});
