// Helpers that turn kernel operations (functions on a draft copy of the state) into xstate
// guards and assign actions, and record what each syscall returned.
import { assign } from 'xstate';
import type { KernelState } from './kernelState.ts';
import { sameJson } from './kernelDraft.ts';
import { StepMemo, ValueIds } from './stepMemo.ts';
import type { Reach } from './access.ts';
import type { Promised } from './promises.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEvent = { type: string; [key: string]: any };

/** The failed syscall of the step running now, for the INV-8 audit at its end. */
let failedCall: { call: string; ret: string } | null = null;
let syscalls = 0;

/**
 * An assign action running `fn` on a draft of the state (`Draft`): the snapshot it reads is
 * never mutated, and the fields the step did not touch are shared with it. Its result is looked
 * up when a state that agreed on every field the step read was stepped with the same event
 * (`StepMemo`).
 * A step runs at most one syscall; when it failed yet the kernel objects and counters differ
 * from the step's start, the first such call is noted in `atomicityBreak`: what INV-8 audits.
 * (No step changes those objects outside its syscall, so a difference over the step is one
 * over the syscall; the snapshot is the state before.)
 */
export function step(fn: (k: KernelState, event: AnyEvent) => void) {
  const memo = new StepMemo(valueIds, stepMemo.enabled);
  return assign(({ context, event }: { context: KernelState; event: AnyEvent }) => memo.run(context, eventKey(event), (draft, base) => runStep(draft, base, fn, event)));
}

/** One step's `fn` on `draft` (a draft of the state `base`), then the INV-8 audit of its syscall. */
export function runStep(draft: KernelState, base: KernelState, fn: (k: KernelState, event: AnyEvent) => void, event: AnyEvent): void {
  failedCall = null;
  syscalls = 0;
  fn(draft, event);
  const failed = failedCall as { call: string; ret: string } | null;
  // read through the draft, so the fields the audit compares count as read
  if (failed !== null && draft.atomicityBreak === null && !sameKernelObjects(base, draft)) draft.atomicityBreak = failed;
}

/**
 * Whether the steps of machines built from now on look their results up (`StepMemo`). Off, every
 * step is computed: the tests compare both ways on whole runs.
 */
export const stepMemo = { enabled: true };

/** Numbers for field values, shared by every step's memo. */
const valueIds = new ValueIds();
const eventKeys = new WeakMap<object, string>();
function eventKey(event: AnyEvent): string {
  let k = eventKeys.get(event);
  if (k === undefined) eventKeys.set(event, (k = JSON.stringify(event)));
  return k;
}

/** A guard over the state (and the event). */
export function when(fn: (k: KernelState, event: AnyEvent) => boolean) {
  return ({ context, event }: { context: KernelState; event: AnyEvent }) => fn(context, event);
}

/** Records an actor's last syscall as strace prints it: `IOMMU_IOAS_CHANGE_PROCESS = -EINVAL`. */
export function record(k: KernelState, actor: string, call: string, rc: 0 | string): void {
  k.ret[actor] = `${call} = ${rc}`;
}

/** The kernel objects and counters a failing syscall must leave as they were (INV-8); a field the step never read is the very object it was. */
function sameKernelObjects(a: KernelState, b: KernelState): boolean {
  return (
    sameJson(a.areas, b.areas) &&
    sameJson(a.pages, b.pages) &&
    sameJson(a.container.dmas, b.container.dmas) &&
    a.container.vaddr_invalid_count === b.container.vaddr_invalid_count &&
    sameJson(a.mms, b.mms) &&
    sameJson(a.users, b.users)
  );
}

/**
 * Runs a syscall and records its return value; a failure is kept for the step's INV-8 audit
 * (see `step`), a success is held to what the call promises (`promised`, INV-13). A second
 * syscall in one step is a modelling error: the audit could not tell which of them changed the
 * objects.
 */
export function syscall(k: KernelState, actor: string, call: string, op: () => 0 | string, promised?: Promised): 0 | string {
  if (++syscalls > 1) throw new Error(`a step runs at most one syscall; ${call} is the second`);
  const rc = op();
  record(k, actor, call, rc);
  if (rc !== 0) failedCall = { call, ret: String(rc) };
  else if (promised) keepPromise(k, call, promised);
  return rc;
}

/** Notes the first call that returned 0 without doing what it promises (INV-13). */
export function keepPromise(k: KernelState, call: string, promised: Promised): void {
  const broken = promised(k);
  if (broken !== true && k.promiseBreak === null) k.promiseBreak = { call, missing: broken };
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
