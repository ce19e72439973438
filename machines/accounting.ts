// Pinned-page accounting primitives, as the kernel implements them (bugs included where a
// variant has them). Each returns 0 or a negative errno name and mutates the draft state it is
// given. Sources: kernel-reference.md section 3 (S2 pages.c, S9 vfio_iommu_type1.c, S10 mm/util.c).
import type { KernelState, Pages } from './kernelState.ts';

export type Errno = 0 | '-ENOMEM' | '-EINVAL' | '-EFAULT' | '-ENOENT' | '-EBUSY' | '-EPERM' | '-ENODEV' | '-ESRCH' | '-EADDRINUSE' | '-EOVERFLOW';

/**
 * S2 `incr_user_locked_vm`: cmpxchg loop on `user->locked_vm`; `-ENOMEM` when
 * `cur + n > task_rlimit(source_task, RLIMIT_MEMLOCK)`, nothing changed.
 */
export function incrUserLockedVm(k: KernelState, user: string, n: number, rlimit: number): Errno {
  const u = k.users[user]!;
  if (u.locked_vm + n > rlimit) return '-ENOMEM';
  u.locked_vm += n;
  return 0;
}

/** S2 `decr_user_locked_vm`: `WARN_ON(locked_vm < n)` and then return without change. */
export function decrUserLockedVm(k: KernelState, user: string, n: number): void {
  const u = k.users[user]!;
  if (u.locked_vm < n) return;
  u.locked_vm -= n;
}

/**
 * S10 `__account_locked_vm(mm, pages, inc, task, bypass_rlim)`: on increment, `-ENOMEM` when
 * `!bypass && locked_vm + pages > limit`; on decrement `WARN_ON_ONCE(pages > locked_vm)` and
 * subtract anyway, so the unsigned counter wraps (here: goes negative, which INV-6 flags).
 */
export function accountLockedVm(k: KernelState, mm: string, n: number, inc: boolean, bypass: boolean, rlimit: number): Errno {
  const m = k.mms[mm]!;
  if (inc) {
    if (!bypass && m.locked_vm + n > rlimit) return '-ENOMEM';
    m.locked_vm += n;
  } else {
    m.locked_vm -= n;
  }
  return 0;
}

/**
 * S2 `iopt_pages_update_pinned` (was `do_update_pinned`): charge or uncharge `n` pages to the
 * pages' source principal by its `account_mode` (NONE: nothing; USER: `user->locked_vm` with the
 * rlimit check; MM: `update_mm_locked_vm`), then `last_npinned = npinned` and `pinned_vm` of
 * the source mm moved by `n` in every mode. On error nothing is changed.
 *
 * `update_mm_locked_vm` takes `mmget_not_zero` on a remote mm, and returns `-EINVAL` when it
 * is dead, only when the caller is not a pfn_reader holding page buffers (read in pages.c:
 * `else if ((!user || (!user->upages && !user->ufolios)) && pages->source_mm != current->mm)`).
 * So a pin (`fromReader`) charges even a dead mm, while an unpin or CHANGE_PROCESS (`user ==
 * NULL`) fails there. kernel-reference.md 3.2 states the check for both directions without
 * this condition; the model follows the code.
 */
export function iommufdUpdatePinned(k: KernelState, p: Pages, n: number, inc: boolean, currentMm: string | null, rlimit: number, fromReader = false): Errno {
  if (p.account_mode === 'user') {
    if (inc) {
      const rc = incrUserLockedVm(k, p.source_user, n, rlimit);
      if (rc) return rc;
    } else decrUserLockedVm(k, p.source_user, n);
  } else if (p.account_mode === 'mm') {
    if (!fromReader && p.source_mm !== currentMm && !k.mms[p.source_mm]!.alive) return '-EINVAL';
    const rc = accountLockedVm(k, p.source_mm, n, inc, false, rlimit);
    if (rc) return rc;
  }
  p.last_npinned = p.npinned;
  k.mms[p.source_mm]!.pinned_vm += inc ? n : -n;
  return 0;
}
