// INV-13's promises (machines/promises.ts): each holds on the state the model's own kernel entry
// leaves after a success, and names what is missing on a state where the call's effect is not
// there. And the step path holds a syscall to its promise only when it returns 0.
import { expect } from 'chai';
import { accessPin, accessUnpin } from '../../machines/access.ts';
import { changeProcess } from '../../machines/changeProcess.ts';
import { handOver } from '../../machines/lifecycle.ts';
import { withDraft } from '../../machines/kernelDraft.ts';
import { accessPinned, accessUnpinned, dmaMapped, dmaUnmapped, ioasMapped, ioasUnmapped, processChanged, vaddrsInvalid, vaddrUpdated } from '../../machines/promises.ts';
import { keepPromise, runStep, syscall, type AnyEvent } from '../../machines/step.ts';
import type { KernelState } from '../../machines/kernelState.ts';
import { ioasUnmap } from '../../machines/teardown.ts';
import { mapDma, mapVaddr, unmapDma, unmapVaddr } from '../../machines/type1.ts';
import { changeReq, mapAll, setup } from './kernelSetup.ts';

describe('INV-13 promises of a succeeding syscall (machines/promises.ts)', () => {
  it('IOMMU_IOAS_MAP: kept once the area is published and pinned into the domain; broken with no area, or pins missing', () => {
    const { k, plan } = setup({ pages: 2 });
    expect(ioasMapped('m0')(k)).to.equal('nothing is mapped at m0');
    mapAll(k, plan);
    expect(ioasMapped('m0')(k)).to.equal(true);
    k.pages.Pm0!.npinned = 1;
    expect(ioasMapped('m0')(k)).to.equal('m0 is not pinned into the domain (1 of 2 pages pinned)');
    k.ctx.domains = 0;
    expect(ioasMapped('m0')(k), 'without a domain only a lazy reference is promised').to.equal(true);
  });

  it('IOMMU_IOAS_UNMAP: kept once the area, its pins and its pages are gone; broken while an access holds the range or the pages outlive the area', () => {
    const { k, plan } = setup({ mdev: true });
    mapAll(k, plan);
    expect(accessPin(k, 'm0', null, plan.rlimit).rc).to.equal(0);
    k.mdevWork.holds = ['mdev:m0'];
    expect(ioasUnmapped('m0')(k)).to.equal('m0 is still mapped');
    const leaked = structuredClone(k);
    delete leaked.areas.m0;
    expect(ioasUnmapped('m0')(leaked)).to.equal('mdev still holds pins on m0');
    leaked.mdevWork.holds = [];
    expect(ioasUnmapped('m0')(leaked)).to.equal('Pm0 outlives its last area with 1 pages pinned');
    expect(ioasUnmap(k, 'm0', 'mm0', plan.rlimit)).to.equal(0);
    expect(ioasUnmapped('m0')(k)).to.equal(true);
  });

  it("IOMMU_IOAS_CHANGE_PROCESS: kept when every pages object names the caller and its counters carry the pins; broken in NONE mode, where pinned_vm stays on the old mm", () => {
    const user = setup({ handover: 'scm-rights', pages: 2 });
    mapAll(user.k, user.plan);
    expect(processChanged('mm1', 'u0')(user.k)).to.equal('Pm0 is still sourced from mm0/u0');
    expect(changeProcess(user.k, changeReq(user.plan))).to.equal(0);
    expect(processChanged('mm1', 'u0')(user.k)).to.equal(true);
    const none = setup({ handover: 'exec', accounting: 'none', pages: 2 });
    mapAll(none.k, none.plan);
    handOver(none.k, none.plan);
    expect(changeProcess(none.k, changeReq(none.plan))).to.equal(0);
    expect(processChanged('mm1', 'u0')(none.k)).to.equal('mm1->pinned_vm is 0 with 2 pages pinned in the ctx');
  });

  it('iommufd_access_unpin_pages: kept once the unpin of the last access left the xarray; broken when the xarray still holds pages no access is on', () => {
    const { k, plan } = setup({ mdev: true, device: false });
    mapAll(k, plan);
    expect(accessPin(k, 'm0', null, plan.rlimit).rc).to.equal(0);
    expect(accessUnpin(k, 'm0', null, plan.rlimit)).to.equal(0);
    expect(accessUnpinned('m0')(k)).to.equal(true);
    k.pages.Pm0!.inXarray = true;
    expect(accessUnpinned('m0')(k)).to.equal('the xarray still holds Pm0 with no access left on it');
  });

  it('iommufd_access_pin_pages: kept once the access holds the pinned range; broken on a mapped range no access pinned', () => {
    const { k, plan } = setup({ mdev: true, device: false, pages: 2 });
    mapAll(k, plan);
    expect(accessPinned('m0')(k)).to.equal('no access is recorded on m0');
    expect(accessPin(k, 'm0', null, plan.rlimit).rc).to.equal(0);
    expect(accessPinned('m0')(k)).to.equal(true);
  });

  it('type1 MAP_DMA, UNMAP_FLAG_VADDR, MAP_FLAG_VADDR and UNMAP_DMA: each kept after the call, broken before it', () => {
    const { k, plan } = setup({ backend: 'vfio-type1', variant: 'v6.3', handover: 'scm-rights', pages: 2 });
    const m = plan.mappings[0]!;
    expect(dmaMapped('m0', true, 2)(k)).to.equal('no valid vfio_dma at m0');
    expect(mapDma(k, plan, m, 'old')).to.equal(0);
    expect(dmaMapped('m0', true, 2)(k)).to.equal(true);
    expect(vaddrsInvalid()(k)).to.equal('vfio_dma m0 still has a valid vaddr');
    expect(unmapVaddr(k, plan)).to.equal(0);
    expect(vaddrsInvalid()(k)).to.equal(true);
    expect(vaddrsInvalid('m0')(k)).to.equal(true);
    expect(vaddrUpdated('m0', 'nva0', 'mm1')(k)).to.equal('vfio_dma m0 does not translate nva0 of mm1');
    expect(mapVaddr(k, plan, m, 'new')).to.equal(0);
    expect(vaddrUpdated('m0', 'nva0', 'mm1')(k)).to.equal(true);
    expect(dmaUnmapped('m0')(k)).to.equal('vfio_dma m0 is still mapped (2 pages pinned, unmap.size 0)');
    expect(unmapDma(k, plan, 'm0', 'new')).to.equal(0);
    expect(dmaUnmapped('m0')(k)).to.equal(true);
  });

  it('type1 v5.12 UNMAP_DMA by a process other than the mapper returns 0 and unmaps nothing: the promise is broken (S16, vfio_dma_do_unmap before v6.0)', () => {
    const { k, plan } = setup({ backend: 'vfio-type1', variant: 'v5.12', handover: 'scm-rights' });
    expect(mapDma(k, plan, plan.mappings[0]!, 'old')).to.equal(0);
    expect(unmapDma(k, plan, 'm0', 'new')).to.equal(0);
    expect(dmaUnmapped('m0')(k)).to.match(/^vfio_dma m0 is still mapped/);
  });

  it('syscall holds a call to its promise only when it returns 0, and keeps the first break', () => {
    const { k } = setup();
    const broken = () => 'nothing done';
    const stepped = (fn: (d: KernelState, e: AnyEvent) => void) => withDraft(k, (d) => runStep(d, k, fn, { type: 'test' }));
    const after = stepped((d) => syscall(d, 'new', 'FAILING', () => '-EINVAL', broken));
    expect(after.promiseBreak, 'a failure is INV-8 business').to.equal(null);
    const twice = stepped((d) => {
      syscall(d, 'new', 'FIRST', () => 0, broken);
      keepPromise(d, 'SECOND', () => 'also nothing');
      keepPromise(d, 'THIRD', () => true);
    });
    expect(twice.promiseBreak).to.deep.equal({ call: 'FIRST', missing: 'nothing done' });
  });
});
