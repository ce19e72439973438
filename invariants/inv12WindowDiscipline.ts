import type { Invariant } from 'lucheck';
import { stateOf } from './ctx.ts';

export const INV_12: Invariant = {
  id: 'INV-12',
  title: 'no mdev in the container while a vaddr is invalid',
  description:
    'type1 after the v6.3 fixes: while vaddr_invalid_count > 0 no mdev (emulated iommu group) is in the container (UNMAP_FLAG_VADDR is refused with -EBUSY if one is), and mdev pins and reads are refused with -EBUSY instead of waiting',
  source: 'kernel-reference.md 4 INV-12; 2.10; ef3a3f6a294b "vfio/type1: exclude mdevs from VFIO_UPDATE_VADDR"',
  check: (s) => {
    const c = stateOf(s).container;
    if (c.vaddr_invalid_count > 0 && c.mdevAttached) return `vaddr_invalid_count = ${c.vaddr_invalid_count} while an mdev is in the container`;
    return true;
  },
};
