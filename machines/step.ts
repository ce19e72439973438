// Helpers that turn kernel operations (functions on a draft copy of the state) into xstate
// guards and assign actions, and record what each syscall returned.
import { assign } from 'xstate';
import { clone, type KernelState } from './kernelState.ts';
import type { Reach } from './access.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEvent = { type: string; [key: string]: any };

/** An assign action running `fn` on a copy of the state: the snapshot it reads is never mutated. */
export function step(fn: (k: KernelState, event: AnyEvent) => void) {
  return assign(({ context, event }: { context: KernelState; event: AnyEvent }) => {
    const k = clone(context);
    fn(k, event);
    return k;
  });
}

/** A guard over the state (and the event). */
export function when(fn: (k: KernelState, event: AnyEvent) => boolean) {
  return ({ context, event }: { context: KernelState; event: AnyEvent }) => fn(context, event);
}

/** Records an actor's last syscall as strace prints it: `IOMMU_IOAS_CHANGE_PROCESS = -EINVAL`. */
export function record(k: KernelState, actor: string, call: string, rc: 0 | string): void {
  k.ret[actor] = `${call} = ${rc}`;
}

/**
 * Records the first access to a mapped IOVA that failed or reached another memory object than
 * the one mapped there: what the service invariant checks.
 */
export function recordAccess(k: KernelState, actor: string, op: string, mapping: string, r: Reach): void {
  const expected = k.intended[mapping];
  if (expected === undefined || k.serviceBreak !== null) return;
  if (r.rc !== 0 || r.reached !== expected) {
    k.serviceBreak = { actor, op, mapping, ret: String(r.rc), reached: r.reached, expected };
  }
}
