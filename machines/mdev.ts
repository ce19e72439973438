// The in-kernel client (a mediated device driver's iommufd access, kernel-reference.md 1.3 and
// 2.8): pins, reads and unpins guest RAM by IOVA at any time. Modelling choice: it works on the
// first mapping only, which is enough to exercise USER vs FILE origins and keeps the state
// space small. One region.
import { accessPin, accessRw, accessUnpin } from './access.ts';
import type { Plan } from './plan.ts';
import { record, recordAccess, step, syscall, when } from './step.ts';

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
              let r = { rc: 0 as 0 | string, reached: null as string | null };
              // a kernel thread (S7): current->mm is none of the VMM's, so USER pages are always
              // read through the recorded source_mm (S2 pfn_reader_user_pin, mmget_not_zero)
              syscall(k, 'mdev', `iommufd_access_pin_pages(${m})`, () => (r = accessPin(k, m, null, plan.rlimit)).rc);
              if (r.rc === 0) k.mdevWork.holds = [...k.mdevWork.holds, m];
              recordAccess(k, 'mdev', 'pin', m, r as never);
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
              syscall(k, 'mdev', `iommufd_access_unpin_pages(${m})`, () => accessUnpin(k, m, null, plan.rlimit));
              k.mdevWork.holds = k.mdevWork.holds.filter((x) => x !== m);
            }),
          },
        },
      },
    },
  };
}
