// The live-update model's progress properties (invariants/progress.ts) under its fairness: what
// holds, what fails and on which cycle, and what the fairness is needed for.
import { expect } from 'chai';
import { check, type CheckResult } from 'lucheck';
import liveUpdate from '../../machines/liveUpdate.ts';
import { headlineRows, progressExpectation } from '../../machines/matrix.ts';
import { expectVerdict } from '../support/expectVerdict.ts';

const PROGRESS = ['LIV-1', 'HANDOVER', 'DMA'];

async function progress(params: Record<string, unknown>, fairness?: CheckResult['fairness']): Promise<CheckResult> {
  return check(liveUpdate, { params, invariants: PROGRESS, coverage: false, ...(fairness ? { fairness: [] } : {}) });
}

const eventsOf = (r: CheckResult, id: string) => r.violations.find((v) => v.id === id)!.trace.slice(1).map((t) => `${t.event!.type}${t.changes.find((c) => c.startsWith('ret.'))?.replace(/^.*→/, ' ') ?? ''}`);

describe('live-update progress properties', () => {
  it('mainline: the hand-over completes, no pin sleeps for good and DMA keeps completing, under weak fairness of the two VMMs', async () => {
    const r = await progress({});
    expectVerdict(r, 'pass');
    expect(r.fairness).to.deep.equal(['WF(old VMM)', 'WF(new VMM)']);
    expect(r.properties).to.deep.equal(PROGRESS);
  });

  it('mainline with no fairness: the device may DMA for ever while the VMMs never move, so the hand-over need not complete', async () => {
    const r = await progress({}, []);
    expectVerdict(r, 'liveness');
    const v = r.violations.find((x) => x.id === 'HANDOVER')!;
    expect(v.trace.slice(v.loop!.start + 1).map((t) => t.event!.type)).to.deep.equal(['dev.DMA']);
  });

  it('type1 v5.12 with B3 and an mdev: LIV-1 fails on a lasso whose cycle is the device alone, the mdev asleep and the VMM blocked in close()', async () => {
    const r = await progress({ backend: 'vfio-type1', variant: 'v5.12', handover: 'exec', bugs: 'B3', mdev: true });
    expectVerdict(r, 'liveness');
    const v = r.violations.find((x) => x.id === 'LIV-1')!;
    expect(v.loop!.stutter).to.equal(false);
    const cycle = v.trace.slice(v.loop!.start);
    expect(cycle.every((t) => t.state.includes('new.closingDevice'))).to.equal(true);
    expect(cycle.slice(1).every((t) => t.actor === 'device')).to.equal(true);
    // with B3 fixed (no sleeping in vfio_wait), every pin returns
    expect((await progress({ backend: 'vfio-type1', variant: 'v5.12', handover: 'exec', bugs: 'B1,B2', mdev: true })).violations.map((x) => x.id)).to.not.include('LIV-1');
  });

  it('finding: CHANGE_PROCESS charges the new owner before it uncharges the old, so with RLIMIT_MEMLOCK the size of guest RAM it fails with -ENOMEM and the new VMM runs without its pages', async () => {
    for (const hotplug of [false, true]) {
      const r = await progress({ variant: 'mainline', hotplug, rlimit: 1 });
      expectVerdict(r, 'liveness');
      expect(r.violations.map((v) => v.id)).to.deep.equal(['HANDOVER']);
      expect(eventsOf(r, 'HANDOVER')).to.include('new.CHANGE_PROCESS "IOMMU_IOAS_CHANGE_PROCESS = -ENOMEM"');
      expect(r.violations[0]!.loop!.stutter).to.equal(true);
    }
    // with room for the second charge it completes
    expectVerdict(await progress({ variant: 'mainline', rlimit: 2 }), 'pass');
  });

  it('v6.13 and mainline refuse anonymous memory (-EINVAL): the hand-over never completes; the new VMM closes and the run ends', async () => {
    for (const variant of ['v6.13', 'mainline']) {
      const r = await progress({ variant, memory: 'anon' });
      expect(r.violations.map((v) => v.id)).to.deep.equal(['HANDOVER']);
      expect(eventsOf(r, 'HANDOVER')).to.include('new.CHANGE_PROCESS "IOMMU_IOAS_CHANGE_PROCESS = -EINVAL"');
    }
  });

  it('a device unplugged during the hand-over gets its domain back: DMA keeps completing under weak fairness of the VMM that replugs it', async () => {
    const r = await progress({ variant: 'mainline', mdev: true, replug: 'unplug-first' });
    expectVerdict(r, 'pass');
    expect(r.fairness).to.include('WF(VMM (device hot-plug))');
  });

  it('every headline configuration (the README table) gives the progress verdict progressExpectation says', async () => {
    const wrong: string[] = [];
    for (const row of headlineRows()) {
      const r = await progress(row.params);
      const got = r.violations.map((v) => v.id);
      const want = progressExpectation(r.params).fails;
      if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${row.label}: ${got.join(',') || 'none'} fail, expected ${want.join(',') || 'none'}`);
    }
    expect(wrong).to.deep.equal([]);
  });
});
