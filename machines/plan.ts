// What a parameter assignment sets up: the guest RAM mappings, the memory objects behind them
// and the addresses they live at. Derived from the parameters, never stored in the state.
import type { ParamValues } from 'lucheck';
import { activeBugs, type BugId } from './params.ts';

export interface MappingPlan {
  /** Mapping (and area) id; also names its IOVA range. */
  id: string;
  /** IOPT_ADDRESS_FILE (IOMMU_IOAS_MAP_FILE of a memfd) or IOPT_ADDRESS_USER (IOMMU_IOAS_MAP of a VA). */
  kind: 'file' | 'user';
  /** The memory object guest RAM lives in. */
  object: string;
  /** The VA the old VMM maps it at (USER mappings), and the VA the new image uses. */
  oldVa: string;
  newVa: string;
}

export interface Plan {
  backend: 'iommufd' | 'vfio-type1';
  variant: string;
  bugs: ReadonlySet<BugId>;
  mappings: readonly MappingPlan[];
  /** What the new image maps at each new VA (RFC V1 / type1 vaddr update). */
  newImageObject: (m: MappingPlan) => string;
  accountMode: 'none' | 'user' | 'mm';
  handover: 'exec' | 'fork-exec' | 'scm-rights';
  /** The user (`current_user()`, a `user_struct`) each VMM runs as: u0, and u1 for a receiver of another uid. */
  users: { old: string; new: string };
  mdev: boolean;
  /** The in-kernel clients' region names: `mdev`, then `mdev1`, `mdev2` (iommufd only). */
  accesses: readonly string[];
  device: boolean;
  hotplug: boolean;
  /** The passthrough device is replaced during the run, unplugged first or plugged first (`replug.ts`). */
  replug: 'no' | 'unplug-first' | 'plug-first';
  /** The first mapping is copied into a second IOAS (`copyThread.ts`). */
  copy: boolean;
  /** The first access is moved to the second IOAS (`accessChangeIoas.ts`). */
  moveAccess: 'no' | 'yes' | 'misaligned';
  /** iommufd: the VMMs' map lengths (`mapRequest`). */
  mapLength: 'exact' | 'past-vma' | 'overflow';
  /** type1: the mdev pins both blocks in one call (`type1Batch.ts`). */
  pinBatch: boolean;
  /** type1: one VFIO_DMA_UNMAP_FLAG_VADDR for all, or one per block in any order. */
  vaddrUpdate: 'all' | 'per-block';
  npages: number;
  rlimit: number;
}

/**
 * Guest RAM per `memory`: a memfd, anonymous memory, or one of each. Before v6.13 there is no
 * MAP_FILE, so RFC V1 and type1 map a memfd by its VA (IOMMU_IOAS_MAP / VFIO_IOMMU_MAP_DMA;
 * kernel-reference.md 6.2: RFC V1's mappings "stay VA-based"); from v6.13 QEMU maps a RAM block
 * that has an fd with IOMMU_IOAS_MAP_FILE and keeps IOMMU_IOAS_MAP for fd-less memory (6.4).
 * Anonymous memory does not survive exec: the new image can only map a fresh object at the
 * new address, whatever `remap` says.
 */
export function planOf(p: ParamValues): Plan {
  let plan = plans.get(p);
  if (!plan) plans.set(p, (plan = buildPlan(p)));
  return plan;
}

/** The plan of each parameter assignment, worked out once: the model's predicates (progress.ts) and its symmetry ask for it in every state. */
const plans = new WeakMap<ParamValues, Plan>();

function buildPlan(p: ParamValues): Plan {
  const byFile = p.backend === 'iommufd' && p.variant !== 'rfc-v1';
  const kinds: ('memfd' | 'anon')[] =
    p.memory === 'mixed' ? ['memfd', 'anon'] : Array.from({ length: p.ramBlocks as number }, () => p.memory as 'memfd' | 'anon');
  const mappings = kinds.map((kind, i) => ({
    id: `m${i}`,
    kind: kind === 'memfd' && byFile ? ('file' as const) : ('user' as const),
    object: kind === 'memfd' ? `memfd${i}` : `anon${i}`,
    oldVa: `va${i}`,
    newVa: `nva${i}`,
  }));
  return {
    backend: p.backend as Plan['backend'],
    variant: p.variant as string,
    bugs: activeBugs(p),
    mappings,
    newImageObject: (m) => (m.object.startsWith('anon') ? `fresh-${m.object}` : p.remap === 'same' ? m.object : 'other-memfd'),
    accountMode: p.accounting as Plan['accountMode'],
    handover: p.handover as Plan['handover'],
    users: { old: 'u0', new: p.uid === 'other' ? 'u1' : 'u0' },
    mdev: p.mdev as boolean,
    accesses: p.mdev ? Array.from({ length: p.accesses as number }, (_, i) => (i === 0 ? 'mdev' : `mdev${i}`)) : [],
    device: p.device as boolean,
    hotplug: p.hotplug as boolean,
    replug: p.replug as Plan['replug'],
    copy: p.copy as boolean,
    moveAccess: p.moveAccess as Plan['moveAccess'],
    mapLength: p.mapLength as Plan['mapLength'],
    pinBatch: p.pinBatch as boolean,
    vaddrUpdate: p.vaddrUpdate as Plan['vaddrUpdate'],
    npages: p.pages as number,
    rlimit: p.rlimit as number,
  };
}

/** The hot-plugged region (a memfd mapped by the new VMM with MAP_FILE while the hand-over runs). */
export const HOTPLUG: MappingPlan = { id: 'mh', kind: 'file', object: 'memfd-hotplug', oldVa: '', newVa: '' };
