// iommufd operations on the model state, one function per ioctl or kernel entry (or per step
// of one, where the kernel drops and retakes a lock inside it). Each takes a draft copy of the
// state and returns 0 or a negative errno name. Sources: kernel-reference.md section 2
// (S1 ioas.c, S2 pages.c, S3 io_pagetable.c, S7 device.c).
import type { Errno } from './accounting.ts';
import { iommufdUpdatePinned } from './accounting.ts';
import type { KernelState, Pages } from './kernelState.ts';
import type { MappingPlan, Plan } from './plan.ts';

export interface MapRequest {
  mapping: string;
  /** The calling task ('old' or 'new') and its mm. */
  caller: string;
  /** The caller's user (`current_user()`). */
  user: string;
  kind: 'user' | 'file';
  /** USER: the VA in the caller's mm; FILE: the memfd. */
  origin: string;
  npages: number;
  accountMode: 'none' | 'user' | 'mm';
  rlimit: number;
  /** The length runs one page past the VMA (USER) or the end of the memfd (FILE). */
  overrun: boolean;
  /** `uptr + length` (USER) or `start + length` (FILE) wraps. */
  overflow: boolean;
}

/** The IOMMU_IOAS_MAP(_FILE) request a VMM makes for one of its planned RAM mappings. */
export function mapRequest(plan: Plan, m: MappingPlan, caller: string): MapRequest {
  return {
    mapping: m.id,
    caller,
    user: plan.users[caller as 'old' | 'new'],
    kind: m.kind,
    origin: m.kind === 'file' ? m.object : m.oldVa,
    npages: plan.npages,
    accountMode: plan.accountMode,
    rlimit: plan.rlimit,
    overrun: plan.mapLength === 'past-vma',
    overflow: plan.mapLength === 'overflow',
  };
}

/** The memory object a pages object's origin resolves to now, or null (dead mm, no VMA). */
export function originObject(k: KernelState, p: Pages): string | null {
  if (p.type === 'file') return p.file;
  const mm = k.mms[p.source_mm]!;
  if (!mm.alive) return null;
  return mm.vmas[p.uptr!] ?? null;
}

/**
 * S2 `iopt_alloc_pages`: a new `iopt_pages` records `current`'s mm and user (`get_uid(current_user())`); account_mode NONE
 * with CAP_IPC_LOCK, else USER, upgraded to MM when the ctx is in MM mode (S3
 * `iopt_map_common`). Here the mode is the `accounting` parameter.
 */
export function allocPages(k: KernelState, req: MapRequest): string {
  const id = `P${req.mapping}`;
  k.pages[id] = {
    type: req.kind,
    file: req.kind === 'file' ? req.origin : null,
    uptr: req.kind === 'user' ? req.origin : null,
    npages: req.npages,
    overrun: req.overrun,
    npinned: 0,
    last_npinned: 0,
    source_mm: k.tasks[req.caller]!.mm!,
    source_user: req.user,
    account_mode: req.accountMode,
    pinnedObj: null,
    inXarray: false,
  };
  return id;
}

/**
 * Pins every index of `p` from its origin and charges it: S2 `pfn_reader_user_pin` (USER: the
 * recorded `source_mm`, via `mmget_not_zero`, `-EFAULT` when dead; FILE: `memfd_pin_folios`, no
 * mm consulted), then `pfn_reader_user_update_pinned` -> `iopt_pages_update_pinned`; when the
 * charge fails the error unwind unpins what was just pinned. Records the ground-truth charge in
 * the ledger on success.
 */
export function pinFromOrigin(k: KernelState, pagesId: string, currentMm: string | null, rlimit: number): Errno {
  const p = k.pages[pagesId]!;
  if (p.npinned > 0) return 0; // S2 header: a PFN taken out of the origin is pinned exactly once
  const obj = originObject(k, p);
  if (obj === null) return '-EFAULT';
  // past the end: pin_user_pages_remote stops at the VMA's end (-EFAULT, the selftest
  // basic_mmap "half way through mapping"); memfd_pin_folios past EOF (-EINVAL, basic_file)
  if (p.overrun) return p.type === 'user' ? '-EFAULT' : '-EINVAL';
  p.npinned = p.npages;
  const rc = iommufdUpdatePinned(k, p, p.npages, true, currentMm, rlimit, true);
  if (rc) {
    p.npinned = 0;
    return rc;
  }
  p.pinnedObj = obj;
  k.ledger[pagesId] = { pages: p.npages, mode: p.account_mode, mm: p.source_mm, user: p.source_user, pinnedVm: true };
  return 0;
}

/**
 * Unpins `p` once nothing holds it any more, and uncharges (S2 `update_unpinned`, which ignores
 * errors). The pins are gone either way; `last_npinned` follows the uncharge, as in pages.c:
 * `do_update_pinned` (now `iopt_pages_update_pinned`) returns on error before
 * `pages->last_npinned = pages->npinned`, so a failed uncharge (MM mode, a dead source mm that is
 * not the caller's: `update_mm_locked_vm` -> `-EINVAL`) leaves it at the pages it had charged.
 */
/** Whether a domain maps `pagesId` through some area (the area filled, published or not). */
export function domainHolds(k: KernelState, pagesId: string): boolean {
  for (const id in k.areas) {
    const a = k.areas[id]!;
    if (a.filled && (a.pages === pagesId || a.pending === pagesId)) return true;
  }
  return false;
}

/**
 * Whether an access still holds `pagesId` through some area once one area's accesses are gone:
 * the xarray keeps indices while any area of the pages has an access on it (S2
 * `iopt_area_remove_access`, `pages->access_itree`; IOMMU_IOAS_COPY shares pages between areas).
 */
export function accessHolds(k: KernelState, pagesId: string): boolean {
  for (const id in k.areas) {
    const a = k.areas[id]!;
    if (a.pages === pagesId && a.num_accesses > 0) return true;
  }
  return false;
}

/** `iopt_put_pages` of an area's reference: the pages object goes with the last area that names it (IOMMU_IOAS_COPY shares one). */
export function putPages(k: KernelState, pagesId: string): void {
  for (const id in k.areas) {
    const a = k.areas[id]!;
    if (a.pages === pagesId || a.pending === pagesId) return;
  }
  delete k.pages[pagesId];
}

export function unpinIfUnheld(k: KernelState, pagesId: string, currentMm: string | null, rlimit: number): void {
  const p = k.pages[pagesId]!;
  if (p.inXarray || p.npinned === 0 || domainHolds(k, pagesId)) return;
  const n = p.npinned;
  p.npinned = 0;
  iommufdUpdatePinned(k, p, n, false, currentMm, rlimit); // result ignored, as update_unpinned does
  p.pinnedObj = null;
  delete k.ledger[pagesId];
}

/**
 * IOMMU_IOAS_MAP / IOMMU_IOAS_MAP_FILE as one step (S1 `iommufd_ioas_map(_file)`, S3
 * `iopt_map_pages`): a range that wraps -> `-EOVERFLOW` (ref 2.1 check 5: `iopt_alloc_user_pages`
 * `check_add_overflow(uptr, length)`; ref 2.2: `start + length - 1`), then area inserted, domains filled (pins now only when a domain is attached:
 * "For non-domain page tables this will only setup a lazy reference"), area published.
 * Used where nothing else can observe the half-built area; see `mapFileInsert` for the split.
 */
export function ioasMap(k: KernelState, req: MapRequest): Errno {
  if (req.overflow) return '-EOVERFLOW';
  const pagesId = allocPages(k, req);
  if (k.ctx.domains > 0) {
    const rc = pinFromOrigin(k, pagesId, k.tasks[req.caller]!.mm, req.rlimit);
    if (rc) {
      delete k.pages[pagesId];
      return rc;
    }
  }
  k.areas[req.mapping] = { ioas: 'ioas1', pages: pagesId, pending: null, num_accesses: 0, prevent_access: false, filled: k.ctx.domains > 0 };
  k.intended[req.mapping] = req.kind === 'file' ? req.origin : k.mms[k.tasks[req.caller]!.mm!]!.vmas[req.origin]!;
  return 0;
}

/**
 * IOMMU_IOAS_MAP_FILE, first step (S3 `iopt_alloc_area_pages` under `iova_rwsem` write): the
 * area is inserted with `pages == NULL` ("not fully initialized yet") and `iova_rwsem` is
 * dropped. The pages object exists but is reachable only from the mapping thread.
 */
export function mapFileInsert(k: KernelState, req: MapRequest): Errno {
  if (req.overflow) return '-EOVERFLOW';
  const pagesId = allocPages(k, req);
  k.areas[req.mapping] = { ioas: 'ioas1', pages: null, pending: pagesId, num_accesses: 0, prevent_access: false, filled: false };
  return 0;
}

/** Second step (S3 `iopt_fill_domains_pages`, under `domains_rwsem` only): pin and map into the domain. */
export function mapFileFill(k: KernelState, req: MapRequest): Errno {
  const area = k.areas[req.mapping]!;
  if (k.ctx.domains === 0) return 0;
  const rc = pinFromOrigin(k, area.pending!, k.tasks[req.caller]!.mm, req.rlimit);
  if (rc) {
    // error unwind: the area is removed again (S3 `iopt_abort_area`)
    delete k.pages[area.pending!];
    delete k.areas[req.mapping];
    delete k.intended[req.mapping];
    return rc;
  }
  area.filled = true;
  return 0;
}

/** Third step (S3 `iopt_map_pages`, `iova_rwsem` write again): `area->pages = pages`. */
export function mapFilePublish(k: KernelState, mapping: string): Errno {
  const area = k.areas[mapping]!;
  area.pages = area.pending;
  area.pending = null;
  k.intended[mapping] = k.pages[area.pages!]!.file!;
  return 0;
}
