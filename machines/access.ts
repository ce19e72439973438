// What the in-kernel client (mdev / iommufd access) and the device do through iommufd, and
// what they reach. Sources: kernel-reference.md 2.8 (S7 device.c, S2 pages.c), 2.7, 2.3.
import type { Errno } from './accounting.ts';
import { accessHolds, domainHolds, originObject, pinFromOrigin, unpinIfUnheld } from './iommufd.ts';
import type { KernelState } from './kernelState.ts';

/** Result of an access: an errno, and the memory object it reached when it succeeded. */
export interface Reach {
  rc: Errno;
  reached: string | null;
}

/**
 * S7 `iommufd_access_pin_pages` over a whole mapping: a hole (no area, or `pages == NULL`:
 * `iopt_area_contig_*` stop there) -> `-ENOENT`; `prevent_access` -> `-EINVAL`;
 * `iopt_area_add_access` -> `iopt_pages_fill_xarray`: indices already in a domain are read from
 * it (no new pin, no charge); others are pinned from the origin (`-EFAULT` for a USER origin
 * whose `source_mm` is dead) and charged. A pin never waits (LIV-1).
 */
export function accessPin(k: KernelState, mapping: string, currentMm: string | null, rlimit: number): Reach {
  const area = k.areas[mapping];
  if (!area || area.pages === null) return { rc: '-ENOENT', reached: null };
  if (area.prevent_access) return { rc: '-EINVAL', reached: null };
  const p = k.pages[area.pages]!;
  if (p.npinned === 0) {
    const rc = pinFromOrigin(k, area.pages, currentMm, rlimit);
    if (rc) return { rc, reached: null };
  }
  p.inXarray = true;
  area.num_accesses++;
  return { rc: 0, reached: p.pinnedObj };
}

/** S7 `iommufd_access_unpin_pages` -> `iopt_pages_unfill_xarray`: unpin what nothing else holds, uncharge. */
export function accessUnpin(k: KernelState, mapping: string, currentMm: string | null, rlimit: number): Errno {
  const area = k.areas[mapping];
  if (!area || area.pages === null || area.num_accesses === 0) return '-ENOENT';
  area.num_accesses--;
  // S2 `iopt_area_remove_access`: the xarray is unfilled only when the last user of the range goes
  if (area.num_accesses > 0) return 0;
  k.pages[area.pages]!.inXarray = accessHolds(k, area.pages);
  unpinIfUnheld(k, area.pages, currentMm, rlimit);
  return 0;
}

/**
 * S7 `iommufd_access_rw` -> S2 `iopt_pages_rw_access`: copies without pinning. FILE pages
 * always take the pfn_reader slow path (`iopt_pages_rw_slow`, 976a40c07561). USER pages are
 * copied with `copy_to/from_user` under `kthread_use_mm(source_mm)`, reaching whatever that mm
 * maps at `uptr` now; when `mmget_not_zero(source_mm)` fails the kernel falls back to
 * `iopt_pages_rw_slow`, whose pfn_reader reads a domain or the xarray if either holds the
 * pages and only otherwise the origin, which is dead: `-EFAULT`. (Read in pages.c:
 * `if (!mmget_not_zero(pages->source_mm)) return iopt_pages_rw_slow(...)`.)
 */
export function accessRw(k: KernelState, mapping: string): Reach {
  const area = k.areas[mapping];
  if (!area || area.pages === null) return { rc: '-ENOENT', reached: null };
  if (area.prevent_access) return { rc: '-EINVAL', reached: null };
  const p = k.pages[area.pages]!;
  const liveUser = p.type === 'user' && k.mms[p.source_mm]!.alive;
  if (!liveUser && (p.inXarray || domainHolds(k, area.pages))) return { rc: 0, reached: p.pinnedObj };
  const reached = originObject(k, p);
  if (reached === null) return { rc: '-EFAULT', reached: null };
  // the copy runs off the end of the VMA (copy_to/from_user) or of the memfd (the pfn_reader)
  if (p.overrun) return { rc: p.type === 'user' ? '-EFAULT' : '-EINVAL', reached: null };
  return { rc: 0, reached };
}

/**
 * DMA by the passthrough device through the IOMMU domain: it reaches the pinned page the
 * domain maps, whatever the processes do (the IOMMU never consults an mm). No domain mapping
 * at that IOVA -> an IOMMU fault. INV-1: the page is pinned while it is mapped.
 */
export function deviceDma(k: KernelState, mapping: string): Reach {
  const dma = k.container.dmas[mapping];
  if (dma) return dma.npinned > 0 ? { rc: 0, reached: dma.pinnedObj } : { rc: '-EFAULT', reached: null };
  const area = k.areas[mapping];
  const pagesId = area?.pages ?? area?.pending ?? null;
  const p = pagesId === null ? undefined : k.pages[pagesId];
  if (!p || !area!.filled) return { rc: '-EFAULT', reached: null };
  return { rc: 0, reached: p.pinnedObj };
}
