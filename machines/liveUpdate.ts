// The live-update model: `lucheck check live-update --set ...`. The statecharts are the regions
// in this folder; the invariants are in ../invariants.
import type { EventObject } from 'xstate';
import { defineModel, type ParamValues } from 'lucheck';
import { INVARIANTS } from '../invariants/index.ts';
import { PROPERTIES, liveUpdateFairness } from '../invariants/progress.ts';
import { BUG_BACKEND, PARAMS, VARIANTS, type Backend, type BugId } from './params.ts';
import { HOTPLUG, planOf, type Plan } from './plan.ts';
import { systemMachine } from './system.ts';
import { copyOf } from './ioasCopy.ts';
import { liveUpdateSymmetry } from './symmetry.ts';

function alphabet(plan: Plan): EventObject[] {
  const events: (EventObject & { mapping?: string })[] = plan.mappings.map((m) => ({ type: 'old.MAP', mapping: m.id }));
  events.push({ type: 'old.HANDOVER' }, { type: 'old.EXIT' }, { type: 'new.MMAP' });
  if (plan.backend === 'iommufd') {
    events.push({ type: 'new.CHANGE_PROCESS' });
    for (const m of plan.mappings) events.push({ type: 'new.UNMAP', mapping: m.id });
    if (plan.copy) events.push({ type: 'new.UNMAP', mapping: copyOf(plan.mappings[0]!.id) });
  }
  else {
    if (plan.vaddrUpdate === 'per-block') for (const m of plan.mappings) events.push({ type: 'old.UNMAP_VADDR', mapping: m.id });
    else events.push({ type: 'old.UNMAP_VADDR' });
    for (const m of plan.mappings) events.push({ type: 'new.MAP_VADDR', mapping: m.id }, { type: 'new.UNMAP', mapping: m.id });
    if (plan.mdev) events.push({ type: 'new.CLOSE_DEVICE' });
  }
  events.push({ type: 'new.CLOSE' });
  if (plan.backend === 'vfio-type1' && plan.mdev) events.push({ type: 'mdev.PIN' }, { type: 'mdev.RW' }, ...(plan.pinBatch ? [{ type: 'mdev.RESUME' }] : []));
  else for (const a of plan.accesses) events.push({ type: `${a}.PIN` }, { type: `${a}.RW` }, { type: `${a}.UNPIN` });
  if (plan.device) {
    for (const m of plan.mappings) events.push({ type: 'dev.DMA', mapping: m.id });
    if (plan.hotplug) events.push({ type: 'dev.DMA', mapping: HOTPLUG.id });
  }
  // the second device, through the second IOAS's domain
  if (plan.copy) events.push({ type: 'dev.DMA', mapping: copyOf(plan.mappings[0]!.id) }, { type: 'cp.INSERT' }, { type: 'cp.FILL' }, { type: 'cp.PUBLISH' });
  if (plan.replug !== 'no') events.push({ type: 'plug.DETACH' }, { type: 'plug.ATTACH' });
  if (plan.moveAccess !== 'no') events.push({ type: 'mv.BEGIN' }, { type: 'mv.UNMAP' }, { type: 'mv.FINISH' });
  if (plan.hotplug) {
    for (const type of ['hp.INSERT', 'hp.FILL', 'hp.PUBLISH', 'hp.UNMAP_BEGIN', 'hp.UNMAP_UNFILL', 'hp.UNMAP_REMOVE']) events.push({ type });
  }
  return events;
}

function validate(p: ParamValues): string | undefined {
  const backend = p.backend as Backend;
  const allowed = VARIANTS[backend] as readonly string[];
  if (!allowed.includes(p.variant as string)) return `variant ${p.variant} is not a ${backend} variant; allowed for ${backend}: ${allowed.join(', ')}`;
  for (const b of p.bugs as readonly string[]) {
    if (b !== 'variant' && BUG_BACKEND[b as BugId] !== backend) return `bug ${b} is a ${BUG_BACKEND[b as BugId]} bug, not a ${backend} one`;
  }
  if ((p.accesses as number) > 1 && (!p.mdev || backend !== 'iommufd')) return `accesses=${p.accesses} needs mdev=true and backend=iommufd (type1 models one mdev); allowed without them: accesses=1`;
  if (p.uid === 'other' && p.handover !== 'scm-rights') return `uid=other models a receiver of another user over SCM_RIGHTS; allowed with handover=scm-rights (exec and fork + exec keep the user)`;
  if (p.replug !== 'no' && (backend !== 'iommufd' || !p.device)) return `replug=${p.replug} replaces the passthrough device of an iommufd IOAS; allowed with backend=iommufd and device=true`;
  if (p.pinBatch && (backend !== 'vfio-type1' || !p.mdev || (p.memory !== 'mixed' && p.ramBlocks !== 2))) return 'pinBatch pins both RAM blocks in one type1 vfio_pin_pages call; allowed with backend=vfio-type1, mdev=true and two blocks (memory=mixed or ramBlocks=2)';
  if (p.vaddrUpdate !== 'all' && backend !== 'vfio-type1') return 'vaddrUpdate is how type1 VMMs update their vaddrs; allowed with backend=vfio-type1';
  if (p.moveAccess !== 'no' && (!p.copy || !p.mdev)) return `moveAccess=${p.moveAccess} moves the in-kernel client to the IOAS copy=true creates; allowed with copy=true and mdev=true`;
  if (p.mapLength !== 'exact' && backend !== 'iommufd') return `mapLength=${p.mapLength} sizes iommufd maps; allowed with backend=iommufd`;
  if (p.copy && backend !== 'iommufd') return 'copy models IOMMU_IOAS_COPY into a second IOAS; allowed with backend=iommufd';
  if (p.hotplug && p.variant !== 'v6.13' && p.variant !== 'mainline') return 'hotplug models a MAP_FILE, which RFC V1 does not have; allowed with variant v6.13 or mainline';
  return undefined;
}

/** The alphabet per parameter assignment: `events()` runs once per state expanded, the plan and its events once per run. */
const alphabets = new WeakMap<ParamValues, EventObject[]>();
function alphabetOf(p: ParamValues): EventObject[] {
  let events = alphabets.get(p);
  if (!events) alphabets.set(p, (events = alphabet(planOf(p))));
  return events;
}

export default defineModel({
  name: 'live-update',
  description: 'iommufd / vfio live update of a VMM: exec and fd hand-over while devices keep doing DMA',
  params: PARAMS,
  validate,
  machine: (p) => systemMachine(planOf(p)),
  events: (_s, p) => alphabetOf(p),
  invariants: INVARIANTS,
  // progress, under weak fairness of every actor but the device (invariants/progress.ts)
  properties: PROPERTIES,
  fairness: liveUpdateFairness,
  symmetry: liveUpdateSymmetry,
  // With --drop-auxiliary: the last return values of the in-kernel clients and of the hot-plug
  // thread. They record what each call returned, for the trace; no guard, action or invariant
  // reads them (the VMMs' own `ret.old` and `ret.new` are read, by the always-transitions that
  // follow a failed MAP or CHANGE_PROCESS, and stay in).
  auxiliary: (p) => {
    const plan = planOf(p);
    return [...plan.accesses, ...(plan.hotplug ? ['hotplug'] : []), ...(plan.replug !== 'no' ? ['replug'] : []), ...(plan.copy ? ['copy'] : []), ...(plan.moveAccess !== 'no' ? ['move'] : [])].map((a) => `ret.${a}`);
  },
  // The run ends when the new VMM has closed the iommufd, or the old one could not set up.
  isFinal: (s) => s.matches({ new: 'closed' }) || s.matches({ old: 'gaveUp' }) || s.matches({ old: 'aborted' }),
  actorOf: (e) => {
    const prefix = e.type.split('.')[0]!;
    return ({ old: 'old VMM', new: 'new VMM', mdev: 'mdev', dev: 'device', hp: 'new VMM (hotplug thread)', plug: 'VMM (device hot-plug)', cp: 'new VMM (copy thread)', mv: 'new VMM (moving the mdev)' } as Record<string, string>)[prefix] ?? (prefix.startsWith('mdev') ? prefix : undefined);
  },
});
