// The in-kernel client (a mediated device driver's iommufd access): pins, reads and unpins
// guest RAM by IOVA at any time. It works on the first mapping. One region.
import { accessPin, accessRw, accessUnpin } from './access.ts';
import type { Plan } from './plan.ts';
import { record, recordAccess, step, when } from './step.ts';

export function mdevRegion(plan: Plan) {
  const m = plan.mappings[0]!.id;
  const open = when((k) => k.ctx.open);
  return {
    initial: 'attached',
    states: {
      attached: {
        on: {
          'mdev.PIN': {
            guard: when((k) => k.ctx.open && !k.mdevWork.holds.includes(m)),
            actions: step((k) => {
              const r = accessPin(k, m, null, plan.rlimit); // a kernel thread: current->mm is none of the VMM's
              if (r.rc === 0) k.mdevWork.holds = [...k.mdevWork.holds, m];
              record(k, 'mdev', `iommufd_access_pin_pages(${m})`, r.rc);
              recordAccess(k, 'mdev', 'pin', m, r);
            }),
          },
          'mdev.RW': {
            guard: open,
            actions: step((k) => {
              const r = accessRw(k, m);
              record(k, 'mdev', `iommufd_access_rw(${m})`, r.rc);
              recordAccess(k, 'mdev', 'rw', m, r);
            }),
          },
          'mdev.UNPIN': {
            guard: when((k) => k.ctx.open && k.mdevWork.holds.includes(m)),
            actions: step((k) => {
              const rc = accessUnpin(k, m, null, plan.rlimit);
              k.mdevWork.holds = k.mdevWork.holds.filter((x) => x !== m);
              record(k, 'mdev', `iommufd_access_unpin_pages(${m})`, rc);
            }),
          },
        },
      },
    },
  };
}
