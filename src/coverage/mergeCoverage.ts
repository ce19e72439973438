import type { Coverage, EventCoverage, TransitionCoverage } from './Coverage.ts';

/**
 * The coverage of several runs over the same statechart as one: counts added (an event type or
 * a transition by source, event and handler; `newStates` counts what was new to each run, so it
 * may count a state once per run), a state node unreached only when no run reached it, complete
 * only when every part is.
 */
export function mergeCoverage(parts: readonly Coverage[]): Coverage | undefined {
  const [first, ...rest] = parts;
  if (!first) return undefined;
  const events = new Map<string, { fired: number; newStates: number }>();
  for (const p of parts) {
    for (const e of p.events) {
      const c = events.get(e.type) ?? { fired: 0, newStates: 0 };
      events.set(e.type, { fired: c.fired + e.fired, newStates: c.newStates + e.newStates });
    }
  }
  const key = (t: TransitionCoverage) => `${t.source}\u0000${t.event}\u0000${t.candidate}`;
  const transitions = new Map<string, TransitionCoverage>();
  for (const p of parts) {
    for (const t of p.transitions) {
      const c = transitions.get(key(t));
      transitions.set(key(t), c ? { ...c, fired: c.fired + t.fired, newStates: c.newStates + t.newStates } : t);
    }
  }
  const unreached = first.unreachedStates.filter((id) => rest.every((p) => p.unreachedStates.includes(id)));
  const eventList: EventCoverage[] = [...events].map(([type, c]) => ({ type, ...c })).sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  return { complete: parts.every((p) => p.complete), events: eventList, transitions: [...transitions.values()], unreachedStates: unreached, stateCount: first.stateCount };
}
