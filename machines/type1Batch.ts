// An mdev pin over several IOVAs in one call (vfio_iommu_type1_pin_pages with a user_pfn[]
// array, `pinBatch=true`), as v5.12 runs it with B3's waits: a first pass checks every IOVA's
// dma, sleeping in vfio_wait (iommu->lock dropped) while one is invalid; then, with the lock
// held throughout, every IOVA is pinned through its dma's vaddr, which that pass does not look
// at again. Read in 5.12.9's drivers/vfio/vfio_iommu_type1.c (`vfio_find_dma_valid`,
// `vfio_wait`, `vfio_iommu_type1_pin_pages`); kernel-reference.md 2.10, 5 B3; B7 is
// ffc95d1b8edb "vfio/type1: fix vfio_find_dma_valid return" (v5.15).
import type { Errno } from './accounting.ts';
import type { KernelState } from './kernelState.ts';
import type { Plan } from './plan.ts';
import { translationMm } from './type1.ts';

/** A pin call's outcome: sleeping, or returned (an errno at the IOVA that failed, or 0 with what each IOVA reached). */
export type BatchOutcome = { rc: 'blocked' } | { rc: Errno; at: string | null; reached: Record<string, string> };

/**
 * The first pass from entry `from`: a missing dma fails the call with `-EINVAL`
 * (`vfio_find_dma_valid`); an invalid one puts the caller to sleep there (`vfio_wait`).
 */
function firstPass(k: KernelState, entries: readonly string[], from: number): BatchOutcome | null {
  for (let i = from; i < entries.length; i++) {
    const dma = k.container.dmas[entries[i]!];
    if (!dma) return { rc: '-EINVAL', at: entries[i]!, reached: {} };
    if (dma.vaddr_invalid) {
      k.mdevWork.cursor = i;
      return { rc: 'blocked' };
    }
  }
  return null;
}

/**
 * The second pass, under `iommu->lock` throughout: each IOVA is pinned through
 * `dma->vaddr` in the dma's mm (`vfio_pin_page_external`: no mm -> `-ENODEV`, nothing mapped
 * there -> `-EFAULT`), whether or not the vaddr was invalidated meanwhile: the first pin made
 * through an invalid vaddr is noted for LIV-4. A failure unpins what the call pinned
 * (`pin_unwind`; no lock was dropped since, so every dma is still there).
 */
function pinAll(k: KernelState, plan: Plan, entries: readonly string[]): BatchOutcome {
  const reached: Record<string, string> = {};
  for (const m of entries) {
    const dma = k.container.dmas[m];
    if (!dma) return { rc: '-EINVAL', at: m, reached: {} };
    if (dma.vaddr_invalid && k.mdevWork.stale === null) k.mdevWork.stale = `${m}:${dma.vaddr}`;
    const mm = translationMm(k, plan, m);
    if (mm === null || !k.mms[mm]!.alive) return { rc: '-ENODEV', at: m, reached: {} };
    const obj = k.mms[mm]!.vmas[dma.vaddr];
    if (obj === undefined) return { rc: '-EFAULT', at: m, reached: {} };
    reached[m] = obj;
  }
  return { rc: 0, at: null, reached };
}

/** The call: post-fix (no B3) `-EBUSY` while any vaddr is invalid; with B3 the first pass runs only then. */
export function batchPin(k: KernelState, plan: Plan, entries: readonly string[]): BatchOutcome {
  if (k.container.vaddr_invalid_count > 0) {
    if (!plan.bugs.has('B3')) return { rc: '-EBUSY', at: entries[0]!, reached: {} };
    const slept = firstPass(k, entries, 0);
    if (slept) return slept;
  }
  return pinAll(k, plan, entries);
}

/**
 * The woken caller runs again (`vfio_wait` returns with the lock retaken): `-EFAULT` once the
 * container is closed; the entry it slept on is looked up again (gone: `-EINVAL`; invalid:
 * sleep again). Then, with B7, the first pass goes on after that entry, never re-checking the
 * ones before it; without B7 it returns WAITED and starts over (`goto again`).
 */
export function batchResume(k: KernelState, plan: Plan, entries: readonly string[]): BatchOutcome {
  if (!k.container.open) return { rc: '-EFAULT', at: entries[k.mdevWork.cursor]!, reached: {} };
  const i = k.mdevWork.cursor;
  const dma = k.container.dmas[entries[i]!];
  if (!dma) return { rc: '-EINVAL', at: entries[i]!, reached: {} };
  if (dma.vaddr_invalid) return { rc: 'blocked' };
  const slept = plan.bugs.has('B7') ? firstPass(k, entries, i + 1) : k.container.vaddr_invalid_count > 0 ? firstPass(k, entries, 0) : null;
  return slept ?? pinAll(k, plan, entries);
}
