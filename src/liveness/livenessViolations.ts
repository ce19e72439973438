import type { EventObject } from 'xstate';
import type { AnySnapshot } from '../model/defineModel.ts';
import type { Fairness, Property } from '../model/Property.ts';
import type { XstateSystem } from '../adapter/xstateSystem.ts';
import type { Violation } from '../CheckResult.ts';
import { buildTrace } from '../trace/buildTrace.ts';
import { canonicalJson } from '../adapter/canonicalJson.ts';
import { checkReplayed } from '../trace/replayEvents.ts';
import type { ReplayedStep } from '../trace/replayPath.ts';
import { expand, fingerprintOf } from '../search/successor.ts';
import type { GraphStore } from './GraphStore.ts';
import type { StateGraph } from './StateGraph.ts';
import { propertyLasso } from './propertyLasso.ts';
import { fairnessMasks } from './livenessRecorder.ts';

/**
 * Checks each property on the graph a finished search recorded, under `fairness`: for each
 * that fails, a violation whose trace is the lasso replayed (every state checked against the
 * one the graph holds) and whose `loop` says where its cycle starts, and, when the search
 * identified states up to a reduction (`reduced`), whether it closes only up to it.
 */
export function livenessViolations(system: XstateSystem, store: GraphStore, properties: readonly Property[], fairness: readonly Fairness[], reduced: boolean): Violation[] {
  const g = store.graph();
  const masks = fairnessMasks(fairness);
  const violations: Violation[] = [];
  properties.forEach((prop, i) => {
    const column = store.bits[i >> 4]!;
    const shift = 2 * (i & 15);
    const p = new Uint8Array(g.states);
    const q = new Uint8Array(g.states);
    for (let v = 0; v < g.states; v++) {
      const bits = column.get(v) >>> shift;
      p[v] = bits & 1;
      q[v] = (bits >> 1) & 1;
    }
    const lasso = propertyLasso(g, { kind: prop.kind, p, ...(prop.kind === 'leads-to' ? { q } : {}) }, masks);
    if (!lasso) return;
    const steps = replayLasso(system, store, g, lasso.edges);
    // under a reduction the cycle may come back to another state identified with its start
    const concrete = (s: AnySnapshot) => canonicalJson({ value: s.value, context: s.context });
    const permuted = reduced && !lasso.stutter && concrete(steps.at(-1)!.state) !== concrete(steps[lasso.loopStart]!.state);
    violations.push({
      kind: 'liveness',
      id: prop.id,
      title: prop.title,
      message: lassoMessage(prop),
      trace: buildTrace(system, steps),
      loop: { start: lasso.loopStart, stutter: lasso.stutter, ...(permuted ? { upToReduction: true } : {}) },
    });
  });
  return violations;
}

/**
 * The states of a lasso, re-executed from the initial state: each edge's event as the search
 * numbered it, or, when the state reached is another member of the same orbit (a symmetry
 * identifies states whose enabled events come in another order), the enabled event that leads
 * to the edge's target. Every state is checked against the graph's; a step that reaches none
 * means the model is not deterministic.
 */
function replayLasso(system: XstateSystem, store: GraphStore, g: StateGraph, edges: readonly number[]): ReplayedStep<AnySnapshot, EventObject>[] {
  const fp = { hi: 0, lo: 0 };
  const idOf = (s: AnySnapshot) => store.idOf(fingerprintOf(system, s, fp).hi, fp.lo);
  let state = system.initialState();
  checkReplayed(system, (f) => store.idOf(f.hi, f.lo) === 0)(state, 0);
  const steps: ReplayedStep<AnySnapshot, EventObject>[] = [{ event: undefined, eventIndex: -1, state }];
  edges.forEach((e, i) => {
    const target = g.targets[e]!;
    const { events, states } = expand(system, state);
    let at = g.events[e]!;
    if (states[at] === undefined || idOf(states[at]!) !== target) at = states.findIndex((s) => idOf(s) === target);
    if (at < 0) checkReplayed(system, () => false)(states[g.events[e]!] ?? state, i + 1);
    state = states[at]!;
    steps.push({ event: events[at], eventIndex: at, state });
  });
  return steps;
}

/** What a lasso shows against a property, in words (the trace's loop line says where its cycle runs). */
function lassoMessage(prop: Property): string {
  switch (prop.kind) {
    case 'eventually':
      return 'a fair behaviour never reaches a state where it holds';
    case 'always-eventually':
      return 'a fair behaviour reaches a cycle on which it never holds again';
    case 'leads-to':
      return 'a fair behaviour reaches a state where its premise holds, and never then or later one where its conclusion does';
    case 'eventually-always':
      return 'a fair behaviour keeps coming back to a state where it does not hold';
  }
}
