import type { Invariant } from 'lucheck';
import { stateOf } from './ctx.ts';

export const INV_9: Invariant = {
  id: 'INV-9',
  title: 'half-built areas are never dereferenced',
  description: 'every traversal of the area tree that reads area->pages handles NULL (an area MAP has inserted but not yet published); the kernel must not oops',
  source: 'kernel-reference.md 4 INV-9, 5 B6 (S19, linux-next d616de490ec0)',
  check: (s) => {
    const oops = stateOf(s).oops;
    return oops === null ? true : `kernel oops: ${oops}`;
  },
};
