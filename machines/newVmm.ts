// The VMM after the update (the new image, or a separate process that received the fds): it
// takes ownership of the mappings, runs, and eventually closes the iommufd. One region.
import { accountingView, changeProcess } from './changeProcess.ts';
import { dropFd } from './lifecycle.ts';
import { remapState } from './handOverStates.ts';
import { ioasUnmap } from './teardown.ts';
import type { Plan } from './plan.ts';
import { ioasUnmapped, processChanged } from './promises.ts';
import { record, step, syscall, when } from './step.ts';

export function newVmmRegion(plan: Plan) {
  const rfc = plan.variant === 'rfc-v1';
  return {
    initial: 'waiting',
    states: {
      // Starts once it holds the fd (after exec, fork+exec, or SCM_RIGHTS).
      waiting: { always: { guard: when((k) => k.ctx.holders.includes('new')), target: rfc ? 'remapping' : 'taking' } },
      remapping: remapState(plan, 'taking'),
      taking: {
        // Done unless the kernel said -EBUSY (a MAP in flight, mainline's B6 fix): then retry.
        always: { guard: when((k) => k.ret.new?.startsWith('IOMMU_IOAS_CHANGE_PROCESS') === true && !k.ret.new.endsWith('-EBUSY')), target: 'running' },
        on: {
          'new.CHANGE_PROCESS': {
            actions: step((k) => {
              const before = accountingView(k);
              const out: { rc: ReturnType<typeof changeProcess> } = { rc: 0 };
              syscall(k, 'new', 'IOMMU_IOAS_CHANGE_PROCESS', () => {
                out.rc = changeProcess(k, {
                  caller: 'new',
                  user: plan.users.new,
                  variant: plan.variant as 'rfc-v1' | 'v6.13' | 'mainline',
                  nullDerefBug: plan.bugs.has('B6'),
                  rlimit: plan.rlimit,
                  umap: rfc ? plan.mappings.filter((m) => m.kind === 'user').map((m) => ({ addrOld: m.oldVa, addrNew: m.newVa })) : [],
                });
                return out.rc === 'oops' ? 'Oops' : out.rc;
              }, processChanged(k.tasks.new!.mm!, plan.users.new));
              if (out.rc === 'oops') {
                k.oops = 'NULL pointer dereference in iommufd_ioas_change_process (area->pages of an area a MAP_FILE or IOAS_COPY has not published yet)';
                return;
              }
              k.lastChange = { call: 'IOMMU_IOAS_CHANGE_PROCESS', ret: String(out.rc), caller: k.tasks.new!.mm!, before, after: accountingView(k) };
            }),
          },
        },
      },
      running: {
        on: {
          // S1 `iommufd_ioas_unmap` of a guest RAM mapping, as one step (nothing else of the
          // new VMM runs inside it; the split form is exercised by the hot-plug thread).
          'new.UNMAP': {
            guard: when((k, e) => k.areas[e.mapping]?.pages != null),
            actions: step((k, e) => syscall(k, 'new', `IOMMU_IOAS_UNMAP(${e.mapping})`, () => ioasUnmap(k, e.mapping, k.tasks.new!.mm, plan.rlimit), ioasUnmapped(e.mapping))),
          },
          'new.CLOSE': {
            // Modelling choice: an ioctl in flight on another thread holds a reference to the
            // file (fdget), so the final fput cannot run inside it; the VMM closes once its
            // hot-plug thread is out of the kernel.
            guard: when((k) => Object.values(k.areas).every((a) => a.pending === null) && Object.values(k.mdevWork.at).every((a) => a.ioas !== null)),
            target: 'closed',
            actions: step((k) => {
              dropFd(k, plan, 'new');
              record(k, 'new', 'close(iommufd)', 0);
            }),
          },
        },
      },
      closed: { type: 'final' },
    },
  };
}
