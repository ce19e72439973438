import type { Invariant } from 'lucheck';
import { stateOf } from './ctx.ts';

function firstDifference(a: Record<string, unknown>, b: Record<string, unknown>): string | undefined {
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) return `${key}: ${JSON.stringify(a[key])} -> ${JSON.stringify(b[key])}`;
  }
  return undefined;
}

export const INV_7: Invariant = {
  id: 'INV-7',
  title: 'ownership change is all-or-nothing',
  description:
    'a failed CHANGE_PROCESS leaves every counter, last_npinned and source_* as they were; a successful one leaves every pages object sourced from the caller',
  source: 'kernel-reference.md 3.4 A8; 2.5 uAPI doc ("If the ioctl returns a failure status, then nothing is changed")',
  check: (s) => {
    const c = stateOf(s).lastChange;
    if (!c) return true;
    if (c.ret !== '0') {
      const d =
        firstDifference(c.before.counters, c.after.counters) ??
        firstDifference(c.before.sources, c.after.sources) ??
        firstDifference(c.before.lastNpinned, c.after.lastNpinned);
      return d ? `${c.call} returned ${c.ret} but changed ${d}` : true;
    }
    for (const [id, src] of Object.entries(c.after.sources)) {
      if (!src.startsWith(`${c.caller}/`)) return `${c.call} returned 0 but ${id} is still sourced from ${src}, not the caller's ${c.caller}`;
    }
    return true;
  },
};
