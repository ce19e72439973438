import type { Invariant } from 'lucheck';
import { stateOf } from './ctx.ts';

export const INV_8: Invariant = {
  id: 'INV-8',
  title: 'a failing syscall changes nothing',
  description: 'an ioctl (or kernel-client call) that returns an error leaves areas, pages, vfio_dmas and every counter as they were',
  source: 'kernel-reference.md 4 INV-8 (S1: IOMMU_IOAS_ALLOW_IOVAS swap-based atomicity; S3 error unwinds)',
  check: (s) => {
    const b = stateOf(s).atomicityBreak;
    return b === null ? true : `${b.call} returned ${b.ret} but changed kernel state`;
  },
};
