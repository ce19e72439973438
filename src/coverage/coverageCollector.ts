import type { EventObject } from 'xstate';
import type { SearchObserver } from '../search/SearchOutcome.ts';
import type { TransitionRef, TransitionSystem } from '../search/TransitionSystem.ts';
import { readStatechart, type ChartNode } from '../viz/readStatechart.ts';
import type { Coverage, TransitionCoverage } from './Coverage.ts';

interface Counter {
  fired: number;
  newStates: number;
}

const refKey = (source: string, event: string, candidate: number) => `${source}\u0000${event}\u0000${candidate}`;

/**
 * Counts coverage while a search runs: plug `observer` into the search, read `result()` after.
 * Event types come from the events themselves; transitions and active states from the
 * system's `takenTransitions` and `activeStates` (both engines provide them), named against the
 * statechart the machine declares: every microstep of a step counts, the event's transitions
 * and the `always`, raised and done-event transitions that follow it. A state counts as
 * reached when it is active in a state the search stores (a state a step passes through and
 * leaves in the same step, such as a final state whose onDone leaves it at once, is not).
 * Pure: holds its counters, touches nothing else.
 */
export function coverageCollector<S>(system: TransitionSystem<S, EventObject>, machine: { readonly root: object }) {
  const chart = readStatechart(machine);
  const order: ChartNode[] = [];
  // history pseudo-states are never active: they are not states to reach
  const walk = (n: ChartNode): void => {
    if (n.type !== 'history') order.push(n);
    n.children.forEach(walk);
  };
  walk(chart.root);

  const events = new Map<string, Counter>();
  const byRef = new Map<TransitionRef, Counter>();
  const byKey = new Map<string, Counter>();
  const reached = new Set<string>();
  // by identity, and weakly: an engine that makes a state's list again hands a new one
  const seenLists = new WeakSet<readonly string[]>();
  const taken = system.takenTransitions?.bind(system);
  const active = system.activeStates?.bind(system);

  const counterOf = (ref: TransitionRef): Counter => {
    let c = byRef.get(ref);
    if (!c) {
      const k = refKey(ref.source, ref.event, ref.candidate);
      c = byKey.get(k);
      if (!c) byKey.set(k, (c = { fired: 0, newStates: 0 }));
      byRef.set(ref, c);
    }
    return c;
  };
  const mark = (s: S): void => {
    const ids = active?.(s);
    if (!ids || seenLists.has(ids)) return;
    seenLists.add(ids);
    for (const id of ids) reached.add(id);
  };

  const observer: SearchObserver<S, EventObject> = {
    onInitial: mark,
    onSuccessor(from, event, to, isNew) {
      let e = events.get(event.type);
      if (!e) events.set(event.type, (e = { fired: 0, newStates: 0 }));
      e.fired++;
      if (isNew) {
        e.newStates++;
        mark(to);
      }
      if (taken) {
        for (const ref of taken(from, event, to)) {
          const c = counterOf(ref);
          c.fired++;
          if (isNew) c.newStates++;
        }
      }
    },
  };

  function result(complete: boolean): Coverage {
    const transitions: TransitionCoverage[] = [];
    const listed = new Set<string>();
    for (const node of order) {
      for (const t of node.transitions) {
        const k = refKey(t.source, t.event, t.candidate);
        listed.add(k);
        const c = byKey.get(k);
        const target = t.targets.length > 0 ? ` → ${t.targets.map((id) => chart.nodes.get(id)?.key ?? id).join(', ')}` : '';
        transitions.push({ source: t.source, event: t.event, candidate: t.candidate, label: `${t.label}${target}`, fired: c?.fired ?? 0, newStates: c?.newStates ?? 0 });
      }
    }
    for (const [k, c] of byKey) {
      if (listed.has(k)) continue;
      const [source, event, candidate] = k.split('\u0000') as [string, string, string];
      transitions.push({ source, event, candidate: Number(candidate), label: event || 'always', fired: c.fired, newStates: c.newStates });
    }
    return {
      complete,
      events: [...events].map(([type, c]) => ({ type, fired: c.fired, newStates: c.newStates })).sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0)),
      transitions,
      unreachedStates: active ? order.map((n) => n.id).filter((id) => !reached.has(id)) : [],
      stateCount: order.length,
    };
  }

  return { observer, result };
}
