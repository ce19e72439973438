// The live-update system machine: one parallel region per actor, the kernel state in context.
import { setup } from 'xstate';
import { deviceRegion } from './device.ts';
import { hotplugRegion } from './hotplug.ts';
import { initialState } from './initialState.ts';
import type { KernelState } from './kernelState.ts';
import { mdevRegion } from './mdev.ts';
import { newVmmRegion } from './newVmm.ts';
import { oldVmmRegion } from './oldVmm.ts';
import type { Plan } from './plan.ts';
import { replugRegion } from './replug.ts';
import { copyRegion } from './copyThread.ts';
import { moveRegion } from './moveRegion.ts';
import { mdevType1Region, newVmmType1Region, oldVmmType1Region } from './type1Regions.ts';

/** Builds the system machine for one plan; regions for absent actors are left out. */
export function systemMachine(plan: Plan) {
  const type1 = plan.backend === 'vfio-type1';
  const states: Record<string, unknown> = type1
    ? { old: oldVmmType1Region(plan), new: newVmmType1Region(plan) }
    : { old: oldVmmRegion(plan), new: newVmmRegion(plan) };
  if (plan.mdev && type1) states.mdev = mdevType1Region(plan);
  else plan.accesses.forEach((name, i) => (states[name] = mdevRegion(plan, i)));
  if (plan.device || plan.copy) states.device = deviceRegion(plan);
  if (plan.hotplug) states.hotplug = hotplugRegion(plan);
  if (plan.replug !== 'no') states.replug = replugRegion(plan);
  if (plan.copy) states.copy = copyRegion(plan);
  if (plan.moveAccess !== 'no') states.move = moveRegion(plan);
  return setup({ types: {} as { context: KernelState; events: { type: string } } }).createMachine({
    id: 'live-update',
    type: 'parallel',
    context: initialState(plan),
    states,
  } as never);
}
