import type { Invariant } from 'lucheck';
import { stateOf } from './ctx.ts';

export const INV_10: Invariant = {
  id: 'INV-10',
  title: 'nothing pinned or charged after the last close',
  description: 'after the last fput of the iommufd or the vfio container: no pages objects or vfio_dmas, no pins, and every counter of a principal still alive back to zero',
  source: 'kernel-reference.md 4 INV-10; S6 iommufd_fops_release; S2 iopt_release_pages WARN on npinned; S9 vfio_iommu_type1_release',
  check: (s) => {
    const k = stateOf(s);
    if (k.ctx.open || k.ctx.holders.length > 0 || k.container.open || k.container.holders.length > 0) return true;
    const left = [...Object.keys(k.pages), ...Object.keys(k.container.dmas).map((d) => `vfio_dma ${d}`)];
    if (left.length > 0) return `the fd is released but ${left.join(', ')} still exist`;
    for (const [u, v] of Object.entries(k.users)) if (v.locked_vm !== 0) return `the fd is released but ${u}->locked_vm = ${v.locked_vm}`;
    for (const [m, mm] of Object.entries(k.mms)) {
      if (mm.alive && (mm.locked_vm !== 0 || mm.pinned_vm !== 0)) {
        return `the fd is released but ${m} has locked_vm = ${mm.locked_vm}, pinned_vm = ${mm.pinned_vm}`;
      }
    }
    return true;
  },
};
