// Unmapping and closing: IOMMU_IOAS_UNMAP and the last fput of the iommufd. Sources:
// kernel-reference.md 2.3 (S1 `iommufd_ioas_unmap`, S3 `iopt_unmap_iova_range`, S2
// `__iopt_area_unfill_domain`), 2.9 (S6 `iommufd_fops_release`).
import type { Errno } from './accounting.ts';
import { accessHolds, putPages, unpinIfUnheld } from './iommufd.ts';
import type { KernelState } from './kernelState.ts';

/**
 * IOMMU_IOAS_UNMAP of one mapping, as one step: a half-built area (`pages == NULL`) -> `-EBUSY`;
 * no area -> `-ENOENT`. With accesses on the area, `prevent_access` is set and every access's
 * `ops->unmap` is called, which (for the modelled mdev) drops its pins synchronously; then the
 * domain is unmapped before anything is unpinned ("For security we must not unpin something
 * that is still DMA mapped"), the pages are unpinned and uncharged, the area removed.
 */
export function ioasUnmap(k: KernelState, mapping: string, currentMm: string | null, rlimit: number): Errno {
  const area = k.areas[mapping];
  if (!area) return '-ENOENT';
  if (area.pages === null) return '-EBUSY';
  const p = k.pages[area.pages]!;
  if (area.num_accesses > 0) {
    area.prevent_access = true;
    area.num_accesses = 0; // the access's ops->unmap unpinned its range (S7 notify_unmap)
    p.inXarray = accessHolds(k, area.pages);
    k.mdevWork.holds = k.mdevWork.holds.filter((h) => !h.endsWith(`:${mapping}`));
  }
  const pagesId = area.pages;
  area.filled = false; // unmap the IOVA from the domain first
  delete k.areas[mapping];
  unpinIfUnheld(k, pagesId, currentMm, rlimit);
  putPages(k, pagesId);
  delete k.intended[mapping];
  return 0;
}

/**
 * IOMMU_IOAS_UNMAP split where `iopt_unmap_iova_range` drops `iova_rwsem` (S3): first, under
 * the lock, `area->pages = NULL` (the VMM no longer promises anything at that IOVA) ...
 */
export function unmapBegin(k: KernelState, mapping: string): Errno {
  const area = k.areas[mapping];
  if (!area) return '-ENOENT';
  if (area.pages === null) return '-EBUSY';
  if (area.num_accesses > 0) {
    // prevent_access, then every access's ops->unmap drops its pins synchronously (S7)
    area.prevent_access = true;
    area.num_accesses = 0;
    k.pages[area.pages]!.inXarray = accessHolds(k, area.pages);
    k.mdevWork.holds = k.mdevWork.holds.filter((h) => !h.endsWith(`:${mapping}`));
  }
  area.pending = area.pages;
  area.pages = null;
  delete k.intended[mapping];
  return 0;
}

/** ... then, without `iova_rwsem`, `iopt_area_unfill_domains`: unmap the domain, then unpin and uncharge ... */
export function unmapUnfill(k: KernelState, mapping: string, currentMm: string | null, rlimit: number): Errno {
  const area = k.areas[mapping]!;
  area.filled = false;
  unpinIfUnheld(k, area.pending!, currentMm, rlimit);
  return 0;
}

/** ... and last, under `iova_rwsem` again, `iopt_abort_area` removes the area and the pages go. */
export function unmapRemove(k: KernelState, mapping: string): Errno {
  const pagesId = k.areas[mapping]!.pending!;
  delete k.areas[mapping];
  putPages(k, pagesId);
  return 0;
}

/** S6 `iommufd_fops_release` at the last fput: every IOAS destroyed, `iopt_unmap_all`. */
export function releaseCtx(k: KernelState, currentMm: string | null, rlimit: number): void {
  for (const p of Object.values(k.pages)) p.inXarray = false; // every access is gone
  for (const mapping of Object.keys(k.areas).sort()) {
    const area = k.areas[mapping]!;
    const pagesId = area.pages ?? area.pending;
    delete k.areas[mapping];
    delete k.intended[mapping];
    if (pagesId) {
      unpinIfUnheld(k, pagesId, currentMm, rlimit);
      putPages(k, pagesId);
    }
  }
  k.ctx.open = false;
  k.ctx.domainsRead = false;
}
