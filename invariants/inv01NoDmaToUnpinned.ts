import type { Invariant } from 'lucheck';
import { stateOf } from './ctx.ts';

export const INV_1: Invariant = {
  id: 'INV-1',
  title: 'no DMA to unpinned memory',
  description: 'every page a domain maps is pinned by the pages object of the area that mapped it: unpin only after unmapping from every domain',
  source: 'kernel-reference.md 4 INV-1; S2 __iopt_area_unfill_domain ("For security we must not unpin something that is still DMA mapped"); S9 vfio_unmap_unpin',
  check: (s) => {
    for (const [id, p] of Object.entries(stateOf(s).pages)) {
      if (p.inDomain && (p.npinned !== p.npages || p.pinnedObj === null)) {
        return `the domain maps ${id} but only ${p.npinned} of its ${p.npages} pages are pinned`;
      }
    }
    return true;
  },
};
