import type { Invariant } from 'lucheck';
import { stateOf } from './ctx.ts';

export const LIV_4: Invariant = {
  id: 'LIV-4',
  title: 'objects are looked up again after a lock drop',
  description:
    'a path that drops a lock and retakes it re-validates what it checked before using it: no in-kernel pin goes through a vaddr that was invalidated while the pinner slept in vfio_wait',
  source: 'kernel-reference.md 4 LIV-4; 2.10 (uAPI: translation blocks until the vaddr is valid); ffc95d1b8edb "vfio/type1: fix vfio_find_dma_valid return" (B7)',
  check: (s) => {
    const stale = stateOf(s).mdevWork.stale;
    if (stale === null) return true;
    const [dma, vaddr] = stale.split(':');
    return `the mdev pinned dma ${dma} through vaddr ${vaddr} while that vaddr was invalid: it was checked before vfio_wait dropped iommu->lock and not again after`;
  },
};
