import { expect } from 'chai';
import { check, resolveParams, type CheckResult } from 'lucheck';
import { initialState } from '../../machines/initialState.ts';
import { FIELDS, runDraft } from '../../machines/kernelDraft.ts';
import type { KernelState } from '../../machines/kernelState.ts';
import { PARAMS } from '../../machines/params.ts';
import { planOf } from '../../machines/plan.ts';
import { stepMemo } from '../../machines/step.ts';
import { StepMemo, ValueIds } from '../../machines/stepMemo.ts';
import { liveUpdate } from './helpers.ts';

const plan = planOf(resolveParams('live-update', PARAMS, {}));
const base = (): KernelState => initialState(plan);
const field = (name: (typeof FIELDS)[number]) => FIELDS.indexOf(name);
/** The state after a memoised step: what it changed, merged over the state as xstate merges an assign's result. */
const stepped = (memo: StepMemo, b: KernelState, event: string, fn: (k: KernelState) => void): KernelState => ({ ...b, ...memo.run(b, event, fn) });

describe('live-update: what a step reads, and its memo', () => {
  describe('the draft records what the step depends on', () => {
    it('records return values by actor without reading the others', () => {
      const b = { ...base(), ret: { old: 'execve = 0', mdev: 'iommufd_access_rw(m0) = 0' } };
      const d = runDraft(b, (k) => {
        k.ret.new = 'IOMMU_IOAS_CHANGE_PROCESS = 0';
        k.ret.new = `${k.ret.new}!`; // reading back its own entry is no read of ret
      });
      expect(d.reads).to.not.include(field('ret'));
      expect(d.retByEntries()).to.equal(true);
      expect(d.result().ret).to.deep.equal({ old: 'execve = 0', mdev: 'iommufd_access_rw(m0) = 0', new: 'IOMMU_IOAS_CHANGE_PROCESS = 0!' });
      expect(b.ret).to.deep.equal({ old: 'execve = 0', mdev: 'iommufd_access_rw(m0) = 0' });
    });

    it('reads ret whole when the step reads another entry, lists its keys or asks for one', () => {
      for (const look of [(r: Record<string, string>) => r.old, (r: Record<string, string>) => Object.keys(r), (r: Record<string, string>) => 'old' in r]) {
        const b = { ...base(), ret: { old: 'execve = 0' } };
        const d = runDraft(b, (k) => {
          k.ret.new = 'x = 0';
          look(k.ret);
        });
        expect(d.reads).to.include(field('ret'));
        expect(d.result().ret).to.deep.equal({ old: 'execve = 0', new: 'x = 0' });
      }
    });

    it('lists the fields read in the order first read, and those set without reading', () => {
      const d = runDraft(base(), (k) => {
        void k.areas;
        void k.mms;
        void k.areas;
        k.serviceBreak = null;
        void k.serviceBreak;
      });
      expect(d.reads).to.deep.equal([field('areas'), field('mms')]);
      expect(d.written).to.deep.equal([field('serviceBreak')]);
    });

    it('keeps an unchanged entry of a changed field as the very object it was', () => {
      const b = { ...base(), areas: { m0: { ioas: 'ioas1', pages: 'Pm0', pending: null, num_accesses: 0, prevent_access: false, filled: true }, m1: { ioas: 'ioas1', pages: 'Pm1', pending: null, num_accesses: 0, prevent_access: false, filled: true } } };
      const next = runDraft(b, (k) => void k.areas.m0!.num_accesses++).result();
      expect(next.areas.m0!.num_accesses).to.equal(1);
      expect(next.areas.m1).to.equal(b.areas.m1);
    });
  });

  describe('StepMemo', () => {
    const ids = new ValueIds();

    it('computes a step once for states that agree on what it read, and keeps the rest of each state', () => {
      const memo = new StepMemo(ids);
      let calls = 0;
      const fn = (k: KernelState) => {
        calls++;
        k.users.u0!.locked_vm += k.areas.m0 ? 10 : 1;
        k.ret.old = 'MAP = 0';
      };
      const a = { ...base(), ret: { mdev: 'a' }, lastChange: null };
      const b = { ...base(), ret: { mdev: 'b', new: 'c' }, oops: 'something else' };
      const na = stepped(memo, a, 'E', fn);
      const nb = stepped(memo, b, 'E', fn);
      expect(calls).to.equal(1);
      expect([memo.hits, memo.misses]).to.deep.equal([1, 1]);
      expect(na.users.u0!.locked_vm).to.equal(1);
      expect(nb.users.u0!.locked_vm).to.equal(1);
      expect(nb.ret).to.deep.equal({ mdev: 'b', new: 'c', old: 'MAP = 0' });
      expect(nb.oops).to.equal('something else');
      expect(nb.tasks).to.equal(b.tasks);
      expect(Object.keys(memo.run(b, 'E', fn))).to.deep.equal(['users', 'ret']); // only what it changed
    });

    it('computes again when a field it read differs, or the event does', () => {
      const memo = new StepMemo(ids);
      let calls = 0;
      const fn = (k: KernelState) => {
        calls++;
        k.users.u0!.locked_vm++;
      };
      const a = base();
      const b = { ...base(), users: { u0: { locked_vm: 5 } } };
      expect(stepped(memo, a, 'E', fn).users.u0!.locked_vm).to.equal(1);
      expect(stepped(memo, b, 'E', fn).users.u0!.locked_vm).to.equal(6);
      expect(stepped(memo, a, 'F', fn).users.u0!.locked_vm).to.equal(1);
      expect(calls).to.equal(3);
      expect(stepped(memo, { ...b }, 'E', fn).users.u0!.locked_vm).to.equal(6);
      expect(calls).to.equal(3);
    });

    it('sets a field the step set without reading, whatever the later state held there', () => {
      const memo = new StepMemo(ids);
      const fn = (k: KernelState) => {
        k.serviceBreak = null;
      };
      const clean = base();
      const broken = { ...base(), serviceBreak: { actor: 'mdev', op: 'pin', mapping: 'm0', ret: '-EFAULT', reached: null, expected: 'memfd0' } };
      expect(stepped(memo, clean, 'E', fn).serviceBreak).to.equal(null);
      expect(stepped(memo, broken, 'E', fn).serviceBreak).to.equal(null);
      expect(memo.hits).to.equal(1);
    });

    it('follows a step whose reads depend on what it read first', () => {
      const memo = new StepMemo(ids);
      const fn = (k: KernelState) => {
        if (k.ctx.open) k.users.u0!.locked_vm = k.mms.mm0!.locked_vm + 1;
        else k.oops = 'closed';
      };
      const open = base();
      const closed = { ...base(), ctx: { ...base().ctx, open: false, holders: [] } };
      const openOther = { ...base(), mms: { mm0: { ...base().mms.mm0!, locked_vm: 7 } } };
      for (let round = 0; round < 2; round++) {
        expect(stepped(memo, open, 'E', fn).users.u0!.locked_vm).to.equal(1);
        expect(stepped(memo, closed, 'E', fn).oops).to.equal('closed');
        expect(stepped(memo, closed, 'E', fn).users).to.equal(closed.users);
        expect(stepped(memo, openOther, 'E', fn).users.u0!.locked_vm).to.equal(8);
      }
      expect(memo.misses).to.equal(3);
    });

    it('numbers equal data alike, and different data differently', () => {
      const v = new ValueIds();
      expect(v.of({ a: [1, 'x'] })).to.equal(v.of({ a: [1, 'x'] }));
      expect(v.of({ a: [1, 'x'] })).to.not.equal(v.of({ a: [1, 'y'] }));
      expect(v.of('1')).to.not.equal(v.of(1));
      expect(v.of(null)).to.not.equal(v.of('null'));
      expect(v.of(true)).to.not.equal(v.of('true'));
      expect(v.of(undefined)).to.not.equal(v.of(null));
    });
  });

  describe('whole runs with and without it', () => {
    const summary = (r: CheckResult) => ({
      verdict: r.verdict,
      distinct: r.stats.distinct,
      generated: r.stats.generated,
      violations: r.violations.map((v) => ({ id: v.id, message: v.message, trace: v.trace.map((t) => [t.event?.type, t.summary]) })),
    });
    const configurations = [
      { handover: 'fork-exec', mdev: true, hotplug: true, accesses: 3 },
      { handover: 'fork-exec', mdev: true, hotplug: true, memory: 'mixed' },
      { variant: 'v6.13', hotplug: true, mdev: true },
      { accounting: 'mm' },
      { backend: 'vfio-type1', variant: 'v5.12', handover: 'exec', mdev: true },
      { backend: 'vfio-type1', variant: 'v5.12', handover: 'fork-exec', bugs: ['B2'] },
      { variant: 'rfc-v1', mdev: true, device: false, ramBlocks: 2 },
    ];
    for (const params of configurations) {
      it(`gives the same verdict, states and counterexample: ${JSON.stringify(params)}`, async () => {
        stepMemo.enabled = false;
        let plain: CheckResult;
        try {
          plain = await check(liveUpdate, { params });
        } finally {
          stepMemo.enabled = true;
        }
        const memoised = await check(liveUpdate, { params });
        expect(plain.stats.distinct).to.be.above(2);
        expect(summary(memoised)).to.deep.equal(summary(plain));
      });
    }
  });
});
