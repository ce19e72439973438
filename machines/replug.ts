// The VMM replaces its passthrough device at any point of the hand-over, while in-kernel
// clients may hold pins: it unplugs the old one first (the IOAS has no domain for a while) or
// plugs the new one in first (two domains for a while) (kernel-reference.md 2.1, 2.3; `domains.ts`). The VMM that holds the iommufd (the
// new one once it has the fd) issues both. One region.
import { attachDomain, detachDomain } from './domains.ts';
import type { KernelState } from './kernelState.ts';
import type { Plan } from './plan.ts';
import { domainAttached, domainDetached } from './promises.ts';
import { recordAccess, step, syscall, when } from './step.ts';

/** The VMM issuing the device ioctls, and its mm (`current->mm`). */
function issuer(k: KernelState): { actor: string; mm: string | null } {
  const actor = k.ctx.holders.includes('new') ? 'new' : 'old';
  return { actor, mm: k.tasks[actor]!.mm };
}

export function replugRegion(plan: Plan) {
  // domains_rwsem for write: not while the hot-plug thread holds it for read
  const free = when((k) => k.ctx.open && !k.ctx.domainsRead);
  const detach = (target: string) => ({
    'plug.DETACH': {
      guard: free,
      target,
      // VFIO_DEVICE_DETACH_IOMMUFD_PT (or the device's close): iommufd_hw_pagetable_detach -> iopt_table_remove_domain
      actions: step((k) => syscall(k, 'replug', 'VFIO_DEVICE_DETACH_IOMMUFD_PT', () => detachDomain(k, issuer(k).mm, plan.rlimit), domainDetached)),
    },
  });
  const attach = (target: string) => ({
    'plug.ATTACH': {
      guard: free,
      target,
      // the new device: VFIO_DEVICE_ATTACH_IOMMUFD_PT with the IOAS -> a new HWPT -> iopt_table_add_domain.
      // A failed attach leaves it without guest RAM: a service break at the area whose fill failed.
      actions: step((k) => {
        let r: ReturnType<typeof attachDomain> = { rc: 0, area: null };
        syscall(k, 'replug', 'VFIO_DEVICE_ATTACH_IOMMUFD_PT', () => (r = attachDomain(k, issuer(k).mm, plan.rlimit)).rc, domainAttached);
        if (r.area !== null) recordAccess(k, 'replug', 'attach', r.area, { rc: r.rc, reached: null });
      }),
    },
  });
  const unplugFirst = plan.replug === 'unplug-first';
  return {
    initial: 'plugged',
    states: {
      plugged: { on: unplugFirst ? detach('unplugged') : attach('both') },
      // unplug-first: the IOAS has no domain until the new device is attached
      unplugged: { on: attach('replugged') },
      // plug-first: both devices attached; the old one goes next
      both: { on: detach('replugged') },
      replugged: { type: 'final' },
    },
  };
}
