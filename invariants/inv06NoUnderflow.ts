import type { Invariant } from 'lucheck';
import { stateOf } from './ctx.ts';

export const INV_6: Invariant = {
  id: 'INV-6',
  title: 'no counter below zero',
  description: 'user->locked_vm, mm->locked_vm and mm->pinned_vm never go below zero, in any state (they are unsigned or atomic in the kernel and would wrap)',
  source: 'kernel-reference.md 3.4 A6; S2 decr_user_locked_vm WARN_ON; S10 __account_locked_vm WARN_ON_ONCE',
  check: (s) => {
    const k = stateOf(s);
    for (const [u, v] of Object.entries(k.users)) if (v.locked_vm < 0) return `${u}->locked_vm = ${v.locked_vm} (wrapped below zero)`;
    for (const [m, mm] of Object.entries(k.mms)) {
      if (mm.locked_vm < 0) return `${m}->locked_vm = ${mm.locked_vm} (wrapped below zero)`;
      if (mm.pinned_vm < 0) return `${m}->pinned_vm = ${mm.pinned_vm} (below zero)`;
    }
    return true;
  },
};
