// The kernel entries of the live-update model, driven one at a time on states built from the
// model's own parameters: every error each can return, one success each, and that a failing
// call leaves the state as it found it. Kernel facts: /work/shared/spec/kernel-reference.md
// sections 2 and 3 (cited below as "ref 2.5" etc.).
import { expect } from 'chai';
import { accessPin, accessRw, accessUnpin, deviceDma } from '../../machines/access.ts';
import { accountLockedVm, decrUserLockedVm, incrUserLockedVm, iommufdUpdatePinned } from '../../machines/accounting.ts';
import { accountingView, changeProcess } from '../../machines/changeProcess.ts';
import { domainHolds, ioasMap, mapFileFill, mapFileInsert, mapFilePublish, unpinIfUnheld } from '../../machines/iommufd.ts';
import { clone, type Pages } from '../../machines/kernelState.ts';
import { handOver } from '../../machines/lifecycle.ts';
import { ioasUnmap, releaseCtx, unmapBegin, unmapRemove, unmapUnfill } from '../../machines/teardown.ts';
import { mapDma, mapVaddr, mdevAccess, releaseContainer, unmapDma, unmapVaddr, wakeVaddrWaiters } from '../../machines/type1.ts';
import { changeReq, changesNothing, frozen, hotplugReq, mapAll, mapReq, setup } from './kernelSetup.ts';

/** A pages object outside any ctx, for the accounting primitives. */
function pagesOf(over: Partial<Pages>): Pages {
  return { type: 'file', file: 'memfd0', uptr: null, npages: 2, overrun: false, npinned: 2, last_npinned: 0, source_mm: 'mm0', source_user: 'u0', account_mode: 'user', pinnedObj: null, inXarray: false, ...over };
}

describe('live-update kernel entries (machines/)', () => {
  describe('IOMMU_IOAS_MAP / MAP_FILE (iommufd.ts)', () => {
    it('maps a memfd with a domain attached: pins now, charges user->locked_vm and mm->pinned_vm, publishes the area (S1 iommufd_ioas_map_file)', () => {
      const { k, plan } = setup({ pages: 3 });
      expect(ioasMap(k, mapReq(plan, plan.mappings[0]!))).to.equal(0);
      expect(k.areas.m0).to.deep.equal({ ioas: 'ioas1', pages: 'Pm0', pending: null, num_accesses: 0, prevent_access: false, filled: true });
      expect(k.pages.Pm0).to.include({ type: 'file', file: 'memfd0', npinned: 3, last_npinned: 3, source_mm: 'mm0', pinnedObj: 'memfd0' });
      expect(domainHolds(k, 'Pm0'), 'held by a domain').to.equal(true);
      expect(k.users.u0!.locked_vm).to.equal(3);
      expect(k.mms.mm0!.pinned_vm).to.equal(3);
      expect(k.mms.mm0!.locked_vm).to.equal(0);
      expect(k.intended.m0).to.equal('memfd0');
      expect(k.ledger.Pm0).to.deep.equal({ pages: 3, mode: 'user', mm: 'mm0', user: 'u0', pinnedVm: true });
    });

    it('fails with -ENOMEM over RLIMIT_MEMLOCK in USER mode and leaves nothing behind (S2 incr_user_locked_vm)', () => {
      const { k, plan } = setup({ pages: 4, rlimit: 3 });
      expect(changesNothing(k, () => ioasMap(k, mapReq(plan, plan.mappings[0]!)))).to.equal('-ENOMEM');
    });

    it('fails with -ENOMEM over RLIMIT_MEMLOCK in MM mode and leaves nothing behind (S10 __account_locked_vm)', () => {
      const { k, plan } = setup({ accounting: 'mm', pages: 4, rlimit: 3 });
      expect(changesNothing(k, () => ioasMap(k, mapReq(plan, plan.mappings[0]!)))).to.equal('-ENOMEM');
    });

    it('counts earlier mappings against the limit: the second of two 4-page maps fails with rlimit 7 (S2 incr_user_locked_vm)', () => {
      const { k, plan } = setup({ memory: 'mixed', pages: 4, rlimit: 7 });
      expect(ioasMap(k, mapReq(plan, plan.mappings[0]!))).to.equal(0);
      expect(changesNothing(k, () => ioasMap(k, mapReq(plan, plan.mappings[1]!)))).to.equal('-ENOMEM');
      expect(k.users.u0!.locked_vm).to.equal(4);
    });

    it('fails with -EFAULT when a USER-VA map has no VMA at that VA in the caller mm (S2 pfn_reader_user_pin, via pinFromOrigin)', () => {
      const { k, plan } = setup({ memory: 'anon' });
      expect(plan.mappings[0]!.kind).to.equal('user');
      expect(changesNothing(k, () => ioasMap(k, mapReq(plan, plan.mappings[0]!, 'old', { origin: 'va-not-mapped' })))).to.equal('-EFAULT');
    });

    it('-EOVERFLOW when uptr + length (USER) or start + length (FILE) wraps, nothing changed (ref 2.1 check 5, iopt_alloc_user_pages check_add_overflow; ref 2.2)', () => {
      for (const memory of ['anon', 'memfd']) {
        const { k, plan } = setup({ memory, mapLength: 'overflow' });
        expect(changesNothing(k, () => ioasMap(k, mapReq(plan, plan.mappings[0]!))), memory).to.equal('-EOVERFLOW');
        expect(changesNothing(k, () => mapFileInsert(k, mapReq(plan, plan.mappings[0]!))), memory).to.equal('-EOVERFLOW');
      }
    });

    it('a length past the VMA (USER) or the memfd (FILE) fails at once with a domain: -EFAULT / -EINVAL, nothing changed (selftests basic_mmap "half way through mapping", basic_file buf_size + 1)', () => {
      for (const [memory, rc] of [['anon', '-EFAULT'], ['memfd', '-EINVAL']]) {
        const { k, plan } = setup({ memory, mapLength: 'past-vma' });
        expect(changesNothing(k, () => ioasMap(k, mapReq(plan, plan.mappings[0]!))), memory).to.equal(rc);
      }
    });

    it('lazy pinning: without a domain the same MAP returns 0, and the error surfaces at the first access pin or read (S3: "only setup a lazy reference")', () => {
      for (const [memory, rc] of [['anon', '-EFAULT'], ['memfd', '-EINVAL']]) {
        const { k, plan } = setup({ memory, mapLength: 'past-vma', device: false, mdev: true });
        expect(ioasMap(k, mapReq(plan, plan.mappings[0]!)), memory).to.equal(0);
        expect(changesNothing(k, () => accessPin(k, 'm0', null, plan.rlimit)), memory).to.deep.equal({ rc, reached: null });
        expect(accessRw(k, 'm0'), memory).to.deep.equal({ rc, reached: null });
      }
    });

    it('with no domain attached pins and charges nothing, only sets up a lazy reference (S3 iopt_map_pages comment, ref 2.1)', () => {
      const { k, plan } = setup({ memory: 'anon', device: false, pages: 2 });
      expect(ioasMap(k, mapReq(plan, plan.mappings[0]!))).to.equal(0);
      expect(k.areas.m0!.pages).to.equal('Pm0');
      expect(k.pages.Pm0).to.include({ type: 'user', uptr: 'va0', npinned: 0, last_npinned: 0, pinnedObj: null });
      expect(domainHolds(k, 'Pm0'), 'held by a domain').to.equal(false);
      expect(k.users.u0!.locked_vm).to.equal(0);
      expect(k.mms.mm0!.pinned_vm).to.equal(0);
      expect(k.ledger).to.deep.equal({});
      expect(k.intended.m0).to.equal('anon0');
    });

    it('MAP_FILE in three steps: insert leaves pages NULL, fill pins and charges, publish sets area->pages (S3 iopt_alloc_area_pages / iopt_fill_domains_pages / iopt_map_pages)', () => {
      const { k, plan } = setup({ handover: 'scm-rights', pages: 2 });
      expect(mapFileInsert(k, hotplugReq(plan))).to.equal(0);
      expect(k.areas.mh).to.deep.equal({ ioas: 'ioas1', pages: null, pending: 'Pmh', num_accesses: 0, prevent_access: false, filled: false });
      expect(k.pages.Pmh).to.include({ npinned: 0, source_mm: 'mm1' });
      expect(domainHolds(k, 'Pmh'), 'held by a domain').to.equal(false);
      expect(k.users.u0!.locked_vm).to.equal(0);
      expect(k.intended.mh).to.equal(undefined);

      expect(mapFileFill(k, hotplugReq(plan))).to.equal(0);
      expect(k.areas.mh!.pages).to.equal(null);
      expect(k.pages.Pmh).to.include({ npinned: 2, last_npinned: 2, pinnedObj: 'memfd-hotplug' });
      expect(domainHolds(k, 'Pmh'), 'held by a domain').to.equal(true);
      expect(k.users.u0!.locked_vm).to.equal(2);
      expect(k.mms.mm1!.pinned_vm).to.equal(2);

      expect(mapFilePublish(k, 'mh')).to.equal(0);
      expect(k.areas.mh).to.include({ pages: 'Pmh', pending: null });
      expect(k.intended.mh).to.equal('memfd-hotplug');
    });

    it('MAP_FILE with no domain attached: the fill step pins and charges nothing (S2 iopt_area_fill_domains returns 0 on an empty domains xarray)', () => {
      const { k, plan } = setup({ handover: 'scm-rights', device: false, pages: 2 });
      mapFileInsert(k, hotplugReq(plan));
      expect(mapFileFill(k, hotplugReq(plan))).to.equal(0);
      expect(k.pages.Pmh).to.include({ npinned: 0, pinnedObj: null });
      expect(domainHolds(k, 'Pmh'), 'held by a domain').to.equal(false);
      expect(k.users.u0!.locked_vm).to.equal(0);
      expect(k.mms.mm1!.pinned_vm).to.equal(0);
      expect(mapFilePublish(k, 'mh')).to.equal(0);
      expect(k.areas.mh!.pages).to.equal('Pmh');
    });

    it('MAP_FILE whose fill fails with -ENOMEM unwinds the inserted area: state as before the insert (S3 iopt_abort_area)', () => {
      const { k, plan } = setup({ handover: 'scm-rights', pages: 4, rlimit: 3 });
      const before = frozen(k);
      expect(mapFileInsert(k, hotplugReq(plan))).to.equal(0);
      expect(mapFileFill(k, hotplugReq(plan))).to.equal('-ENOMEM');
      expect(frozen(k)).to.deep.equal(before);
    });
  });

  describe('IOMMU_IOAS_CHANGE_PROCESS (changeProcess.ts)', () => {
    it('v6.13 and mainline: -EINVAL when a USER (non-FILE) area exists, nothing changed (S1 iommufd_ioas_change_process pass 1)', () => {
      for (const variant of ['v6.13', 'mainline']) {
        const { k, plan } = setup({ variant, memory: 'mixed' });
        expect(plan.mappings.map((m) => m.kind)).to.deep.equal(['file', 'user']);
        mapAll(k, plan);
        handOver(k, plan);
        expect(changesNothing(k, () => changeProcess(k, changeReq(plan))), variant).to.equal('-EINVAL');
      }
    });

    it('mainline: -EBUSY on a half-built area (MAP_FILE between insert and publish), nothing changed (S1, fix of B6 / S19)', () => {
      const { k, plan } = setup({ variant: 'mainline', pages: 2 });
      mapAll(k, plan);
      handOver(k, plan);
      expect(mapFileInsert(k, hotplugReq(plan))).to.equal(0);
      expect(changesNothing(k, () => changeProcess(k, changeReq(plan)))).to.equal('-EBUSY');
    });

    it("v6.13 with B6: 'oops' on a half-built area, NULL area->pages dereferenced in pass 1 (S1 iommufd_ioas_change_process, B6)", () => {
      const { k, plan } = setup({ variant: 'v6.13' });
      expect(plan.bugs.has('B6')).to.equal(true);
      mapAll(k, plan);
      handOver(k, plan);
      mapFileInsert(k, hotplugReq(plan));
      expect(changeProcess(k, changeReq(plan))).to.equal('oops');
      expect(changeProcess(k, changeReq(plan, { nullDerefBug: false }))).to.equal('-EBUSY');
    });

    it('USER mode: -ENOMEM when charging the caller fails; counters, last_npinned and source_* unchanged (S1 charge_current, ref 2.5 steps 5-6, A8)', () => {
      const { k, plan } = setup({ accounting: 'user', pages: 4, rlimit: 7 });
      mapAll(k, plan);
      handOver(k, plan);
      const view = accountingView(k);
      // user->locked_vm is 4; charging the caller another 4 would need 8 > 7
      expect(changesNothing(k, () => changeProcess(k, changeReq(plan)))).to.equal('-ENOMEM');
      expect(accountingView(k)).to.deep.equal(view);
      expect(k.pages.Pm0).to.include({ source_mm: 'mm0', last_npinned: 4, npinned: 4 });
    });

    it('MM mode: -ENOMEM when the caller mm has no room, counters, last_npinned and source_* unchanged (S10 __account_locked_vm via charge_current)', () => {
      const { k, plan } = setup({ accounting: 'mm', handover: 'scm-rights', pages: 4, rlimit: 8 });
      mapAll(k, plan);
      k.mms.mm1!.locked_vm = 5; // the new VMM has 5 pages mlock()ed of its own
      expect(changesNothing(k, () => changeProcess(k, changeReq(plan)))).to.equal('-ENOMEM');
      expect(k.mms.mm0!.locked_vm).to.equal(4);
      expect(k.pages.Pm0).to.include({ source_mm: 'mm0', last_npinned: 4 });
    });

    it('USER mode after exec: moves mm->pinned_vm exactly to the caller, user->locked_vm nets to the same, every pages gets source_mm (S1 pass 3, change_mm)', () => {
      const { k, plan } = setup({ accounting: 'user', pages: 3, rlimit: 8 });
      mapAll(k, plan);
      expect(ioasMap(k, mapReq(plan, plan.mappings[0]!, 'old', { mapping: 'm9', origin: 'memfd9', npages: 1 }))).to.equal(0);
      handOver(k, plan);
      expect(changeProcess(k, changeReq(plan))).to.equal(0);
      expect(k.users.u0!.locked_vm).to.equal(4);
      expect(k.mms.mm0!.pinned_vm).to.equal(0);
      expect(k.mms.mm1!.pinned_vm).to.equal(4);
      expect(k.mms.mm1!.locked_vm).to.equal(0);
      for (const id of ['Pm0', 'Pm9']) {
        expect(k.pages[id]!.source_mm, id).to.equal('mm1');
        expect(k.pages[id]!.last_npinned, id).to.equal(k.pages[id]!.npinned);
        expect(k.ledger[id]!.mm, id).to.equal('mm1');
      }
    });

    it("USER mode, SCM_RIGHTS to a VMM of another uid: moves user->locked_vm from the old user_struct to the caller's, and source_user with it (S1 need_charge_update: source_user != current_user(); charge_current, pass 3)", () => {
      const { k, plan } = setup({ accounting: 'user', handover: 'scm-rights', uid: 'other', pages: 3, rlimit: 8 });
      expect(Object.keys(k.users)).to.deep.equal(['u0', 'u1']);
      mapAll(k, plan);
      expect(k.users.u0!.locked_vm).to.equal(3);
      expect(changeProcess(k, changeReq(plan))).to.equal(0);
      expect(k.users.u0!.locked_vm).to.equal(0);
      expect(k.users.u1!.locked_vm).to.equal(3);
      expect(k.pages.Pm0).to.include({ source_mm: 'mm1', source_user: 'u1', last_npinned: 3 });
      expect(k.ledger.Pm0).to.include({ mm: 'mm1', user: 'u1' });
    });

    it("USER mode, another uid: -ENOMEM when the receiving user's RLIMIT_MEMLOCK has no room, nothing changed (S2 incr_user_locked_vm on the caller's user_struct)", () => {
      const { k, plan } = setup({ accounting: 'user', handover: 'scm-rights', uid: 'other', pages: 3, rlimit: 4 });
      mapAll(k, plan);
      k.users.u1!.locked_vm = 2; // the receiving user has 2 pages locked already; 2 + 3 > 4
      expect(changesNothing(k, () => changeProcess(k, changeReq(plan)))).to.equal('-ENOMEM');
      expect(k.pages.Pm0!.source_user).to.equal('u0');
    });

    it('MM mode with the old VMM alive (SCM_RIGHTS): moves mm->locked_vm and mm->pinned_vm exactly from the old mm to the caller (S1, A8)', () => {
      const { k, plan } = setup({ accounting: 'mm', handover: 'scm-rights', pages: 3 });
      mapAll(k, plan);
      expect(k.mms.mm0).to.include({ locked_vm: 3, pinned_vm: 3 });
      expect(changeProcess(k, changeReq(plan))).to.equal(0);
      expect(k.mms.mm0).to.include({ locked_vm: 0, pinned_vm: 0 });
      expect(k.mms.mm1).to.include({ locked_vm: 3, pinned_vm: 3 });
      expect(k.users.u0!.locked_vm).to.equal(0);
      expect(k.pages.Pm0).to.include({ source_mm: 'mm1', last_npinned: 3 });
    });

    it('update_unpinned: an uncharge that fails (MM mode, dead source mm, another caller) leaves last_npinned as it was; one that succeeds sets it to npinned (S2 do_update_pinned returns before last_npinned = npinned)', () => {
      const { k, plan } = setup({ accounting: 'mm', handover: 'exec', pages: 3 });
      mapAll(k, plan);
      handOver(k, plan); // exec: mm0 dies with the pages charged to it
      expect(k.mms.mm0!.alive).to.equal(false);
      const p = k.pages.Pm0!;
      k.areas.m0!.filled = false; // the last domain went away: nothing holds the pins
      unpinIfUnheld(k, 'Pm0', 'mm1', plan.rlimit);
      expect(p).to.include({ npinned: 0, last_npinned: 3 });
      expect(k.mms.mm0!.locked_vm, 'the dead mm keeps its charge').to.equal(3);
      // the same unpin by a caller whose mm is the source: the uncharge succeeds
      const alive = setup({ accounting: 'mm', handover: 'scm-rights', pages: 3 });
      mapAll(alive.k, alive.plan);
      alive.k.areas.m0!.filled = false;
      unpinIfUnheld(alive.k, 'Pm0', 'mm0', alive.plan.rlimit);
      expect(alive.k.pages.Pm0).to.include({ npinned: 0, last_npinned: 0 });
      expect(alive.k.mms.mm0!.locked_vm).to.equal(0);
    });

    it('charges a pages object shared by two areas once (S1 pass 2 zeroes last_npinned to de-duplicate, A7)', () => {
      const { k, plan } = setup({ accounting: 'mm', handover: 'scm-rights', pages: 3 });
      mapAll(k, plan);
      k.areas.m1 = { ...k.areas.m0! }; // what IOMMU_IOAS_COPY makes (ref 2.4): a second area on the same pages
      expect(changeProcess(k, changeReq(plan))).to.equal(0);
      expect(k.mms.mm1).to.include({ locked_vm: 3, pinned_vm: 3 });
      expect(k.mms.mm0).to.include({ locked_vm: 0, pinned_vm: 0 });
    });

    it('rfc-v1: rewrites uptr old VA -> new VA along with source_mm, so reads reach what the new image maps there (ref 6.2)', () => {
      const { k, plan } = setup({ variant: 'rfc-v1', pages: 2 });
      expect(plan.mappings[0]!.kind).to.equal('user');
      mapAll(k, plan);
      handOver(k, plan);
      k.mms.mm1!.vmas.nva0 = 'memfd0'; // the new image mmaps the memfd again
      expect(changeProcess(k, changeReq(plan))).to.equal(0);
      expect(k.pages.Pm0).to.include({ uptr: 'nva0', source_mm: 'mm1' });
      expect(k.mms.mm1!.pinned_vm).to.equal(2);
      expect(accessRw(k, 'm0')).to.deep.equal({ rc: 0, reached: 'memfd0' });
    });

    it('rfc-v1: -EINVAL when a USER mapping is not named in umap, nothing changed (ref 6.2, [unconfirmed] check)', () => {
      const { k, plan } = setup({ variant: 'rfc-v1' });
      mapAll(k, plan);
      handOver(k, plan);
      k.mms.mm1!.vmas.nva0 = 'memfd0';
      expect(changesNothing(k, () => changeProcess(k, changeReq(plan, { umap: [{ addrOld: 'va7', addrNew: 'nva0' }] })))).to.equal('-EINVAL');
    });

    it('MM mode after exec (old mm dead): returns -EINVAL after moving the charge, as the kernel does (ref 2.5 step 7, 3.2 update_mm_locked_vm)', () => {
      const { k, plan } = setup({ accounting: 'mm', pages: 2 });
      mapAll(k, plan);
      handOver(k, plan);
      expect(k.mms.mm0!.alive).to.equal(false);
      expect(changeProcess(k, changeReq(plan))).to.equal('-EINVAL');
      // the caller was charged (charge_current succeeded) ...
      expect(k.mms.mm1).to.include({ locked_vm: 2, pinned_vm: 2 });
      // ... the uncharge of the dead mm failed (WARN_ON, rc kept) and left it as it was ...
      expect(k.mms.mm0).to.include({ locked_vm: 2, pinned_vm: 2 });
      // ... change_mm ran unconditionally, and last_npinned stays zeroed from pass 2
      expect(k.pages.Pm0).to.include({ source_mm: 'mm1', npinned: 2, last_npinned: 0 });
    });
  });

  describe('in-kernel access and device DMA (access.ts)', () => {
    it('accessPin: -ENOENT when nothing is mapped at the IOVA (S7 iommufd_access_pin_pages, hole)', () => {
      const { k, plan } = setup();
      expect(changesNothing(k, () => accessPin(k, 'm0', null, plan.rlimit))).to.deep.equal({ rc: '-ENOENT', reached: null });
    });

    it('accessPin: -ENOENT on a half-built area (area->pages NULL, iopt_area_contig_* stop there; S7)', () => {
      const { k, plan } = setup({ handover: 'scm-rights' });
      mapFileInsert(k, hotplugReq(plan));
      mapFileFill(k, hotplugReq(plan));
      expect(changesNothing(k, () => accessPin(k, 'mh', null, plan.rlimit)).rc).to.equal('-ENOENT');
    });

    it('accessPin: -EINVAL while the area has prevent_access set by an unmap in progress (S7 iommufd_access_pin_pages)', () => {
      const { k, plan } = setup();
      mapAll(k, plan);
      k.areas.m0!.prevent_access = true; // iopt_unmap_iova_range sets it before notifying accesses
      expect(changesNothing(k, () => accessPin(k, 'm0', null, plan.rlimit)).rc).to.equal('-EINVAL');
    });

    it('accessPin: -EFAULT for a USER origin whose source_mm is dead, nothing pinned or charged (S2 pfn_reader_user_pin, ref 6.2)', () => {
      const { k, plan } = setup({ memory: 'anon', device: false });
      mapAll(k, plan);
      handOver(k, plan);
      expect(changesNothing(k, () => accessPin(k, 'm0', null, plan.rlimit))).to.deep.equal({ rc: '-EFAULT', reached: null });
    });

    it('accessPin: -ENOMEM when the charge is over the limit; the pins just taken are undone (S2 pfn_reader_user_update_pinned)', () => {
      const { k, plan } = setup({ device: false, pages: 4, rlimit: 3 });
      mapAll(k, plan);
      expect(changesNothing(k, () => accessPin(k, 'm0', null, plan.rlimit)).rc).to.equal('-ENOMEM');
    });

    it('accessPin: in MM mode a pin charges even a dead source_mm: update_mm_locked_vm skips mmget_not_zero for a pfn_reader holding folios (S2; ref 3.2 states the check without that condition)', () => {
      const { k, plan } = setup({ accounting: 'mm', device: false });
      mapAll(k, plan);
      handOver(k, plan);
      expect(accessPin(k, 'm0', null, plan.rlimit)).to.deep.equal({ rc: 0, reached: 'memfd0' });
      expect(k.mms.mm0!.locked_vm).to.equal(1);
      expect(k.pages.Pm0).to.include({ npinned: 1, last_npinned: 1, inXarray: true });
    });

    it('accessPin: without a domain pins from the origin and charges (S2 iopt_pages_fill_xarray)', () => {
      const { k, plan } = setup({ device: false, pages: 2 });
      mapAll(k, plan);
      expect(accessPin(k, 'm0', null, plan.rlimit)).to.deep.equal({ rc: 0, reached: 'memfd0' });
      expect(k.pages.Pm0).to.include({ npinned: 2, last_npinned: 2, inXarray: true, pinnedObj: 'memfd0' });
      expect(k.areas.m0!.num_accesses).to.equal(1);
      expect(k.users.u0!.locked_vm).to.equal(2);
      expect(k.mms.mm0!.pinned_vm).to.equal(2);
      expect(k.ledger.Pm0).to.include({ pages: 2, mm: 'mm0' });
    });

    it('accessPin: no new pin and no charge when the domain already holds the pages, even after exec (S2 iopt_pages_fill_xarray reads the domain)', () => {
      const { k, plan } = setup({ memory: 'anon', pages: 2 });
      mapAll(k, plan);
      handOver(k, plan); // the USER origin is unreadable now, but the domain has the pages
      const counters = accountingView(k).counters;
      expect(accessPin(k, 'm0', null, plan.rlimit)).to.deep.equal({ rc: 0, reached: 'anon0' });
      expect(accountingView(k).counters).to.deep.equal(counters);
      expect(k.pages.Pm0).to.include({ npinned: 2, inXarray: true });
      expect(domainHolds(k, 'Pm0'), 'held by a domain').to.equal(true);
      expect(k.areas.m0!.num_accesses).to.equal(1);
    });

    it('accessUnpin: -ENOENT with no area, and with an area no access holds (S7 iommufd_access_unpin_pages)', () => {
      const { k, plan } = setup();
      expect(changesNothing(k, () => accessUnpin(k, 'm0', null, plan.rlimit))).to.equal('-ENOENT');
      mapAll(k, plan);
      expect(changesNothing(k, () => accessUnpin(k, 'm0', null, plan.rlimit))).to.equal('-ENOENT');
    });

    it('accessUnpin: unpins and uncharges what no domain holds (S2 iopt_pages_unfill_xarray, update_unpinned)', () => {
      const { k, plan } = setup({ device: false, pages: 2 });
      mapAll(k, plan);
      accessPin(k, 'm0', null, plan.rlimit);
      expect(accessUnpin(k, 'm0', null, plan.rlimit)).to.equal(0);
      expect(k.pages.Pm0).to.include({ npinned: 0, last_npinned: 0, inXarray: false, pinnedObj: null });
      expect(k.areas.m0!.num_accesses).to.equal(0);
      expect(k.users.u0!.locked_vm).to.equal(0);
      expect(k.mms.mm0!.pinned_vm).to.equal(0);
      expect(k.ledger).to.deep.equal({});
    });

    it('accessUnpin: leaves pages a domain still holds pinned and charged (S2 iopt_pages_unfill_xarray)', () => {
      const { k, plan } = setup({ pages: 2 });
      mapAll(k, plan);
      accessPin(k, 'm0', null, plan.rlimit);
      expect(accessUnpin(k, 'm0', null, plan.rlimit)).to.equal(0);
      expect(k.pages.Pm0).to.include({ npinned: 2, inXarray: false });
      expect(domainHolds(k, 'Pm0'), 'held by a domain').to.equal(true);
      expect(k.users.u0!.locked_vm).to.equal(2);
    });

    it('accessUnpin: with two pins the first unpin keeps the pages (S2 iopt_area_remove_access, ref 2.8)', () => {
      const { k, plan } = setup({ device: false, pages: 2 });
      mapAll(k, plan);
      accessPin(k, 'm0', null, plan.rlimit);
      accessPin(k, 'm0', null, plan.rlimit);
      expect(accessUnpin(k, 'm0', null, plan.rlimit)).to.equal(0);
      // one access still holds the range: the kernel only unfills the xarray at its last user
      expect(k.areas.m0!.num_accesses).to.equal(1);
      expect(k.pages.Pm0).to.include({ npinned: 2, inXarray: true });
      expect(k.users.u0!.locked_vm).to.equal(2);
    });

    it('accessRw: -ENOENT with no area and on a half-built area (S7 iommufd_access_rw)', () => {
      const { k, plan } = setup({ handover: 'scm-rights' });
      expect(changesNothing(k, () => accessRw(k, 'm0'))).to.deep.equal({ rc: '-ENOENT', reached: null });
      mapFileInsert(k, hotplugReq(plan));
      expect(changesNothing(k, () => accessRw(k, 'mh')).rc).to.equal('-ENOENT');
    });

    it('accessRw: -EINVAL while prevent_access is set (S7 iommufd_access_rw)', () => {
      const { k, plan } = setup();
      mapAll(k, plan);
      k.areas.m0!.prevent_access = true;
      expect(changesNothing(k, () => accessRw(k, 'm0')).rc).to.equal('-EINVAL');
    });

    it('accessRw: reaches what source_mm maps at uptr now for USER pages (S2 iopt_pages_rw_access, copy_from_user under kthread_use_mm)', () => {
      const { k, plan } = setup({ memory: 'anon', device: false });
      mapAll(k, plan);
      expect(accessRw(k, 'm0')).to.deep.equal({ rc: 0, reached: 'anon0' });
      k.mms.mm0!.vmas.va0 = 'anon-remapped'; // the VMM maps something else at that VA
      expect(accessRw(k, 'm0')).to.deep.equal({ rc: 0, reached: 'anon-remapped' });
    });

    it('accessRw: -EFAULT on USER pages whose source_mm is dead and that nothing pins (S2 pfn_reader_user_pin after mmget_not_zero fails)', () => {
      const { k, plan } = setup({ memory: 'anon', device: false });
      mapAll(k, plan);
      handOver(k, plan);
      expect(changesNothing(k, () => accessRw(k, 'm0'))).to.deep.equal({ rc: '-EFAULT', reached: null });
    });

    it('accessRw: on USER pages of a dead mm that a domain still holds, falls back to iopt_pages_rw_slow and reads the pinned page (S2 iopt_pages_rw_access)', () => {
      const { k, plan } = setup({ memory: 'anon' });
      mapAll(k, plan);
      handOver(k, plan);
      // pages.c iopt_pages_rw_access: `if (!mmget_not_zero(pages->source_mm)) return iopt_pages_rw_slow(...)`;
      // the pfn_reader then reads the domain (span.is_used == 2) and never touches the dead mm
      expect(accessRw(k, 'm0')).to.deep.equal({ rc: 0, reached: 'anon0' });
    });

    it('accessRw: FILE pages reach the file even when source_mm is dead (S2 iopt_pages_rw_slow, 976a40c07561)', () => {
      const { k, plan } = setup({ device: false });
      mapAll(k, plan);
      handOver(k, plan);
      expect(k.mms[k.pages.Pm0!.source_mm]!.alive).to.equal(false);
      expect(changesNothing(k, () => accessRw(k, 'm0'))).to.deep.equal({ rc: 0, reached: 'memfd0' });
    });

    it('deviceDma: -EFAULT (IOMMU fault) when nothing is mapped, when the IOAS has no domain, and for an unpinned type1 dma', () => {
      const a = setup();
      expect(changesNothing(a.k, () => deviceDma(a.k, 'm0'))).to.deep.equal({ rc: '-EFAULT', reached: null });
      const b = setup({ device: false });
      mapAll(b.k, b.plan);
      expect(deviceDma(b.k, 'm0').rc).to.equal('-EFAULT');
      const c = setup({ backend: 'vfio-type1', variant: 'v6.3', device: false, mdev: true });
      mapDma(c.k, c.plan, c.plan.mappings[0]!, 'old');
      expect(deviceDma(c.k, 'm0').rc).to.equal('-EFAULT');
    });

    it('deviceDma: reaches the pinned page through the domain whatever the processes do, and through a filled half-built area', () => {
      const { k, plan } = setup({ memory: 'anon' });
      mapAll(k, plan);
      handOver(k, plan);
      expect(deviceDma(k, 'm0')).to.deep.equal({ rc: 0, reached: 'anon0' });
      mapFileInsert(k, hotplugReq(plan));
      expect(deviceDma(k, 'mh').rc).to.equal('-EFAULT');
      mapFileFill(k, hotplugReq(plan));
      expect(deviceDma(k, 'mh')).to.deep.equal({ rc: 0, reached: 'memfd-hotplug' });
    });
  });

  describe('IOMMU_IOAS_UNMAP and release (teardown.ts)', () => {
    it('ioasUnmap: -ENOENT when nothing is mapped there (S3 iopt_unmap_iova_range)', () => {
      const { k, plan } = setup();
      mapAll(k, plan);
      expect(changesNothing(k, () => ioasUnmap(k, 'm5', 'mm0', plan.rlimit))).to.equal('-ENOENT');
    });

    it('ioasUnmap: -EBUSY on a half-built area (S3 iopt_unmap_iova_range, "should not race map/unmap")', () => {
      const { k, plan } = setup({ handover: 'scm-rights' });
      mapFileInsert(k, hotplugReq(plan));
      mapFileFill(k, hotplugReq(plan));
      expect(changesNothing(k, () => ioasUnmap(k, 'mh', 'mm1', plan.rlimit))).to.equal('-EBUSY');
    });

    it('ioasUnmap: unmaps the domain before unpinning, so the pages are unpinned and uncharged and the area is gone (S2 __iopt_area_unfill_domain)', () => {
      const { k, plan } = setup({ pages: 3 });
      mapAll(k, plan);
      // were the pages unpinned while still in the domain, unpinIfUnheld would keep them: nothing uncharged
      expect(ioasUnmap(k, 'm0', 'mm0', plan.rlimit)).to.equal(0);
      expect(k.areas).to.deep.equal({});
      expect(k.pages).to.deep.equal({});
      expect(k.ledger).to.deep.equal({});
      expect(k.intended).to.deep.equal({});
      expect(k.users.u0!.locked_vm).to.equal(0);
      expect(k.mms.mm0!.pinned_vm).to.equal(0);
      expect(deviceDma(k, 'm0').rc).to.equal('-EFAULT');
    });

    it("ioasUnmap: with an access holding the area its pins are dropped too (ops->unmap) and everything is uncharged (S7 iommufd_access_notify_unmap)", () => {
      const { k, plan } = setup({ pages: 2 });
      mapAll(k, plan);
      accessPin(k, 'm0', null, plan.rlimit);
      k.mdevWork.holds = ['mdev:m0'];
      expect(ioasUnmap(k, 'm0', 'mm0', plan.rlimit)).to.equal(0);
      expect(k.mdevWork.holds).to.deep.equal([]);
      expect(k.pages).to.deep.equal({});
      expect(k.users.u0!.locked_vm).to.equal(0);
      expect(k.mms.mm0!.pinned_vm).to.equal(0);
    });

    it('ioasUnmap: drops the pins of every access on the area, and only theirs (S7 iommufd_access_notify_unmap calls each ops->unmap)', () => {
      const { k, plan } = setup({ ramBlocks: 2 });
      mapAll(k, plan);
      accessPin(k, 'm0', null, plan.rlimit);
      accessPin(k, 'm0', null, plan.rlimit);
      accessPin(k, 'm1', null, plan.rlimit);
      k.mdevWork.holds = ['mdev1:m1', 'mdev2:m0', 'mdev:m0'];
      expect(ioasUnmap(k, 'm0', 'mm0', plan.rlimit)).to.equal(0);
      expect(k.mdevWork.holds).to.deep.equal(['mdev1:m1']);
      expect(k.areas.m1!.num_accesses).to.equal(1);
    });

    it('unmapBegin (split UNMAP): -ENOENT with no area and -EBUSY on a half-built one, nothing changed (S3 iopt_unmap_iova_range)', () => {
      const { k, plan } = setup({ handover: 'scm-rights' });
      expect(changesNothing(k, () => unmapBegin(k, 'mh'))).to.equal('-ENOENT');
      mapFileInsert(k, hotplugReq(plan));
      expect(changesNothing(k, () => unmapBegin(k, 'mh'))).to.equal('-EBUSY');
    });

    it('split UNMAP: begin sets area->pages NULL (DMA still reaches the pinned page), unfill unpins and uncharges, remove drops the area (S3, S2 __iopt_area_unfill_domain)', () => {
      const { k, plan } = setup({ handover: 'scm-rights', pages: 2 });
      mapFileInsert(k, hotplugReq(plan));
      mapFileFill(k, hotplugReq(plan));
      mapFilePublish(k, 'mh');
      expect(unmapBegin(k, 'mh')).to.equal(0);
      expect(k.areas.mh).to.include({ pages: null, pending: 'Pmh' });
      expect(k.intended.mh).to.equal(undefined);
      expect(deviceDma(k, 'mh')).to.deep.equal({ rc: 0, reached: 'memfd-hotplug' });
      expect(accessPin(k, 'mh', null, plan.rlimit).rc).to.equal('-ENOENT');
      expect(unmapUnfill(k, 'mh', 'mm1', plan.rlimit)).to.equal(0);
      expect(deviceDma(k, 'mh').rc).to.equal('-EFAULT');
      expect(k.pages.Pmh).to.include({ npinned: 0 });
      expect(domainHolds(k, 'Pmh'), 'held by a domain').to.equal(false);
      expect(k.users.u0!.locked_vm).to.equal(0);
      expect(k.mms.mm1!.pinned_vm).to.equal(0);
      expect(unmapRemove(k, 'mh')).to.equal(0);
      expect(k.areas).to.deep.equal({});
      expect(k.pages).to.deep.equal({});
    });

    it('releaseCtx: every area (published, accessed or half-built) is unpinned and uncharged, the ctx closed (S6 iommufd_fops_release)', () => {
      const { k, plan } = setup({ memory: 'mixed', handover: 'scm-rights', pages: 2, rlimit: 16 });
      mapAll(k, plan);
      accessPin(k, 'm0', null, plan.rlimit);
      mapFileInsert(k, hotplugReq(plan));
      mapFileFill(k, hotplugReq(plan));
      expect(k.users.u0!.locked_vm).to.equal(6);
      releaseCtx(k, 'mm1', plan.rlimit);
      expect(k.areas).to.deep.equal({});
      expect(k.pages).to.deep.equal({});
      expect(k.ledger).to.deep.equal({});
      expect(k.intended).to.deep.equal({});
      expect(k.users.u0!.locked_vm).to.equal(0);
      expect(k.mms.mm0!.pinned_vm).to.equal(0);
      expect(k.mms.mm1!.pinned_vm).to.equal(0);
      expect(k.ctx.open).to.equal(false);
    });
  });

  describe('accounting primitives (accounting.ts)', () => {
    it('incrUserLockedVm: -ENOMEM when cur + n > rlimit, nothing changed (S2 incr_user_locked_vm)', () => {
      const { k } = setup();
      k.users.u0!.locked_vm = 6;
      expect(changesNothing(k, () => incrUserLockedVm(k, 'u0', 3, 8))).to.equal('-ENOMEM');
    });

    it('incrUserLockedVm: reaching the limit exactly is allowed (S2 incr_user_locked_vm: cur + n > limit fails)', () => {
      const { k } = setup();
      k.users.u0!.locked_vm = 6;
      expect(incrUserLockedVm(k, 'u0', 2, 8)).to.equal(0);
      expect(k.users.u0!.locked_vm).to.equal(8);
    });

    it('decrUserLockedVm: subtracts, but on underflow WARN_ONs and returns without change (S2 decr_user_locked_vm)', () => {
      const { k } = setup();
      k.users.u0!.locked_vm = 2;
      changesNothing(k, () => decrUserLockedVm(k, 'u0', 3));
      decrUserLockedVm(k, 'u0', 2);
      expect(k.users.u0!.locked_vm).to.equal(0);
    });

    it('accountLockedVm: a decrement larger than locked_vm subtracts anyway and goes below zero (S10 __account_locked_vm, WARN_ON_ONCE)', () => {
      const { k } = setup();
      k.mms.mm0!.locked_vm = 1;
      expect(accountLockedVm(k, 'mm0', 3, false, false, 8)).to.equal(0);
      expect(k.mms.mm0!.locked_vm).to.equal(-2);
    });

    it('accountLockedVm: an increment over the limit is -ENOMEM with nothing changed, unless bypass_rlim (S10 __account_locked_vm)', () => {
      const { k } = setup();
      k.mms.mm0!.locked_vm = 6;
      expect(changesNothing(k, () => accountLockedVm(k, 'mm0', 3, true, false, 8))).to.equal('-ENOMEM');
      expect(accountLockedVm(k, 'mm0', 2, true, false, 8)).to.equal(0);
      expect(accountLockedVm(k, 'mm0', 3, true, true, 8)).to.equal(0);
      expect(k.mms.mm0!.locked_vm).to.equal(11);
    });

    it('iommufdUpdatePinned: MM mode on a dead remote mm is -EINVAL both ways with no change at all (S2 update_mm_locked_vm)', () => {
      const { k, plan } = setup();
      handOver(k, plan);
      k.mms.mm0!.locked_vm = 2;
      k.mms.mm0!.pinned_vm = 2;
      const p = pagesOf({ account_mode: 'mm', source_mm: 'mm0', npinned: 2, last_npinned: 2 });
      const before = clone(p);
      expect(changesNothing(k, () => iommufdUpdatePinned(k, p, 2, false, 'mm1', 8))).to.equal('-EINVAL');
      expect(changesNothing(k, () => iommufdUpdatePinned(k, p, 2, true, null, 8))).to.equal('-EINVAL');
      expect(p).to.deep.equal(before);
    });

    it('iommufdUpdatePinned: MM mode charges a live remote mm and sets last_npinned (S2 iopt_pages_update_pinned)', () => {
      const { k } = setup();
      const p = pagesOf({ account_mode: 'mm', source_mm: 'mm0', npinned: 2, last_npinned: 0 });
      expect(iommufdUpdatePinned(k, p, 2, true, null, 8)).to.equal(0);
      expect(k.mms.mm0).to.include({ locked_vm: 2, pinned_vm: 2 });
      expect(p.last_npinned).to.equal(2);
    });

    it('iommufdUpdatePinned: NONE mode charges no locked_vm but still moves pinned_vm (S2, ref 3.2)', () => {
      const { k } = setup();
      const p = pagesOf({ account_mode: 'none', npinned: 2, last_npinned: 0 });
      expect(iommufdUpdatePinned(k, p, 2, true, 'mm0', 0)).to.equal(0);
      expect(k.mms.mm0).to.include({ locked_vm: 0, pinned_vm: 2 });
      expect(k.users.u0!.locked_vm).to.equal(0);
      expect(p.last_npinned).to.equal(2);
      p.npinned = 0;
      expect(iommufdUpdatePinned(k, p, 2, false, 'mm0', 0)).to.equal(0);
      expect(k.mms.mm0!.pinned_vm).to.equal(0);
      expect(p.last_npinned).to.equal(0);
    });

    it('iommufdUpdatePinned: USER mode over the limit is -ENOMEM with pinned_vm and last_npinned untouched (S2 iopt_pages_update_pinned)', () => {
      const { k } = setup();
      const p = pagesOf({ account_mode: 'user', npinned: 2, last_npinned: 0 });
      expect(changesNothing(k, () => iommufdUpdatePinned(k, p, 2, true, 'mm0', 1))).to.equal('-ENOMEM');
      expect(p.last_npinned).to.equal(0);
      expect(iommufdUpdatePinned(k, p, 2, true, 'mm0', 2)).to.equal(0);
      expect(k.users.u0!.locked_vm).to.equal(2);
      expect(k.mms.mm0!.pinned_vm).to.equal(2);
    });
  });

  describe('vfio type1 (type1.ts)', () => {
    const v63 = { backend: 'vfio-type1', variant: 'v6.3' } as const;
    const v512 = { backend: 'vfio-type1', variant: 'v5.12' } as const;

    it('mapDma: with a domain pins now and charges the current mm (S9 vfio_dma_do_map, vfio_pin_pages_remote)', () => {
      const { k, plan } = setup({ ...v63, pages: 3 });
      expect(mapDma(k, plan, plan.mappings[0]!, 'old')).to.equal(0);
      expect(k.container.dmas.m0).to.deep.equal({ vaddr: 'va0', vaddrMm: 'mm0', vaddr_invalid: false, mm: 'mm0', task: 'T0', locked_vm: 3, npinned: 3, pinnedObj: 'memfd0', external: false });
      expect(k.mms.mm0).to.include({ locked_vm: 3, pinned_vm: 0 });
      expect(k.ledger.m0).to.deep.equal({ pages: 3, mode: 'mm', mm: 'mm0', user: 'u0', pinnedVm: false });
      expect(deviceDma(k, 'm0')).to.deep.equal({ rc: 0, reached: 'memfd0' });
    });

    it('mapDma: -ENOMEM when locked_vm + npages > RLIMIT_MEMLOCK, counting earlier maps; nothing recorded (S9 vfio_pin_pages_remote)', () => {
      const { k, plan } = setup({ ...v63, memory: 'mixed', pages: 4, rlimit: 7 });
      expect(mapDma(k, plan, plan.mappings[0]!, 'old')).to.equal(0);
      expect(changesNothing(k, () => mapDma(k, plan, plan.mappings[1]!, 'old'))).to.equal('-ENOMEM');
      expect(k.container.dmas.m1).to.equal(undefined);
    });

    it('mapDma: with only an mdev (no domain) pins and charges nothing (S9 vfio_dma_do_map)', () => {
      const { k, plan } = setup({ ...v63, device: false, mdev: true, pages: 2, rlimit: 0 });
      expect(mapDma(k, plan, plan.mappings[0]!, 'old')).to.equal(0);
      expect(k.container.dmas.m0).to.include({ npinned: 0, locked_vm: 0, pinnedObj: null, mm: 'mm0' });
      expect(k.mms.mm0!.locked_vm).to.equal(0);
      expect(k.ledger).to.deep.equal({});
      expect(k.intended.m0).to.equal('memfd0');
    });

    it('unmapVaddr: -EBUSY with an mdev in the container post-fix, nothing marked (S9 vfio_dma_do_unmap, ef3a3f6a294b)', () => {
      const { k, plan } = setup({ ...v63, mdev: true });
      mapDma(k, plan, plan.mappings[0]!, 'old');
      expect(changesNothing(k, () => unmapVaddr(k, plan))).to.equal('-EBUSY');
    });

    it('unmapVaddr: with B3 (v5.12) an mdev does not stop it: every dma is marked invalid, nothing unpinned (S9, B3)', () => {
      const { k, plan } = setup({ ...v512, memory: 'mixed', mdev: true, pages: 2 });
      for (const m of plan.mappings) mapDma(k, plan, m, 'old');
      expect(unmapVaddr(k, plan)).to.equal(0);
      expect(k.container.vaddr_invalid_count).to.equal(2);
      for (const id of ['m0', 'm1']) expect(k.container.dmas[id], id).to.include({ vaddr_invalid: true, npinned: 2 });
      expect(k.mms.mm0!.locked_vm).to.equal(4);
    });

    it('unmapVaddr: -EINVAL when a covered dma is already invalid, with no partial marks left (S9 vfio_dma_do_unmap unwind)', () => {
      const { k, plan } = setup({ ...v63, memory: 'mixed' });
      for (const m of plan.mappings) mapDma(k, plan, m, 'old');
      // as an earlier VADDR unmap of m1's range alone leaves it
      k.container.dmas.m1!.vaddr_invalid = true;
      k.container.vaddr_invalid_count = 1;
      expect(changesNothing(k, () => unmapVaddr(k, plan))).to.equal('-EINVAL');
      expect(k.container.dmas.m0!.vaddr_invalid).to.equal(false);
    });

    it('mapVaddr: -ENOENT when no dma is mapped there (S9 vfio_dma_do_map set_vaddr)', () => {
      const { k, plan } = setup({ ...v63, handover: 'scm-rights' });
      expect(changesNothing(k, () => mapVaddr(k, plan, plan.mappings[0]!, 'new'))).to.equal('-ENOENT');
    });

    it('mapVaddr: -EINVAL when the dma vaddr is still valid (S9 vfio_dma_do_map set_vaddr)', () => {
      const { k, plan } = setup({ ...v63, handover: 'scm-rights' });
      mapDma(k, plan, plan.mappings[0]!, 'old');
      expect(changesNothing(k, () => mapVaddr(k, plan, plan.mappings[0]!, 'new'))).to.equal('-EINVAL');
    });

    it("mapVaddr: -ENOMEM when the new mm's RLIMIT_MEMLOCK has no room: the dma stays invalid and nothing moves (S9 vfio_change_dma_owner)", () => {
      const { k, plan } = setup({ ...v63, handover: 'scm-rights', pages: 4, rlimit: 8 });
      mapDma(k, plan, plan.mappings[0]!, 'old');
      unmapVaddr(k, plan);
      k.mms.mm1!.locked_vm = 5; // the new VMM has 5 pages locked already; 5 + 4 > 8
      expect(changesNothing(k, () => mapVaddr(k, plan, plan.mappings[0]!, 'new'))).to.equal('-ENOMEM');
      expect(k.container.dmas.m0).to.include({ vaddr_invalid: true, mm: 'mm0', vaddr: 'va0' });
      expect(k.container.vaddr_invalid_count).to.equal(1);
      expect(k.mms.mm0!.locked_vm).to.equal(4);
    });

    it('mapVaddr: moves dma->locked_vm from the old mm to the caller and switches mm and task (S9 vfio_change_dma_owner, 90fdd158a695, A9)', () => {
      const { k, plan } = setup({ ...v63, handover: 'scm-rights', pages: 3 });
      mapDma(k, plan, plan.mappings[0]!, 'old');
      unmapVaddr(k, plan);
      expect(mapVaddr(k, plan, plan.mappings[0]!, 'new')).to.equal(0);
      expect(k.mms.mm0!.locked_vm).to.equal(0);
      expect(k.mms.mm1!.locked_vm).to.equal(3);
      expect(k.container.dmas.m0).to.include({ mm: 'mm1', task: 'T1', vaddr: 'nva0', vaddrMm: 'mm1', vaddr_invalid: false, locked_vm: 3 });
      expect(k.container.vaddr_invalid_count).to.equal(0);
      expect(k.ledger.m0!.mm).to.equal('mm1');
    });

    it('mapVaddr after exec: charges the new mm and leaves the dead old mm alone (S9 vfio_change_dma_owner: mmget_not_zero fails)', () => {
      const { k, plan } = setup({ ...v63, pages: 3 });
      mapDma(k, plan, plan.mappings[0]!, 'old');
      unmapVaddr(k, plan);
      handOver(k, plan);
      expect(mapVaddr(k, plan, plan.mappings[0]!, 'new')).to.equal(0);
      expect(k.mms.mm1!.locked_vm).to.equal(3);
      expect(k.mms.mm0!.locked_vm).to.equal(3);
      expect(k.container.dmas.m0).to.include({ mm: 'mm1', task: 'T0' });
    });

    it('mapVaddr with B2: only the vaddr is updated, no locked_vm moves and the dma keeps its old mm (B2)', () => {
      const { k, plan } = setup({ ...v512, bugs: ['B2'], handover: 'scm-rights', pages: 3 });
      mapDma(k, plan, plan.mappings[0]!, 'old');
      unmapVaddr(k, plan);
      expect(mapVaddr(k, plan, plan.mappings[0]!, 'new')).to.equal(0);
      expect(k.mms.mm0!.locked_vm).to.equal(3);
      expect(k.mms.mm1!.locked_vm).to.equal(0);
      expect(k.container.dmas.m0).to.include({ mm: 'mm0', task: 'T0', vaddr: 'nva0', vaddr_invalid: false });
    });

    it('unmapDma: -ENOENT when no dma is mapped there (S9 vfio_dma_do_unmap)', () => {
      const { k, plan } = setup(v63);
      mapDma(k, plan, plan.mappings[0]!, 'old');
      expect(changesNothing(k, () => unmapDma(k, plan, 'm3'))).to.equal('-ENOENT');
    });

    it('unmapDma: unpins and uncharges dma->mm; an invalid dma may be unmapped and decrements vaddr_invalid_count (S9 vfio_remove_dma)', () => {
      const { k, plan } = setup({ ...v63, pages: 3 });
      mapDma(k, plan, plan.mappings[0]!, 'old');
      unmapVaddr(k, plan);
      expect(unmapDma(k, plan, 'm0')).to.equal(0);
      expect(k.mms.mm0!.locked_vm).to.equal(0);
      expect(k.container.vaddr_invalid_count).to.equal(0);
      expect(k.container.dmas).to.deep.equal({});
      expect(k.ledger).to.deep.equal({});
    });

    it('unmapDma before v6.0 (v5.12): a caller other than the mapper (SCM_RIGHTS, fork + exec) is stopped silently, 0 and nothing unmapped; the mapper, an exec in place and v6.3 unmap (S16 "vfio: remove useless judgement")', () => {
      for (const handover of ['scm-rights', 'fork-exec'] as const) {
        const { k, plan } = setup({ ...v512, bugs: 'none', handover, pages: 2 });
        mapDma(k, plan, plan.mappings[0]!, 'old');
        handOver(k, plan);
        expect(changesNothing(k, () => unmapDma(k, plan, 'm0', 'new')), handover).to.equal(0);
        expect(Object.keys(k.container.dmas), handover).to.deep.equal(['m0']);
        expect(unmapDma(k, plan, 'm0', 'old'), `${handover}: the mapper`).to.equal(0);
        expect(k.container.dmas, handover).to.deep.equal({});
      }
      const exec = setup({ ...v512, bugs: 'none', handover: 'exec', pages: 2 });
      mapDma(exec.k, exec.plan, exec.plan.mappings[0]!, 'old');
      handOver(exec.k, exec.plan); // the same task, now with the new mm: dma->task->mm is the caller's
      expect(unmapDma(exec.k, exec.plan, 'm0', 'new')).to.equal(0);
      expect(exec.k.container.dmas).to.deep.equal({});
      const fixed = setup({ ...v63, handover: 'scm-rights', pages: 2 });
      mapDma(fixed.k, fixed.plan, fixed.plan.mappings[0]!, 'old');
      handOver(fixed.k, fixed.plan);
      expect(unmapDma(fixed.k, fixed.plan, 'm0', 'new')).to.equal(0);
      expect(fixed.k.container.dmas).to.deep.equal({});
    });

    it('unmapDma with B1 after exec: the uncharge hits the new mm and drives its locked_vm below zero (S9 vfio_lock_acct via get_task_mm, B1)', () => {
      const { k, plan } = setup({ ...v512, bugs: ['B1'], pages: 3 });
      mapDma(k, plan, plan.mappings[0]!, 'old');
      handOver(k, plan);
      expect(unmapDma(k, plan, 'm0')).to.equal(0);
      expect(k.mms.mm1!.locked_vm).to.equal(-3);
      expect(k.mms.mm0!.locked_vm).to.equal(3);
    });

    it('unmapDma post-fix after exec: the dead dma->mm is skipped, the new mm untouched (S9 vfio_lock_acct, 046eca5018f8)', () => {
      const { k, plan } = setup({ ...v63, pages: 3 });
      mapDma(k, plan, plan.mappings[0]!, 'old');
      handOver(k, plan);
      expect(unmapDma(k, plan, 'm0')).to.equal(0);
      expect(k.mms.mm1!.locked_vm).to.equal(0);
      expect(k.mms.mm0!.locked_vm).to.equal(3);
      expect(k.container.dmas).to.deep.equal({});
    });

    it('mdevAccess: -ENOENT when no dma is mapped there (S9 vfio_iommu_type1_pin_pages)', () => {
      const { k, plan } = setup({ ...v63, mdev: true });
      expect(changesNothing(k, () => mdevAccess(k, plan, 'm0'))).to.deep.equal({ rc: '-ENOENT', reached: null });
    });

    it('mdevAccess: -EBUSY while a vaddr is invalid post-fix (S9 vfio_iommu_type1_pin_pages WARN_ONCE)', () => {
      const { k, plan } = setup(v63);
      mapDma(k, plan, plan.mappings[0]!, 'old');
      unmapVaddr(k, plan);
      expect(changesNothing(k, () => mdevAccess(k, plan, 'm0'))).to.deep.equal({ rc: '-EBUSY', reached: null });
    });

    it("mdevAccess: 'blocked' in vfio_wait while a vaddr is invalid with B3 (S13 vfio_wait, B3)", () => {
      const { k, plan } = setup({ ...v512, bugs: ['B3'], mdev: true });
      mapDma(k, plan, plan.mappings[0]!, 'old');
      expect(unmapVaddr(k, plan)).to.equal(0);
      expect(changesNothing(k, () => mdevAccess(k, plan, 'm0'))).to.deep.equal({ rc: 'blocked', reached: null });
    });

    describe('v5.12 wake_up_all(&iommu->vaddr_wait) (kernel-reference.md 2.10, the revert diff in S13)', () => {
      /** v5.12 with B3 and an mdev, two RAM blocks mapped, both vaddrs invalidated, the mdev work asleep in vfio_wait on m0. */
      function asleep() {
        const { k, plan } = setup({ ...v512, bugs: ['B3'], mdev: true, ramBlocks: 2, handover: 'scm-rights' });
        for (const m of plan.mappings) expect(mapDma(k, plan, m, 'old')).to.equal(0);
        expect(unmapVaddr(k, plan)).to.equal(0);
        expect(mdevAccess(k, plan, 'm0', 'pin').rc).to.equal('blocked');
        k.mdevWork.state = 'blocked';
        return { k, plan };
      }

      it('vfio_remove_dma of an invalid dma wakes the mdev work: its dma gone, the call fails -EINVAL (vfio_find_dma_valid)', () => {
        const { k, plan } = asleep();
        expect(unmapDma(k, plan, 'm0')).to.equal(0);
        expect(k.mdevWork.state).to.equal('idle');
        expect(k.ret.mdev).to.equal('woken in vfio_wait (m0) = -EINVAL');
      });

      it('unmapping another invalid dma wakes it too, and it sleeps again while its own dma is invalid', () => {
        const { k, plan } = asleep();
        expect(unmapDma(k, plan, 'm1')).to.equal(0);
        expect(k.mdevWork.state).to.equal('blocked');
      });

      it('MAP_FLAG_VADDR of its own dma lets it go on while another dma is still invalid (it waits on its dma, not on the count)', () => {
        const { k, plan } = asleep();
        expect(mapVaddr(k, plan, plan.mappings[0]!, 'new')).to.equal(0);
        expect(k.container.vaddr_invalid_count).to.equal(1);
        wakeVaddrWaiters(k, plan);
        expect(k.mdevWork.state).to.equal('idle');
      });

      it('the container close (notify callback: container_open = false) wakes it with -EFAULT (vfio_wait)', () => {
        const { k, plan } = asleep();
        releaseContainer(k, plan);
        expect(k.mdevWork.state).to.equal('idle');
        expect(k.ret.mdev).to.equal('woken in vfio_wait (m0) = -EFAULT');
        expect(k.container.dmas).to.deep.equal({});
      });
    });

    it('mdevAccess: a pin gets -ENODEV post-fix when dma->mm is dead (S9 vfio_pin_page_external, mmget_not_zero)', () => {
      const { k, plan } = setup({ ...v63, mdev: true, device: false });
      mapDma(k, plan, plan.mappings[0]!, 'old');
      handOver(k, plan);
      expect(changesNothing(k, () => mdevAccess(k, plan, 'm0', 'pin'))).to.deep.equal({ rc: '-ENODEV', reached: null });
    });

    it('mdevAccess: a read or write gets -EPERM post-fix when dma->mm is dead (S9 vfio_iommu_type1_dma_rw_chunk: mmget_not_zero fails -> -EPERM)', () => {
      const { k, plan } = setup({ ...v63, mdev: true, device: false });
      mapDma(k, plan, plan.mappings[0]!, 'old');
      handOver(k, plan);
      expect(changesNothing(k, () => mdevAccess(k, plan, 'm0', 'rw'))).to.deep.equal({ rc: '-EPERM', reached: null });
    });

    it('mdevAccess: -EFAULT when nothing is mapped at dma->vaddr in dma->mm (S9 vaddr_get_pfns)', () => {
      const { k, plan } = setup({ ...v63, mdev: true, device: false });
      mapDma(k, plan, plan.mappings[0]!, 'old');
      delete k.mms.mm0!.vmas.va0; // the VMM munmap()s guest RAM
      expect(changesNothing(k, () => mdevAccess(k, plan, 'm0'))).to.deep.equal({ rc: '-EFAULT', reached: null });
    });

    it('mdevAccess: reaches the object at dma->vaddr in dma->mm (S9 vfio_pin_page_external)', () => {
      const { k, plan } = setup({ ...v63, mdev: true, device: false });
      mapDma(k, plan, plan.mappings[0]!, 'old');
      expect(mdevAccess(k, plan, 'm0')).to.deep.equal({ rc: 0, reached: 'memfd0' });
    });

    it('mdevAccess with B1 after exec: translates the old vaddr in the task current (new) mm (S13 get_task_mm(dma->task), B1)', () => {
      const { k, plan } = setup({ ...v512, bugs: ['B1'], mdev: true, device: false });
      mapDma(k, plan, plan.mappings[0]!, 'old');
      handOver(k, plan);
      expect(mdevAccess(k, plan, 'm0')).to.deep.equal({ rc: '-EFAULT', reached: null });
      k.mms.mm1!.vmas.va0 = 'something-else';
      expect(mdevAccess(k, plan, 'm0')).to.deep.equal({ rc: 0, reached: 'something-else' });
    });
  });
});
