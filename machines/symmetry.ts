// Symmetry of the live-update model: RAM blocks of the same kind are interchangeable. Swapping
// two of them (their mapping, pages, memory object and addresses) maps every transition to a
// transition: the old VMM maps the first unmapped block whichever it is, the device and the new
// VMM treat blocks alike, CHANGE_PROCESS visits them all. The mdev is the exception (it works on
// the first block), so with an mdev, or blocks of different kinds, no state is identified with
// another.
import { canonicalJson, type AnySnapshot, type ParamValues } from 'lucheck';
import { planOf } from './plan.ts';

/** Names that carry a block's index: mapping m0, pages Pm0, object memfd0/anon0, addresses va0/nva0. */
const INDEXED = /\b(m|Pm|memfd|anon|va|nva)([01])\b/g;

/** A canonical representative of the snapshot's orbit: the smaller of it and its block swap. */
export function liveUpdateSymmetry(s: AnySnapshot, p: ParamValues): string {
  const text = canonicalJson({ value: s.value, context: s.context });
  const plan = planOf(p);
  const kinds = new Set(plan.mappings.map((m) => `${m.kind}/${m.object.replace(/\d+$/, '')}`));
  if (plan.mappings.length !== 2 || kinds.size !== 1 || plan.mdev) return text;
  const swapped = canonicalJson(JSON.parse(text.replace(INDEXED, (_, name: string, i: string) => `${name}${i === '0' ? '1' : '0'}`)));
  return swapped < text ? swapped : text;
}
