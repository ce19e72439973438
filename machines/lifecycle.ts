// Process lifecycle around the hand-over: exec, fork + exec, SCM_RIGHTS, exit, close. Sources:
// kernel-reference.md 1.1 (exec: same task, new mm via `mm_init` with counters 0; the old mm's
// address space goes with its last `mm_users`; iommufd and type1 keep only `mmgrab` references),
// 1.2 (the iommufd ctx lives as long as its file: it survives exec and crosses SCM_RIGHTS),
// 2.9 (S6 `iommufd_fops_release` at the last fput).
import { freshMm } from './initialState.ts';
import type { KernelState } from './kernelState.ts';
import type { Plan } from './plan.ts';
import { releaseCtx } from './teardown.ts';
import { releaseContainer } from './type1.ts';

/** The fd table entry of the iommufd (or the vfio container) moves to, or is shared with, the new VMM. */
export function handOver(k: KernelState, plan: Plan): void {
  const fd = plan.backend === 'iommufd' ? k.ctx : k.container;
  if (plan.handover === 'exec') {
    // Same task, new mm: the old address space dies now (no other mm_users).
    k.mms.mm0!.alive = false;
    k.mms.mm1 = freshMm();
    k.tasks.old!.mm = null;
    k.tasks.new!.mm = 'mm1';
    fd.holders = ['new'];
    return;
  }
  if (plan.handover === 'fork-exec') {
    // The child's mm after its exec: a fresh mm; the parent keeps mm0 until it exits.
    k.mms.mm1 = freshMm();
    k.tasks.new!.mm = 'mm1';
  }
  fd.holders = [...fd.holders, 'new'];
}

/** Drops `who`'s reference to the fd; the last one releases the ctx (iommufd) or container. */
export function dropFd(k: KernelState, plan: Plan, who: string): void {
  const fd = plan.backend === 'iommufd' ? k.ctx : k.container;
  fd.holders = fd.holders.filter((h) => h !== who);
  if (fd.holders.length > 0) return;
  const mm = k.tasks[who]?.mm ?? null;
  if (plan.backend === 'iommufd') releaseCtx(k, mm, plan.rlimit);
  else releaseContainer(k, plan);
  k.mdevWork.holds = [];
}

/** The old VMM exits (fork-exec, scm-rights): its mm dies and it drops its fd. */
export function oldExits(k: KernelState, plan: Plan): void {
  dropFd(k, plan, 'old');
  k.mms.mm0!.alive = false;
  k.tasks.old!.mm = null;
}
