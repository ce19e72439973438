// The passthrough device: DMA through the IOMMU domain to any mapped IOVA, at any time
// (kernel-reference.md 1.3 domain/HWPT, 2.7; exec does not touch the domain: 2.9). One region.
import { deviceDma } from './access.ts';
import type { Plan } from './plan.ts';
import { recordAccess, when } from './step.ts';
import { assign } from 'xstate';
import type { KernelState } from './kernelState.ts';
import type { AnyEvent } from './step.ts';

export function deviceRegion(plan: Plan) {
  const iommufd = plan.backend === 'iommufd';
  return {
    initial: 'running',
    states: {
      running: {
        on: {
          'dev.DMA': {
            // iommufd: only while the IOAS has a domain (the first device may be unplugged, `replug.ts`;
            // the second IOAS's, `copy=true`, always has one)
            guard: when((k, e) => k.intended[e.mapping] !== undefined && (!iommufd || k.ctx.domains > 0 || k.areas[e.mapping]?.ioas === 'ioas2')),
            // A DMA changes nothing unless it fails or lands in the wrong object; then the
            // first such access is recorded for the service invariant.
            actions: assign(({ context, event }: { context: KernelState; event: AnyEvent }) => {
              const r = deviceDma(context, event.mapping);
              if (context.serviceBreak !== null || (r.rc === 0 && r.reached === context.intended[event.mapping])) return {};
              const k = { ...context, serviceBreak: null };
              recordAccess(k, 'device', 'dma', event.mapping, r);
              return { serviceBreak: k.serviceBreak };
            }),
          },
        },
      },
    },
  };
}
