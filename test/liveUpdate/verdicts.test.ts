import { expect } from 'chai';
import { check } from 'lucheck';
import { headlineRows, matrix } from '../../machines/matrix.ts';
import { runRow } from '../../scripts/matrixRun.ts';
import { events, liveUpdate, modelWith, run, witness } from './helpers.ts';
import { expectVerdict } from '../support/expectVerdict.ts';

const T1 = { backend: 'vfio-type1', variant: 'v5.12', handover: 'exec' };

describe('live-update: expected verdicts', () => {
  it('type1 v5.12 with only B1: the uncharge at UNMAP_DMA after exec drives the new mm below zero (INV-6)', async () => {
    const r = await run(liveUpdate, { ...T1, bugs: 'B1' });
    expectVerdict(r, 'violation');
    expect(r.violations[0]!.id).to.equal('INV-6');
    expect(r.violations[0]!.message).to.equal('mm1->locked_vm = -1 (wrapped below zero)');
    expect(events(r)).to.deep.equal(['old.MAP', 'old.UNMAP_VADDR', 'old.HANDOVER', 'new.MMAP', 'new.UNMAP']);
  });

  it('type1 v5.12 as shipped: after MAP_FLAG_VADDR the charge never reaches the new mm (B2, INV-5), in 5 steps', async () => {
    const r = await run(liveUpdate, T1);
    expectVerdict(r, 'violation');
    expect(r.violations[0]!.id).to.equal('INV-5');
    expect(r.violations[0]!.message).to.contain('mm1->locked_vm is 0, expected 1');
    expect(events(r).at(-1)).to.equal('new.MAP_VADDR');
    expect(r.violations[0]!.trace).to.have.length(6);
  });

  it('type1 v5.12 with only B3 and an mdev: the vaddr window opens with an mdev in the container (INV-12, 2 steps)', async () => {
    const r = await run(liveUpdate, { ...T1, bugs: 'B3', mdev: true });
    expectVerdict(r, 'violation');
    expect(r.violations[0]!.id).to.equal('INV-12');
    expect(events(r)).to.deep.equal(['old.MAP', 'old.UNMAP_VADDR']);
  });

  it('type1 v5.12 with only B3 and an mdev: the mdev work blocks in vfio_wait and the VMM closing the device waits for it forever (the property LIV-1, a lasso)', async () => {
    const r = await check(liveUpdate, { params: { ...T1, bugs: 'B3', mdev: true }, invariants: ['LIV-1'] });
    expectVerdict(r, 'liveness');
    const v = r.violations[0]!;
    expect(v.id).to.equal('LIV-1');
    const trace = v.trace;
    expect(trace.some((t) => t.event?.type === 'mdev.PIN' && t.summary.includes('blocked in vfio_wait'))).to.equal(true);
    // the stem ends as the VMM blocks in close(); then only the device moves, for ever
    expect(v.loop).to.deep.equal({ start: 6, stutter: false });
    expect(events(r).slice(0, 6).at(-1)).to.equal('new.CLOSE_DEVICE');
    expect(events(r).slice(6)).to.deep.equal(['dev.DMA']);
    expect(trace.at(-1)!.state).to.equal(trace[6]!.state);
  });

  it('type1 v6.3: all invariants hold, with and without an mdev, in every hand-over style', async () => {
    for (const handover of ['exec', 'fork-exec', 'scm-rights']) {
      for (const mdev of [false, true]) expectVerdict(await run(liveUpdate, { backend: 'vfio-type1', variant: 'v6.3', handover, mdev }), 'pass');
    }
  });

  it("type1 v6.3 with an mdev refuses the VMM's VFIO_DMA_UNMAP_FLAG_VADDR with -EBUSY", async () => {
    const probe = witness('UNMAP_VADDR refused', (k) => k.ret.old === 'VFIO_IOMMU_UNMAP_DMA(VFIO_DMA_UNMAP_FLAG_VADDR) = -EBUSY');
    const r = await run(modelWith([probe]), { backend: 'vfio-type1', variant: 'v6.3', mdev: true });
    expectVerdict(r, 'violation');
    expect(events(r)).to.deep.equal(['old.MAP', 'old.UNMAP_VADDR']);
    expect(r.violations[0]!.trace.at(-1)!.state).to.contain('old.aborted');
  });

  it('iommufd rfc-v1 with an mdev and no device domain: a kernel-client pin between exec and CHANGE_PROCESS fails with -EFAULT (SERVICE)', async () => {
    const r = await run(liveUpdate, { variant: 'rfc-v1', mdev: true, device: false });
    expectVerdict(r, 'violation');
    expect(r.violations[0]!.id).to.equal('SERVICE');
    expect(r.violations[0]!.message).to.equal('mdev pin of IOVA m0 failed with -EFAULT (memfd0 is mapped there)');
    const ev = events(r);
    expect(ev.indexOf('old.HANDOVER')).to.be.lessThan(ev.findIndex((e) => e.startsWith('mdev.')));
    expect(ev).to.not.include('new.CHANGE_PROCESS');
  });

  it('iommufd rfc-v1 with a different object at the address handed to CHANGE_PROCESS: later pins reach the wrong memory (INV-4, then INV-3)', async () => {
    const r = await run(liveUpdate, { variant: 'rfc-v1', remap: 'different' });
    expectVerdict(r, 'violation');
    expect(r.violations[0]!.id).to.equal('INV-4');
    expect(r.violations[0]!.message).to.contain('other-memfd');
    // Without a domain holding the pages, an mdev pin after CHANGE_PROCESS pins the other object.
    const inv3 = await run(modelWith([liveUpdate.invariants!.find((i) => i.id === 'INV-3')!]), { variant: 'rfc-v1', remap: 'different', mdev: true, device: false });
    expectVerdict(inv3, 'violation');
    expect(inv3.violations[0]!.message).to.contain('pins other-memfd');
    expect(events(inv3).at(-1)).to.equal('mdev.PIN');
  });

  it('iommufd rfc-v1 without an mdev and with the same object at the new address: all hold', async () => {
    for (const handover of ['exec', 'fork-exec', 'scm-rights']) expectVerdict(await run(liveUpdate, { variant: 'rfc-v1', handover }), 'pass');
  });

  it('iommufd v6.13 with memfd: DMA and kernel-client pins continue across the hand-over and the accounting lands exactly on the new owner', async () => {
    expectVerdict(await run(liveUpdate, { variant: 'v6.13', mdev: true }), 'pass');
    // Exactness, from the counters themselves: right after CHANGE_PROCESS succeeds, the old mm has nothing and the new mm all.
    const moved = witness('moved', (k) => k.ret.new === 'IOMMU_IOAS_CHANGE_PROCESS = 0');
    const r = await run(modelWith([moved]), { variant: 'v6.13', mdev: true, handover: 'scm-rights' });
    expectVerdict(r, 'violation');
    const last = r.violations[0]!.trace.at(-1)!;
    expect(last.changes).to.include.members(['mms.mm0.pinned_vm: 1→0', 'mms.mm1.pinned_vm: 0→1']);
  });

  for (const memory of ['anon', 'mixed']) {
    it(`iommufd v6.13 with memory=${memory}: CHANGE_PROCESS fails with -EINVAL and changes nothing`, async () => {
      const probe = witness('EINVAL', (k) => k.ret.new === 'IOMMU_IOAS_CHANGE_PROCESS = -EINVAL');
      const r = await run(modelWith([probe]), { variant: 'v6.13', memory });
      expectVerdict(r, 'violation');
      const last = r.violations[0]!.trace.at(-1)!;
      // the only changes are the recorded return value and the audit record
      expect(last.changes.every((c) => c.startsWith('ret.new') || c.startsWith('lastChange'))).to.equal(true);
      expectVerdict(await run(liveUpdate, { variant: 'v6.13', memory }), 'pass');
    });
  }

  it('iommufd v6.13 with a hot-plug MAP_FILE racing CHANGE_PROCESS: the B6 NULL dereference (INV-9); mainline does not have it', async () => {
    const r = await run(liveUpdate, { variant: 'v6.13', hotplug: true });
    expectVerdict(r, 'violation');
    expect(r.violations[0]!.id).to.equal('INV-9');
    expect(events(r)).to.deep.equal(['old.MAP', 'old.HANDOVER', 'hp.INSERT', 'new.CHANGE_PROCESS']);
    expectVerdict(await run(liveUpdate, { variant: 'mainline', hotplug: true, mdev: true }), 'pass');
    const busy = await run(modelWith([witness('EBUSY', (k) => k.ret.new === 'IOMMU_IOAS_CHANGE_PROCESS = -EBUSY')]), { variant: 'mainline', hotplug: true });
    expectVerdict(busy, 'violation'); // mainline refuses (and the VMM retries) instead of crashing
  });

  it('every configuration of the check matrix gives the verdict written next to it', async () => {
    const rows = [...headlineRows(), ...matrix()];
    expect(rows.length).to.be.greaterThan(80);
    const wrong: string[] = [];
    for (const row of rows) {
      const r = await runRow(row);
      if (r.got !== r.want) wrong.push(`${JSON.stringify(row.params)}: got ${r.got}, expected ${r.want}`);
      if (r.progress.got !== r.progress.want) wrong.push(`${JSON.stringify(row.params)}: progress ${r.progress.got}, expected ${r.progress.want}`);
    }
    expect(wrong).to.deep.equal([]);
  });
});
