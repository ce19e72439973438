import type { Invariant } from 'lucheck';
import { stateOf } from './ctx.ts';

export const INV_1: Invariant = {
  id: 'INV-1',
  title: 'no DMA to unpinned memory',
  description: 'every page a domain maps is pinned by the pages object of the area that mapped it: unpin only after unmapping from every domain',
  source: 'kernel-reference.md 4 INV-1; S2 __iopt_area_unfill_domain ("For security we must not unpin something that is still DMA mapped"); S9 vfio_unmap_unpin',
  check: (s) => {
    const k = stateOf(s);
    for (const [id, area] of Object.entries(k.areas)) {
      const pagesId = area.pages ?? area.pending;
      const p = pagesId === null ? undefined : k.pages[pagesId];
      if (area.filled && (!p || p.npinned !== p.npages || p.pinnedObj === null)) {
        return `the domain maps ${id} but only ${p?.npinned ?? 0} of its ${p?.npages ?? '?'} pages are pinned`;
      }
    }
    return true;
  },
};
