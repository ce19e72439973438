// An mdev pin over several IOVAs in one type1 call (machines/type1Batch.ts, pinBatch=true), as
// v5.12 runs it: a first pass that sleeps in vfio_wait on an invalid vaddr, then every IOVA
// pinned with iommu->lock held; B7 (ffc95d1b8edb) is the first pass going on after a wake
// without re-checking the IOVAs before. Read in 5.12.9's vfio_iommu_type1.c.
import { expect } from 'chai';
import { batchPin, batchResume } from '../../machines/type1Batch.ts';
import { handOver } from '../../machines/lifecycle.ts';
import { mapDma, mapVaddr, unmapDma, unmapVaddr, wakeVaddrWaiters } from '../../machines/type1.ts';
import { changesNothing, setup } from './kernelSetup.ts';

const t1 = { backend: 'vfio-type1', variant: 'v5.12', mdev: true, ramBlocks: 2, pinBatch: true, handover: 'scm-rights' };
const entries = ['m0', 'm1'];

function mapped(given: Record<string, unknown> = {}) {
  const c = setup({ ...t1, ...given });
  for (const m of c.plan.mappings) expect(mapDma(c.k, c.plan, m, 'old')).to.equal(0);
  return c;
}

describe('type1 pin over several IOVAs (type1Batch.ts)', () => {
  it('with every vaddr valid there is no first pass: both IOVAs are pinned through their vaddrs', () => {
    const { k, plan } = mapped();
    expect(batchPin(k, plan, entries)).to.deep.equal({ rc: 0, at: null, reached: { m0: 'memfd0', m1: 'memfd1' } });
  });

  it('post-fix (no B3): -EBUSY while any vaddr is invalid, nothing changed (WARN_ONCE "vfio_pin_pages not allowed with VFIO_UPDATE_VADDR")', () => {
    const { k, plan } = mapped({ bugs: 'none' });
    // post-fix the window cannot open with an mdev in the container (UNMAP_FLAG_VADDR: -EBUSY);
    // the pin path's own check, as it would meet an invalid vaddr
    k.container.dmas.m1!.vaddr_invalid = true;
    k.container.vaddr_invalid_count = 1;
    expect(changesNothing(k, () => batchPin(k, plan, entries))).to.deep.equal({ rc: '-EBUSY', at: 'm0', reached: {} });
  });

  it('B3: the first pass sleeps at the first invalid IOVA (vfio_find_dma_valid -> vfio_wait), having pinned nothing', () => {
    const { k, plan } = mapped();
    expect(unmapVaddr(k, plan, 'm1')).to.equal(0);
    expect(k.container.vaddr_invalid_count).to.equal(1);
    expect(batchPin(k, plan, entries)).to.deep.equal({ rc: 'blocked' });
    expect(k.mdevWork.cursor).to.equal(1);
  });

  it('a wake only marks the sleeper woken; it runs again as its own step (wakeVaddrWaiters with pinBatch)', () => {
    const { k, plan } = mapped();
    k.mdevWork.state = 'blocked';
    wakeVaddrWaiters(k, plan);
    expect(k.mdevWork.state).to.equal('woken');
  });

  it('the woken call: -EFAULT once the container is closed; -EINVAL when the IOVA it slept on was unmapped; asleep again while that vaddr is invalid (vfio_wait, vfio_find_dma_valid)', () => {
    const closed = mapped();
    unmapVaddr(closed.k, closed.plan, 'm1');
    batchPin(closed.k, closed.plan, entries);
    closed.k.container.open = false;
    expect(batchResume(closed.k, closed.plan, entries)).to.deep.equal({ rc: '-EFAULT', at: 'm1', reached: {} });
    const gone = mapped();
    unmapVaddr(gone.k, gone.plan, 'm1');
    batchPin(gone.k, gone.plan, entries);
    unmapDma(gone.k, gone.plan, 'm1', 'old');
    expect(batchResume(gone.k, gone.plan, entries)).to.deep.equal({ rc: '-EINVAL', at: 'm1', reached: {} });
    const still = mapped();
    unmapVaddr(still.k, still.plan, 'm1');
    batchPin(still.k, still.plan, entries);
    expect(batchResume(still.k, still.plan, entries)).to.deep.equal({ rc: 'blocked' });
  });

  it('B7: after the wake the first pass goes on past the IOVA it slept on; one invalidated meanwhile is pinned through its stale vaddr (noted for LIV-4)', () => {
    const { k, plan } = mapped({ bugs: 'B3,B7' });
    unmapVaddr(k, plan, 'm1');
    expect(batchPin(k, plan, entries).rc).to.equal('blocked'); // m0 checked valid, asleep on m1
    unmapVaddr(k, plan, 'm0'); // the VMM invalidates m0 while the pinner sleeps
    handOver(k, plan);
    k.mms.mm1!.vmas.nva1 = 'memfd1';
    expect(mapVaddr(k, plan, plan.mappings[1]!, 'new')).to.equal(0);
    const r = batchResume(k, plan, entries);
    expect(k.mdevWork.stale).to.equal('m0:va0');
    expect(r, 'va0 is translated in dma->mm, the old VMM\'s, still alive with SCM_RIGHTS: the call succeeds').to.deep.equal({ rc: 0, at: null, reached: { m0: 'memfd0', m1: 'memfd1' } });
  });

  it('without B7 (ffc95d1b8edb: WAITED, goto again) the woken call re-checks from the first IOVA and sleeps on the one invalidated meanwhile', () => {
    const { k, plan } = mapped({ bugs: 'B1,B2,B3' });
    unmapVaddr(k, plan, 'm1');
    batchPin(k, plan, entries);
    unmapVaddr(k, plan, 'm0');
    handOver(k, plan);
    k.mms.mm1!.vmas.nva1 = 'memfd1';
    mapVaddr(k, plan, plan.mappings[1]!, 'new');
    expect(batchResume(k, plan, entries)).to.deep.equal({ rc: 'blocked' });
    expect(k.mdevWork.cursor).to.equal(0);
    expect(k.mdevWork.stale).to.equal(null);
  });

  it('unmapVaddr of one range invalidates only that dma, and -EINVAL when it is invalid already (S9 vfio_dma_do_unmap)', () => {
    const { k, plan } = mapped();
    expect(unmapVaddr(k, plan, 'm0')).to.equal(0);
    expect(k.container.dmas.m1!.vaddr_invalid).to.equal(false);
    expect(changesNothing(k, () => unmapVaddr(k, plan, 'm0'))).to.equal('-EINVAL');
  });
});
