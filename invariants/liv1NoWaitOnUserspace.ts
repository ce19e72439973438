import type { Invariant } from 'lucheck';
import { stateOf } from './ctx.ts';

/**
 * Checked as a deadlock in the wait-for graph: the mdev's kernel work sleeps until user space
 * registers a new vaddr, while the only process that could do so is itself inside close() of
 * the mdev's device fd, waiting for that work to finish. Neither can move again, whatever else
 * (device DMA, for one) still runs.
 */
export const LIV_1: Invariant = {
  id: 'LIV-1',
  title: 'no kernel thread waits forever on user space',
  description:
    'no pin/rw path blocks waiting for an event only user space can produce while user space waits for it: a cycle in the wait-for graph is a deadlock',
  source: 'kernel-reference.md 4 LIV-1, 5 B3 (898b9eaeb3fe "block on invalid vaddr", reverted by da4f1c2e1c9c; S14 2022-09-21)',
  check: (s) => {
    const k = stateOf(s);
    if (k.mdevWork.state === 'blocked' && s.matches({ new: 'closingDevice' })) {
      return 'the mdev work sleeps in vfio_wait until a new vaddr is registered, and the new VMM, the only process that could register it, is blocked in close() of the mdev device waiting for that work: blocked forever';
    }
    return true;
  },
};
