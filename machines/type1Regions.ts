// The actors of the vfio type1 flavour of the live update: the old VMM maps with
// VFIO_IOMMU_MAP_DMA and invalidates its vaddrs before the hand-over; the new VMM maps guest RAM
// again and registers the new vaddrs; the mdev pins and reads through the container. Sources:
// kernel-reference.md 2.10, 5 B1-B3, 6.1.
import { dropFd } from './lifecycle.ts';
import { afterHandOverStates, handOverTransition, remapState } from './handOverStates.ts';
import type { Plan } from './plan.ts';
import { dmaMapped, dmaUnmapped, vaddrsInvalid, vaddrUpdated } from './promises.ts';
import { record, recordAccess, step, syscall, when } from './step.ts';
import { mapDma, mapVaddr, mdevAccess, unmapDma, unmapVaddr, wakeVaddrWaiters } from './type1.ts';
import type { KernelState } from './kernelState.ts';
import { batchPin, batchResume, type BatchOutcome } from './type1Batch.ts';

const invalidDma = (k: KernelState, plan: Plan) => plan.mappings.find((m) => k.container.dmas[m.id]?.vaddr_invalid === true);

export function oldVmmType1Region(plan: Plan) {
  const perBlock = plan.vaddrUpdate === 'per-block';
  const nextToMap = (k: KernelState) => plan.mappings.find((m) => k.intended[m.id] === undefined);
  return {
    initial: 'mapping',
    states: {
      mapping: {
        always: [
          { guard: when((k) => k.ret.old?.startsWith('VFIO_IOMMU_MAP_DMA') === true && !k.ret.old.endsWith('= 0')), target: 'gaveUp' },
          { guard: when((k) => nextToMap(k) === undefined), target: 'preparing' },
        ],
        on: {
          'old.MAP': {
            guard: when((k, e) => nextToMap(k)?.id === e.mapping),
            actions: step((k, e) => syscall(k, 'old', `VFIO_IOMMU_MAP_DMA(${e.mapping})`, () => mapDma(k, plan, plan.mappings.find((m) => m.id === e.mapping)!, 'old'), dmaMapped(e.mapping, plan.device, plan.npages))),
          },
        },
      },
      preparing: {
        // per-block: prepared once every vaddr is invalid
        ...(perBlock ? { always: { guard: when((k) => plan.mappings.every((m) => k.container.dmas[m.id]?.vaddr_invalid === true)), target: 'prepared' } } : {}),
        on: {
          // Modelling choice: the VMM gives the update up when the kernel refuses the vaddr window
          // (v6.3 with an mdev: -EBUSY, ef3a3f6a294b; VFIO_CHECK_EXTENSION(VFIO_UPDATE_VADDR) is
          // false then, so a VMM would not even try: kernel-reference.md 2.10).
          'old.UNMAP_VADDR': perBlock
            ? [
                {
                  // one block's range, any block whose vaddr is still valid
                  guard: when((k, e) => !(!plan.bugs.has('B3') && k.container.mdevAttached) && k.container.dmas[e.mapping]?.vaddr_invalid === false),
                  actions: step((k, e) => syscall(k, 'old', `VFIO_IOMMU_UNMAP_DMA(${e.mapping}, VFIO_DMA_UNMAP_FLAG_VADDR)`, () => unmapVaddr(k, plan, e.mapping), vaddrsInvalid(e.mapping))),
                },
                {
                  // v6.3 with an mdev: -EBUSY, and the VMM gives the update up
                  guard: when((k) => !plan.bugs.has('B3') && k.container.mdevAttached),
                  target: 'aborted',
                  actions: step((k, e) => syscall(k, 'old', `VFIO_IOMMU_UNMAP_DMA(${e.mapping}, VFIO_DMA_UNMAP_FLAG_VADDR)`, () => unmapVaddr(k, plan, e.mapping))),
                },
              ]
            : [
                {
                  guard: when((k) => !(!plan.bugs.has('B3') && k.container.mdevAttached)),
                  target: 'prepared',
                  actions: step((k) => syscall(k, 'old', 'VFIO_IOMMU_UNMAP_DMA(VFIO_DMA_UNMAP_FLAG_VADDR)', () => unmapVaddr(k, plan), vaddrsInvalid())),
                },
                { target: 'aborted', actions: step((k) => syscall(k, 'old', 'VFIO_IOMMU_UNMAP_DMA(VFIO_DMA_UNMAP_FLAG_VADDR)', () => unmapVaddr(k, plan), vaddrsInvalid())) },
              ],
        },
      },
      prepared: { on: { 'old.HANDOVER': handOverTransition(plan, () => true) } },
      ...afterHandOverStates(plan),
      gaveUp: { type: 'final' },
      aborted: { type: 'final' },
    },
  };
}

export function newVmmType1Region(plan: Plan) {
  const unmapEvent = {
    'new.UNMAP': {
      guard: when((k, e) => k.container.dmas[e.mapping] !== undefined),
      actions: step((k, e) => syscall(k, 'new', `VFIO_IOMMU_UNMAP_DMA(${e.mapping})`, () => unmapDma(k, plan, e.mapping, 'new'), dmaUnmapped(e.mapping))),
    },
  };
  return {
    initial: 'waiting',
    states: {
      waiting: { always: { guard: when((k) => k.container.holders.includes('new')), target: 'remapping' } },
      remapping: remapState(plan, 'updating'),
      updating: {
        always: { guard: when((k) => invalidDma(k, plan) === undefined), target: 'running' },
        on: {
          'new.MAP_VADDR': {
            // in plan order, or (per-block) any block whose vaddr is invalid
            guard: when((k, e) => (plan.vaddrUpdate === 'per-block' ? k.container.dmas[e.mapping]?.vaddr_invalid === true : invalidDma(k, plan)?.id === e.mapping)),
            actions: step((k, e) => {
              const m = plan.mappings.find((x) => x.id === e.mapping)!;
              syscall(k, 'new', `VFIO_IOMMU_MAP_DMA(${m.id}, VFIO_DMA_MAP_FLAG_VADDR)`, () => mapVaddr(k, plan, m, 'new'), vaddrUpdated(m.id, m.newVa, k.tasks.new!.mm!));
              wakeVaddrWaiters(k, plan); // v5.12: wake_up_all(&iommu->vaddr_wait) on MAP_FLAG_VADDR
            }),
          },
          ...unmapEvent,
          // B3's trigger (kernel-reference.md 5 B3, S14 2022-09-21): user space closes the mdev's
          // device fd while a vaddr is invalid. Device close must "halt all concurrent threads
          // touching vfio_device", so it waits for the mdev's work item; only a container close
          // would have woken that work, not a device close.
          ...(plan.mdev
            ? { 'new.CLOSE_DEVICE': { guard: when((k) => k.container.mdevAttached), target: 'closingDevice', actions: step((k) => record(k, 'new', 'close(mdev device fd)', 'blocked')) } }
            : {}),
        },
      },
      closingDevice: {
        // The close completes once the mdev's work is not sleeping in vfio_wait (nor woken and yet to run).
        always: {
          guard: when((k) => k.mdevWork.state !== 'blocked' && k.mdevWork.state !== 'woken'),
          target: 'updating',
          actions: step((k) => {
            k.container.mdevAttached = false;
            k.mdevWork.state = 'done';
            record(k, 'new', 'close(mdev device fd)', 0);
          }),
        },
      },
      running: {
        on: {
          ...unmapEvent,
          'new.CLOSE': {
            target: 'closed',
            actions: step((k) => {
              dropFd(k, plan, 'new');
              record(k, 'new', 'close(container)', 0);
            }),
          },
        },
      },
      closed: { type: 'final' },
    },
  };
}

export function mdevType1Region(plan: Plan) {
  const m = plan.mappings[0]!.id;
  // pinBatch: both blocks' IOVAs in one vfio_pin_pages call
  const entries = plan.mappings.map((x) => x.id);
  const access = (op: 'pin' | 'rw') =>
    step((k) => {
      const r = mdevAccess(k, plan, m, op);
      const call = op === 'pin' ? `vfio_pin_pages(${m})` : `vfio_dma_rw(${m})`;
      if (r.rc === 'blocked') {
        k.mdevWork.state = 'blocked'; // vfio_wait: sleeps until the vaddr is valid again
        record(k, 'mdev', call, 'blocked in vfio_wait');
        return;
      }
      record(k, 'mdev', call, r.rc);
      recordAccess(k, 'mdev', op, m, { rc: r.rc, reached: r.reached });
    });
  const usable = when((k) => k.container.open && k.container.mdevAttached && k.mdevWork.state === 'idle' && k.container.dmas[m] !== undefined);
  return {
    initial: 'attached',
    states: {
      attached: {
        on: {
          'mdev.PIN': plan.pinBatch ? { guard: when((k) => k.container.open && k.container.mdevAttached && k.mdevWork.state === 'idle'), actions: batch(entries, (k) => batchPin(k, plan, entries)) } : { guard: usable, actions: access('pin') },
          'mdev.RW': { guard: usable, actions: access('rw') },
          // the woken pinner runs again (pinBatch)
          ...(plan.pinBatch ? { 'mdev.RESUME': { guard: when((k) => k.mdevWork.state === 'woken'), actions: batch(entries, (k) => batchResume(k, plan, entries)) } } : {}),
        },
      },
    },
  };
}

/** A step of the batch pin call over `entries`: it sleeps, or returns and every IOVA it reached is checked against what is mapped there. */
function batch(entries: readonly string[], run: (k: KernelState) => BatchOutcome) {
  return step((k) => {
    const r = run(k);
    const call = `vfio_pin_pages(${entries.join(', ')})`;
    if (r.rc === 'blocked') {
      k.mdevWork.state = 'blocked';
      record(k, 'mdev', call, `blocked in vfio_wait (${entries[k.mdevWork.cursor]})`);
      return;
    }
    k.mdevWork.state = 'idle';
    record(k, 'mdev', call, r.rc);
    if (r.rc !== 0) recordAccess(k, 'mdev', 'pin', r.at!, { rc: r.rc, reached: null });
    else for (const [id, reached] of Object.entries(r.reached)) recordAccess(k, 'mdev', 'pin', id, { rc: 0, reached });
  });
}
