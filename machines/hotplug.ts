// A second thread of the new VMM that hot-plugs a memfd region with IOMMU_IOAS_MAP_FILE while
// the hand-over runs. The ioctl is split where the kernel drops `iova_rwsem` (kernel-reference.md
// 2.1, S3 `iopt_map_pages`), which is the window of bug B6. One region.
import { mapFileFill, mapFileInsert, mapFilePublish, mapRequest, type MapRequest } from './iommufd.ts';
import { unmapBegin, unmapRemove, unmapUnfill } from './teardown.ts';
import { HOTPLUG, type Plan } from './plan.ts';
import { keepPromise, record, step, when } from './step.ts';
import { ioasMapped, ioasUnmapped } from './promises.ts';

export function hotplugRegion(plan: Plan) {
  const req = (): MapRequest => mapRequest(plan, HOTPLUG, 'new');
  return {
    initial: 'idle',
    states: {
      idle: {
        on: {
          'hp.INSERT': {
            guard: when((k) => k.ctx.open && k.ctx.holders.includes('new')),
            target: 'inserted',
            actions: step((k) => record(k, 'hotplug', 'IOMMU_IOAS_MAP_FILE(mh) [area inserted, pages NULL]', mapFileInsert(k, req()))),
          },
        },
      },
      inserted: {
        // released meanwhile: nothing left to fill
        always: { guard: when((k) => k.areas[HOTPLUG.id] === undefined), target: 'unplugged' },
        on: {
          'hp.FILL': {
            guard: when((k) => k.areas[HOTPLUG.id] !== undefined),
            target: 'filled',
            // domains_rwsem is taken for read here and held until the publish (S3 iopt_map_pages:
            // "area->pages must be set inside the domains_rwsem to ensure any newly added domains
            // will get filled"); a failed fill drops it
            actions: step((k) => {
              const rc = mapFileFill(k, req());
              record(k, 'hotplug', 'IOMMU_IOAS_MAP_FILE(mh) [domains filled]', rc);
              k.ctx.domainsRead = rc === 0;
            }),
          },
        },
      },
      filled: {
        on: {
          'hp.PUBLISH': [
            {
              guard: when((k) => k.areas[HOTPLUG.id] !== undefined),
              target: 'done',
              actions: step((k) => {
                record(k, 'hotplug', 'IOMMU_IOAS_MAP_FILE(mh)', mapFilePublish(k, HOTPLUG.id));
                k.ctx.domainsRead = false;
                keepPromise(k, 'IOMMU_IOAS_MAP_FILE(mh)', ioasMapped(HOTPLUG.id));
              }),
            },
            // the fill failed (and unwound the area), or the ctx was released meanwhile
            { target: 'unplugged' },
          ],
        },
      },
      // The region is unplugged again: IOMMU_IOAS_UNMAP, split at the same lock drops.
      done: {
        on: {
          'hp.UNMAP_BEGIN': {
            guard: when((k) => k.areas[HOTPLUG.id]?.pages != null),
            target: 'unmapping',
            // iopt_unmap_iova_range holds domains_rwsem for read from here to the area's removal
            actions: step((k) => {
              record(k, 'hotplug', 'IOMMU_IOAS_UNMAP(mh) [area->pages = NULL]', unmapBegin(k, HOTPLUG.id));
              k.ctx.domainsRead = true;
            }),
          },
        },
      },
      unmapping: {
        always: { guard: when((k) => k.areas[HOTPLUG.id] === undefined), target: 'unplugged' }, // released meanwhile
        on: {
          'hp.UNMAP_UNFILL': {
            target: 'unfilled',
            actions: step((k) => record(k, 'hotplug', 'IOMMU_IOAS_UNMAP(mh) [domains unfilled, unpinned]', unmapUnfill(k, HOTPLUG.id, k.tasks.new!.mm, plan.rlimit))),
          },
        },
      },
      unfilled: {
        always: { guard: when((k) => k.areas[HOTPLUG.id] === undefined), target: 'unplugged' },
        on: {
          'hp.UNMAP_REMOVE': {
            target: 'unplugged',
            actions: step((k) => {
              record(k, 'hotplug', 'IOMMU_IOAS_UNMAP(mh)', unmapRemove(k, HOTPLUG.id));
              k.ctx.domainsRead = false;
              keepPromise(k, 'IOMMU_IOAS_UNMAP(mh)', ioasUnmapped(HOTPLUG.id));
            }),
          },
        },
      },
      unplugged: { type: 'final' },
    },
  };
}
