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

/** The kernel objects and counters a failing syscall must leave as they were (INV-8). */
function kernelObjects(k: KernelState): string {
  return JSON.stringify([k.areas, k.pages, k.container.dmas, k.container.vaddr_invalid_count, k.mms, k.users]);
}

/**
 * Runs a syscall, records its return value, and notes in `atomicityBreak` the first one that
 * failed but changed kernel objects or counters: what INV-8 audits.
 */
export function syscall(k: KernelState, actor: string, call: string, op: () => 0 | string): 0 | string {
  const before = kernelObjects(k);
  const rc = op();
  record(k, actor, call, rc);
  if (rc !== 0 && k.atomicityBreak === null && kernelObjects(k) !== before) k.atomicityBreak = { call, ret: String(rc) };
  return rc;
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
