// lucheck simulate on the corpus of real machines (test/corpus/README.md), which nobody here
// wrote: for each machine, the states the exhaustive search reaches deepest are made targets
// ("never reach state X"), and simulate must find each, shrunk to at most the shortest
// counterexample + 2 steps, through delays and actors' completions: on the compiled engine the
// three deepest, on the reference engine (slower) the third of them.
import { expect } from 'chai';
import { check, defineModel, type AnySnapshot, type CheckResult, type Model } from 'lucheck';
import { simulate } from '../../src/simulate/simulate.ts';
import { formatStateValue } from '../../src/adapter/formatStateValue.ts';
import { quietly } from '../support/quietly.ts';

const MACHINES: readonly [string, Record<string, unknown>?][] = [
  ['tic-tac-toe'], ['timer'], ['stopwatch'], ['donut-maker'], ['fetch'], ['flight-booker'], ['trivia'], ['temperature'], ['todo-item'],
  ['purchase-order-deadline'], ['credit-check'], ['patient-onboarding'], ['payment-method'], ['horrocks-history'], ['horrocks-state-in'],
  ['toast'], ['openapi-editor-navigation'], ['openapi-editor-history', { waitForLoad: true }], ['payment-confirmation'],
];
/** Targets per machine: the states found deepest by the search. */
const TARGETS = 3;
const MARGIN = 2;

const load = async (name: string): Promise<Model> => ((await import(`../corpus/${name}/model.ts`)) as { default: Model }).default;

const never = (model: Model, target: string) =>
  defineModel({ ...model, invariants: [{ id: 'NEVER', title: `never ${target}`, description: '', check: (s: AnySnapshot) => formatStateValue(s.value) !== target || `reached ${target}` }] });
const steps = (r: CheckResult) => r.violations[0]!.trace.length - 1;

describe('lucheck simulate on the corpus of real machines', function () {
  this.timeout(300_000);
  for (const [name, params] of MACHINES) {
    it(`${name}: the states the search reaches deepest are found by random walks, shrunk to at most the shortest counterexample + ${MARGIN}`, async () => {
      const model = await load(name);
      // every state the search stores, by its active states
      const seen = new Set<string>();
      const recorder = defineModel({ ...model, invariants: [{ id: 'SEEN', title: '', description: '', check: (s: AnySnapshot) => (seen.add(formatStateValue(s.value)), true) }] });
      expect((await quietly(() => check(recorder, { params, coverage: false }))).verdict).to.equal('pass');
      const depth = new Map<string, number>();
      for (const target of seen) depth.set(target, steps(await quietly(() => check(never(model, target), { params, coverage: false }))));
      const deepest = [...depth].sort((a, b) => b[1] - a[1]).slice(0, TARGETS);
      for (const [n, [target, shortest]] of deepest.entries()) {
        for (const engine of n === deepest.length - 1 ? (['compiled', 'reference'] as const) : (['compiled'] as const)) {
          const r = await quietly(() => simulate(never(model, target), { params, engine, seed: 3, runs: 20_000, depth: 60, coverage: false }));
          expect(r.verdict, `${engine}: ${target} (${r.error?.message ?? r.verdict})`).to.equal('violation');
          expect(steps(r), `${engine}: ${target}, shortest ${shortest}`).to.be.at.most(shortest + MARGIN);
        }
      }
    });
  }
});
