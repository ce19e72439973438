// The system state of the live-update model: processes and address spaces, the uid, memory
// objects, the iommufd objects (areas, iopt_pages) or the type1 container, the kernel client
// and the ground-truth ledger. Plain JSON, as the engine requires. Sources: kernel-reference.md
// sections 1 and 7 (S1-S4, S9, S10).

/** An address space (`struct mm_struct`): counters and what is mapped at which address. */
export interface Mm {
  /** mm_users > 0: the address space exists (`mmget_not_zero` succeeds). S2, S9. */
  alive: boolean;
  /** `mm->locked_vm`; may go negative only through a bug (it is unsigned in the kernel and wraps). S10. */
  locked_vm: number;
  /** `mm->pinned_vm` (iommufd charges every mode here; type1 never). S2. */
  pinned_vm: number;
  /** VA -> memory object mapped there. */
  vmas: Record<string, string>;
}

/** `struct iopt_pages` (S4), at the granularity of one whole mapping. */
export interface Pages {
  /** IOPT_ADDRESS_USER or IOPT_ADDRESS_FILE. */
  type: 'user' | 'file';
  /** FILE: the memfd. */
  file: string | null;
  /** USER: the user VA in `source_mm` (rewritten by RFC V1's CHANGE_PROCESS). */
  uptr: string | null;
  npages: number;
  /**
   * The range runs one page past what is mapped at its origin (`mapLength=past-vma`; every VMA
   * and memfd of the model is `pages` pages long): pinning or reading that page fails.
   */
  overrun: boolean;
  npinned: number;
  last_npinned: number;
  source_mm: string;
  /** One uid in this model: every process of the VMM runs as it. */
  source_user: string;
  account_mode: 'none' | 'user' | 'mm';
  /** The memory object whose pages are pinned (what DMA through the domain reaches), or null. */
  pinnedObj: string | null;
  /** Indices held in the `pinned_pfns` xarray by an access (the mdev). A domain's hold is its area's `filled`. */
  inXarray: boolean;
}

/** `struct iopt_area`: an IOVA range mapping one pages object; pages is null while half-built. S3. */
export interface Area {
  /** The IOAS the area is in: `ioas1`, the VMM's, or `ioas2`, the one `copy=true` copies into. */
  ioas: string;
  pages: string | null;
  /** The pages object a MAP in progress will publish (reachable only by the mapping thread). */
  pending: string | null;
  num_accesses: number;
  prevent_access: boolean;
  /** The IOAS's domain maps the area's range (its pages are held by that domain: S2 `domains_itree`). */
  filled: boolean;
}

/** `struct vfio_dma` (S9). */
export interface VfioDma {
  vaddr: string;
  /** The mm of the process that registered `vaddr` (MAP_DMA, or MAP_FLAG_VADDR): where it means something. */
  vaddrMm: string;
  vaddr_invalid: boolean;
  /** Post-fix: the mm recorded at map time (046eca5018f8); pre-fix the task's current mm is used. */
  mm: string;
  /** The task (group leader) that owns the mapping. */
  task: string;
  locked_vm: number;
  /** Pages pinned (by the IOMMU mapping or by the mdev), and the object they came from. */
  npinned: number;
  pinnedObj: string | null;
  /** Pinned for an mdev (pfn_list) rather than by the IOMMU mapping. */
  external: boolean;
}

/** Who should be charged for a pinned pages object: the ground truth the counters are audited against. */
export interface Charge {
  pages: number;
  mode: 'none' | 'user' | 'mm';
  mm: string;
  user: string;
  /** iommufd also charges `mm->pinned_vm` (every mode); type1 never does. */
  pinnedVm: boolean;
}

export interface KernelState {
  /** Tasks and the mm each currently runs in (null: not started / exited). */
  tasks: Record<string, { mm: string | null }>;
  mms: Record<string, Mm>;
  users: Record<string, { locked_vm: number }>;
  /**
   * iommufd ctx: open while any process holds its fd. `domains`: the IOMMU domains (passthrough
   * devices' HWPTs) attached to the VMM's IOAS, 0 to 2. `domainsRead`: a MAP or UNMAP of the hot-plug thread
   * holds `domains_rwsem` for read across its lock drops (S3 `iopt_map_pages`,
   * `iopt_unmap_iova_range`), so no domain is added or removed meanwhile.
   */
  ctx: { open: boolean; holders: string[]; domains: number; domainsRead: boolean };
  areas: Record<string, Area>;
  pages: Record<string, Pages>;
  /** type1 container. */
  container: { open: boolean; holders: string[]; vaddr_invalid_count: number; dmas: Record<string, VfioDma>; mdevAttached: boolean };
  /** Ground truth: what is pinned on whose account, kept by the model's own rules (never read from the counters). */
  ledger: Record<string, Charge>;
  /** Ground truth: the object the VMM meant to map at each IOVA (mapping id). */
  intended: Record<string, string>;
  /** The first failed or misdirected access during the hand-over (service invariant). */
  serviceBreak: null | { actor: string; op: string; mapping: string; ret: string; reached: string | null; expected: string };
  /** The last syscall (or kernel entry) of each actor and its return value, strace-style. */
  ret: Record<string, string>;
  /** A kernel oops (NULL dereference, ...): the machine is dead. */
  oops: string | null;
  /** The first syscall that failed yet changed kernel objects or counters (INV-8). */
  atomicityBreak: null | { call: string; ret: string };
  /** The first syscall that returned 0 without doing what its uAPI promises, and what it left undone (INV-13). */
  promiseBreak: null | { call: string; missing: string };
  /** What CHANGE_PROCESS (or MAP_FLAG_VADDR) saw and left, for the atomicity audit (INV-7). */
  lastChange: null | ChangeRecord;
  /**
   * The mdev's kernel thread / work item (type1: whether it sleeps in vfio_wait), and the pins
   * the in-kernel clients hold, as `access:mapping` (`mdev:m0`).
   */
  mdevWork: {
    /** type1: 'blocked' sleeps in vfio_wait; 'woken' was woken and has not run yet (`pinBatch`). */
    state: 'idle' | 'blocked' | 'woken' | 'done';
    holds: string[];
    /** type1 `pinBatch`: the entry of the pin call's first pass it sleeps on. */
    cursor: number;
    /** type1: the first pin made through a vaddr marked invalid (LIV-4), as `dma:vaddr`. */
    stale: string | null;
    /** iommufd, with `moveAccess`: the IOAS the moved access pins through (`access->ioas`, null mid-move) and unpins through (`access->ioas_unpin`). */
    at: Record<string, { ioas: string | null; unpin: string }>;
  };
}

/** Accounting before and after an ownership change. */
export interface ChangeRecord {
  call: string;
  ret: string;
  caller: string;
  before: AccountingView;
  after: AccountingView;
}

export interface AccountingView {
  counters: Record<string, number>;
  sources: Record<string, string>;
  lastNpinned: Record<string, number>;
}

/** Deep copy of plain JSON data; every step works on a copy, never on the snapshot it was given. */
export function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k in value) out[k] = clone((value as Record<string, unknown>)[k]);
    return out as T;
  }
  return value;
}
