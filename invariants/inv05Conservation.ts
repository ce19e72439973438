import type { Invariant } from 'lucheck';
import { stateOf } from './ctx.ts';

/**
 * Audits every counter against the ledger: the model's own record of which pages are pinned
 * on whose account, kept by the rules of kernel-reference.md 3.4 (the creator pays; a
 * successful CHANGE_PROCESS moves the charge to the caller), never computed from the counters.
 */
export const INV_5: Invariant = {
  id: 'INV-5',
  title: 'accounting conservation',
  description:
    'user->locked_vm = pages pinned in USER mode for that user; a live mm\'s locked_vm = pages pinned in MM mode on it, and its pinned_vm = all pages pinned on it (A2-A4), each pinned page charged once (A7)',
  source: 'kernel-reference.md 3.4 A2-A5, A7; 4 INV-5',
  check: (s) => {
    const k = stateOf(s);
    const userShare: Record<string, number> = {};
    const lockedShare: Record<string, number> = {};
    const pinnedShare: Record<string, number> = {};
    for (const c of Object.values(k.ledger)) {
      if (c.mode === 'user') userShare[c.user] = (userShare[c.user] ?? 0) + c.pages;
      if (c.mode === 'mm') lockedShare[c.mm] = (lockedShare[c.mm] ?? 0) + c.pages;
      if (c.pinnedVm) pinnedShare[c.mm] = (pinnedShare[c.mm] ?? 0) + c.pages;
    }
    for (const [u, v] of Object.entries(k.users)) {
      const want = userShare[u] ?? 0;
      if (v.locked_vm !== want) return `${u}->locked_vm is ${v.locked_vm}, expected ${want} (pages pinned in USER mode on its account)`;
    }
    for (const [m, mm] of Object.entries(k.mms)) {
      if (!mm.alive) continue; // a dead mm's counters are irrelevant (A3)
      const wantLocked = lockedShare[m] ?? 0;
      if (mm.locked_vm !== wantLocked) return `${m}->locked_vm is ${mm.locked_vm}, expected ${wantLocked} (pages pinned in MM mode on it)`;
      const wantPinned = pinnedShare[m] ?? 0;
      if (mm.pinned_vm !== wantPinned) return `${m}->pinned_vm is ${mm.pinned_vm}, expected ${wantPinned} (pages pinned on its account)`;
    }
    return true;
  },
};
