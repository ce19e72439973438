import type { CompiledMachine } from './compileMachine.ts';

/** Each leaf's place among its top-level region's leaves (-1 for other nodes), and each region's leaf count. */
export interface LeafPlaces {
  readonly place: readonly number[];
  readonly sizes: readonly number[];
}

/**
 * The places that number a flat configuration in mixed radix (`ConfigurationTable`) and key the
 * handlers kept per combination of leaves (`TransitionSelector`): a leaf (atomic or final state)
 * of region r is numbered in document order among region r's leaves.
 */
export function leafPlaces(cm: CompiledMachine): LeafPlaces {
  const sizes: number[] = new Array(Math.max(1, cm.regions.length)).fill(0);
  const place = cm.nodes.map((n) => (n.region >= 0 && (n.type === 'atomic' || n.type === 'final') ? sizes[n.region]!++ : -1));
  return { place, sizes };
}
