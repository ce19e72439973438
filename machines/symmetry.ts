// Symmetry of the live-update model, used with `--symmetry`: a state is identified with every
// state that differs from it only by a renaming of interchangeable objects.
//
// - RAM blocks of the same kind (ramBlocks=2, no mdev): swapping two blocks (their mapping,
//   pages, memory object and addresses) maps every transition to a transition: the old VMM maps
//   the first unmapped block whichever it is, the device and the new VMM treat blocks alike,
//   CHANGE_PROCESS visits them all. An mdev breaks it (the first access works on the first block),
//   and so does a copy (of the first block).
// - In-kernel clients on the same block (accesses=N): processes of one role running the same
//   code on the same area. An access's whole local state is whether it holds its pin, its last
//   call's return value and whether it was the first to break the service; accesses are renamed
//   so that, within each block, those come in a fixed order.
import { canonicalJson, type AnySnapshot, type ParamValues } from 'lucheck';
import type { KernelState } from './kernelState.ts';
import { planOf, type Plan } from './plan.ts';

/** Names that carry a block's index: mapping m0, pages Pm0, object memfd0/anon0, addresses va0/nva0. */
const INDEXED = /\b(m|Pm|memfd|anon|va|nva)([01])\b/g;

/** A canonical representative of the snapshot's orbit. */
export function liveUpdateSymmetry(s: AnySnapshot, p: ParamValues): unknown {
  const plan = planOf(p);
  if (plan.accesses.length > 1 && plan.moveAccess === 'no') return accessesRenamed(s, plan);
  const text = canonicalJson({ value: s.value, context: s.context });
  const kinds = new Set(plan.mappings.map((m) => `${m.kind}/${m.object.replace(/\d+$/, '')}`));
  if (plan.mappings.length !== 2 || kinds.size !== 1 || plan.mdev || plan.copy) return text;
  const swapped = canonicalJson(JSON.parse(text.replace(INDEXED, (_, name: string, i: string) => `${name}${i === '0' ? '1' : '0'}`)));
  return swapped < text ? swapped : text;
}

/** The snapshot with its accesses renamed: within each block's group, in the order of their local states. */
function accessesRenamed(s: AnySnapshot, plan: Plan): unknown {
  const k = s.context as KernelState;
  const rename = new Map<string, string>();
  const blocks = plan.mappings.length;
  for (let b = 0; b < blocks; b++) {
    const group = plan.accesses.filter((_, i) => i % blocks === b);
    const m = plan.mappings[b]!.id;
    const local = new Map(group.map((a) => [a, `${k.mdevWork.holds.includes(`${a}:${m}`) ? 1 : 0}|${k.serviceBreak?.actor === a ? 1 : 0}|${k.ret[a] ?? ''}`]));
    const ordered = [...group].sort((x, y) => {
      const [lx, ly] = [local.get(x)!, local.get(y)!];
      return lx < ly ? -1 : lx > ly ? 1 : 0;
    });
    ordered.forEach((a, i) => rename.set(a, group[i]!));
  }
  const to = (a: string) => rename.get(a) ?? a;
  const ret: Record<string, string> = {};
  for (const [actor, v] of Object.entries(k.ret)) ret[to(actor)] = v;
  const holds = k.mdevWork.holds.map((h) => `${to(h.slice(0, h.indexOf(':')))}${h.slice(h.indexOf(':'))}`).sort();
  const serviceBreak = k.serviceBreak && { ...k.serviceBreak, actor: to(k.serviceBreak.actor) };
  // Every access region has the one state `attached`, so the configuration needs no renaming.
  return { value: s.value, context: { ...k, ret, serviceBreak, mdevWork: { ...k.mdevWork, holds } } };
}
