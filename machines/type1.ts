// vfio type1 operations on the model state: the container's vfio_dma mappings, the vaddr
// update window and the mdev's pins. Pre-fix (v5.12) behaviour is selected per bug. Sources:
// kernel-reference.md 2.10 and 3.3 (S9 vfio_iommu_type1.c, S13), section 5 B1-B3.
import type { Errno } from './accounting.ts';
import { accountLockedVm } from './accounting.ts';
import type { KernelState } from './kernelState.ts';
import type { MappingPlan, Plan } from './plan.ts';
import { record } from './step.ts';

/**
 * The task that owns mappings made by an actor: exec keeps the task (only its mm changes);
 * fork+exec and SCM_RIGHTS hand over to another task.
 */
export function taskOf(actor: string, plan: Plan): string {
  return actor === 'old' || plan.handover === 'exec' ? 'T0' : 'T1';
}

/** `get_task_mm(task)`: the mm the task runs in now (after exec, the new one), or null once it exited. */
export function taskMm(k: KernelState, plan: Plan, task: string): string | null {
  if (task === 'T1') return k.tasks.new!.mm;
  return plan.handover === 'exec' ? (k.tasks.new!.mm ?? k.tasks.old!.mm) : k.tasks.old!.mm;
}

/**
 * S9 `vfio_lock_acct(dma, npage)`: post-fix it charges `dma->mm` (recorded at map time,
 * 046eca5018f8; a dead mm is skipped), and adds to `dma->locked_vm` (18e292705ba2). With B1
 * it charges the task's *current* mm via `get_task_mm(dma->task)`, which after exec is the
 * new mm.
 */
export function lockAcct(k: KernelState, plan: Plan, dmaId: string, n: number): void {
  const dma = k.container.dmas[dmaId]!;
  const mm = plan.bugs.has('B1') ? taskMm(k, plan, dma.task) : dma.mm;
  if (mm !== null && k.mms[mm]!.alive) accountLockedVm(k, mm, Math.abs(n), n > 0, false, plan.rlimit);
  dma.locked_vm += n;
}

/**
 * VFIO_IOMMU_MAP_DMA (S9 `vfio_dma_do_map`): records task, `current->mm` (mmgrab) and vaddr;
 * with an IOMMU domain pins now through `current->mm` (`vfio_pin_pages_remote`: `-ENOMEM` when
 * `locked_vm + n > RLIMIT_MEMLOCK`) and charges; with only an mdev nothing is pinned.
 */
export function mapDma(k: KernelState, plan: Plan, m: MappingPlan, actor: string): Errno {
  const mm = k.tasks[actor]!.mm!;
  k.container.dmas[m.id] = { vaddr: m.oldVa, vaddrMm: mm, vaddr_invalid: false, mm, task: taskOf(actor, plan), locked_vm: 0, npinned: 0, pinnedObj: null, external: false };
  k.intended[m.id] = k.mms[mm]!.vmas[m.oldVa]!;
  if (!plan.device) return 0;
  if (k.mms[mm]!.locked_vm + plan.npages > plan.rlimit) {
    delete k.container.dmas[m.id];
    delete k.intended[m.id];
    return '-ENOMEM';
  }
  const dma = k.container.dmas[m.id]!;
  dma.npinned = plan.npages;
  dma.pinnedObj = k.mms[mm]!.vmas[m.oldVa]!;
  lockAcct(k, plan, m.id, plan.npages);
  k.ledger[m.id] = { pages: plan.npages, mode: 'mm', mm, user: plan.users[actor as 'old' | 'new'], pinnedVm: false };
  return 0;
}

/**
 * VFIO_DMA_UNMAP_FLAG_VADDR over every dma, or over the range of `only` (S9 `vfio_dma_do_unmap` with invalidate_vaddr):
 * post-fix `-EBUSY` when an mdev (emulated iommu group) is in the container (ef3a3f6a294b);
 * each dma `vaddr_invalid = true`, `vaddr_invalid_count++`. No page is unpinned: "DMA to
 * already-mapped pages continues".
 */
export function unmapVaddr(k: KernelState, plan: Plan, only?: string): Errno {
  if (!plan.bugs.has('B3') && k.container.mdevAttached) return '-EBUSY';
  const covered = Object.entries(k.container.dmas)
    .filter(([id]) => only === undefined || id === only)
    .map(([, dma]) => dma);
  for (const dma of covered) {
    if (dma.vaddr_invalid) return '-EINVAL';
  }
  for (const dma of covered) {
    dma.vaddr_invalid = true;
    k.container.vaddr_invalid_count++;
  }
  return 0;
}

/**
 * VFIO_DMA_MAP_FLAG_VADDR (S9 `vfio_dma_do_map` with set_vaddr): the dma must be invalid
 * (`-EINVAL`); post-fix `vfio_change_dma_owner` (90fdd158a695) charges `current->mm`
 * `dma->locked_vm` (failure: error, the dma stays invalid), uncharges the old mm if it is still
 * alive, and switches task and mm. With B2 nothing moves: "locked_vm remains 0, and the pinned
 * memory does not count against the task's RLIMIT_MEMLOCK". Then vaddr updated, count--, and
 * blocked waiters woken.
 */
export function mapVaddr(k: KernelState, plan: Plan, m: MappingPlan, actor: string): Errno {
  const dma = k.container.dmas[m.id];
  if (!dma) return '-ENOENT';
  if (!dma.vaddr_invalid) return '-EINVAL';
  const mm = k.tasks[actor]!.mm!;
  if (!plan.bugs.has('B2') && mm !== dma.mm) {
    const rc = accountLockedVm(k, mm, dma.locked_vm, true, false, plan.rlimit);
    if (rc) return rc;
    if (k.mms[dma.mm]!.alive) accountLockedVm(k, dma.mm, dma.locked_vm, false, false, plan.rlimit);
    dma.mm = mm;
    dma.task = taskOf(actor, plan);
  }
  dma.vaddr = m.newVa;
  dma.vaddrMm = mm;
  dma.vaddr_invalid = false;
  k.container.vaddr_invalid_count--;
  // Ground truth (A9): the new owner carries what the dma has pinned.
  if (k.ledger[m.id]) k.ledger[m.id] = { ...k.ledger[m.id]!, mm };
  return 0;
}

/**
 * VFIO_IOMMU_UNMAP_DMA of one dma (S9 `vfio_remove_dma`): unpins and uncharges through
 * `vfio_lock_acct` (so with B1, the task's current mm); an invalid dma may be unmapped and
 * decrements `vaddr_invalid_count`. Before v6.0 (the v5.12 variant) the ioctl stopped, silently
 * (returns 0, `unmap->size` 0), at a dma whose `dma->task->mm` is not the caller's mm
 * (`if (dma->task->mm != current->mm) break;`, removed by "vfio: remove useless judgement",
 * kernel-reference.md 2.10, S16): a process other than the mapper (fork + exec, SCM_RIGHTS)
 * could not unmap. `caller` is the process issuing VFIO_IOMMU_UNMAP_DMA; the container's own
 * release passes none.
 */
export function unmapDma(k: KernelState, plan: Plan, mapping: string, caller?: string): Errno {
  const dma = k.container.dmas[mapping];
  if (!dma) return '-ENOENT';
  if (caller !== undefined && plan.variant === 'v5.12' && taskMm(k, plan, dma.task) !== (k.tasks[caller]?.mm ?? null)) return 0;
  if (dma.npinned > 0) lockAcct(k, plan, mapping, -dma.locked_vm);
  delete k.container.dmas[mapping];
  delete k.ledger[mapping];
  delete k.intended[mapping];
  if (dma.vaddr_invalid) {
    k.container.vaddr_invalid_count--;
    wakeVaddrWaiters(k, plan); // v5.12 vfio_remove_dma: wake_up_all(&iommu->vaddr_wait) for an invalid dma
  }
  return 0;
}

/**
 * The last close of the container: v5.12's notify callback first (`VFIO_IOMMU_CONTAINER_CLOSE`:
 * `container_open = false`, then `wake_up_all(&iommu->vaddr_wait)`), then S9
 * `vfio_iommu_type1_release` (unmap and unpin all).
 */
export function releaseContainer(k: KernelState, plan: Plan): void {
  k.container.open = false;
  wakeVaddrWaiters(k, plan);
  for (const id of Object.keys(k.container.dmas).sort()) unmapDma(k, plan, id);
}

/**
 * `wake_up_all(&iommu->vaddr_wait)` in v5.12 (B3): kernel-reference.md 2.10, from the revert
 * diff in S13 (V8 5/7). The kernel wakes it on MAP_FLAG_VADDR, in `vfio_remove_dma` of an
 * invalid dma and in the notify callback of a container close. The sleeping mdev work (on the
 * first mapping, `mdevType1Region`) then goes on as `vfio_wait` and `vfio_find_dma_valid` do:
 * `-EFAULT` once `!iommu->container_open`; `-EINVAL` when its dma is gone (`vfio_find_dma`
 * finds nothing); back to sleep while its own dma is still invalid, whatever other dmas are; and
 * free to pin or read again (idle) once its dma is valid. The failed call's errno is recorded as
 * the mdev's return value; it is no service break: the mapping it names is gone or closing.
 */
export function wakeVaddrWaiters(k: KernelState, plan: Plan): void {
  if (k.mdevWork.state !== 'blocked') return;
  // a pin over several IOVAs runs again as its own step (`type1Batch.ts` batchResume)
  if (plan.pinBatch) {
    k.mdevWork.state = 'woken';
    return;
  }
  const m = plan.mappings[0]!.id;
  const dma = k.container.dmas[m];
  const rc: Errno | 'sleep' | 0 = !k.container.open ? '-EFAULT' : dma === undefined ? '-EINVAL' : dma.vaddr_invalid ? 'sleep' : 0;
  if (rc === 'sleep') return;
  k.mdevWork.state = 'idle';
  if (rc !== 0) record(k, 'mdev', `woken in vfio_wait (${m})`, rc);
}

/** The mm the kernel translates a dma's vaddr in: `dma->mm` post-fix, `get_task_mm(dma->task)` with B1. */
export function translationMm(k: KernelState, plan: Pick<Plan, 'bugs' | 'handover'>, dmaId: string): string | null {
  const dma = k.container.dmas[dmaId]!;
  return plan.bugs.has('B1') ? taskMm(k, plan as Plan, dma.task) : dma.mm;
}

/**
 * An mdev pin or read of a dma (S9 `vfio_iommu_type1_pin_pages` / `vfio_iommu_type1_dma_rw`):
 * while `vaddr_invalid_count > 0`, post-fix `-EBUSY` (WARN_ONCE); pre-fix (B3) the caller
 * sleeps in `vfio_wait` until the vaddr is valid again ('blocked'). Otherwise it translates
 * `dma->vaddr` in `dma->mm` (post-fix) or, pre-fix (B1), in the task's current mm
 * (`get_task_mm(dma->task)`). When that mm is gone, the two differ (kernel-reference.md, S9):
 * a pin fails in `vfio_pin_page_external` with `-ENODEV` (`mmget_not_zero`), a read or write
 * in `vfio_iommu_type1_dma_rw_chunk` with `-EPERM` (`if (!mmget_not_zero(mm)) return -EPERM;`,
 * and before the fix `mm = get_task_mm(dma->task); if (!mm) return -EPERM;`).
 */
export function mdevAccess(k: KernelState, plan: Plan, mapping: string, op: 'pin' | 'rw' = 'pin'): { rc: Errno | 'blocked'; reached: string | null } {
  const dma = k.container.dmas[mapping];
  if (!dma) return { rc: '-ENOENT', reached: null };
  if (k.container.vaddr_invalid_count > 0) return plan.bugs.has('B3') ? { rc: 'blocked', reached: null } : { rc: '-EBUSY', reached: null };
  const mm = translationMm(k, plan, mapping);
  if (mm === null || !k.mms[mm]!.alive) return { rc: op === 'pin' ? '-ENODEV' : '-EPERM', reached: null };
  const reached = k.mms[mm]!.vmas[dma.vaddr] ?? null;
  return reached === null ? { rc: '-EFAULT', reached: null } : { rc: 0, reached };
}
