// An in-kernel client (a mediated device driver's iommufd access, kernel-reference.md 1.3 and
// 2.8): pins, reads and unpins guest RAM by IOVA at any time. One region per access. Modelling
// choice: access i works on RAM block i mod the number of blocks (the first access on the
// first block), which is enough to exercise USER vs FILE origins and, with more accesses than
// blocks, several accesses on one area (S2 `area->num_accesses`: the xarray is unfilled only
// when the last of them unpins).
import { accessPin, accessRw, accessUnpin } from './access.ts';
import type { Plan } from './plan.ts';
import { accessPinned } from './promises.ts';
import { record, recordAccess, step, syscall, when } from './step.ts';

export function mdevRegion(plan: Plan, index = 0) {
  const name = plan.accesses[index] ?? 'mdev';
  const m = plan.mappings[index % plan.mappings.length]!.id;
  const pin = `${name}:${m}`;
  const open = when((k) => k.ctx.open);
  return {
    initial: 'attached',
    states: {
      attached: {
        on: {
          [`${name}.PIN`]: {
            guard: when((k) => k.ctx.open && !k.mdevWork.holds.includes(pin)),
            actions: step((k) => {
              let r = { rc: 0 as 0 | string, reached: null as string | null };
              // a kernel thread (S7): current->mm is none of the VMM's, so USER pages are always
              // read through the recorded source_mm (S2 pfn_reader_user_pin, mmget_not_zero)
              syscall(k, name, `iommufd_access_pin_pages(${m})`, () => (r = accessPin(k, m, null, plan.rlimit)).rc, accessPinned(m));
              if (r.rc === 0) k.mdevWork.holds = [...k.mdevWork.holds, pin].sort();
              recordAccess(k, name, 'pin', m, r as never);
            }),
          },
          [`${name}.RW`]: {
            guard: open,
            actions: step((k) => {
              const r = accessRw(k, m);
              record(k, name, `iommufd_access_rw(${m})`, r.rc);
              recordAccess(k, name, 'rw', m, r);
            }),
          },
          [`${name}.UNPIN`]: {
            guard: when((k) => k.ctx.open && k.mdevWork.holds.includes(pin)),
            actions: step((k) => {
              syscall(k, name, `iommufd_access_unpin_pages(${m})`, () => accessUnpin(k, m, null, plan.rlimit));
              k.mdevWork.holds = k.mdevWork.holds.filter((x) => x !== pin);
            }),
          },
        },
      },
    },
  };
}
