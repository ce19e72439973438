// IOMMU_IOAS_COPY into a second IOAS (machines/ioasCopy.ts, the `copy` parameter): one
// iopt_pages behind two areas. Kernel facts: kernel-reference.md 2.4, 2.5 (pass 2 de-duplicates
// shared pages); S1 iommufd_ioas_copy, S3 iopt_get_pages / iopt_map_pages; selftests copy_sweep
// (a source range not inside one area: ENOENT) and user_copy (a copy while an access holds pins).
import { expect } from 'chai';
import { accessPin, accessUnpin } from '../../machines/access.ts';
import { changeProcess } from '../../machines/changeProcess.ts';
import { copyFill, copyInsert, copyPublish } from '../../machines/ioasCopy.ts';
import { domainHolds } from '../../machines/iommufd.ts';
import { handOver } from '../../machines/lifecycle.ts';
import { ioasUnmap } from '../../machines/teardown.ts';
import { expectVerdict } from '../support/expectVerdict.ts';
import { modelWith, only, run, witness } from './helpers.ts';
import { changeReq, changesNothing, copyMapping, mapAll, setup } from './kernelSetup.ts';

describe('IOMMU_IOAS_COPY into a second IOAS (ioasCopy.ts)', () => {
  it('copyInsert: -ENOENT when the source is not a published area, nothing changed (selftest copy_sweep)', () => {
    const { k, plan } = setup();
    expect(changesNothing(k, () => copyInsert(k, 'm0'))).to.equal('-ENOENT');
    mapAll(k, plan);
    k.areas.m0!.pending = k.areas.m0!.pages;
    k.areas.m0!.pages = null; // half-built, as a MAP in progress leaves it
    expect(changesNothing(k, () => copyInsert(k, 'm0'))).to.equal('-ENOENT');
  });

  it('insert, fill, publish: the copy shares the pinned pages, no new pin and no new charge; both domains hold them', () => {
    const { k, plan } = setup({ pages: 2 });
    mapAll(k, plan);
    expect(copyInsert(k, 'm0')).to.equal(0);
    expect(k.areas.c0).to.deep.equal({ ioas: 'ioas2', pages: null, pending: 'Pm0', num_accesses: 0, prevent_access: false, filled: false });
    expect(copyFill(k, 'm0', 'mm0', plan.rlimit)).to.equal(0);
    expect(copyPublish(k, 'm0')).to.equal(0);
    expect(k.areas.c0).to.include({ pages: 'Pm0', pending: null, filled: true });
    expect(k.intended.c0).to.equal('memfd0');
    expect(k.pages.Pm0).to.include({ npinned: 2 });
    expect(k.users.u0!.locked_vm).to.equal(2);
  });

  it('unmapping the source keeps the pages pinned while the copy maps them; unmapping the copy then unpins, uncharges and frees them (S3 iopt_put_pages kref)', () => {
    const { k, plan } = setup({ pages: 2 });
    mapAll(k, plan);
    copyMapping(k, plan);
    expect(ioasUnmap(k, 'm0', 'mm0', plan.rlimit)).to.equal(0);
    expect(k.pages.Pm0).to.include({ npinned: 2 });
    expect(domainHolds(k, 'Pm0')).to.equal(true);
    expect(k.users.u0!.locked_vm).to.equal(2);
    expect(ioasUnmap(k, 'c0', 'mm0', plan.rlimit)).to.equal(0);
    expect(k.pages.Pm0).to.equal(undefined);
    expect(k.users.u0!.locked_vm).to.equal(0);
  });

  it('with no domain in the first IOAS the fill pins from the origin and charges the source; -EFAULT from a USER origin whose mm died, the area removed again (S3 iopt_abort_area)', () => {
    const file = setup({ device: false, pages: 2 });
    mapAll(file.k, file.plan);
    handOver(file.k, file.plan); // exec: mm0 dies, the memfd does not care
    copyInsert(file.k, 'm0');
    expect(copyFill(file.k, 'm0', 'mm1', file.plan.rlimit)).to.equal(0);
    expect(file.k.pages.Pm0).to.include({ npinned: 2, pinnedObj: 'memfd0' });
    expect(file.k.ledger.Pm0).to.include({ mm: 'mm0', pages: 2 });
    const anon = setup({ device: false, memory: 'anon' });
    mapAll(anon.k, anon.plan);
    handOver(anon.k, anon.plan);
    copyInsert(anon.k, 'm0');
    expect(copyFill(anon.k, 'm0', 'mm1', anon.plan.rlimit)).to.equal('-EFAULT');
    expect(anon.k.areas.c0).to.equal(undefined);
    expect(anon.k.pages.Pm0, 'the source area keeps its pages').to.include({ npinned: 0 });
  });

  it('a copy while an access holds the pages takes them from its xarray (selftest user_copy)', () => {
    const { k, plan } = setup({ device: false, mdev: true, memory: 'anon' });
    mapAll(k, plan);
    expect(accessPin(k, 'm0', null, plan.rlimit).rc).to.equal(0);
    handOver(k, plan); // the origin is gone, the access still holds the pages
    copyInsert(k, 'm0');
    expect(copyFill(k, 'm0', 'mm1', plan.rlimit)).to.equal(0);
    expect(k.pages.Pm0).to.include({ npinned: 1, inXarray: true });
  });

  it('an access on each of the two areas: the xarray keeps the shared pages until the last of them unpins (S2 access_itree spans areas)', () => {
    const { k, plan } = setup({ device: false, mdev: true });
    mapAll(k, plan);
    copyMapping(k, plan);
    expect(accessPin(k, 'm0', null, plan.rlimit).rc).to.equal(0);
    expect(accessPin(k, 'c0', null, plan.rlimit).rc).to.equal(0);
    expect(ioasUnmap(k, 'c0', 'mm0', plan.rlimit), 'the copy unmapped: its access told to drop its pin').to.equal(0);
    expect(k.pages.Pm0).to.include({ inXarray: true, npinned: 1 });
    expect(accessUnpin(k, 'm0', null, plan.rlimit)).to.equal(0);
    expect(k.pages.Pm0).to.include({ inXarray: false, npinned: 0 });
  });

  it('CHANGE_PROCESS charges pages shared by the source and its copy once (pass 2 de-duplicates)', () => {
    const { k, plan } = setup({ handover: 'scm-rights', accounting: 'mm', pages: 3 });
    mapAll(k, plan);
    copyMapping(k, plan);
    handOver(k, plan);
    expect(changeProcess(k, changeReq(plan))).to.equal(0);
    expect(k.mms.mm1).to.include({ locked_vm: 3, pinned_vm: 3 });
    expect(k.mms.mm0).to.include({ locked_vm: 0, pinned_vm: 0 });
  });
});

describe('the copy parameter in the whole model', () => {
  it('v6.13: CHANGE_PROCESS between the copy insert and its publish dereferences the NULL pages (B6 through IOAS_COPY, INV-9); mainline returns -EBUSY and retries', async () => {
    const b6 = await run(only('INV-9'), { variant: 'v6.13', copy: true });
    expectVerdict(b6, 'violation');
    expect(b6.violations[0]!.trace.map((t) => t.event?.type)).to.include.members(['cp.INSERT', 'new.CHANGE_PROCESS']).and.not.include('hp.INSERT');
    const busy = await run(modelWith([witness('busy', (k) => k.ret.new === 'IOMMU_IOAS_CHANGE_PROCESS = -EBUSY' && k.areas.c0?.pages === null)]), { copy: true });
    expectVerdict(busy, 'violation');
  });

  it('mainline: a run where CHANGE_PROCESS moves pages that two areas share is reachable, and the accounting stays exact (INV-5 over the whole run)', async () => {
    const shared = await run(
      modelWith([witness('moved-shared', (k) => k.areas.c0?.pages === 'Pm0' && k.areas.m0?.pages === 'Pm0' && k.ret.new === 'IOMMU_IOAS_CHANGE_PROCESS = 0')]),
      { copy: true, handover: 'scm-rights' },
    );
    expectVerdict(shared, 'violation');
    expectVerdict(await run(only('INV-5'), { copy: true, handover: 'scm-rights', accounting: 'mm' }), 'pass');
  });

  it('copy and the hot-plug MAP_FILE both split areas; the close waits for both to publish', async () => {
    const r = await run(modelWith([witness('closed-mid-copy', (k, s) => s.matches({ new: 'closed' }) && s.matches({ copy: 'inserted' }))]), { copy: true, hotplug: true });
    expectVerdict(r, 'pass');
  });
});
