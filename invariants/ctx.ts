// Shared access to the system state for the invariants.
import type { AnySnapshot } from 'lucheck';
import type { KernelState } from '../machines/kernelState.ts';

export function stateOf(s: AnySnapshot): KernelState {
  return s.context as KernelState;
}
