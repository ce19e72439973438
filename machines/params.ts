// Parameters of the live-update model: what `lucheck list live-update` shows and `--set`
// validates. The table of PRODUCT.md, extended where users of the model need more.
import type { ParamSpecs, ParamValues } from 'lucheck';

export const VARIANTS = {
  iommufd: ['rfc-v1', 'v6.13', 'mainline'],
  'vfio-type1': ['v5.12', 'v6.3'],
} as const;

export type Backend = keyof typeof VARIANTS;
export type BugId = 'B1' | 'B2' | 'B3' | 'B6' | 'B7';

/**
 * The historical bugs each variant shipped with (kernel-reference.md section 5):
 * B1, B2, B3 are in type1 from v5.12 (c3cbab24db38, 898b9eaeb3fe) until the v6.3-rc1 fixes
 * (046eca5018f8, 18e292705ba2 + 90fdd158a695, ef3a3f6a294b + reverts); B6 is in iommufd from
 * v6.13 (829ed626499c) until the fix seen in linux-next as d616de490ec0 (S19).
 * B7 is in v5.12 too: with B3's waits, `vfio_find_dma_valid` never returns WAITED, so a pin
 * over several IOVAs goes on after a sleep without re-checking the IOVAs it checked before it
 * (fixed by ffc95d1b8edb in v5.15, and in 5.13.y/5.14.y).
 */
export const VARIANT_BUGS: Readonly<Record<string, readonly BugId[]>> = {
  'v5.12': ['B1', 'B2', 'B3', 'B7'],
  'v6.3': [],
  'rfc-v1': [],
  'v6.13': ['B6'],
  mainline: [],
};

/** Which bugs a bug id can apply to: B1-B3 and B7 are type1 bugs, B6 an iommufd one. */
export const BUG_BACKEND: Readonly<Record<BugId, Backend>> = { B1: 'vfio-type1', B2: 'vfio-type1', B3: 'vfio-type1', B6: 'iommufd', B7: 'vfio-type1' };

export const PARAMS: ParamSpecs = {
  backend: { default: 'iommufd', values: ['iommufd', 'vfio-type1'], description: 'which kernel interface the VMM uses' },
  variant: {
    default: 'mainline',
    values: [...VARIANTS.iommufd, ...VARIANTS['vfio-type1']],
    description:
      'kernel version/design modelled: iommufd rfc-v1 (address-based CHANGE_PROCESS), v6.13 (MAP_FILE + file-only CHANGE_PROCESS as merged), mainline (v6.13 + later fixes); vfio-type1 v5.12 (vaddr update, blocking waits), v6.3 (the fixes)',
  },
  bugs: {
    default: ['variant'],
    values: ['variant', 'B1', 'B2', 'B3', 'B6', 'B7'],
    description:
      "historical bugs switched on: 'variant' = the ones the variant shipped with (v5.12: B1,B2,B3,B7; v6.13: B6); an explicit list replaces them; none = all fixed",
  },
  accounting: {
    default: 'user',
    values: ['user', 'mm', 'none'],
    description: 'iommufd account_mode of the pages (none = the owner has CAP_IPC_LOCK); type1 always charges the mm',
  },
  handover: {
    default: 'exec',
    values: ['exec', 'fork-exec', 'scm-rights'],
    description: 'how the new VMM image gets the fds: exec in place, fork then exec in the child, or a separate process receiving them over SCM_RIGHTS',
  },
  uid: {
    default: 'same',
    values: ['same', 'other'],
    description: "with handover=scm-rights: whether the VMM receiving the fds runs as the old VMM's user or as another one (USER-mode accounting then moves between user_structs)",
  },
  memory: {
    default: 'memfd',
    values: ['memfd', 'anon', 'mixed'],
    description: 'what backs guest RAM: a memfd, anonymous memory, or one mapping of each (mixed)',
  },
  remap: {
    default: 'same',
    values: ['same', 'different'],
    description: 'for VA-based updates (rfc-v1, type1 MAP_FLAG_VADDR): whether the new image maps the same memory object at the new address (anonymous memory never can)',
  },
  pinBatch: {
    default: false,
    description: 'type1 with mdev=true and two RAM blocks: the mdev pins both blocks in one vfio_pin_pages call (first every IOVA is checked, sleeping while one is invalid, then all are pinned)',
  },
  vaddrUpdate: {
    default: 'all',
    values: ['all', 'per-block'],
    description: "type1: how the VMMs update the vaddrs: 'all' invalidates every one in one VFIO_DMA_UNMAP_FLAG_VADDR (as QEMU's CPR does) and registers them in order; 'per-block' invalidates and registers one block at a time, in any order",
  },
  mdev: { default: false, description: 'an in-kernel client (mediated device / iommufd access) that pins and reads by IOVA' },
  accesses: {
    default: 1,
    range: [1, 8],
    description: 'with mdev=true on iommufd: how many in-kernel clients (iommufd accesses) pin and read concurrently; access i works on RAM block i mod the number of blocks',
  },
  device: { default: true, description: 'a passthrough device whose IOMMU domain is attached, so mappings are pinned at map time and DMA runs through it' },
  replug: {
    default: 'no',
    values: ['no', 'unplug-first', 'plug-first'],
    description: "iommufd with device=true: at any point of the hand-over the VMM replaces the passthrough device, while in-kernel clients may hold pins: 'unplug-first' removes its domain and then fills a new one; 'plug-first' fills the new one (from the first) while the first is still attached, then removes the first",
  },
  copy: {
    default: false,
    description: 'iommufd: the new VMM copies the first guest RAM mapping into a second IOAS, for a second device whose domain is always attached (IOMMU_IOAS_COPY, split at its lock drops), while the hand-over runs: one iopt_pages then backs two areas',
  },
  moveAccess: {
    default: 'no',
    values: ['no', 'yes', 'misaligned'],
    description: "with copy=true and mdev=true: the VMM moves the first in-kernel client to the second IOAS (iommufd_access_change_ioas, split where it drops ioas_lock); misaligned: the second IOAS holds an area not aligned to the client's PAGE_SIZE, so the move fails with -EADDRINUSE",
  },
  mapLength: {
    default: 'exact',
    values: ['exact', 'past-vma', 'overflow'],
    description: "iommufd: the length the VMMs give their maps: the size of what they mmapped, one page more (a VMM bug: with a domain the MAP fails at once, without one it succeeds lazily and the first pin fails), or one that wraps uptr + length (-EOVERFLOW)",
  },
  hotplug: { default: false, description: 'the new VMM maps one more memfd region (MAP_FILE, split at its lock drops) while the hand-over runs' },
  ramBlocks: { default: 1, range: [1, 2], description: 'guest RAM blocks of the memory kind chosen (memory=mixed always has two, one of each kind)' },
  pages: { default: 1, range: [1, 4], description: 'pages per mapping' },
  rlimit: { default: 8, range: [0, 64], description: 'RLIMIT_MEMLOCK of the VMM processes, in pages' },
};

/** The bugs in effect for a parameter assignment. */
export function activeBugs(p: ParamValues): ReadonlySet<BugId> {
  const listed = p.bugs as readonly string[];
  const ids = listed.includes('variant') ? [...(VARIANT_BUGS[p.variant as string] ?? []), ...listed.filter((b) => b !== 'variant')] : listed;
  return new Set(ids as BugId[]);
}
