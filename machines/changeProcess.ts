// IOMMU_IOAS_CHANGE_PROCESS in its three modelled forms. Sources: kernel-reference.md 2.5
// (S1 `iommufd_ioas_change_process`, commit 829ed626499c, v6.13), 6.2 (RFC V1, S15) and
// section 5 B6 (S19).
import type { Errno } from './accounting.ts';
import { iommufdUpdatePinned } from './accounting.ts';
import type { AccountingView, KernelState, Pages } from './kernelState.ts';

export interface ChangeProcessRequest {
  caller: string;
  /** The caller's user (`current_user()`). */
  user: string;
  variant: 'rfc-v1' | 'v6.13' | 'mainline';
  /** B6: pass 1 dereferences `area->pages` without a NULL check. */
  nullDerefBug: boolean;
  rlimit: number;
  /** RFC V1 only: the `{addr_old, addr_new}` list QEMU passes (one entry per RAM block). */
  umap: readonly { addrOld: string; addrNew: string }[];
}

/** The accounting slice INV-7 compares before and after. */
export function accountingView(k: KernelState): AccountingView {
  const counters: Record<string, number> = {};
  for (const [u, v] of Object.entries(k.users)) counters[`${u}.locked_vm`] = v.locked_vm;
  for (const [m, v] of Object.entries(k.mms)) {
    counters[`${m}.locked_vm`] = v.locked_vm;
    counters[`${m}.pinned_vm`] = v.pinned_vm;
  }
  const sources: Record<string, string> = {};
  const lastNpinned: Record<string, number> = {};
  for (const [id, p] of Object.entries(k.pages)) {
    sources[id] = `${p.source_mm}/${p.source_user}${p.uptr ? `@${p.uptr}` : ''}`;
    lastNpinned[id] = p.last_npinned;
  }
  return { counters, sources, lastNpinned };
}

/**
 * S1 `need_charge_update`: NONE -> false; MM -> `source_mm != current->mm`; USER ->
 * `source_user != current_user() || source_mm != current->mm` ("Update when mm changes because
 * it also accounts in mm->pinned_vm").
 */
function needChargeUpdate(p: Pages, mm: string, user: string): boolean {
  if (p.account_mode === 'none') return false;
  if (p.account_mode === 'mm') return p.source_mm !== mm;
  return p.source_user !== user || p.source_mm !== mm;
}

/**
 * The whole ioctl as one atomic step: it holds `ioas_creation_lock` and every `iova_rwsem`
 * write from start to end (S1 `iommufd_take_all_iova_rwsem`), so nothing interleaves inside
 * it. Returns 0, an errno, or 'oops' when pass 1 dereferences a NULL `area->pages` (B6).
 */
export function changeProcess(k: KernelState, req: ChangeProcessRequest): Errno | 'oops' {
  const mm = k.tasks[req.caller]!.mm!;
  const user = req.user;
  // Areas in IOVA order; `pending` areas have `pages == NULL` until their MAP publishes them.
  const areaIds = Object.keys(k.areas).sort();
  // Pass 1 (S1): any non-FILE area -> -EINVAL. It reads `area->pages->type`: with B6 a
  // half-built area oopses. The fix (S19; read in a fixed tree: `if (!area->pages) { rc =
  // -EBUSY; goto out; }`) aborts the whole ioctl with -EBUSY before anything is changed.
  for (const id of areaIds) {
    const pagesId = k.areas[id]!.pages;
    if (pagesId === null) return req.nullDerefBug ? 'oops' : '-EBUSY';
    if (req.variant !== 'rfc-v1' && k.pages[pagesId]!.type !== 'file') return '-EINVAL';
  }
  const distinct = [...new Set(areaIds.map((id) => k.areas[id]!.pages).filter((p): p is string => p !== null))];
  // RFC V1: every USER mapping must be named by an entry of the umap list [unconfirmed: the
  // RFC's exact checks were not retrievable; an unmatched mapping is taken as -EINVAL].
  if (req.variant === 'rfc-v1') {
    for (const id of distinct) {
      const p = k.pages[id]!;
      if (p.type === 'user' && !req.umap.some((u) => u.addrOld === p.uptr)) return '-EINVAL';
    }
  }
  // Pass 2: collect what must move, per account mode, zeroing last_npinned to de-duplicate.
  const all: Record<'none' | 'user' | 'mm', number> = { none: 0, user: 0, mm: 0 };
  for (const id of distinct) {
    const p = k.pages[id]!;
    if (needChargeUpdate(p, mm, user)) {
      all[p.account_mode] += p.last_npinned;
      p.last_npinned = 0;
    }
  }
  // `charge_current`: a temporary pages with the caller as source; undo earlier modes on failure.
  const charged: ('user' | 'mm')[] = [];
  let rc: Errno = 0;
  for (const mode of ['user', 'mm'] as const) {
    if (all[mode] === 0) continue;
    const tmp: Pages = { type: 'file', file: null, uptr: null, npages: 0, overrun: false, npinned: all[mode], last_npinned: 0, source_mm: mm, source_user: user, account_mode: mode, pinnedObj: null, inXarray: false };
    rc = iommufdUpdatePinned(k, tmp, all[mode], true, mm, req.rlimit);
    if (rc) break;
    charged.push(mode);
  }
  if (rc) {
    for (const mode of charged) {
      const tmp: Pages = { type: 'file', file: null, uptr: null, npages: 0, overrun: false, npinned: 0, last_npinned: all[mode], source_mm: mm, source_user: user, account_mode: mode, pinnedObj: null, inXarray: false };
      iommufdUpdatePinned(k, tmp, all[mode], false, mm, req.rlimit);
    }
    for (const id of distinct) k.pages[id]!.last_npinned = k.pages[id]!.npinned;
    return rc;
  }
  // Pass 3: uncharge the old principal (evaluated against the old source), then `change_mm`.
  for (const id of distinct) {
    const p = k.pages[id]!;
    if (needChargeUpdate(p, mm, user)) {
      if (iommufdUpdatePinned(k, p, p.npinned, false, mm, req.rlimit)) rc = '-EINVAL'; // WARN_ON, processing continues
    }
    p.source_mm = mm;
    p.source_user = user;
    if (req.variant === 'rfc-v1' && p.type === 'user') p.uptr = req.umap.find((u) => u.addrOld === p.uptr)!.addrNew;
    // Ground truth (A8): the caller now carries every pinned page of the ctx.
    if (k.ledger[id]) k.ledger[id] = { ...k.ledger[id]!, mm, user };
  }
  return rc;
}
