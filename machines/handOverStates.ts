// The parts of the two VMM regions that do not depend on the backend: the hand-over itself,
// the old VMM's exit after it, and the new image mapping guest RAM again. Sources:
// kernel-reference.md 1.1, 1.2, 2.9 (via lifecycle.ts), 6.2 (RFC V1 / type1 vaddr update).
import { handOver, oldExits } from './lifecycle.ts';
import type { Plan } from './plan.ts';
import { record, step, when, type AnyEvent } from './step.ts';
import type { KernelState } from './kernelState.ts';

const HANDOVER_CALL = { exec: 'execve', 'fork-exec': 'fork+execve', 'scm-rights': 'sendmsg(SCM_RIGHTS)' } as const;

/** The old VMM's `old.HANDOVER`, once `ready`: exec in place, or fork + exec, or SCM_RIGHTS. */
export function handOverTransition(plan: Plan, ready: (k: KernelState, e: AnyEvent) => boolean) {
  return {
    guard: when(ready),
    target: plan.handover === 'exec' ? 'replaced' : 'handedOver',
    actions: step((k) => {
      handOver(k, plan);
      record(k, 'old', HANDOVER_CALL[plan.handover], 0);
    }),
  };
}

/** The old VMM's states after the hand-over: it exits, unless it exec'd in place. */
export function afterHandOverStates(plan: Plan) {
  return {
    handedOver: {
      on: {
        'old.EXIT': {
          target: 'exited',
          actions: step((k) => {
            oldExits(k, plan);
            record(k, 'old', 'exit_group', 0);
          }),
        },
      },
    },
    replaced: { type: 'final' },
    exited: { type: 'final' },
  };
}

/**
 * The new image maps guest RAM again at its own address (RFC V1, type1 MAP_FLAG_VADDR): for a
 * memfd the same object (remap=same) or, by mistake, another one (INV-4: the kernel does not
 * check); anonymous memory did not survive exec.
 */
export function remapState(plan: Plan, target: string) {
  return {
    on: {
      'new.MMAP': {
        target,
        actions: step((k) => {
          for (const m of plan.mappings) k.mms[k.tasks.new!.mm!]!.vmas[m.newVa] = plan.newImageObject(m);
          record(k, 'new', 'mmap(guest RAM)', 0);
        }),
      },
    },
  };
}
