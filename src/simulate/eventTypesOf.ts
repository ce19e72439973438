import { readStatechart } from '../viz/readStatechart.ts';

/** The event types a machine's transitions name, sorted: those swarm mode weighs (eventless and internal ones aside). */
export function eventTypesOf(machine: { readonly root: object }): string[] {
  const types = new Set<string>();
  const walk = (n: ReturnType<typeof readStatechart>['root']): void => {
    for (const t of n.transitions) if (t.event !== '') types.add(t.event);
    n.children.forEach(walk);
  };
  walk(readStatechart(machine).root);
  return [...types].sort();
}
