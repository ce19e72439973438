// The configurations `npm run check` runs, each with the verdict the kernel reference leads us
// to expect and why. A result that differs from its expectation fails the job.
import type { ParamValues } from 'lucheck';
import { planOf } from './plan.ts';

export interface Expectation {
  verdict: 'pass' | 'violation' | 'deadlock' | 'liveness';
  /** The invariant the shortest counterexample violates (or the property that fails). */
  invariant?: string;
  why: string;
}

export interface MatrixRow {
  params: Record<string, string | boolean>;
  /** Check only these invariants or properties (to show a consequence that a shallower violation would hide). */
  only?: string[];
  /** The verdict of the invariants (and deadlock), checked without the progress properties. */
  expect: Expectation;
}

/** What the progress properties (invariants/progress.ts) do in a configuration: the ids that fail, and why. */
export interface ProgressExpectation {
  fails: string[];
  why: string;
}

const has = (p: ParamValues, key: string, value: string) => p[key] === value;

/**
 * The progress properties a configuration of the matrix fails under the model's fairness (weak
 * fairness of every actor but the device), from the parameters resolved: LIV-1 where an
 * in-kernel pin can sleep for good, HANDOVER wherever the new VMM cannot take everything over.
 * DMA holds everywhere: a device without its domain gets it back (the replug thread is fair),
 * and the run may end. `npm run check` holds it to every row of the matrix; off the matrix
 * (e.g. RFC V1 in NONE mode, or several accesses pinning lazily with no device) other causes
 * arise that it does not list.
 */
export function progressExpectation(p: ParamValues): ProgressExpectation {
  const plan = planOf(p);
  const bugs = plan.bugs;
  const iommufd = p.backend === 'iommufd';
  const fails: string[] = [];
  const why: string[] = [];
  if (!iommufd && has(p, 'variant', 'v5.12') && p.mdev === true && bugs.has('B3')) {
    fails.push('LIV-1');
    why.push('B3: the mdev sleeps in vfio_wait and the VMM closing its device waits for it');
  }
  const handover = ((): string | undefined => {
    // pinned at MAP time: by type1 always, by iommufd when a device's domain is attached
    const pinsAtMap = !iommufd || p.device === true;
    const guestPages = plan.mappings.length * (p.pages as number);
    if ((p.rlimit as number) < guestPages && pinsAtMap) return `RLIMIT_MEMLOCK ${p.rlimit}: a map of guest RAM (${guestPages} pages) fails and the old VMM gives up`;
    if (has(p, 'mapLength', 'overflow')) return 'the MAP fails with -EOVERFLOW and the old VMM gives up';
    if (has(p, 'mapLength', 'past-vma') && p.device === true) return 'the MAP pins one page past the end at once, fails, and the old VMM gives up';
    if (!iommufd && p.mdev === true && !(has(p, 'variant', 'v5.12') && bugs.has('B3'))) return 'UNMAP_FLAG_VADDR is refused with -EBUSY while an mdev is present (B3\'s fix), so the VMM gives the update up';
    if (!iommufd && has(p, 'variant', 'v5.12')) {
      if (p.mdev === true) return 'B3: the new VMM stays blocked in close() of the mdev device';
      if (!has(p, 'handover', 'exec')) return 'v5.12 has no owner change: after fork + exec or SCM_RIGHTS the new process can neither update the vaddrs nor unmap the dma';
      if (bugs.has('B2')) return "B2: MAP_FLAG_VADDR leaves the charge on the exec'd (dead) mm";
      if (bugs.has('B1')) return "B1: the new image's unmap of an invalid dma drives its mm's locked_vm below zero";
    }
    if (!iommufd) return undefined;
    if (p.variant !== 'rfc-v1' && !has(p, 'memory', 'memfd')) return 'CHANGE_PROCESS refuses anonymous (USER) mappings with -EINVAL';
    if (has(p, 'variant', 'v6.13') && (p.hotplug === true || p.copy === true)) return 'B6: CHANGE_PROCESS oopses on an area a MAP_FILE or IOAS_COPY has not published';
    if (has(p, 'accounting', 'none') && !has(p, 'variant', 'rfc-v1') && pinsAtMap) return 'in NONE mode the pinned_vm charge stays on the old mm';
    if (p.rlimit === 1 && pinsAtMap && has(p, 'accounting', 'user') && has(p, 'uid', 'same') && !has(p, 'variant', 'rfc-v1')) return 'finding: CHANGE_PROCESS charges the new owner before it uncharges the old (S1 charge_current), so with RLIMIT_MEMLOCK the size of guest RAM it fails with -ENOMEM and the new VMM runs without its pages';
    return undefined;
  })();
  if (handover) {
    fails.push('HANDOVER');
    why.push(handover);
  }
  return { fails, why: why.length > 0 ? why.join('; ') : 'the new VMM takes every mapping and its accounting over, no in-kernel pin sleeps for good, and DMA resumes' };
}

const HANDOVERS = ['exec', 'fork-exec', 'scm-rights'] as const;

const DEAD_MM_PIN = "with no domain holding the pages, a kernel-client pin between the old mm's death and CHANGE_PROCESS must read the dead mm: -EFAULT";

function iommufdExpectation(variant: string, memory: string, mdev: boolean, hotplug: boolean, device = true): Expectation {
  if (variant === 'rfc-v1') {
    if (mdev && !device) return { verdict: 'violation', invariant: 'SERVICE', why: `${DEAD_MM_PIN} (why RFC V1's QEMU refused mdevs)` };
    if (memory !== 'memfd') return { verdict: 'violation', invariant: 'INV-4', why: 'anonymous memory does not survive exec: the new address names a fresh object' };
    return {
      verdict: 'pass',
      why: mdev
        ? 'the domain holds every page, so kernel-client pins and reads never need the dead mm (iopt_pages_rw_slow); the new image maps the same memfd'
        : 'the new image maps the same memfd at the address handed to CHANGE_PROCESS',
    };
  }
  if (hotplug && variant === 'v6.13') return { verdict: 'violation', invariant: 'INV-9', why: 'B6: CHANGE_PROCESS dereferences the NULL pages of an area MAP_FILE has inserted but not published' };
  if (memory === 'anon' && mdev && !device) return { verdict: 'violation', invariant: 'SERVICE', why: `CHANGE_PROCESS refuses USER mappings (-EINVAL); ${DEAD_MM_PIN}` };
  return {
    verdict: 'pass',
    why: memory === 'memfd' ? 'DMA and kernel-client access go through the memfd; the accounting lands on the new owner' : 'CHANGE_PROCESS fails with -EINVAL and changes nothing; pins and DMA stay',
  };
}

function type1Expectation(variant: string, mdev: boolean, handover = 'exec'): Expectation {
  if (variant === 'v5.12' && mdev) {
    return { verdict: 'violation', invariant: 'INV-12', why: 'B3: UNMAP_FLAG_VADDR opens the vaddr window with an mdev in the container, which v6.3 refuses' };
  }
  if (variant === 'v5.12' && handover !== 'exec') {
    return { verdict: 'violation', invariant: 'INV-3', why: "without the owner change the dma keeps the old task, so the new process's vaddr is translated in the old process's mm" };
  }
  if (variant === 'v5.12') return { verdict: 'violation', invariant: 'INV-5', why: "B2: MAP_FLAG_VADDR leaves the new mm's locked_vm at 0 while the pages stay pinned" };
  return { verdict: 'pass', why: mdev ? 'UNMAP_FLAG_VADDR is refused with -EBUSY when an mdev is present, so no window opens' : 'the owner change moves locked_vm to the new mm' };
}

const REPLUG_MM: Expectation = {
  verdict: 'violation',
  invariant: 'INV-8',
  why: "finding: in MM mode after exec, attaching a domain pins the memfd block and charges the dead mm (a pfn_reader skips the mm check), the anon block fails with -EFAULT, and the unwind's uncharge of the dead mm fails, so the failed attach leaves last_npinned and the charge behind",
};

const B7: Expectation = {
  verdict: 'violation',
  invariant: 'LIV-4',
  why: 'B7: the mdev pins two IOVAs in one call; it passes the first, sleeps on the second, the VMM invalidates the first meanwhile, and after the wake the call pins the first through its invalid vaddr without looking again',
};

const B7_UNREACHABLE: Expectation = {
  verdict: 'pass',
  why: "invalidating every vaddr in one VFIO_DMA_UNMAP_FLAG_VADDR (QEMU's CPR) never invalidates one the sleeping pinner already passed: B7 cannot be reached",
};

const MOVE_ACCESS: Expectation = {
  verdict: 'pass',
  why: "the move drops every pin in the old IOAS through ops->unmap before the access leaves it; pins meanwhile fail with -ENOENT by design; a misaligned target fails with -EADDRINUSE and changes nothing",
};

const NON_MAPPER_UNMAP: Expectation = {
  verdict: 'violation',
  invariant: 'INV-13',
  why: "before v6.0 vfio_dma_do_unmap stops at a dma whose task->mm is not the caller's: the new process's VFIO_IOMMU_UNMAP_DMA returns 0 and the range stays mapped and pinned",
};

const LAZY_MAP: Expectation = { verdict: 'violation', invariant: 'SERVICE', why: 'without a domain MAP only takes a lazy reference and returns 0; the range past the end surfaces at the first kernel-client pin' };

const PLUG_FIRST: Expectation = {
  verdict: 'pass',
  why: 'plugged in first, the new device is filled from the old one\'s domain ("copies from one domain to another"): nothing needs the dead mm, whatever the memory or design',
};

/** The device is replaced (replug=unplug-first) at any point of the hand-over. */
function replugExpectation(variant: string, memory: string, mdev: boolean): Expectation {
  if (variant === 'rfc-v1' && memory !== 'memfd') return iommufdExpectation(variant, memory, mdev, false);
  if (variant === 'rfc-v1') {
    return {
      verdict: 'violation',
      invariant: 'SERVICE',
      why: `a device plugged in between the old mm's death and CHANGE_PROCESS must pin the VA-based pages from the dead mm: ${mdev ? 'the kernel client, with nothing else holding them, gets' : 'the attach fails with'} -EFAULT (selftest fork_gone)`,
    };
  }
  if (memory !== 'memfd') {
    return {
      verdict: 'violation',
      invariant: 'SERVICE',
      why: `USER pages whose source mm is gone cannot be pinned again: once the unplugged device's domain was their last holder, ${mdev && memory === 'anon' ? 'a kernel-client pin' : "the new device's attach"} fails with -EFAULT (selftest fork_gone)`,
    };
  }
  return { verdict: 'pass', why: 'MAP_FILE pages are pinned again from the memfd whoever is alive; pages an access holds stay pinned across the unplug and are counted once' };
}

/** The new VMM copies the first mapping into a second IOAS (copy=true) while the hand-over runs. */
function copyExpectation(variant: string, memory: string, mdev: boolean, device: boolean): Expectation {
  if (variant === 'v6.13') {
    return { verdict: 'violation', invariant: 'INV-9', why: 'B6 through IOMMU_IOAS_COPY: its destination area is inserted with pages NULL too, and CHANGE_PROCESS pass 1 dereferences it' };
  }
  if (variant === 'rfc-v1' || memory !== 'memfd') return iommufdExpectation(variant, memory, mdev, false, device);
  return {
    verdict: 'pass',
    why: device
      ? 'the copy shares the pinned iopt_pages (no new pin); CHANGE_PROCESS moves its charge once (pass 2 de-duplicates), and the pages stay pinned while either area maps them'
      : "with no domain in the first IOAS the copy's fill pins the memfd and charges the pages' source; CHANGE_PROCESS moves that charge once",
  };
}

/** Every variant x every hand-over style x mdev off/on (x memory and hotplug where they matter). */
export function matrix(): MatrixRow[] {
  const rows: MatrixRow[] = [];
  for (const variant of ['rfc-v1', 'v6.13', 'mainline']) {
    const memories = variant === 'rfc-v1' ? ['memfd', 'anon'] : ['memfd', 'anon', 'mixed'];
    for (const handover of HANDOVERS) {
      for (const mdev of [false, true]) {
        for (const memory of memories) {
          // With an mdev: with and without a passthrough device whose domain holds the pages.
          for (const device of mdev ? [true, false] : [true]) {
            rows.push({ params: { backend: 'iommufd', variant, handover, mdev, device, memory }, expect: iommufdExpectation(variant, memory, mdev, false, device) });
          }
        }
        if (variant !== 'rfc-v1') {
          rows.push({ params: { backend: 'iommufd', variant, handover, mdev, hotplug: true }, expect: iommufdExpectation(variant, 'memfd', mdev, true) });
        }
      }
    }
  }
  for (const variant of ['v5.12', 'v6.3']) {
    for (const handover of HANDOVERS) {
      for (const mdev of [false, true]) rows.push({ params: { backend: 'vfio-type1', variant, handover, mdev }, expect: type1Expectation(variant, mdev, handover) });
    }
  }
  // The device unplugged and another plugged in, with and without kernel clients.
  for (const variant of ['rfc-v1', 'v6.13', 'mainline']) {
    for (const handover of HANDOVERS) {
      for (const [memory, mdev] of [['memfd', false], ['memfd', true], ['anon', false], ['mixed', true]] as const) {
        if (variant === 'rfc-v1' && memory === 'mixed') continue;
        rows.push({ params: { backend: 'iommufd', variant, handover, memory, mdev, replug: 'unplug-first' }, expect: replugExpectation(variant, memory, mdev) });
      }
    }
  }
  rows.push({ params: { backend: 'iommufd', variant: 'mainline', handover: 'fork-exec', mdev: true, hotplug: true, replug: 'unplug-first' }, expect: replugExpectation('mainline', 'memfd', true) });
  // The new device plugged in before the old one goes: two domains for a while.
  for (const [variant, memory] of [['rfc-v1', 'memfd'], ['mainline', 'memfd'], ['mainline', 'anon']] as const) {
    for (const handover of ['exec', 'fork-exec']) rows.push({ params: { backend: 'iommufd', variant, handover, memory, mdev: true, replug: 'plug-first' }, expect: PLUG_FIRST });
  }
  rows.push({ params: { backend: 'iommufd', variant: 'mainline', memory: 'mixed', accounting: 'mm', replug: 'plug-first' }, expect: PLUG_FIRST });
  rows.push({ params: { backend: 'iommufd', variant: 'mainline', memory: 'mixed', accounting: 'mm', replug: 'unplug-first' }, expect: REPLUG_MM });
  // IOMMU_IOAS_COPY into a second IOAS (its own device and domain) during the hand-over.
  for (const variant of ['rfc-v1', 'v6.13', 'mainline']) {
    for (const handover of HANDOVERS) {
      for (const [memory, mdev, device] of [['memfd', false, true], ['memfd', true, false], ['anon', false, true]] as const) {
        rows.push({ params: { backend: 'iommufd', variant, handover, memory, mdev, device, copy: true }, expect: copyExpectation(variant, memory, mdev, device) });
      }
    }
  }
  rows.push({ params: { backend: 'iommufd', variant: 'mainline', handover: 'fork-exec', mdev: true, hotplug: true, replug: 'unplug-first', copy: true }, expect: copyExpectation('mainline', 'memfd', true, true) });
  // The in-kernel client moved to the copy's IOAS (iommufd_access_change_ioas), or refused there.
  for (const handover of HANDOVERS) {
    for (const moveAccess of ['yes', 'misaligned']) {
      rows.push({ params: { backend: 'iommufd', variant: 'mainline', handover, mdev: true, copy: true, moveAccess }, expect: MOVE_ACCESS });
    }
  }
  // one access moved to the copy, a second one left on the source: both hold the shared pages
  rows.push({ params: { backend: 'iommufd', variant: 'mainline', handover: 'fork-exec', mdev: true, accesses: '2', device: false, copy: true, moveAccess: 'yes' }, expect: MOVE_ACCESS });
  for (const [variant, device] of [['mainline', false], ['v6.13', true], ['rfc-v1', true], ['rfc-v1', false]] as const) {
    const base = copyExpectation(variant, 'memfd', true, device);
    rows.push({ params: { backend: 'iommufd', variant, mdev: true, device, copy: true, moveAccess: 'yes' }, expect: base.verdict === 'pass' ? MOVE_ACCESS : base });
  }
  // Map lengths: one page past what was mmapped (a VMM bug), or a range that wraps.
  for (const mapLength of ['past-vma', 'overflow']) {
    for (const memory of ['memfd', 'anon']) {
      for (const [mdev, device] of [[false, true], [true, false]] as const) {
        const lazy = mapLength === 'past-vma' && !device;
        rows.push({
          params: { backend: 'iommufd', variant: 'mainline', handover: 'fork-exec', memory, mdev, device, mapLength },
          expect: lazy
            ? LAZY_MAP
            : { verdict: 'pass', why: `the MAP fails at once (${mapLength === 'overflow' ? '-EOVERFLOW' : memory === 'memfd' ? '-EINVAL past the end of the memfd' : '-EFAULT past the end of the VMA'}), changes nothing, and the VMM gives up` },
        });
      }
    }
  }
  // SCM_RIGHTS to a VMM of another user: USER-mode accounting moves between user_structs.
  for (const variant of ['rfc-v1', 'v6.13', 'mainline']) {
    for (const mdev of [false, true]) rows.push({ params: { backend: 'iommufd', variant, handover: 'scm-rights', uid: 'other', mdev }, expect: iommufdExpectation(variant, 'memfd', mdev, false) });
  }
  rows.push({ params: { backend: 'iommufd', variant: 'mainline', handover: 'scm-rights', uid: 'other', mdev: true, hotplug: true }, expect: iommufdExpectation('mainline', 'memfd', true, true) });
  // An mdev pin over both blocks' IOVAs in one call, with the VMMs updating the vaddrs all at once
  // or per block (B7: no re-check after vfio_wait; fixed by ffc95d1b8edb). LIV-4 alone, as B3's
  // INV-12 is found first in every v5.12 run with an mdev.
  const batch = { backend: 'vfio-type1', variant: 'v5.12', mdev: true, ramBlocks: '2', pinBatch: true };
  for (const handover of HANDOVERS) {
    rows.push({ params: { ...batch, handover, vaddrUpdate: 'per-block' }, only: ['LIV-4'], expect: B7 });
    rows.push({ params: { ...batch, handover, vaddrUpdate: 'all' }, only: ['LIV-4'], expect: B7_UNREACHABLE });
    rows.push({ params: { ...batch, handover, vaddrUpdate: 'per-block', bugs: 'B1,B2,B3' }, only: ['LIV-4'], expect: { verdict: 'pass', why: 'with ffc95d1b8edb the woken pinner checks every IOVA again (goto again) and sleeps again on the one invalidated meanwhile' } });
  }
  rows.push({ params: { ...batch, vaddrUpdate: 'per-block' }, expect: type1Expectation('v5.12', true) });
  for (const [mdev, pinBatch] of [[true, true], [false, false]] as const) {
    rows.push({ params: { backend: 'vfio-type1', variant: 'v6.3', handover: 'fork-exec', ramBlocks: '2', mdev, pinBatch, vaddrUpdate: 'per-block' }, expect: type1Expectation('v6.3', mdev) });
  }
  // Before v6.0 VFIO_IOMMU_UNMAP_DMA from a process other than the mapper returns 0 and unmaps
  // nothing (S16); with B1-B3 fixed nothing else goes wrong first, and INV-13 (the success twin
  // of INV-8) finds it whenever the new VMM is another process.
  for (const handover of ['fork-exec', 'scm-rights']) {
    rows.push({ params: { backend: 'vfio-type1', variant: 'v5.12', bugs: 'none', handover }, expect: NON_MAPPER_UNMAP });
  }
  // RLIMIT_MEMLOCK 0: the old VMM's first map is refused and it gives up; the only
  // configurations whose runs take the old VMM's give-up transition (matrix coverage showed it).
  for (const [backend, variant] of [['iommufd', 'mainline'], ['vfio-type1', 'v6.3']] as const) {
    rows.push({ params: { backend, variant, rlimit: '0' }, expect: { verdict: 'pass', why: 'RLIMIT_MEMLOCK 0: the first map fails with -ENOMEM, leaving nothing charged or pinned, and the VMM gives up' } });
  }
  // RLIMIT_MEMLOCK 1 with a hot-plugged region: its MAP_FILE fill is refused, unwinds the area,
  // and the hot-plug thread gives the region up (its PUBLISH-failed transition).
  rows.push({
    params: { backend: 'iommufd', variant: 'mainline', hotplug: true, rlimit: '1' },
    expect: { verdict: 'pass', why: 'the hot-plug fill fails with -ENOMEM over RLIMIT_MEMLOCK and unwinds, and no invariant breaks; CHANGE_PROCESS fails with -ENOMEM too, which only the progress property HANDOVER sees' },
  });
  return rows;
}

/** The rows the README's verdict table shows: one per question the issue asks, each bug on its own. */
export function headlineRows(): (MatrixRow & { label: string })[] {
  const t1 = { backend: 'vfio-type1', variant: 'v5.12', handover: 'exec' };
  return [
    { label: 'type1 v5.12, B1 alone', params: { ...t1, bugs: 'B1' }, expect: { verdict: 'violation', invariant: 'INV-6', why: 'B1: the new image unmaps an invalid dma; the uncharge hits the new mm through get_task_mm' } },
    { label: 'type1 v5.12 as shipped (B1, B2, B3, B7)', params: { ...t1 }, expect: { verdict: 'violation', invariant: 'INV-5', why: 'B2: the charge never reaches the new mm' } },
    { label: 'type1 v5.12, B3 alone, mdev', params: { ...t1, bugs: 'B3', mdev: true }, expect: type1Expectation('v5.12', true) },
    {
      label: 'type1 v5.12, B3 alone, mdev, checking the property LIV-1 only',
      params: { ...t1, bugs: 'B3', mdev: true },
      only: ['LIV-1'],
      expect: { verdict: 'liveness', invariant: 'LIV-1', why: 'B3: the mdev sleeps in vfio_wait; the VMM closing the mdev device waits for it, forever' },
    },
    {
      label: 'type1 v5.12, mdev pins two IOVAs in one call, vaddrs updated per block, checking LIV-4 only',
      params: { ...t1, mdev: true, ramBlocks: '2', pinBatch: true, vaddrUpdate: 'per-block' },
      only: ['LIV-4'],
      expect: B7,
    },
    { label: 'type1 v5.12, B1-B3 fixed, fork + exec', params: { ...t1, bugs: 'none', handover: 'fork-exec' }, expect: NON_MAPPER_UNMAP },
    { label: 'type1 v6.3, mdev', params: { backend: 'vfio-type1', variant: 'v6.3', handover: 'exec', mdev: true }, expect: type1Expectation('v6.3', true) },
    { label: 'type1 v6.3', params: { backend: 'vfio-type1', variant: 'v6.3', handover: 'exec' }, expect: type1Expectation('v6.3', false) },
    { label: 'iommufd rfc-v1, mdev only (no device domain)', params: { backend: 'iommufd', variant: 'rfc-v1', mdev: true, device: false }, expect: iommufdExpectation('rfc-v1', 'memfd', true, false, false) },
    { label: 'iommufd rfc-v1, mdev and a device domain', params: { backend: 'iommufd', variant: 'rfc-v1', mdev: true }, expect: iommufdExpectation('rfc-v1', 'memfd', true, false, true) },
    { label: 'iommufd rfc-v1, different object at the new address', params: { backend: 'iommufd', variant: 'rfc-v1', remap: 'different' }, expect: { verdict: 'violation', invariant: 'INV-4', why: 'the rewritten uptr resolves to another object' } },
    { label: 'iommufd rfc-v1, no mdev, same object', params: { backend: 'iommufd', variant: 'rfc-v1' }, expect: iommufdExpectation('rfc-v1', 'memfd', false, false) },
    { label: 'iommufd v6.13, memfd, mdev only', params: { backend: 'iommufd', variant: 'v6.13', memory: 'memfd', mdev: true, device: false }, expect: iommufdExpectation('v6.13', 'memfd', true, false, false) },
    { label: 'iommufd v6.13, memfd, mdev and a device', params: { backend: 'iommufd', variant: 'v6.13', memory: 'memfd', mdev: true }, expect: iommufdExpectation('v6.13', 'memfd', true, false) },
    { label: 'iommufd v6.13, anon, mdev only', params: { backend: 'iommufd', variant: 'v6.13', memory: 'anon', mdev: true, device: false }, expect: iommufdExpectation('v6.13', 'anon', true, false, false) },
    { label: 'iommufd v6.13, anon', params: { backend: 'iommufd', variant: 'v6.13', memory: 'anon' }, expect: iommufdExpectation('v6.13', 'anon', false, false) },
    { label: 'iommufd v6.13, mixed, mdev', params: { backend: 'iommufd', variant: 'v6.13', memory: 'mixed', mdev: true }, expect: iommufdExpectation('v6.13', 'mixed', true, false) },
    { label: 'iommufd v6.13, hotplug (B6 race)', params: { backend: 'iommufd', variant: 'v6.13', hotplug: true, mdev: true }, expect: iommufdExpectation('v6.13', 'memfd', true, true) },
    { label: 'iommufd mainline, hotplug', params: { backend: 'iommufd', variant: 'mainline', hotplug: true, mdev: true }, expect: iommufdExpectation('mainline', 'memfd', true, true) },
    { label: 'iommufd v6.13, IOAS_COPY into a second IOAS (B6 race)', params: { backend: 'iommufd', variant: 'v6.13', copy: true }, expect: copyExpectation('v6.13', 'memfd', false, true) },
    { label: 'iommufd mainline, IOAS_COPY into a second IOAS, mdev only', params: { backend: 'iommufd', variant: 'mainline', copy: true, mdev: true, device: false }, expect: copyExpectation('mainline', 'memfd', true, false) },
    { label: 'iommufd mainline, kernel client moved to the copy IOAS', params: { backend: 'iommufd', variant: 'mainline', handover: 'fork-exec', copy: true, mdev: true, moveAccess: 'yes' }, expect: MOVE_ACCESS },
    { label: 'iommufd mainline, SCM_RIGHTS to a VMM of another user', params: { backend: 'iommufd', variant: 'mainline', handover: 'scm-rights', uid: 'other', mdev: true }, expect: iommufdExpectation('mainline', 'memfd', true, false) },
    {
      label: 'iommufd mainline, maps one page past the VMA, mdev only',
      params: { backend: 'iommufd', variant: 'mainline', handover: 'fork-exec', memory: 'anon', mdev: true, device: false, mapLength: 'past-vma' },
      expect: LAZY_MAP,
    },
    { label: 'iommufd mainline, device replugged during the hand-over', params: { backend: 'iommufd', variant: 'mainline', mdev: true, replug: 'unplug-first' }, expect: replugExpectation('mainline', 'memfd', true) },
    { label: 'iommufd rfc-v1, device replugged during the hand-over', params: { backend: 'iommufd', variant: 'rfc-v1', replug: 'unplug-first' }, expect: replugExpectation('rfc-v1', 'memfd', false) },
    { label: 'iommufd rfc-v1, device replaced, the new one plugged in first', params: { backend: 'iommufd', variant: 'rfc-v1', mdev: true, replug: 'plug-first' }, expect: PLUG_FIRST },
    { label: 'iommufd mainline, anon, device replugged', params: { backend: 'iommufd', variant: 'mainline', memory: 'anon', replug: 'unplug-first' }, expect: replugExpectation('mainline', 'anon', false) },
    { label: 'iommufd mainline, mixed, accounting=mm, device replugged', params: { backend: 'iommufd', variant: 'mainline', memory: 'mixed', accounting: 'mm', replug: 'unplug-first' }, expect: REPLUG_MM },
    {
      label: 'iommufd mainline, accounting=mm, exec',
      params: { backend: 'iommufd', variant: 'mainline', accounting: 'mm' },
      expect: { verdict: 'violation', invariant: 'INV-7', why: "finding: uncharging the exec'd (dead) mm fails in update_mm_locked_vm; CHANGE_PROCESS WARNs, returns -EINVAL, yet has moved the charge" },
    },
    {
      label: 'iommufd mainline, accounting=none',
      params: { backend: 'iommufd', variant: 'mainline', accounting: 'none' },
      expect: { verdict: 'violation', invariant: 'INV-5', why: 'finding: need_charge_update() is false in NONE mode, yet change_mm() moves source_mm; pinned_vm stays on the old mm' },
    },
  ];
}

export function describeParams(p: ParamValues | Record<string, unknown>): string {
  return Object.entries(p)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
    .join(' ');
}
