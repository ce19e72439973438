// Model files as source text, for the tests that give lucheck a model as a user would: a file
// on disk, with its machine, events(), invariants and other fields written out.

/** A two-state model (GO toggles a and b) with the given parts replaced by source text. */
export function modelFile(o: { context?: string; events?: string; invariants?: string; extra?: string; states?: string } = {}): string {
  return `import { setup } from 'xstate';
import { defineModel } from 'lucheck';
const m = setup({}).createMachine({ id: 'm', context: ${o.context ?? '{}'}, initial: 'a', states: ${o.states ?? "{ a: { on: { GO: 'b' } }, b: { on: { GO: 'a' } } }"} });
export default defineModel({ name: 'bad', machine: () => m, events: ${o.events ?? "() => [{ type: 'GO' }]"}, invariants: ${o.invariants ?? '[]'}${o.extra ?? ''} });
`;
}
