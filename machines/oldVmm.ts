// The VMM before the update (the old QEMU image): maps guest RAM, hands the fds over, and
// (unless it exec'd in place) exits. One region of the system machine.
import { ioasMap, mapRequest } from './iommufd.ts';
import { afterHandOverStates, handOverTransition } from './handOverStates.ts';
import type { Plan } from './plan.ts';
import { ioasMapped } from './promises.ts';
import { step, syscall, when } from './step.ts';
import type { KernelState } from './kernelState.ts';

// Modelling choice: the old VMM maps its RAM blocks in a fixed order before anything else
// happens; the interleavings of interest start at the hand-over.
function nextToMap(k: KernelState, plan: Plan) {
  return plan.mappings.find((m) => k.areas[m.id] === undefined && k.intended[m.id] === undefined);
}

export function oldVmmRegion(plan: Plan) {
  const failed = (k: KernelState) => k.ret.old?.startsWith('IOMMU_IOAS_MAP') === true && !k.ret.old.endsWith('= 0');
  return {
    initial: 'mapping',
    states: {
      mapping: {
        // A failed map (e.g. -ENOMEM over RLIMIT_MEMLOCK) ends the VMM's setup.
        always: { guard: when(failed), target: 'gaveUp' },
        on: {
          'old.MAP': {
            guard: when((k, e) => nextToMap(k, plan)?.id === e.mapping),
            actions: step((k, e) => {
              const m = plan.mappings.find((x) => x.id === e.mapping)!;
              // S1 `iommufd_ioas_map` (user VA) / `iommufd_ioas_map_file` (memfd): pins now when a domain is attached.
              const call = `${m.kind === 'file' ? 'IOMMU_IOAS_MAP_FILE' : 'IOMMU_IOAS_MAP'}(${m.id})`;
              syscall(k, 'old', call, () => ioasMap(k, mapRequest(plan, m, 'old')), ioasMapped(m.id));
            }),
          },
          'old.HANDOVER': handOverTransition(plan, (k) => nextToMap(k, plan) === undefined),
        },
      },
      ...afterHandOverStates(plan),
      gaveUp: { type: 'final' },
    },
  };
}
