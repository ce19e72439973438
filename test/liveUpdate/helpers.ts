import { check, defineModel, type AnySnapshot, type CheckResult, type Invariant } from 'lucheck';
import liveUpdate from '../../machines/liveUpdate.ts';
import type { KernelState } from '../../machines/kernelState.ts';

export type Params = Record<string, string | boolean | number>;

/** The live-update model checking only the given invariants (plus any probes), without its progress properties. */
export function modelWith(invariants: readonly Invariant[]) {
  return defineModel({ ...liveUpdate, invariants, properties: [] });
}

/** The model with a single one of its own invariants. */
export function only(id: string) {
  const inv = liveUpdate.invariants!.find((i) => i.id === id);
  if (!inv) throw new Error(`no invariant ${id}`);
  return modelWith([inv]);
}

/**
 * A probe: an "invariant" that fails exactly in the states `reached` describes, so that a
 * violation proves such a state reachable and its trace shows how (a reachability witness).
 */
export function witness(id: string, reached: (k: KernelState, s: AnySnapshot) => boolean): Invariant {
  return { id, title: id, description: 'test probe', check: (s) => (reached(s.context as KernelState, s) ? `reached: ${id}` : true) };
}

/** Checks the model's invariants (and deadlock) in one configuration; its progress properties are tested on their own (progress.test.ts). */
export async function run(model: ReturnType<typeof modelWith> | typeof liveUpdate, params: Params): Promise<CheckResult> {
  return check(model, { params, invariants: (model.invariants ?? []).map((i) => i.id) });
}

export function events(r: CheckResult): string[] {
  return r.violations[0]!.trace.slice(1).map((t) => t.event!.type);
}

/** The live-update model with its invariants and no progress properties: for the tests of symmetry, checkpoints and the auxiliary fields, which are about the state space and its invariants. */
export const safetyOnly = modelWith(liveUpdate.invariants!);

export { liveUpdate };
