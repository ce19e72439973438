// The liveness check on the corpus of real machines (test/corpus/README.md), which nobody here
// wrote: with a property no state meets, every machine fails it on a lasso, the same on both
// engines (stem, cycle, events), through its delays and invoked actors' completions where it has
// them; with a property every state meets, it holds over the states the plain check counts.
import { expect } from 'chai';
import { check, defineModel, eventually, alwaysEventually, type CheckResult, type Model } from 'lucheck';
import { runLucheck } from '../support/lucheckBinary.ts';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quietly } from '../support/quietly.ts';

/** The corpus machines whose plain check passes (the others stop before any property is checked). */
const PASSING: readonly [string, Record<string, unknown>?][] = [
  ['tic-tac-toe'], ['timer'], ['stopwatch'], ['donut-maker'], ['fetch'], ['flight-booker'], ['trivia'], ['temperature'], ['todo-item'],
  ['purchase-order-deadline'], ['credit-check'], ['patient-onboarding'], ['payment-method'], ['horrocks-history'], ['horrocks-state-in'],
  ['toast'], ['openapi-editor-navigation'], ['openapi-editor-history', { waitForLoad: true }], ['payment-confirmation'],
];

const load = async (name: string): Promise<Model> => ((await import(`./${name}/model.ts`)) as { default: Model }).default;

const lassoOf = (r: CheckResult) => {
  const v = r.violations[0]!;
  return { loop: v.loop, events: v.trace.slice(1).map((t) => t.event), states: v.trace.map((t) => t.state) };
};

describe('the liveness check on the corpus of real machines', function () {
  this.timeout(120_000);
  for (const [name, params] of PASSING) {
    it(`${name}: a property no state meets fails on the same lasso on both engines, and one every state meets holds over the plain check's states`, async () => {
      const model = await load(name);
      const never = defineModel({ ...model, properties: [eventually({ id: 'NEVER', title: 'never', description: 'no state meets it' }, () => false)] });
      const always = defineModel({ ...model, properties: [alwaysEventually({ id: 'ALWAYS', title: 'always', description: 'every state meets it' }, () => true)] });
      const [c, r] = await Promise.all((['compiled', 'reference'] as const).map((engine) => quietly(() => check(never, { engine, params, coverage: false }))));
      expect(c!.verdict, c!.error?.message).to.equal('liveness');
      expect(r!.verdict, r!.error?.message).to.equal('liveness');
      expect(lassoOf(c!)).to.deep.equal(lassoOf(r!));
      const loop = c!.violations[0]!.loop!;
      // a cycle closes on its start; a stutter ends where nothing is enabled
      if (loop.stutter) expect(loop.start).to.equal(c!.violations[0]!.trace.length - 1);
      else expect(c!.violations[0]!.trace.at(-1)!.state).to.equal(c!.violations[0]!.trace[loop.start]!.state);
      const plain = await quietly(() => check(model, { params, coverage: false }));
      const holds = await quietly(() => check(always, { params, coverage: false }));
      expect(holds.verdict).to.equal('pass');
      expect([holds.stats.distinct, holds.stats.generated]).to.deep.equal([plain.stats.distinct, plain.stats.generated]);
    });
  }

  it("fetch: its lasso, through a promise actor's completion, replays with lucheck replay (exit 12)", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lucheck-corpus-lasso-'));
    const file = join(dir, 'never.ts');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(
      file,
      `import { defineModel, eventually } from 'lucheck';\nimport fetch from ${JSON.stringify(join(process.cwd(), 'test/corpus/fetch/model.ts'))};\nexport default defineModel({ ...fetch, properties: [eventually({ id: 'NEVER', title: 'never', description: 'no state meets it' }, () => false)] });\n`,
    );
    const saved = await runLucheck(['check', file, '--format', 'json', '--out', join(dir, 'lasso.json')], { cwd: dir });
    expect(saved.code, saved.stderr).to.equal(12);
    const replayed = await runLucheck(['replay', join(dir, 'lasso.json')], { cwd: dir });
    expect(replayed.code, replayed.stdout + replayed.stderr).to.equal(12);
    expect(replayed.stdout).to.match(/liveness failure of NEVER reproduced under no fairness/);
  });
});
