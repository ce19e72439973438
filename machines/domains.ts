// IOMMU domains coming and going under a live IOAS: a passthrough device detaches (hot-unplug,
// or its HWPT replaced) and another attaches, while in-kernel clients hold pins. Each is one
// step: the kernel holds `domains_rwsem` and `iova_rwsem` for write throughout (S3
// io_pagetable.c `iopt_table_remove_domain` / `iopt_table_add_domain`). Sources:
// kernel-reference.md 2.1, 2.3 (S2 pages.c, S3 io_pagetable.c), selftests fork_gone and
// access_pin (test/liveUpdate/selftests.test.ts).
import type { Errno } from './accounting.ts';
import { pinFromOrigin, unpinIfUnheld } from './iommufd.ts';
import type { KernelState } from './kernelState.ts';

/**
 * The published areas of the VMM's IOAS (the one whose device is replugged) in IOVA order, with
 * their pages: `iopt_fill_domain` / `iopt_unfill_domain` skip an area whose `pages` is NULL
 * (`if (!pages) continue;`).
 */
function published(k: KernelState): [area: string, pages: string][] {
  return Object.keys(k.areas)
    .sort()
    .flatMap((id) => {
      const a = k.areas[id]!;
      return a.pages === null || a.ioas !== 'ioas1' ? [] : [[id, a.pages] as [string, string]];
    });
}

/**
 * A domain is removed (S3 `iopt_unfill_domain`). With another one left, that one becomes the
 * areas' storage domain ("Pick an arbitrary remaining domain to act as storage") and the removed
 * one is only unmapped: nothing is unpinned. The last one: for every published area,
 * `iopt_area_unfill_domain` unmaps it and then unpins what no access holds in its xarray,
 * uncharging through `update_unpinned` (errors ignored). Pages an access holds stay pinned and
 * charged, once.
 */
export function detachDomain(k: KernelState, currentMm: string | null, rlimit: number): Errno {
  if (k.ctx.domains > 1) {
    k.ctx.domains--;
    return 0;
  }
  for (const [area, pagesId] of published(k)) {
    k.areas[area]!.filled = false;
    unpinIfUnheld(k, pagesId, currentMm, rlimit);
  }
  k.ctx.domains = 0;
  return 0;
}

/**
 * A domain is attached (S3 `iopt_fill_domain`): for every published area,
 * `iopt_area_fill_domain`, whose pfn_reader takes the indices from a domain already attached
 * (the selftest fork_gone: "this copies from one domain to another") or from an access's xarray
 * (no new pin, no charge), and pins the rest from the origin and charges them
 * (`pfn_reader_user_pin`: `-EFAULT` for a USER origin whose source mm is gone, the selftest
 * fork_gone's "we need to actually pin pages which can't happen since the fork is gone").
 * On failure the areas filled so far are unfilled again ("On failure the domain is left
 * unchanged") and the device stays detached. Returns the area whose fill failed, if one did.
 */
export function attachDomain(k: KernelState, currentMm: string | null, rlimit: number): { rc: Errno; area: string | null } {
  if (k.ctx.domains > 0) {
    k.ctx.domains++; // every published area is pinned and in the first domain already
    return { rc: 0, area: null };
  }
  const filled: [string, string][] = [];
  for (const [area, pagesId] of published(k)) {
    const rc = pinFromOrigin(k, pagesId, currentMm, rlimit);
    if (rc) {
      for (const [a, p] of filled) {
        k.areas[a]!.filled = false;
        unpinIfUnheld(k, p, currentMm, rlimit);
      }
      return { rc, area };
    }
    k.areas[area]!.filled = true;
    filled.push([area, pagesId]);
  }
  k.ctx.domains = 1;
  return { rc: 0, area: null };
}
