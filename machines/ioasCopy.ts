// IOMMU_IOAS_COPY of a guest RAM mapping into a second IOAS (a second device's, whose domain is
// always attached): the same `iopt_pages` then backs an area in each IOAS (kernel-reference.md
// 2.4; S1 `iommufd_ioas_copy`: `iopt_get_pages` on the source, then S3 `iopt_map_pages` on the
// destination). Split where the destination's locks are dropped, as MAP_FILE is.
import type { Errno } from './accounting.ts';
import { pinFromOrigin, putPages } from './iommufd.ts';
import type { KernelState } from './kernelState.ts';

/** The copy of `source` is the area `c<n>` of `ioas2` (c0 copies m0). */
export function copyOf(source: string): string {
  return source.replace(/^m/, 'c');
}

/**
 * `iopt_get_pages` under the source's `iova_rwsem` (read): a reference to the pages of a
 * published area (a hole or a half-built area: `-ENOENT`, the selftest copy_sweep), then
 * `iopt_alloc_area_pages` under the destination's `iova_rwsem` (write): the area inserted with
 * `pages == NULL`. Modelling choice: the two are one step. Between them the copy holds only a
 * kref on the pages, so an UNMAP of the source in between leaves the same state as one right
 * after the insert (the pages object lives on, unpinned unless another holder has it).
 */
export function copyInsert(k: KernelState, source: string): Errno {
  const src = k.areas[source];
  if (!src || src.pages === null) return '-ENOENT';
  k.areas[copyOf(source)] = { ioas: 'ioas2', pages: null, pending: src.pages, num_accesses: 0, prevent_access: false, filled: false };
  return 0;
}

/**
 * `iopt_fill_domains_pages` under the destination's `domains_rwsem` (read) and `pages->mutex`
 * only: the destination domain is filled, from a domain or access already holding the pages
 * (no new pin) or else pinned from the origin and charged to the pages' source. On failure the
 * area is removed again (`iopt_abort_area`) and the reference put.
 */
export function copyFill(k: KernelState, source: string, currentMm: string | null, rlimit: number): Errno {
  const id = copyOf(source);
  const area = k.areas[id]!;
  const rc = pinFromOrigin(k, area.pending!, currentMm, rlimit);
  if (rc) {
    const pagesId = area.pending!;
    delete k.areas[id];
    putPages(k, pagesId);
    return rc;
  }
  area.filled = true;
  return 0;
}

/** `area->pages = pages` under the destination's `iova_rwsem` (write): the copy maps what the pages pin. */
export function copyPublish(k: KernelState, source: string): Errno {
  const id = copyOf(source);
  const area = k.areas[id]!;
  area.pages = area.pending;
  area.pending = null;
  k.intended[id] = k.pages[area.pages!]!.pinnedObj!;
  return 0;
}
