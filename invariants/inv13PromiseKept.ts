import type { Invariant } from 'lucheck';
import { stateOf } from './ctx.ts';

export const INV_13: Invariant = {
  id: 'INV-13',
  title: 'a succeeding syscall did what it promises',
  description:
    'the success twin of INV-8: an ioctl (or kernel-client call) that returns 0 did what its uAPI documentation promises (MAP mapped and pinned the range, UNMAP removed it and its pins, CHANGE_PROCESS moved every pinned page to the caller, MAP_FLAG_VADDR made the new vaddr valid, ...)',
  source: 'kernel-reference.md 2.1-2.3, 2.5, 2.8, 2.10 (S5 include/uapi/linux/iommufd.h, include/uapi/linux/vfio.h); machines/promises.ts',
  check: (s) => {
    const b = stateOf(s).promiseBreak;
    return b === null ? true : `${b.call} returned 0 but ${b.missing}`;
  },
};
