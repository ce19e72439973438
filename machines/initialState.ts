// The state before the update: the old VMM running in mm0 with guest RAM mapped at its VAs;
// with scm-rights, the new VMM already running as a separate process in mm1. Sources:
// kernel-reference.md 1.1 (S10 `mm_init`: a new mm starts with locked_vm = pinned_vm = 0).
import type { KernelState, Mm } from './kernelState.ts';
import type { Plan } from './plan.ts';

export function freshMm(): Mm {
  return { alive: true, locked_vm: 0, pinned_vm: 0, vmas: {} };
}

export function initialState(plan: Plan): KernelState {
  const mm0 = freshMm();
  for (const m of plan.mappings) mm0.vmas[m.oldVa] = m.object;
  const separate = plan.handover === 'scm-rights';
  return {
    tasks: { old: { mm: 'mm0' }, new: { mm: separate ? 'mm1' : null } },
    mms: separate ? { mm0, mm1: freshMm() } : { mm0 },
    users: Object.fromEntries([...new Set([plan.users.old, plan.users.new])].map((u) => [u, { locked_vm: 0 }])),
    ctx: { open: plan.backend === 'iommufd', holders: plan.backend === 'iommufd' ? ['old'] : [], domains: plan.backend === 'iommufd' && plan.device ? 1 : 0, domainsRead: false },
    areas: {},
    pages: {},
    container: { open: plan.backend === 'vfio-type1', holders: plan.backend === 'vfio-type1' ? ['old'] : [], vaddr_invalid_count: 0, dmas: {}, mdevAttached: plan.backend === 'vfio-type1' && plan.mdev },
    ledger: {},
    intended: {},
    serviceBreak: null,
    ret: {},
    oops: null,
    atomicityBreak: null,
    promiseBreak: null,
    lastChange: null,
    mdevWork: { state: 'idle', holds: [], cursor: 0, stale: null, at: plan.moveAccess === 'no' ? {} : { mdev: { ioas: 'ioas1', unpin: 'ioas1' } } },
  };
}
