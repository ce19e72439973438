// An in-kernel client (a mediated device driver's iommufd access, kernel-reference.md 1.3 and
// 2.8): pins, reads and unpins guest RAM by IOVA at any time. One region per access. Modelling
// choice: access i works on RAM block i mod the number of blocks (the first access on the
// first block), which is enough to exercise USER vs FILE origins and, with more accesses than
// blocks, several accesses on one area (S2 `area->num_accesses`: the xarray is unfilled only
// when the last of them unpins).
import { accessPin, accessRw, accessUnpin } from './access.ts';
import { accessIoas, accessTarget } from './accessChangeIoas.ts';
import type { KernelState } from './kernelState.ts';
import type { Plan } from './plan.ts';
import { accessPinned, accessUnpinned } from './promises.ts';
import { record, recordAccess, step, syscall, when } from './step.ts';

export function mdevRegion(plan: Plan, index = 0) {
  const name = plan.accesses[index] ?? 'mdev';
  const m = plan.mappings[index % plan.mappings.length]!.id;
  // the area it works on: m, or m's copy once the access was moved to the second IOAS
  const target = (k: KernelState) => accessTarget(k, name, m);
  const held = (k: KernelState) => k.mdevWork.holds.find((h) => h.startsWith(`${name}:`));
  const open = when((k) => k.ctx.open);
  return {
    initial: 'attached',
    states: {
      attached: {
        on: {
          [`${name}.PIN`]: {
            guard: when((k) => k.ctx.open && held(k) === undefined),
            actions: step((k) => {
              const t = target(k);
              const call = `iommufd_access_pin_pages(${t})`;
              // mid-move access->ioas is NULL: "block any further iommufd_access_pin_pages()"
              if (accessIoas(k, name) === null) return void syscall(k, name, call, () => '-ENOENT');
              let r = { rc: 0 as 0 | string, reached: null as string | null };
              // a kernel thread (S7): current->mm is none of the VMM's, so USER pages are always
              // read through the recorded source_mm (S2 pfn_reader_user_pin, mmget_not_zero)
              syscall(k, name, call, () => (r = accessPin(k, t, null, plan.rlimit)).rc, accessPinned(t));
              if (r.rc === 0) k.mdevWork.holds = [...k.mdevWork.holds, `${name}:${t}`].sort();
              recordAccess(k, name, 'pin', t, r as never);
            }),
          },
          [`${name}.RW`]: {
            guard: open,
            actions: step((k) => {
              const t = target(k);
              if (accessIoas(k, name) === null) return record(k, name, `iommufd_access_rw(${t})`, '-ENOENT');
              const r = accessRw(k, t);
              record(k, name, `iommufd_access_rw(${t})`, r.rc);
              recordAccess(k, name, 'rw', t, r);
            }),
          },
          [`${name}.UNPIN`]: {
            guard: when((k) => k.ctx.open && held(k) !== undefined),
            // through access->ioas_unpin: works mid-move too
            actions: step((k) => {
              const hold = held(k)!;
              const t = hold.slice(hold.indexOf(':') + 1);
              syscall(k, name, `iommufd_access_unpin_pages(${t})`, () => accessUnpin(k, t, null, plan.rlimit), accessUnpinned(t));
              k.mdevWork.holds = k.mdevWork.holds.filter((x) => x !== hold);
            }),
          },
        },
      },
    },
  };
}
