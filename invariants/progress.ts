// The progress properties of the live-update model: what a live update must eventually do,
// checked over every fair behaviour (`lucheck check live-update` checks them once every
// invariant holds). Sources: kernel-reference.md 4 (LIV-1) and 1.1-1.3 (the hand-over).
import { leadsTo, eventually, alwaysEventually, type AnySnapshot, type Fairness, type ParamValues } from 'lucheck';
import { deviceDma } from '../machines/access.ts';
import { planOf } from '../machines/plan.ts';
import { stateOf } from './ctx.ts';

/** The run has ended: the new VMM closed the iommufd or container, or the old one never set up (the model's final states). */
export const runEnded = (s: AnySnapshot) => s.matches({ new: 'closed' }) || s.matches({ old: 'gaveUp' }) || s.matches({ old: 'aborted' });

/**
 * LIV-1 as a property: an in-kernel pin or read that sleeps (type1 `vfio_wait`, B3's
 * 898b9eaeb3fe) returns. iommufd's never sleep (`prevent_access` makes them fail instead:
 * kernel-reference.md 4 LIV-1), so there it holds at once.
 */
export const LIV_1 = leadsTo(
  {
    id: 'LIV-1',
    title: 'no kernel thread waits forever on user space',
    description: 'every in-kernel pin or read that sleeps waiting for user space (a new vaddr) returns, under weak fairness of the VMMs and the kernel: a fair behaviour on which it sleeps for ever breaks it',
    source: 'kernel-reference.md 4 LIV-1, 5 B3 (898b9eaeb3fe "block on invalid vaddr", reverted by da4f1c2e1c9c; S14 2022-09-21)',
    symmetric: true,
  },
  (s) => stateOf(s).mdevWork.state === 'blocked' || stateOf(s).mdevWork.state === 'woken',
  (s) => stateOf(s).mdevWork.state === 'idle' || stateOf(s).mdevWork.state === 'done',
);

/**
 * The hand-over completes: the new VMM runs with every mapping the old one made still mapped
 * and naming it (kernel-reference.md 2.9: CHANGE_PROCESS moves `source_mm`; 6.2: type1's
 * MAP_FLAG_VADDR records the new vaddr and, post-fix, the new mm), every pinned page charged to it (the ledger, the model's own ground truth, names its mm and
 * user), and its counters carrying those charges.
 */
export const HANDOVER = eventually(
  {
    id: 'HANDOVER',
    title: 'the hand-over completes',
    description: 'every fair behaviour reaches a state where the new VMM runs, every mapping is still in place and names the new VMM (iommufd pages as their source, type1 dmas as the mm of their vaddr and of their accounting), and every pinned page is charged to the new VMM (its mm or its user, as the ledger says) and counted there',
    source: 'kernel-reference.md 1.1-1.3 (exec and fd hand-over), 2.9 (CHANGE_PROCESS), 6.2 (type1 MAP_FLAG_VADDR)',
    symmetric: true,
  },
  (s, params) => handedOver(s, params),
);

function handedOver(s: AnySnapshot, params: ParamValues): boolean {
  if (!s.matches({ new: 'running' })) return false;
  const k = stateOf(s);
  const mm = k.tasks.new?.mm;
  if (!mm) return false;
  const user = planOf(params).users.new;
  for (const id of Object.keys(k.intended)) if (!k.areas[id]?.pages && !k.container.dmas[id]) return false;
  // the kernel objects name the new VMM: iommufd pages as their source, type1 dmas as the mm of their vaddr and accounting
  for (const p of Object.values(k.pages)) if (p.source_mm !== mm || p.source_user !== user) return false;
  for (const d of Object.values(k.container.dmas)) if (d.vaddrMm !== mm || d.vaddr_invalid || d.mm !== mm) return false;
  let mmPages = 0;
  let vmPages = 0;
  let userPages = 0;
  for (const c of Object.values(k.ledger)) {
    if (c.pages === 0) continue;
    if ((c.mode === 'mm' || c.pinnedVm) && c.mm !== mm) return false;
    if (c.mode === 'user' && c.user !== user) return false;
    if (c.mode === 'mm') mmPages += c.pages;
    if (c.mode === 'user') userPages += c.pages;
    if (c.pinnedVm) vmPages += c.pages;
  }
  const counters = k.mms[mm]!;
  return counters.locked_vm >= mmPages && counters.pinned_vm >= vmPages && k.users[user]!.locked_vm >= userPages;
}

/**
 * The device's DMA keeps completing: again and again, every mapping the guest expects reaches
 * its memory through the domain (an unplugged device's gap ends), until the run ends.
 */
export const DMA = alwaysEventually(
  {
    id: 'DMA',
    title: "the device's DMA keeps completing",
    description: 'from every reachable state, a state is reached where a DMA to every mapping the VMM made lands in the object it meant (or the run has ended): no fair behaviour leaves the device without its memory for good',
    source: 'kernel-reference.md 1.3 (domain/HWPT), 2.7 (DMA through the domain)',
    symmetric: true,
  },
  (s) => runEnded(s) || Object.entries(stateOf(s).intended).every(([m, object]) => {
    const r = deviceDma(stateOf(s), m);
    return r.rc === 0 && r.reached === object;
  }),
);

export const PROPERTIES = [LIV_1, HANDOVER, DMA];

/**
 * Who moves on their own: weak fairness of every actor but the device (which may idle), as
 * actorOf names them. The model's symmetry (symmetry.ts) swaps RAM blocks, which no actor is
 * named after, and renames in-kernel clients of one block among themselves: their assumptions
 * are symmetric only when there is one client.
 */
export function liveUpdateFairness(params: ParamValues): readonly Fairness[] {
  const plan = planOf(params);
  const actors = ['old VMM', 'new VMM'];
  if (plan.backend === 'vfio-type1' && plan.mdev) actors.push('mdev');
  else actors.push(...plan.accesses);
  if (plan.hotplug) actors.push('new VMM (hotplug thread)');
  if (plan.replug !== 'no') actors.push('VMM (device hot-plug)');
  if (plan.copy) actors.push('new VMM (copy thread)');
  if (plan.moveAccess !== 'no') actors.push('new VMM (moving the mdev)');
  const renamed = new Set(plan.accesses.length > 1 ? plan.accesses : []);
  return actors.map((actor) => ({ kind: 'weak', actor, symmetric: !renamed.has(actor) }));
}
