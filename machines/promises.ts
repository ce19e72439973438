// What a syscall promises when it returns 0: the success twin of INV-8 ("a failing syscall
// changes nothing"). Each promise is what the call's uAPI documentation says it did, checked on
// the state right after the call against the kernel objects themselves (areas, iopt_pages,
// vfio_dmas and their pin counts), never against the counter or record the call itself keeps.
// Sources: kernel-reference.md 2.1-2.3, 2.5, 2.8, 2.10 (S5 include/uapi/linux/iommufd.h, S9 and
// include/uapi/linux/vfio.h).
import { accessHolds, domainHolds } from './iommufd.ts';
import type { KernelState } from './kernelState.ts';

/** What was not done, or true when the call kept its promise. */
export type Promised = (k: KernelState) => string | true;

/**
 * IOMMU_IOAS_MAP / IOMMU_IOAS_MAP_FILE / IOMMU_IOAS_COPY = 0 (ref 2.1, 2.2, 2.4): the IOVA range is mapped to the
 * pages, and with a domain attached they are pinned and in it ("the IOVA range is mapped into
 * every domain"; without one only a lazy reference is set up).
 */
export function ioasMapped(mapping: string): Promised {
  return (k) => {
    const area = k.areas[mapping];
    if (!area || area.pages === null) return `nothing is mapped at ${mapping}`;
    const p = k.pages[area.pages]!;
    // the second IOAS (IOMMU_IOAS_COPY's, `copy=true`) always has its device's domain
    const domain = area.ioas === 'ioas2' || k.ctx.domains > 0;
    if (domain && !(area.filled && p.npinned === p.npages)) return `${mapping} is not pinned into the domain (${p.npinned} of ${p.npages} pages pinned)`;
    return true;
  };
}

/**
 * IOMMU_IOAS_UNMAP = 0 (ref 2.3): the area is gone, no access holds its range (every
 * `ops->unmap` ran), and its pages were unpinned unless another area still maps them.
 */
export function ioasUnmapped(mapping: string): Promised {
  return (k) => {
    if (k.areas[mapping]) return `${mapping} is still mapped`;
    const held = k.mdevWork.holds.find((h) => h.endsWith(`:${mapping}`));
    if (held) return `${held.slice(0, held.indexOf(':'))} still holds pins on ${mapping}`;
    const pagesId = `P${mapping}`;
    const p = k.pages[pagesId];
    if (p && !Object.values(k.areas).some((a) => a.pages === pagesId || a.pending === pagesId)) return `${pagesId} outlives its last area with ${p.npinned} pages pinned`;
    return true;
  };
}

/**
 * IOMMU_IOAS_CHANGE_PROCESS = 0 (ref 2.5, uAPI: "This transfers pinned memory counts for every
 * memory map in every IOAS in the context to the current process"): every pages object names
 * the caller as its source, and the caller's counters carry every pinned page: `pinned_vm` of
 * its mm all of them (iommufd charges it in every mode), `locked_vm` of its mm those in MM mode,
 * of its user those in USER mode. The counts are summed from the pages objects' own `npinned`.
 */
export function processChanged(callerMm: string, callerUser: string): Promised {
  return (k) => {
    let pinned = 0;
    let mmLocked = 0;
    let userLocked = 0;
    for (const [id, p] of Object.entries(k.pages)) {
      if (p.source_mm !== callerMm || p.source_user !== callerUser) return `${id} is still sourced from ${p.source_mm}/${p.source_user}`;
      pinned += p.npinned;
      if (p.account_mode === 'mm') mmLocked += p.npinned;
      if (p.account_mode === 'user') userLocked += p.npinned;
    }
    const mm = k.mms[callerMm]!;
    if (mm.pinned_vm < pinned) return `${callerMm}->pinned_vm is ${mm.pinned_vm} with ${pinned} pages pinned in the ctx`;
    if (mm.locked_vm < mmLocked) return `${callerMm}->locked_vm is ${mm.locked_vm} with ${mmLocked} pages pinned in MM mode`;
    const locked = k.users[callerUser]!.locked_vm;
    if (locked < userLocked) return `${callerUser}->locked_vm is ${locked} with ${userLocked} pages pinned in USER mode`;
    return true;
  };
}

/** `iommufd_access_pin_pages` = 0 (ref 2.8): the range is pinned and the access holds it (`num_accesses`). */
export function accessPinned(mapping: string): Promised {
  return (k) => {
    const area = k.areas[mapping];
    const p = area?.pages ? k.pages[area.pages] : undefined;
    if (!area || !p) return `nothing is mapped at ${mapping}`;
    if (area.num_accesses === 0 || !p.inXarray) return `no access is recorded on ${mapping}`;
    if (p.npinned !== p.npages) return `${p.npinned} of ${p.npages} pages of ${mapping} are pinned`;
    return true;
  };
}

/**
 * `iommufd_access_unpin_pages` (void; 0 in the model, S7): once no access is left on any area of
 * the pages, the xarray no longer holds them (`iopt_area_remove_access`).
 */
export function accessUnpinned(mapping: string): Promised {
  return (k) => {
    const area = k.areas[mapping];
    const p = area?.pages ? k.pages[area.pages] : undefined;
    return area && p && p.inXarray && !accessHolds(k, area.pages!) ? `the xarray still holds ${area.pages} with no access left on it` : true;
  };
}

/** VFIO_IOMMU_MAP_DMA = 0 (ref 2.10): the dma exists with a valid vaddr, pinned when the container has a domain. */
export function dmaMapped(mapping: string, domain: boolean, npages: number): Promised {
  return (k) => {
    const dma = k.container.dmas[mapping];
    if (!dma || dma.vaddr_invalid) return `no valid vfio_dma at ${mapping}`;
    if (domain && dma.npinned !== npages) return `vfio_dma ${mapping} has ${dma.npinned} of ${npages} pages pinned`;
    return true;
  };
}

/**
 * VFIO_IOMMU_UNMAP_DMA = 0 (ref 2.10, S9): the dma is gone with its pins. The ioctl also reports
 * the bytes unmapped in `unmap.size`, but a VMM takes 0 as done: QEMU's
 * `vfio_legacy_dma_unmap` (hw/vfio/container.c) returns 0 once the ioctl succeeds and never
 * reads `unmap.size` back.
 */
export function dmaUnmapped(mapping: string): Promised {
  return (k) => {
    const dma = k.container.dmas[mapping];
    return dma ? `vfio_dma ${mapping} is still mapped (${dma.npinned} pages pinned, unmap.size 0)` : true;
  };
}

/** VFIO_DMA_UNMAP_FLAG_VADDR = 0 (ref 2.10): every dma it covered (all, or the range of `only`) has an invalid vaddr until it is given a new one. */
export function vaddrsInvalid(only?: string): Promised {
  return (k) => {
    const valid = Object.entries(k.container.dmas).find(([id, d]) => (only === undefined || id === only) && !d.vaddr_invalid);
    return valid ? `vfio_dma ${valid[0]} still has a valid vaddr` : true;
  };
}

/** VFIO_DMA_MAP_FLAG_VADDR = 0 (ref 2.10): the dma's vaddr is the new one, valid, in the caller's mm. */
export function vaddrUpdated(mapping: string, vaddr: string, callerMm: string): Promised {
  return (k) => {
    const dma = k.container.dmas[mapping];
    if (!dma || dma.vaddr_invalid || dma.vaddr !== vaddr || dma.vaddrMm !== callerMm) return `vfio_dma ${mapping} does not translate ${vaddr} of ${callerMm}`;
    return true;
  };
}

/** VFIO_DEVICE_DETACH_IOMMUFD_PT = 0 (ref 2.3 unfill): with no domain left no page is in one, and no pin outlives its last holder. */
export const domainDetached: Promised = (k) => {
  if (k.ctx.domains === 0) for (const [id, a] of Object.entries(k.areas)) if (a.ioas === 'ioas1' && a.filled) return `${id} is still in the detached domain`;
  for (const [id, p] of Object.entries(k.pages)) {
    if (p.npinned > 0 && !p.inXarray && !domainHolds(k, id)) return `${id} keeps ${p.npinned} pages pinned with no holder`;
  }
  return true;
};

/** VFIO_DEVICE_ATTACH_IOMMUFD_PT = 0 (S3 `iopt_fill_domain`): the new domain maps every published area, pinned. */
export const domainAttached: Promised = (k) => {
  for (const [id, area] of Object.entries(k.areas)) {
    const p = area.pages === null || area.ioas !== 'ioas1' ? undefined : k.pages[area.pages];
    if (p && !(area.filled && p.npinned === p.npages)) return `${id} is not mapped into the new domain`;
  }
  return true;
};

/** iommufd_access_replace = 0 (S7 `iommufd_access_change_ioas`): the access works through the new IOAS and holds nothing in the old one. */
export function accessMoved(access: string): Promised {
  return (k) => {
    const at = k.mdevWork.at[access];
    if (!at || at.ioas !== 'ioas2' || at.unpin !== 'ioas2') return `${access} is not attached to ioas2`;
    const left = k.mdevWork.holds.find((h) => h.startsWith(`${access}:`) && k.areas[h.slice(h.indexOf(':') + 1)]?.ioas === 'ioas1');
    return left ? `${access} still holds ${left.slice(left.indexOf(':') + 1)} in ioas1` : true;
  };
}
