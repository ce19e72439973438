import type { Invariant } from 'lucheck';
import { stateOf } from './ctx.ts';

export const SERVICE: Invariant = {
  id: 'SERVICE',
  title: 'DMA and kernel-client access keep working through the hand-over',
  description:
    'the promise the merged design was made for: device DMA and in-kernel client pins and reads of a mapped IOVA keep succeeding, and reach the memory object mapped there, at every point of the hand-over',
  source: 'seed-thread.md; kernel-reference.md 6.3 (pull request: "The memfd allows DMA access to the memory to continue while the new process is getting setup"), 6.4',
  check: (s) => {
    const b = stateOf(s).serviceBreak;
    if (!b) return true;
    return b.ret !== '0'
      ? `${b.actor} ${b.op} of IOVA ${b.mapping} failed with ${b.ret} (${b.expected} is mapped there)`
      : `${b.actor} ${b.op} of IOVA ${b.mapping} reached ${b.reached}, but ${b.expected} is mapped there`;
  },
};
