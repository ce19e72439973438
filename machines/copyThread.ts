// A thread of the new VMM that copies the first guest RAM mapping into a second IOAS, for a
// second device, with IOMMU_IOAS_COPY while the hand-over runs (`ioasCopy.ts`, split at the
// destination's lock drops). One region.
import { copyFill, copyInsert, copyOf, copyPublish } from './ioasCopy.ts';
import type { Plan } from './plan.ts';
import { ioasMapped } from './promises.ts';
import { keepPromise, record, recordAccess, step, when } from './step.ts';

export function copyRegion(plan: Plan) {
  const source = plan.mappings[0]!.id;
  const dest = copyOf(source);
  const call = `IOMMU_IOAS_COPY(${source} -> ioas2)`;
  return {
    initial: 'idle',
    states: {
      idle: {
        on: {
          'cp.INSERT': {
            guard: when((k) => k.ctx.open && k.ctx.holders.includes('new') && k.areas[source]?.pages != null),
            target: 'inserted',
            actions: step((k) => record(k, 'copy', `${call} [area inserted, pages NULL]`, copyInsert(k, source))),
          },
        },
      },
      inserted: {
        on: {
          'cp.FILL': {
            target: 'filled',
            // the destination domain is filled under its domains_rwsem and pages->mutex only
            actions: step((k) => {
              const rc = copyFill(k, source, k.tasks.new!.mm, plan.rlimit);
              record(k, 'copy', `${call} [domain filled]`, rc);
              // a copy that cannot pin leaves the second device without guest RAM
              if (rc !== 0) recordAccess(k, 'copy', 'copy', source, { rc, reached: null });
            }),
          },
        },
      },
      filled: {
        // the fill failed and removed the area again
        always: { guard: when((k) => k.areas[dest] === undefined), target: 'failed' },
        on: {
          'cp.PUBLISH': {
            target: 'done',
            actions: step((k) => {
              record(k, 'copy', call, copyPublish(k, source));
              keepPromise(k, call, ioasMapped(dest));
            }),
          },
        },
      },
      done: { type: 'final' },
      failed: { type: 'final' },
    },
  };
}
