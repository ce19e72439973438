import type { Invariant } from 'lucheck';
import { stateOf } from './ctx.ts';
import { domainHolds } from '../machines/iommufd.ts';

export const INV_2: Invariant = {
  id: 'INV-2',
  title: 'pinned exactly once, unpinned when the last holder goes',
  description: 'npinned equals the pages held by the domain or the access xarray, counted once however many hold them',
  source: 'kernel-reference.md 4 INV-2; S2 pages.c header ("When a PFN is taken out of the userspace pointer it is pinned exactly once")',
  check: (s) => {
    const k = stateOf(s);
    for (const [id, p] of Object.entries(k.pages)) {
      const inDomain = domainHolds(k, id);
      const held = inDomain || p.inXarray;
      const want = held ? p.npages : 0;
      if (p.npinned !== want) {
        return `${id} has npinned=${p.npinned}, but ${held ? `it is held (domain: ${inDomain}, access: ${p.inXarray}) and has ${p.npages} pages` : 'nothing holds it'}`;
      }
    }
    return true;
  },
};
