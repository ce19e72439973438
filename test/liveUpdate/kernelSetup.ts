// States of the live-update model built from its parameters, and the requests its VMMs make,
// for the tests that drive kernel entries one at a time.
import { expect } from 'chai';
import { resolveParams } from 'lucheck';
import type { ChangeProcessRequest } from '../../machines/changeProcess.ts';
import { initialState } from '../../machines/initialState.ts';
import { ioasMap, mapRequest, type MapRequest } from '../../machines/iommufd.ts';
import { copyFill, copyInsert, copyPublish } from '../../machines/ioasCopy.ts';
import { clone, type KernelState } from '../../machines/kernelState.ts';
import { PARAMS } from '../../machines/params.ts';
import { HOTPLUG, planOf, type MappingPlan, type Plan } from '../../machines/plan.ts';

/** A fresh state (and its plan) for the given parameters, defaults for the rest. */
export function setup(given: Record<string, unknown> = {}): { k: KernelState; plan: Plan } {
  const plan = planOf(resolveParams('live-update', PARAMS, given));
  return { k: initialState(plan), plan };
}

/** The IOMMU_IOAS_MAP(_FILE) request the VMM makes for a planned mapping. */
export function mapReq(plan: Plan, m: MappingPlan, caller = 'old', over: Partial<MapRequest> = {}): MapRequest {
  return { ...mapRequest(plan, m, caller), ...over };
}

/** The hot-plugged MAP_FILE of the new VMM (split into insert / fill / publish). */
export function hotplugReq(plan: Plan, caller = 'new'): MapRequest {
  return mapReq(plan, HOTPLUG, caller, { origin: HOTPLUG.object });
}

/** The old VMM maps every planned mapping (each must succeed). */
export function mapAll(k: KernelState, plan: Plan): void {
  for (const m of plan.mappings) expect(ioasMap(k, mapReq(plan, m)), `map ${m.id}`).to.equal(0);
}

/** The CHANGE_PROCESS the new VMM issues for this plan (RFC V1: one umap entry per USER mapping). */
export function changeReq(plan: Plan, over: Partial<ChangeProcessRequest> = {}): ChangeProcessRequest {
  return {
    caller: 'new',
    user: plan.users.new,
    variant: plan.variant as ChangeProcessRequest['variant'],
    nullDerefBug: plan.bugs.has('B6'),
    rlimit: plan.rlimit,
    umap: plan.mappings.filter((m) => m.kind === 'user').map((m) => ({ addrOld: m.oldVa, addrNew: m.newVa })),
    ...over,
  };
}

/** A deep copy of the state without `ret` (the strace line is the only thing a failure may write). */
export function frozen(k: KernelState): Omit<KernelState, 'ret'> {
  const { ret: _ret, ...rest } = clone(k);
  return rest;
}

/** Runs `call` and checks it changed nothing; returns what it returned. */
export function changesNothing<T>(k: KernelState, call: () => T): T {
  const before = frozen(k);
  const result = call();
  expect(frozen(k), 'state changed by a failing call').to.deep.equal(before);
  return result;
}

/** IOMMU_IOAS_COPY of `source` into the second IOAS, every step succeeding (insert, fill, publish). */
export function copyMapping(k: KernelState, plan: Plan, source = 'm0', currentMm = 'mm0'): void {
  expect(copyInsert(k, source), 'copy insert').to.equal(0);
  expect(copyFill(k, source, currentMm, plan.rlimit), 'copy fill').to.equal(0);
  expect(copyPublish(k, source), 'copy publish').to.equal(0);
}
