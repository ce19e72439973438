// An in-kernel client moved to another IOAS (S7 device.c `iommufd_access_replace` ->
// `iommufd_access_change_ioas`, reached from VFIO_DEVICE_ATTACH_IOMMUFD_PT on an emulated
// device), split where it drops `access->ioas_lock` to call the driver's `ops->unmap`. The
// access is the first one (`mdev`); it moves from the VMM's IOAS to the second one, where
// `copy=true` has copied the first mapping (kernel-reference.md 2.4, 2.8).
import type { Errno } from './accounting.ts';
import { accessUnpin } from './access.ts';
import { copyOf } from './ioasCopy.ts';
import type { KernelState } from './kernelState.ts';

/** The IOAS an access pins and reads through (`access->ioas`): null while it is being moved. */
export function accessIoas(k: KernelState, access: string): string | null {
  const at = k.mdevWork.at[access];
  return at === undefined ? 'ioas1' : at.ioas;
}

/** The area an access works on: its block's mapping in the VMM's IOAS, or that mapping's copy once moved. */
export function accessTarget(k: KernelState, access: string, mapping: string): string {
  const at = k.mdevWork.at[access];
  return at !== undefined && (at.ioas ?? at.unpin) === 'ioas2' ? copyOf(mapping) : mapping;
}

/**
 * Under `access->ioas_lock`: `access->ioas = NULL` (pins now fail with `-ENOENT`; unpins go on
 * through `access->ioas_unpin`), then `iopt_add_access` on the new IOAS, which recomputes its
 * IOVA alignment (S3 `iopt_calculate_iova_alignment`): an area there not aligned to the access's
 * PAGE_SIZE fails it with `-EADDRINUSE` (the selftest ioas_align_change), and then
 * `access->ioas = cur_ioas`: the failed call changes nothing. `misaligned`: the second IOAS
 * holds such an area (modelling choice: its device's IOMMU pages are smaller than PAGE_SIZE,
 * as the selftests' mock domain's are).
 */
export function moveBegin(k: KernelState, access: string, misaligned: boolean): Errno {
  const at = k.mdevWork.at[access]!;
  if (at.ioas !== at.unpin) return '-EBUSY'; // "We are racing with a concurrent detach, bail"
  at.ioas = null;
  if (misaligned) {
    at.ioas = at.unpin;
    return '-EADDRINUSE';
  }
  return 0;
}

/**
 * `ioas_lock` dropped: `access->ops->unmap(access->data, 0, ULONG_MAX)`; the driver unpins every
 * range it holds, through `access->ioas_unpin` (the old IOAS).
 */
export function moveUnmap(k: KernelState, access: string, rlimit: number): void {
  for (const hold of k.mdevWork.holds.filter((h) => h.startsWith(`${access}:`))) {
    accessUnpin(k, hold.slice(hold.indexOf(':') + 1), null, rlimit);
  }
  k.mdevWork.holds = k.mdevWork.holds.filter((h) => !h.startsWith(`${access}:`));
}

/** `ioas_lock` again: `iopt_remove_access` from the old IOAS, `access->ioas = access->ioas_unpin = new_ioas`. */
export function moveFinish(k: KernelState, access: string): Errno {
  k.mdevWork.at[access] = { ioas: 'ioas2', unpin: 'ioas2' };
  return 0;
}
