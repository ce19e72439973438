// The kernel's own iommufd selftests, step by step on the model's kernel entries: each step the
// model can express is run and its errno and counters compared with what the selftest asserts;
// each step it cannot express is listed by name as a pending test, with the reason.
//
// Source: tools/testing/selftests/iommu/iommufd.c and iommufd_utils.h, read at
// jgunthorpe/linux 7815c190f793a4afc976c97010103c5356143fb3 (the newest copy with
// TEST_F(change_process, basic); cross-checked against raspberrypi/linux 46d03bd22fb5). Roles:
// the selftest's process that maps is the model's old VMM (mm0); the process it forks, or the
// one left holding the fd, is the new VMM (mm1). `buffer` is MAP_SHARED anonymous memory (a USER
// mapping, object anon0); `mfd` is a memfd (a FILE mapping). The model pins a mapping as a
// whole, so VmPin/VmLck "one page" is one page of the model, and check_refs(..., 1) is
// npinned == npages.
import { expect } from 'chai';
import { accessPin, accessRw, accessUnpin } from '../../machines/access.ts';
import { changeProcess } from '../../machines/changeProcess.ts';
import { attachDomain, detachDomain } from '../../machines/domains.ts';
import { copyFill, copyInsert, copyPublish } from '../../machines/ioasCopy.ts';
import { moveBegin, moveFinish, moveUnmap } from '../../machines/accessChangeIoas.ts';
import { domainHolds, ioasMap } from '../../machines/iommufd.ts';
import type { KernelState } from '../../machines/kernelState.ts';
import { handOver, oldExits } from '../../machines/lifecycle.ts';
import type { Plan } from '../../machines/plan.ts';
import { ioasUnmap, releaseCtx } from '../../machines/teardown.ts';
import { changeReq, changesNothing, copyMapping, mapReq, setup } from './kernelSetup.ts';

/** A selftest step the model cannot express: shown as pending, with the reason, never dropped. */
function cannotExpress(selftest: string, step: string, reason: string): void {
  it(`${selftest}: cannot express ${step} (${reason})`);
}

/** IOMMU_IOAS_MAP of `buffer` (USER) or IOMMU_IOAS_MAP_FILE of `mfd` (FILE) by `caller`, one page. */
function mapBuffer(k: KernelState, plan: Plan, kind: 'user' | 'file', caller = 'old', mapping = kind === 'user' ? 'm0' : 'mf') {
  const m = plan.mappings[0]!;
  return ioasMap(k, mapReq(plan, m, caller, { mapping, kind, origin: kind === 'user' ? m.oldVa : 'mfd', npages: 1 }));
}

/** /proc/<pid>/status as the selftest reads it: VmPin and VmLck of a process, in model pages. */
function status(k: KernelState, mm: string) {
  return { VmPin: k.mms[mm]!.pinned_vm, VmLck: k.mms[mm]!.locked_vm };
}

describe('kernel selftests, translated (tools/testing/selftests/iommu/iommufd.c)', () => {
  describe('TEST_F(change_process, basic)', () => {
    // account_none issues no IOMMU_OPTION and runs with CAP_IPC_LOCK dropped, so the fd's
    // default USER mode applies: the model's accounting=user, not accounting=none.
    for (const [variant, accounting] of [['account_user', 'user'], ['account_mm', 'mm'], ['account_none', 'user']] as const) {
      it(`[${variant}] agrees on every step: EINVAL with a USER map, 0 in the owner, 0 in the forked child, VmPin (and VmLck in MM mode) moved parent -> child, 0 pins after close`, () => {
        // fixture: mock domain attached before any map (test_cmd_mock_domain); buffer is anonymous
        const { k, plan } = setup({ memory: 'anon', handover: 'fork-exec', accounting, device: true, rlimit: 64 });
        expect(mapBuffer(k, plan, 'user'), '1. test_ioctl_ioas_map(buffer, PAGE_SIZE)').to.equal(0);
        expect(changesNothing(k, () => changeProcess(k, changeReq(plan, { caller: 'old', user: 'u0' }))), '2. EXPECT_ERRNO(EINVAL, CHANGE_PROCESS): "Expect failure if non-file maps exist"').to.equal('-EINVAL');
        expect(ioasUnmap(k, 'm0', 'mm0', plan.rlimit), '3. test_ioctl_ioas_unmap').to.equal(0);
        expect(mapBuffer(k, plan, 'file'), '4. test_ioctl_ioas_map_file(mfd, 0, PAGE_SIZE)').to.equal(0);
        const before = structuredClone(k);
        expect(changeProcess(k, changeReq(plan, { caller: 'old', user: 'u0' })), '5. CHANGE_PROCESS "works in current process"').to.equal(0);
        expect(status(k, 'mm0'), '5. ... and moves nothing').to.deep.equal(status(before, 'mm0'));
        handOver(k, plan); // 6. fork(): the child shares the fd, with an mm of its own
        expect(status(k, 'mm0').VmPin, 'C1. VmPin(parent) == one page').to.equal(1);
        if (variant === 'account_mm') expect(status(k, 'mm0').VmLck, 'C2. VmLck(parent) == one page').to.equal(1);
        expect(status(k, 'mm1'), 'C3. VmPin(child) == VmLck(child) == 0').to.deep.equal({ VmPin: 0, VmLck: 0 });
        expect(changeProcess(k, changeReq(plan)), 'C4. CHANGE_PROCESS from the child').to.equal(0);
        expect(status(k, 'mm0'), 'C5. VmPin(parent) == VmLck(parent) == 0').to.deep.equal({ VmPin: 0, VmLck: 0 });
        expect(status(k, 'mm1').VmPin, 'C6. VmPin(child) == one page').to.equal(1);
        if (variant === 'account_mm') expect(status(k, 'mm1').VmLck, 'C6. VmLck(child) == one page').to.equal(1);
        releaseCtx(k, 'mm1', plan.rlimit); // teardown: close(fd)
        expect(Object.keys(k.pages), 'teardown: check_refs(buffer, ..., 0)').to.deep.equal([]);
      });
    }
    // Beyond the selftest: with CAP_IPC_LOCK (account mode NONE), which it never runs, the model
    // finds pinned_vm left on the old mm (the verdict table's accounting=none row).
    it('[beyond the selftest: account mode NONE] CHANGE_PROCESS returns 0 but VmPin stays on the parent (need_charge_update is false in NONE mode)', () => {
      const { k, plan } = setup({ memory: 'memfd', handover: 'fork-exec', accounting: 'none', device: true });
      expect(mapBuffer(k, plan, 'file')).to.equal(0);
      handOver(k, plan);
      expect(changeProcess(k, changeReq(plan))).to.equal(0);
      expect(status(k, 'mm0').VmPin).to.equal(1);
      expect(status(k, 'mm1').VmPin).to.equal(0);
    });
  });

  describe('TEST_F(iommufd_ioas, fork_gone) and fork_present', () => {
    // The forked child maps buffer (its mm is the source) and exits (gone) or waits (present);
    // the parent, left holding the fd, attaches a domain and reads through an access.
    function childMapped(device: boolean, childExits: boolean) {
      const { k, plan } = setup({ memory: 'anon', handover: 'scm-rights', device });
      expect(mapBuffer(k, plan, 'user'), 'child: test_ioctl_ioas_map_fixed(buffer, BUFFER_SIZE)').to.equal(0);
      handOver(k, plan);
      if (childExits) oldExits(k, plan);
      return { k, plan };
    }
    it('[fork_gone, no_domain] the first domain attach fails with EFAULT and changes nothing ("we need to actually pin pages which can\'t happen since the fork is gone")', () => {
      const { k, plan } = childMapped(false, true);
      expect(changesNothing(k, () => attachDomain(k, 'mm1', plan.rlimit)).rc, 'test_err_mock_domain(EFAULT, ...)').to.equal('-EFAULT');
    });
    it('[fork_gone, mock_domain] the pages were pinned within the fork, so access RW still reads them after the child is gone', () => {
      const { k } = childMapped(true, true);
      expect(accessRw(k, 'm0'), 'check_access_rw(access_id, MOCK_APERTURE_START, 0)').to.deep.equal({ rc: 0, reached: 'anon0' });
    });
    it('[fork_gone, mock_domain] a second domain attached after the child is gone returns 0: "everything was pinned within the fork, so this copies from one domain to another"; no new pin', () => {
      const { k, plan } = childMapped(true, true);
      expect(attachDomain(k, 'mm1', plan.rlimit).rc, 'test_cmd_mock_domain').to.equal(0);
      expect(k.ctx.domains).to.equal(2);
      expect(k.pages.Pm0!.npinned).to.equal(1);
      expect(accessRw(k, 'm0'), 'check_access_rw').to.deep.equal({ rc: 0, reached: 'anon0' });
    });
    for (const device of [false, true]) {
      it(`[fork_present, ${device ? 'mock_domain' : 'no_domain'}] ${device ? 'access RW' : 'a domain attach pins from the live child ("Read pages from the remote process") and access RW'} succeed${device ? 's' : ''}`, () => {
        const { k, plan } = childMapped(device, false);
        if (!device) expect(attachDomain(k, 'mm1', plan.rlimit).rc, 'test_cmd_mock_domain').to.equal(0);
        expect(accessRw(k, 'm0'), 'check_access_rw').to.deep.equal({ rc: 0, reached: 'anon0' });
      });
    }
    it('[fork_present, mock_domain] a second domain attached while the child is alive returns 0, and access RW succeeds', () => {
      const { k, plan } = childMapped(true, false);
      expect(attachDomain(k, 'mm1', plan.rlimit).rc, 'test_cmd_mock_domain').to.equal(0);
      expect(accessRw(k, 'm0'), 'check_access_rw').to.deep.equal({ rc: 0, reached: 'anon0' });
    });
  });

  describe('access tests: access_pin, access_pin_unmap, access_domain_destory', () => {
    it('[access_pin, no_domain] pin and unpin; two users of one range; a domain added and removed while pinned, the pin surviving it; unmap: each 0, the range pinned exactly once throughout', () => {
      const { k, plan } = setup({ memory: 'anon', device: false, mdev: true, accesses: 2, pages: 4 });
      expect(mapBuffer(k, plan, 'user'), 'test_ioctl_ioas_map_fixed').to.equal(0);
      const p = () => k.pages.Pm0!;
      expect(accessPin(k, 'm0', null, plan.rlimit).rc, 'ACCESS_PAGES').to.equal(0);
      expect(p().npinned).to.equal(1);
      expect(accessUnpin(k, 'm0', null, plan.rlimit), 'destroy_access_pages').to.equal(0);
      expect(p().npinned).to.equal(0);
      // "Double user": two pins of the same range, released one by one
      expect(accessPin(k, 'm0', null, plan.rlimit).rc).to.equal(0);
      expect(accessPin(k, 'm0', null, plan.rlimit).rc).to.equal(0);
      expect([p().npinned, k.areas.m0!.num_accesses]).to.deep.equal([1, 2]);
      expect(accessUnpin(k, 'm0', null, plan.rlimit)).to.equal(0);
      expect(p().npinned, 'the second user still holds it').to.equal(1);
      expect(accessUnpin(k, 'm0', null, plan.rlimit)).to.equal(0);
      expect(p().npinned).to.equal(0);
      // "Add/remove a domain with a user"
      expect(accessPin(k, 'm0', null, plan.rlimit).rc).to.equal(0);
      expect(attachDomain(k, 'mm0', plan.rlimit).rc, 'test_cmd_mock_domain while pinned').to.equal(0);
      expect(p(), 'MD_CHECK_MAP: the new domain maps the pinned pages, pinned once').to.include({ inXarray: true, npinned: 1 });
      expect(domainHolds(k, 'Pm0')).to.equal(true);
      expect(detachDomain(k, 'mm0', plan.rlimit), 'test_ioctl_destroy(mock_stdev) while pinned').to.equal(0);
      expect(p().npinned, 'the pin survives the domain').to.equal(1);
      expect(accessUnpin(k, 'm0', null, plan.rlimit)).to.equal(0);
      expect(ioasUnmap(k, 'm0', 'mm0', plan.rlimit), 'test_ioctl_ioas_unmap').to.equal(0);
      expect(k.users.u0!.locked_vm, 'nothing left charged').to.equal(0);
    });
    cannotExpress('access_pin', 'one access pinning the same range twice ("double user" by a single access: the model gives each access at most one pin per range; two accesses stand in)', 'an access holds one pin of its block');
    it('[access_pin, mock_domain] a second domain added while pinned and destroyed again returns 0 each time; the range stays pinned once, by the first domain and the access', () => {
      const { k, plan } = setup({ memory: 'anon', device: true, mdev: true });
      expect(mapBuffer(k, plan, 'user')).to.equal(0);
      expect(accessPin(k, 'm0', null, plan.rlimit).rc, 'ACCESS_PAGES').to.equal(0);
      expect(attachDomain(k, 'mm0', plan.rlimit).rc, 'test_cmd_mock_domain').to.equal(0);
      expect(k.pages.Pm0!.npinned, 'MD_CHECK_MAP: mapped, pinned once').to.equal(1);
      expect(detachDomain(k, 'mm0', plan.rlimit), 'test_ioctl_destroy(mock_stdev)').to.equal(0);
      expect(k.ctx.domains).to.equal(1);
      expect(k.pages.Pm0!.npinned).to.equal(1);
      expect(accessUnpin(k, 'm0', null, plan.rlimit)).to.equal(0);
      expect(k.pages.Pm0!.npinned, 'the first domain still holds it').to.equal(1);
    });
    it('[access_pin_unmap] IOAS_UNMAP of a pinned range returns 0, and destroying the pin afterwards gives ENOENT ("kernel removed the item for us")', () => {
      const { k, plan } = setup({ memory: 'anon', device: true, mdev: true });
      expect(mapBuffer(k, plan, 'user')).to.equal(0);
      expect(accessPin(k, 'm0', null, plan.rlimit).rc).to.equal(0);
      k.mdevWork.holds = ['mdev:m0'];
      expect(ioasUnmap(k, 'm0', 'mm0', plan.rlimit), 'test_ioctl_ioas_unmap: "Trigger the unmap op"').to.equal(0);
      expect(k.mdevWork.holds, 'the access was told to drop its pin').to.deep.equal([]);
      expect(accessUnpin(k, 'm0', null, plan.rlimit), 'test_err_destroy_access_pages(ENOENT, ...)').to.equal('-ENOENT');
    });
    it('[access_domain_destory] the device destroyed while an access holds a pin returns 0, the pin stays, and destroying it afterwards returns 0', () => {
      const { k, plan } = setup({ memory: 'anon', device: true, mdev: true });
      expect(mapBuffer(k, plan, 'user')).to.equal(0);
      expect(accessPin(k, 'm0', null, plan.rlimit).rc).to.equal(0);
      expect(detachDomain(k, 'mm0', plan.rlimit), 'test_ioctl_destroy(self->stdev_id)').to.equal(0);
      expect(k.pages.Pm0!.npinned).to.equal(1);
      expect(accessUnpin(k, 'm0', null, plan.rlimit), 'test_cmd_destroy_access_pages').to.equal(0);
      expect(k.pages.Pm0!.npinned).to.equal(0);
    });
    cannotExpress('access_domain_destory', 'the pin of one page in the middle of a huge page ("a complicated unpin across a huge page boundary")', 'the model pins a mapping as a whole');
  });

  describe('MAP_FILE tests: iommufd_mock_domain basic (file variants) and all_aligns', () => {
    it('[one_domain_file] MAP_FILE of mfd returns 0 and pins each page exactly once into the domain (check_refs 1); unmap leaves 0 pins', () => {
      const { k, plan } = setup({ device: true, pages: 2 });
      expect(ioasMap(k, mapReq(plan, plan.mappings[0]!, 'old')), 'test_ioctl_ioas_map_file').to.equal(0);
      expect(k.pages.Pm0).to.include({ type: 'file', npinned: 2, npages: 2 });
      expect(domainHolds(k, 'Pm0'), 'held by a domain').to.equal(true);
      expect(ioasUnmap(k, 'm0', 'mm0', plan.rlimit)).to.equal(0);
      expect(k.pages.Pm0, 'check_refs(buf, buf_size, 0)').to.equal(undefined);
    });
    it('[test_basic_mmap] a USER map of a VA with nothing mapped there fails with EFAULT ("on first page"), nothing changed', () => {
      const { k, plan } = setup({ memory: 'anon', device: true });
      delete k.mms.mm0!.vmas.va0; // munmap(buf)
      expect(changesNothing(k, () => mapBuffer(k, plan, 'user'))).to.equal('-EFAULT');
    });
    it('[test_basic_file, one_domain_file] MAP_FILE one page past the end of the memfd (buf_size + 1) fails with EINVAL, nothing changed', () => {
      const { k, plan } = setup({ device: true, mapLength: 'past-vma' });
      expect(changesNothing(k, () => ioasMap(k, mapReq(plan, plan.mappings[0]!, 'old'))), 'test_err_ioctl_ioas_map_file(EINVAL, ...)').to.equal('-EINVAL');
    });
    cannotExpress('test_basic_file', 'MAP_FILE of a memfd truncated to 0 after it was created (EINVAL)', 'file sizes do not change in the model');
    it('[test_basic_mmap] a USER map whose VA range runs past what is mmapped ("half way through mapping") fails with EFAULT, nothing changed', () => {
      const { k, plan } = setup({ memory: 'anon', device: true, mapLength: 'past-vma' });
      expect(changesNothing(k, () => ioasMap(k, mapReq(plan, plan.mappings[0]!, 'old')))).to.equal('-EFAULT');
    });
    cannotExpress('all_aligns', 'the sweep of start offsets and lengths at MOCK_PAGE_SIZE steps', 'the model has no IOVA or file offsets');
    it('[all_aligns_copy, one_domain_file] with a second domain attached each page still holds exactly one pin (check_refs 1); after the second goes and the unmap, none', () => {
      const { k, plan } = setup({ device: true, pages: 2 });
      expect(ioasMap(k, mapReq(plan, plan.mappings[0]!, 'old')), 'test_ioctl_ioas_map_file').to.equal(0);
      expect(attachDomain(k, 'mm0', plan.rlimit).rc, 'test_cmd_mock_domain').to.equal(0);
      expect(k.pages.Pm0).to.include({ npinned: 2, npages: 2 });
      expect(detachDomain(k, 'mm0', plan.rlimit), 'test_ioctl_destroy(mock_stdev)').to.equal(0);
      expect(ioasUnmap(k, 'm0', 'mm0', plan.rlimit)).to.equal(0);
      expect(k.pages.Pm0, 'check_refs(buf, buf_size, 0)').to.equal(undefined);
    });
  });

  describe('copy tests: copy_area, copy_sweep, user_copy', () => {
    it('[copy_area] IOMMU_IOAS_COPY of a mapped page into a second IOAS returns 0, and the second IOAS maps the same pages', () => {
      const { k, plan } = setup({ memory: 'anon', device: false });
      expect(mapBuffer(k, plan, 'user'), 'test_ioctl_ioas_map_fixed(buffer, PAGE_SIZE)').to.equal(0);
      expect(copyInsert(k, 'm0')).to.equal(0);
      expect(copyFill(k, 'm0', 'mm0', plan.rlimit)).to.equal(0);
      expect(copyPublish(k, 'm0'), 'IOMMU_IOAS_COPY (dst_ioas: a new IOAS)').to.equal(0);
      expect(k.areas.c0!.pages).to.equal(k.areas.m0!.pages);
    });
    cannotExpress('copy_area', 'IOMMU_IOAS_COPY within one IOAS', 'the model copies into the second IOAS only');
    it('[copy_sweep] IOMMU_IOAS_COPY of a source range not covered by a mapped area fails with ENOENT, nothing changed', () => {
      const { k } = setup();
      expect(changesNothing(k, () => copyInsert(k, 'm0'))).to.equal('-ENOENT');
    });
    cannotExpress('copy_sweep', 'the sweep of byte-granular source IOVAs at 511-byte steps', 'the model has no IOVA offsets');
    it('[user_copy] IOMMU_IOAS_COPY from a domain-less IOAS while an access holds the pages returns 0 and the destination domain maps them', () => {
      const { k, plan } = setup({ memory: 'anon', device: false, mdev: true });
      expect(mapBuffer(k, plan, 'user'), 'test_ioctl_ioas_map_id').to.equal(0);
      expect(accessPin(k, 'm0', null, plan.rlimit).rc, 'ACCESS_PAGES').to.equal(0);
      copyInsert(k, 'm0');
      copyFill(k, 'm0', 'mm0', plan.rlimit);
      expect(copyPublish(k, 'm0'), 'IOMMU_IOAS_COPY while the pin is held').to.equal(0);
      expect(k.areas.c0, 'check_mock_iova on the destination').to.include({ filled: true, pages: 'Pm0' });
      expect(k.pages.Pm0!.npinned, 'pinned once').to.equal(1);
    });
    it('[user_copy] ACCESS_REPLACE_IOAS to the new IOAS with a pin outstanding returns 0: the old pin is dropped through ops->unmap, and a pin through the new IOAS returns 0', () => {
      const { k, plan } = setup({ memory: 'anon', device: false, mdev: true, copy: true, moveAccess: 'yes' });
      expect(mapBuffer(k, plan, 'user')).to.equal(0);
      expect(accessPin(k, 'm0', null, plan.rlimit).rc, 'ACCESS_PAGES (P1)').to.equal(0);
      k.mdevWork.holds = ['mdev:m0'];
      copyMapping(k, plan);
      expect(moveBegin(k, 'mdev', false)).to.equal(0);
      moveUnmap(k, 'mdev', plan.rlimit);
      expect(moveFinish(k, 'mdev'), 'test_cmd_access_replace_ioas').to.equal(0);
      expect(k.mdevWork.holds, 'P1 is gone').to.deep.equal([]);
      expect(accessPin(k, 'c0', null, plan.rlimit).rc, 'ACCESS_PAGES on the new IOAS (P2)').to.equal(0);
    });
    cannotExpress('user_copy', 'destroying the old IOAS after the replace, and mapping into a third IOAS', 'the model has two IOASes and never destroys one');
  });
});
