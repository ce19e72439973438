// The corpus of real xstate v5 machines (test/corpus/README.md says where each comes from): each
// runs on the compiled engine with the reference engine's verdict, states, transitions and
// coverage; the state counts are pinned, and checked against xstate/graph's own traversal of the
// same alphabet where it finishes in seconds. Two end in a model error on both engines, as they
// should: a real race in the OpenAPI editor, and the tiles machine's in-place swap.
import { expect } from 'chai';
import { getShortestPaths } from 'xstate/graph';
import { canonicalJson, check, createXstateSystem, resolveModelParams, type CheckResult, type Model, type ModelErrorCode, type Verdict } from 'lucheck';
import { withEnvironment } from '../../src/model/withEnvironment.ts';
import { environmentEvents } from '../../src/adapter/environment.ts';
import { quietly } from '../support/quietly.ts';

interface Entry {
  readonly name: string;
  readonly params?: Record<string, unknown>;
  readonly verdict: Verdict;
  /** Distinct states (for a run that completes). */
  readonly states?: number;
  readonly error?: ModelErrorCode;
  /** Whether xstate/graph's traversal is compared (it takes tens of seconds on the largest). */
  readonly graph?: boolean;
}

const CORPUS: readonly Entry[] = [
  { name: 'tic-tac-toe', verdict: 'pass', states: 5478, graph: true },
  { name: 'timer', verdict: 'pass', states: 131, graph: true },
  { name: 'stopwatch', verdict: 'pass', states: 42, graph: true },
  { name: 'donut-maker', verdict: 'pass', states: 10, graph: true },
  { name: 'fetch', verdict: 'pass', states: 4, graph: true },
  { name: 'flight-booker', verdict: 'pass', states: 30, graph: true },
  { name: 'trivia', verdict: 'pass', states: 601, graph: true },
  { name: 'snake', verdict: 'pass', states: 50205 },
  { name: 'temperature', verdict: 'pass', states: 9, graph: true },
  { name: 'todo-item', verdict: 'pass', states: 18, graph: true },
  { name: 'purchase-order-deadline', verdict: 'pass', states: 6, graph: true },
  { name: 'credit-check', verdict: 'pass', states: 1445, graph: true },
  { name: 'patient-onboarding', verdict: 'pass', states: 6, graph: true },
  { name: 'payment-method', verdict: 'pass', states: 8, graph: true },
  { name: 'horrocks-history', verdict: 'pass', states: 24, graph: true },
  { name: 'horrocks-state-in', verdict: 'pass', states: 6, graph: true },
  { name: 'toast', verdict: 'pass', states: 57, graph: true },
  { name: 'openapi-editor-navigation', verdict: 'pass', states: 12108 },
  // a real race in that version of the editor: an invoke's input throws "Unexpected event"
  { name: 'openapi-editor-history', verdict: 'error', error: 'model-exception' },
  { name: 'openapi-editor-history', params: { waitForLoad: true }, verdict: 'pass', states: 3790 },
  // the machine's swap writes into the array held in its context
  { name: 'tiles', verdict: 'error', error: 'mutation' },
  { name: 'payment-confirmation', verdict: 'pass', states: 1, graph: true },
];

const load = async (name: string): Promise<Model> => ((await import(`./${name}/model.ts`)) as { default: Model }).default;

const fired = (r: CheckResult) => r.coverage?.transitions.map((t) => `${t.source} ${t.event} #${t.candidate}: ${t.fired} fired, ${t.newStates} new`);

describe('the corpus of real machines', () => {
  for (const e of CORPUS) {
    const label = `${e.name}${e.params ? ` (${JSON.stringify(e.params)})` : ''}`;
    const title = e.error ? `${label}: both engines stop with the same model error (${e.error})` : `${label}: the compiled engine gives the reference engine's ${e.verdict} over ${e.states!.toLocaleString('en')} states, with the same transitions and coverage`;
    it(title, async () => {
      const model = await load(e.name);
      const c = await quietly(() => check(model, { engine: 'compiled', params: e.params }));
      const r = await quietly(() => check(model, { engine: 'reference', params: e.params }));
      expect(c.verdict, c.error?.message).to.equal(e.verdict);
      expect(r.verdict, r.error?.message).to.equal(e.verdict);
      if (e.error) {
        expect([c.error?.code, r.error?.code]).to.deep.equal([e.error, e.error]);
        return;
      }
      expect(c.engine, c.engineNote).to.equal('compiled');
      expect(c.stats.distinct).to.equal(e.states).and.equal(r.stats.distinct);
      expect(c.stats.generated).to.equal(r.stats.generated);
      expect(c.stats.maxDepth).to.equal(r.stats.maxDepth);
      expect(fired(c)).to.deep.equal(fired(r));
      expect(c.coverage!.unreachedStates).to.deep.equal(r.coverage!.unreachedStates);
      expect(c.notRun).to.deep.equal(r.notRun);
      expect(c.environment).to.deep.equal(r.environment);
    });
    if (!e.graph) continue;
    it(`${label}: xstate/graph's traversal of the same alphabet counts the same ${e.states} states`, async () => {
      const given = await load(e.name);
      const params = resolveModelParams(given, e.params ?? {});
      const { model, environment, input } = withEnvironment(given, params);
      const key = createXstateSystem(model, params, undefined, environment).key;
      // the model's events and the environment's, where the state declares a handler (xstate/graph offers nothing else)
      const events = (s: never) => [...model.events(s, params), ...environmentEvents((s as { _nodes: never })._nodes, environment).events];
      const offered = (s: never, ev: object) => events(s).some((x) => canonicalJson(x) === canonicalJson(ev));
      const paths = getShortestPaths(model.machine(params) as never, { events, input, serializeState: key, filterEvents: offered } as never);
      expect(paths.length).to.equal(e.states);
    });
  }
});
