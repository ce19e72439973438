// The new VMM moves the first in-kernel client (its emulated device) to the second IOAS, where
// the first mapping was copied: VFIO_DEVICE_ATTACH_IOMMUFD_PT -> iommufd_access_replace, split
// where `iommufd_access_change_ioas` drops `ioas_lock` (`accessChangeIoas.ts`). One region.
import { moveBegin, moveFinish, moveUnmap } from './accessChangeIoas.ts';
import type { Plan } from './plan.ts';
import { accessMoved } from './promises.ts';
import { record, step, syscall, when } from './step.ts';

export function moveRegion(plan: Plan) {
  const call = 'VFIO_DEVICE_ATTACH_IOMMUFD_PT(mdev -> ioas2)';
  const misaligned = plan.moveAccess === 'misaligned';
  return {
    initial: 'idle',
    states: {
      idle: {
        on: {
          'mv.BEGIN': {
            guard: when((k) => k.ctx.open && k.ctx.holders.includes('new')),
            target: misaligned ? 'failed' : 'unmapping',
            actions: step((k) => {
              const rc = moveBegin(k, 'mdev', misaligned);
              if (rc !== 0) syscall(k, 'move', call, () => rc);
              else record(k, 'move', `${call} [added to ioas2, ioas_lock dropped]`, 0);
            }),
          },
        },
      },
      unmapping: {
        on: {
          'mv.UNMAP': {
            target: 'unmapped',
            actions: step((k) => {
              moveUnmap(k, 'mdev', plan.rlimit);
              record(k, 'move', `${call} [ops->unmap(0, ULONG_MAX): the mdev unpins all]`, 0);
            }),
          },
        },
      },
      unmapped: {
        on: {
          'mv.FINISH': {
            target: 'done',
            actions: step((k) => syscall(k, 'move', call, () => moveFinish(k, 'mdev'), accessMoved('mdev'))),
          },
        },
      },
      done: { type: 'final' },
      failed: { type: 'final' },
    },
  };
}
