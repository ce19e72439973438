// Domains coming and going under a live IOAS (machines/domains.ts, the `replug` parameter):
// each kernel entry on states built from the model's parameters, then the interleavings the
// model allows and forbids. Kernel facts: kernel-reference.md 2.1, 2.3; S3 io_pagetable.c
// iopt_table_remove_domain / iopt_table_add_domain, S2 pages.c.
import { expect } from 'chai';
import { domainHolds } from '../../machines/iommufd.ts';
import { accessPin, accessUnpin } from '../../machines/access.ts';
import { changeProcess } from '../../machines/changeProcess.ts';
import { attachDomain, detachDomain } from '../../machines/domains.ts';
import { handOver, oldExits } from '../../machines/lifecycle.ts';
import { changeReq, changesNothing, mapAll, setup } from './kernelSetup.ts';
import { expectVerdict } from '../support/expectVerdict.ts';
import { liveUpdate, modelWith, run, witness } from './helpers.ts';

describe('IOMMU domains detached and attached under a live IOAS (domains.ts)', () => {
  it('detachDomain: pages no access holds are unmapped, unpinned and uncharged; the IOAS has no domain (S3 iopt_unfill_domain -> iopt_area_unfill_domain)', () => {
    const { k, plan } = setup({ pages: 2 });
    mapAll(k, plan);
    expect(k.users.u0!.locked_vm).to.equal(2);
    expect(detachDomain(k, 'mm0', plan.rlimit)).to.equal(0);
    expect(k.ctx.domains).to.equal(0);
    expect(k.pages.Pm0).to.include({ npinned: 0, last_npinned: 0 });
    expect(domainHolds(k, 'Pm0'), 'held by a domain').to.equal(false);
    expect(k.users.u0!.locked_vm).to.equal(0);
    expect(k.mms.mm0!.pinned_vm).to.equal(0);
    expect(k.ledger.Pm0).to.equal(undefined);
  });

  it('detachDomain: pages an access holds stay pinned and charged, once (selftest access_pin: a domain removed while a pin is held)', () => {
    const { k, plan } = setup({ mdev: true, pages: 2 });
    mapAll(k, plan);
    expect(accessPin(k, 'm0', null, plan.rlimit).rc).to.equal(0);
    expect(detachDomain(k, 'mm0', plan.rlimit)).to.equal(0);
    expect(k.pages.Pm0).to.include({ inXarray: true, npinned: 2, last_npinned: 2 });
    expect(domainHolds(k, 'Pm0'), 'held by a domain').to.equal(false);
    expect(k.users.u0!.locked_vm).to.equal(2);
    // the access's unpin is then the last holder: unpinned and uncharged (selftest access_domain_destory)
    expect(accessUnpin(k, 'm0', null, plan.rlimit)).to.equal(0);
    expect(k.pages.Pm0!.npinned).to.equal(0);
    expect(k.users.u0!.locked_vm).to.equal(0);
  });

  it('attachDomain: MAP_FILE pages are pinned again from the memfd after the old mm died, charged to their source (S2 pin_memfd_pages needs no mm)', () => {
    const { k, plan } = setup({ pages: 2 });
    mapAll(k, plan);
    detachDomain(k, 'mm0', plan.rlimit);
    handOver(k, plan); // exec: mm0 dies
    expect(attachDomain(k, 'mm1', plan.rlimit)).to.deep.equal({ rc: 0, area: null });
    expect(k.ctx.domains).to.equal(1);
    expect(k.pages.Pm0).to.include({ npinned: 2, pinnedObj: 'memfd0' });
    expect(domainHolds(k, 'Pm0'), 'held by a domain').to.equal(true);
    expect(k.users.u0!.locked_vm).to.equal(2);
    expect(k.ledger.Pm0).to.include({ mm: 'mm0', pages: 2 });
    // CHANGE_PROCESS then moves that charge to the caller as usual
    expect(changeProcess(k, changeReq(plan))).to.equal(0);
    expect(k.mms.mm1!.pinned_vm).to.equal(2);
  });

  it('attachDomain: pages an access holds are read from its xarray, no new pin and no charge (S2 pfn_reader: the xarray before the origin)', () => {
    const { k, plan } = setup({ memory: 'anon', mdev: true, pages: 2 });
    mapAll(k, plan);
    expect(accessPin(k, 'm0', null, plan.rlimit).rc).to.equal(0);
    detachDomain(k, 'mm0', plan.rlimit);
    handOver(k, plan); // the USER origin is gone now, but the access holds the pages
    const before = { locked: k.users.u0!.locked_vm, pinned: k.mms.mm0!.pinned_vm };
    expect(attachDomain(k, 'mm1', plan.rlimit).rc).to.equal(0);
    expect(k.pages.Pm0).to.include({ inXarray: true, npinned: 2 });
    expect(domainHolds(k, 'Pm0'), 'held by a domain').to.equal(true);
    expect({ locked: k.users.u0!.locked_vm, pinned: k.mms.mm0!.pinned_vm }).to.deep.equal(before);
  });

  it('attachDomain: -EFAULT for USER pages whose source mm is gone and that nothing holds, nothing changed (selftest fork_gone, no_domain: "we need to actually pin pages which can\'t happen since the fork is gone")', () => {
    const { k, plan } = setup({ memory: 'anon', handover: 'scm-rights' });
    mapAll(k, plan);
    detachDomain(k, 'mm0', plan.rlimit);
    handOver(k, plan);
    oldExits(k, plan); // the mapper is gone; the new VMM holds the fd
    expect(changesNothing(k, () => attachDomain(k, 'mm1', plan.rlimit))).to.deep.equal({ rc: '-EFAULT', area: 'm0' });
    expect(k.ctx.domains).to.equal(0);
  });

  it('attachDomain: while the source mm is alive, USER pages are pinned from it (selftest fork_present: "Read pages from the remote process")', () => {
    const { k, plan } = setup({ memory: 'anon', handover: 'scm-rights' });
    mapAll(k, plan);
    detachDomain(k, 'mm0', plan.rlimit);
    handOver(k, plan); // the new VMM has the fd; the old one still runs
    expect(attachDomain(k, 'mm1', plan.rlimit).rc).to.equal(0);
    expect(k.pages.Pm0).to.include({ npinned: 1, pinnedObj: 'anon0' });
    expect(domainHolds(k, 'Pm0'), 'held by a domain').to.equal(true);
  });

  it('two domains: a second is filled from the first with no new pin and no charge (even for USER pages of a dead mm); removing one of two unpins nothing (S3 iopt_unfill_domain: "Pick an arbitrary remaining domain to act as storage")', () => {
    const { k, plan } = setup({ memory: 'anon', pages: 2 });
    mapAll(k, plan);
    handOver(k, plan); // exec: the USER origin is gone
    const counters = () => ({ locked: k.users.u0!.locked_vm, pinned: k.mms.mm0!.pinned_vm, npinned: k.pages.Pm0!.npinned });
    const before = counters();
    expect(attachDomain(k, 'mm1', plan.rlimit)).to.deep.equal({ rc: 0, area: null });
    expect(k.ctx.domains).to.equal(2);
    expect(counters()).to.deep.equal(before);
    expect(detachDomain(k, 'mm1', plan.rlimit)).to.equal(0);
    expect(k.ctx.domains).to.equal(1);
    expect(counters()).to.deep.equal(before);
    expect(domainHolds(k, 'Pm0')).to.equal(true);
  });

  it('attachDomain in MM mode, memfd and anon blocks after exec: the memfd fill charges the dead mm, the anon fill fails, and the unwind cannot uncharge it, so -EFAULT leaves last_npinned and the dead mm charged (update_unpinned ignores the -EINVAL of update_mm_locked_vm)', () => {
    const { k, plan } = setup({ memory: 'mixed', accounting: 'mm', pages: 2 });
    mapAll(k, plan);
    detachDomain(k, 'mm0', plan.rlimit);
    handOver(k, plan);
    expect(attachDomain(k, 'mm1', plan.rlimit)).to.deep.equal({ rc: '-EFAULT', area: 'm1' });
    expect(k.pages.Pm0).to.include({ npinned: 0, last_npinned: 2 });
    expect(domainHolds(k, 'Pm0'), 'held by a domain').to.equal(false);
    expect(k.mms.mm0!.locked_vm).to.equal(2);
  });
});

describe('the replug parameter in the whole model', () => {
  const probe = (id: string, reached: Parameters<typeof witness>[1]) => modelWith([witness(id, reached)]);

  it('a device can be unplugged between the hot-plug MAP_FILE insert and its fill (only iova_rwsem was dropped), and the fill then pins nothing', async () => {
    const r = await run(
      probe('detached-before-fill', (k, s) => s.matches({ hotplug: 'filled' }) && k.ctx.domains === 0 && k.pages.Pmh?.npinned === 0),
      { mdev: true, hotplug: true, replug: 'unplug-first' },
    );
    expectVerdict(r, 'violation');
  });

  it('never between the fill and the publish, nor inside the split UNMAP: both hold domains_rwsem for read (S3 iopt_map_pages, iopt_unmap_iova_range)', async () => {
    const r = await run(
      probe('domain-changed-under-reader', (k, s) => (s.matches({ hotplug: 'filled' }) || s.matches({ hotplug: 'unmapping' }) || s.matches({ hotplug: 'unfilled' })) && s.matches({ replug: 'unplugged' }) && k.ret.replug === 'VFIO_DEVICE_DETACH_IOMMUFD_PT = 0' && k.areas.mh?.filled === true),
      { mdev: true, hotplug: true, replug: 'unplug-first' },
    );
    expectVerdict(r, 'pass');
  });

  it('no DMA is attempted while the device is unplugged, and DMA resumes through the new domain', async () => {
    const dmaWithoutDomain = await run(probe('dma-without-domain', (k) => k.ctx.domains === 0 && k.serviceBreak?.op === 'dma'), { replug: 'unplug-first', mdev: true });
    expectVerdict(dmaWithoutDomain, 'pass');
    const resumed = await run(probe('dma-after-replug', (_k, s) => s.matches({ replug: 'replugged' }) && s.matches({ new: 'running' })), { replug: 'unplug-first' });
    expectVerdict(resumed, 'violation');
    expect(resumed.violations[0]!.trace.map((t) => t.event?.type)).to.include('plug.ATTACH');
  });

  it('refuses replug without an iommufd domain, naming what is allowed', async () => {
    const p = liveUpdate.validate!({ ...(await import('lucheck')).resolveParams('live-update', liveUpdate.params!, { device: false, mdev: true }), replug: 'unplug-first' });
    expect(p).to.equal('replug=unplug-first replaces the passthrough device of an iommufd IOAS; allowed with backend=iommufd and device=true');
  });
});
