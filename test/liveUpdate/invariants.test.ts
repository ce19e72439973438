import { expect } from 'chai';
import type { AnySnapshot } from 'lucheck';
import { only, run } from './helpers.ts';
import { expectVerdict } from '../support/expectVerdict.ts';
import { INV_1 } from '../../invariants/inv01NoDmaToUnpinned.ts';
import { INV_2 } from '../../invariants/inv02PinOnce.ts';
import { INV_11 } from '../../invariants/inv11FileOnlyChange.ts';
import { initialState } from '../../machines/initialState.ts';
import { planOf } from '../../machines/plan.ts';
import { PARAMS } from '../../machines/params.ts';
import { ioasMap } from '../../machines/iommufd.ts';
import { resolveParams } from 'lucheck';
import type { KernelState } from '../../machines/kernelState.ts';

/** Each invariant: a configuration whose shortest trace violates it, and one where it holds. */
const CASES: { id: string; violated: Record<string, unknown>; message: string; holds: Record<string, unknown> }[] = [
  { id: 'INV-9', violated: { variant: 'v6.13', hotplug: true }, message: 'NULL pointer dereference', holds: { variant: 'mainline', hotplug: true, mdev: true } },
  { id: 'INV-6', violated: { backend: 'vfio-type1', variant: 'v5.12', bugs: 'B1' }, message: 'mm1->locked_vm = -1', holds: { backend: 'vfio-type1', variant: 'v6.3', handover: 'fork-exec' } },
  { id: 'INV-3', violated: { backend: 'vfio-type1', variant: 'v5.12', handover: 'fork-exec' }, message: 'registered in mm1, but the kernel translates it in mm0', holds: { backend: 'vfio-type1', variant: 'v6.3', handover: 'fork-exec', mdev: true } },
  { id: 'INV-4', violated: { variant: 'rfc-v1', remap: 'different' }, message: 'resolves through mm1@nva0 to other-memfd', holds: { variant: 'rfc-v1', handover: 'scm-rights' } },
  { id: 'INV-5', violated: { backend: 'vfio-type1', variant: 'v5.12' }, message: 'mm1->locked_vm is 0, expected 1', holds: { variant: 'v6.13', mdev: true, memory: 'mixed' } },
  { id: 'INV-7', violated: { variant: 'mainline', accounting: 'mm' }, message: 'returned -EINVAL but changed mm1.locked_vm', holds: { variant: 'mainline', memory: 'anon', accounting: 'mm', handover: 'scm-rights' } },
  { id: 'INV-10', violated: { variant: 'mainline', accounting: 'none' }, message: 'the fd is released but mm1 has locked_vm = 0, pinned_vm = -1', holds: { variant: 'mainline', mdev: true, handover: 'fork-exec' } },
  { id: 'SERVICE', violated: { variant: 'rfc-v1', mdev: true, device: false }, message: 'mdev pin of IOVA m0 failed with -EFAULT', holds: { variant: 'v6.13', mdev: true, handover: 'scm-rights' } },
  { id: 'INV-12', violated: { backend: 'vfio-type1', variant: 'v5.12', mdev: true }, message: 'vaddr_invalid_count = 1 while an mdev is in the container', holds: { backend: 'vfio-type1', variant: 'v6.3', mdev: true } },
  { id: 'INV-8', violated: { variant: 'mainline', accounting: 'mm' }, message: 'IOMMU_IOAS_CHANGE_PROCESS returned -EINVAL but changed kernel state', holds: { variant: 'mainline', mdev: true, rlimit: 0 } },
  { id: 'INV-13', violated: { backend: 'vfio-type1', variant: 'v5.12', bugs: 'none', handover: 'scm-rights' }, message: 'VFIO_IOMMU_UNMAP_DMA(m0) returned 0 but vfio_dma m0 is still mapped', holds: { backend: 'vfio-type1', variant: 'v6.3', handover: 'scm-rights' } },
  { id: 'INV-13', violated: { variant: 'mainline', accounting: 'none' }, message: 'IOMMU_IOAS_CHANGE_PROCESS returned 0 but mm1->pinned_vm is 0', holds: { variant: 'mainline', mdev: true, hotplug: true } },
];

describe('live-update invariants, each both ways', () => {
  for (const c of CASES) {
    it(`${c.id} is violated by ${JSON.stringify(c.violated)} and holds for ${JSON.stringify(c.holds)}`, async () => {
      const bad = await run(only(c.id), c.violated as Record<string, string>);
      expectVerdict(bad, 'violation');
      expect(bad.violations[0]!.id).to.equal(c.id);
      expect(bad.violations[0]!.message).to.contain(c.message);
      const good = await run(only(c.id), c.holds as Record<string, string>);
      expectVerdict(good, 'pass');
      expect(good.stats.distinct).to.be.greaterThan(3);
    });
  }

  // INV-1, INV-2 and INV-11 hold in every modelled kernel version (the kernel code keeps them),
  // so no configuration yields a violating trace; their predicates are pinned on hand-built
  // states instead, each both ways.
  function mappedState(params: Record<string, string | boolean>): KernelState {
    const plan = planOf(resolveParams('live-update', PARAMS, params));
    const k = initialState(plan);
    const m = plan.mappings[0]!;
    ioasMap(k, { mapping: m.id, caller: 'old', user: 'u0', kind: m.kind, origin: m.kind === 'file' ? m.object : m.oldVa, npages: 2, accountMode: 'user', rlimit: 8, overrun: false, overflow: false });
    return k;
  }
  const snap = (k: KernelState) => ({ context: k, matches: () => false }) as unknown as AnySnapshot;
  const p = resolveParams('live-update', PARAMS, {});

  it('INV-1 holds while the domain maps pinned pages and is violated when a mapped page is unpinned', () => {
    const k = mappedState({});
    expect(INV_1.check(snap(k), p)).to.equal(true);
    k.pages.Pm0!.npinned = 0;
    expect(INV_1.check(snap(k), p)).to.equal('the domain maps m0 but only 0 of its 2 pages are pinned');
  });

  it('INV-2 holds for pages held once and is violated by a double pin or a pin nothing holds', () => {
    const k = mappedState({});
    expect(INV_2.check(snap(k), p)).to.equal(true);
    k.pages.Pm0!.npinned = 4;
    expect(INV_2.check(snap(k), p)).to.contain('npinned=4');
    k.areas.m0!.filled = false;
    k.pages.Pm0!.npinned = 2;
    expect(INV_2.check(snap(k), p)).to.contain('nothing holds it');
  });

  it('INV-11 holds when CHANGE_PROCESS refused a USER mapping and is violated when it accepted one', () => {
    const params = resolveParams('live-update', PARAMS, { variant: 'v6.13', memory: 'anon' });
    const k = mappedState({ variant: 'v6.13', memory: 'anon' });
    const record = { call: 'IOMMU_IOAS_CHANGE_PROCESS', caller: 'mm1', before: { counters: {}, sources: {}, lastNpinned: {} }, after: { counters: {}, sources: {}, lastNpinned: {} } };
    k.lastChange = { ...record, ret: '-EINVAL' };
    expect(INV_11.check(snap(k), params)).to.equal(true);
    k.lastChange = { ...record, ret: '0' };
    expect(INV_11.check(snap(k), params)).to.equal('CHANGE_PROCESS succeeded although Pm0 is a USER-VA mapping');
  });
});
