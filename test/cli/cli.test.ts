// End-to-end tests of the `lucheck` command: every test runs the real binary (bin/lucheck.js)
// as a child process and looks only at what a user sees: exit code, stdout, stderr, files.
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BUILTIN_MODELS } from '../../src/cli/builtinModels.ts';
import { ROOT, describeRun, oneStderrLine, runLucheck, type Run } from '../support/lucheckBinary.ts';

const BROKEN_MUTEX = join(ROOT, 'test', 'fixtures', 'brokenMutex.ts');

const lucheck = (args: readonly string[], cwd: string = ROOT) => runLucheck(args, { cwd, timeoutMs: 30_000 });

function expectExit(r: Run, code: number): void {
  expect(r.code, describeRun(r)).to.equal(code);
}

/** Parses stdout as the one-line `--format json` document. */
function parseJsonOutput(r: Run): Record<string, any> {
  expect(r.stdout.trimEnd().split('\n'), `stdout should be one line of JSON\n${describeRun(r)}`).to.have.length(1);
  return JSON.parse(r.stdout) as Record<string, any>;
}

describe('lucheck CLI (the real binary as a child process)', () => {
  let scratch: string;
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'lucheck-cli-test-'));
  });
  after(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  /** A fresh directory under this run's scratch directory. */
  async function freshDir(name: string): Promise<string> {
    const dir = join(scratch, name);
    await mkdir(dir, { recursive: true });
    return dir;
  }

  describe('lucheck check: verdicts and exit codes', () => {
    it("exits 0 and prints 'pass' for the built-in peterson model", async () => {
      const r = await lucheck(['check', 'peterson']);
      expectExit(r, 0);
      expect(r.stdout).to.match(/^pass: /m);
      expect(r.stderr).to.equal('');
    });

    it('exits 10 on an invariant violation and prints the result as one JSON object with the counterexample', async () => {
      const r = await lucheck(['check', 'test/fixtures/brokenMutex.ts', '--format', 'json']);
      expectExit(r, 10);
      expect(r.stderr).to.equal('');
      const doc = parseJsonOutput(r);
      expect(doc.schema).to.equal('lucheck.check/1');
      expect(doc.model).to.equal(BROKEN_MUTEX);
      expect(doc.params).to.deep.equal({});
      expect(doc.verdict).to.equal('violation');
      for (const key of ['distinct', 'generated', 'maxDepth', 'elapsedMs']) expect(doc.stats[key], `stats.${key}`).to.be.a('number');
      expect(doc.stats.maxDepth).to.equal(4);
      expect(doc.violations).to.have.length(1);
      const v = doc.violations[0];
      expect(v).to.include({ kind: 'invariant', id: 'MUTEX', message: 'p0 and p1 are both critical' });
      expect(v.trace).to.have.length(5);
      expect(v.trace.map((t: { step: number }) => t.step)).to.deep.equal([0, 1, 2, 3, 4]);
      expect(v.trace[0]).to.include({ step: 0, event: null, actor: null });
      for (const t of v.trace.slice(1)) {
        expect(t.event.type).to.be.a('string');
        expect(t.actor).to.be.oneOf(['p0', 'p1']);
        expect(t.summary).to.be.a('string').and.not.equal('');
      }
      expect(v.trace[4].summary).to.contain('p0.critical p1.critical');
    });

    it('exits 11 on the lock-order deadlock', async () => {
      const r = await lucheck(['check', 'test/fixtures/lockOrder.ts']);
      expectExit(r, 11);
      expect(r.stdout).to.match(/^deadlock: /m);
    });

    it('exits 4 (incomplete) when --max-states stops the search before it is done', async () => {
      const r = await lucheck(['check', 'counter', '--set', 'size=10', '--max-states', '50']);
      expectExit(r, 4);
      expect(r.stdout).to.contain('incomplete').and.contain('--max-states 50');
    });

    it('exits 4 (incomplete) when the --memory budget is reached, naming it, and refuses a budget already spent', async () => {
      const r = await lucheck(['check', 'counter', '--set', 'regions=4', '--set', 'size=200', '--memory', '300M']);
      expectExit(r, 4);
      expect(r.stdout).to.contain('incomplete: the search stopped at --memory 300.0 MiB');
      expect(oneStderrLine(await lucheck(['check', 'counter', '--memory', '16K']))).to.match(/--memory 16K is less than lucheck already uses with the model loaded \(\d+\.\d MiB\)/);
    });

    it('exits 3 with the model error said once: in the text report on stdout, or in one stderr line when stdout has none', async () => {
      const r = await lucheck(['check', 'test/fixtures/cli/throwingGuard.ts']);
      expectExit(r, 3);
      expect(r.stderr).to.equal('');
      expect(r.stdout.split('\n').filter((l) => l.includes('model error'))).to.have.length(1);
      expect(r.stdout).to.contain('model error').and.contain('guard');
      const json = await lucheck(['check', 'test/fixtures/cli/throwingGuard.ts', '--format', 'json']);
      expectExit(json, 3);
      expect(oneStderrLine(json)).to.contain('model error').and.contain('guard');
    });

    it("prints 'shortest counterexample, 4 steps' and a 'reproduce:' line in the text report of a violation", async () => {
      const r = await lucheck(['check', 'test/fixtures/brokenMutex.ts']);
      expectExit(r, 10);
      expect(r.stdout).to.contain('shortest counterexample, 4 steps');
      const reproduce = r.stdout.split('\n').find((l) => l.startsWith('reproduce: '));
      expect(reproduce, describeRun(r)).to.be.a('string');
      expect(reproduce).to.contain('lucheck check test/fixtures/brokenMutex.ts').and.contain('--format json --out').and.contain('lucheck replay');
    });
  });

  describe('lucheck check: model files outside the repository', () => {
    /** Fails unless neither `dir` nor any folder above it has a node_modules. */
    function expectNoNodeModulesAbove(dir: string): void {
      for (let d = dir; ; d = dirname(d)) {
        expect(existsSync(join(d, 'node_modules')), `${d} has a node_modules; the test needs a folder without one`).to.equal(false);
        if (dirname(d) === d) break;
      }
    }

    // n counts 0..3 by INC; 4 states; no event at 3, which isFinal accepts.
    const TS_MODEL = `import { setup, assign } from 'xstate';
import { defineModel, type AnySnapshot } from 'lucheck';

interface Ctx {
  n: number;
}
const limit: number = 3;

export default defineModel({
  name: 'outside-ts',
  machine: () =>
    setup({ types: {} as { context: Ctx; events: { type: 'INC' } } }).createMachine({
      id: 'n',
      context: { n: 0 },
      initial: 'counting',
      states: { counting: { on: { INC: { guard: ({ context }) => context.n < limit, actions: assign({ n: ({ context }) => context.n + 1 }) } } } },
    }),
  events: () => [{ type: 'INC' as const }],
  invariants: [{ id: 'BOUNDED', title: 'n stays within 0..3', check: (s: AnySnapshot) => (s.context as Ctx).n <= limit || 'n too big' }],
  isFinal: () => true,
});
`;
    const JS_MODEL = `import { setup, assign } from 'xstate';
import { defineModel } from 'lucheck';

export default defineModel({
  name: 'outside-js',
  machine: () =>
    setup({}).createMachine({
      id: 'n',
      context: { n: 0 },
      initial: 'counting',
      states: { counting: { on: { INC: { guard: ({ context }) => context.n < 3, actions: assign({ n: ({ context }) => context.n + 1 }) } } } },
    }),
  events: () => [{ type: 'INC' }],
  invariants: [{ id: 'BOUNDED', title: 'n stays within 0..3', check: (s) => s.context.n <= 3 || 'n too big' }],
  isFinal: () => true,
});
`;

    it("runs a TypeScript model file from a folder without node_modules that imports 'lucheck' and 'xstate' (no build step)", async () => {
      const dir = await freshDir('outside-ts');
      expectNoNodeModulesAbove(dir);
      const file = join(dir, 'model.ts');
      await writeFile(file, TS_MODEL);
      const r = await lucheck(['check', file], dir);
      expectExit(r, 0);
      expect(r.stdout).to.contain(`lucheck check ${file}`).and.contain('pass: ').and.contain('4 distinct states');
    });

    it('runs a plain JavaScript (ESM) model file from a folder without node_modules', async () => {
      const dir = await freshDir('outside-js');
      expectNoNodeModulesAbove(dir);
      const file = join(dir, 'model.js');
      await writeFile(file, JS_MODEL);
      const r = await lucheck(['check', file], dir);
      expectExit(r, 0);
      expect(r.stdout).to.contain('pass: ').and.contain('4 distinct states');
    });

    it('loads exactly the .js file named, even with a .ts model of the same name beside it', async () => {
      const dir = await freshDir('js-beside-ts');
      await writeFile(join(dir, 'model.js'), JS_MODEL);
      await writeFile(join(dir, 'model.ts'), TS_MODEL);
      const [js, ts] = await Promise.all([lucheck(['list', join(dir, 'model.js')], dir), lucheck(['list', join(dir, 'model.ts')], dir)]);
      expectExit(js, 0);
      expectExit(ts, 0);
      expect(js.stdout).to.contain('(model outside-js)');
      expect(ts.stdout).to.contain('(model outside-ts)');
    });
  });

  describe('lucheck: usage errors exit 2 (a broken model file 3) with one stderr line naming what is allowed', () => {
    interface UsageCase {
      readonly it: string;
      readonly args: readonly string[];
      /** Text the stderr line must contain (what was wrong, what is allowed). */
      readonly mentions: readonly string[];
      /** Files to write into the run's folder first (relative name → content). */
      readonly files?: Readonly<Record<string, string>>;
      /** Runs of lucheck in the run's folder that make its input files. */
      readonly before?: readonly (readonly string[])[];
      /** The exit code: 2, a usage error, unless the model file itself is wrong (3). */
      readonly exit?: 2 | 3;
    }

    const cases: readonly UsageCase[] = [
      { it: 'an unknown model lists the built-in models', args: ['check', 'nosuchmodel'], mentions: ["'nosuchmodel'", 'peterson', 'counter'] },
      { it: 'an unknown parameter lists the parameters of the model', args: ['check', 'counter', '--set', 'nosuch=1'], mentions: ["'nosuch'", 'regions, size'] },
      { it: 'a parameter value that is not a number gives the range', args: ['check', 'counter', '--set', 'size=abc'], mentions: ["'abc'", 'size', '1..1000'] },
      { it: 'a parameter value out of range gives the range', args: ['check', 'counter', '--set', 'size=0'], mentions: ["'0'", 'size', '1..1000'] },
      { it: 'an unknown option lists the options', args: ['check', 'counter', '--frobnicate'], mentions: ['--frobnicate', '--max-states', '--strategy'] },
      { it: 'an unknown --strategy lists the strategies', args: ['check', 'counter', '--strategy', 'random'], mentions: ["'random'", 'bfs, dfs'] },
      { it: 'a --max-states that is not a number says what it takes', args: ['check', 'counter', '--max-states', 'lots'], mentions: ["'lots'", '--max-states', 'integer'] },
      { it: 'a fractional --max-states says what it takes', args: ['check', 'counter', '--max-states', '2.5'], mentions: ['2.5', '--max-states', 'allowed:'] },
      { it: 'a zero --max-states says what it takes', args: ['check', 'counter', '--max-states', '0'], mentions: ['--max-states', 'allowed:'] },
      { it: 'an unknown --engine lists the engines', args: ['check', 'peterson', '--engine', 'foo'], mentions: ["'foo'", 'auto, compiled, reference'] },
      { it: '--symmetry on a model without a declared symmetry says so', args: ['check', 'peterson', '--symmetry'], mentions: ['peterson declares no symmetry'] },
      { it: '--drop-auxiliary on a model that declares no auxiliary fields says so', args: ['check', 'counter', '--drop-auxiliary'], mentions: ['counter declares no auxiliary fields', 'run without --drop-auxiliary'] },
      { it: 'an unknown --invariant lists the invariants', args: ['check', 'peterson', '--invariant', 'NOPE'], mentions: ["'NOPE'", 'allowed: MUTEX'] },
      { it: 'a --fairness that is not WF(..)/SF(..) says what it takes', args: ['check', 'spinlock', '--fairness', 'fair(p0)'], mentions: ["'fair(p0)'", 'none, or WF(actor)'] },
      { it: '--symmetry with properties the model does not declare symmetric names them and what to do', args: ['check', 'live-update', '--set', 'mdev=true', '--set', 'accesses=3', '--symmetry'], mentions: ['WF(mdev), WF(mdev1), WF(mdev2)', 'not declare symmetric', '--fairness'] },
      { it: '--checkpoint with --workers and temporal properties says the properties run after the workers, uncovered', args: ['check', 'spinlock', '--workers', '2', '--checkpoint', 'cp'], mentions: ['GETS-LOCK-p0', 'do not cover', '--invariant'] },
      { it: 'a --memory that is not a size says what it takes', args: ['check', 'counter', '--memory', 'lots'], mentions: ["'lots'", '--memory', '512M, 8G'] },
      { it: '--spill-dir without --memory says what it needs', args: ['check', 'counter', '--spill-dir', '.'], mentions: ['--spill-dir needs --memory'] },
      { it: 'a missing model file is named', args: ['check', 'models/nothere.ts'], mentions: ['models/nothere.ts', 'not found'] },
      { it: 'an unknown command lists the commands', args: ['frobnicate'], mentions: ["'frobnicate'", 'check, list, replay'] },
      {
        it: 'a trace file that is not JSON (the text report saved by mistake) is named as such',
        args: ['replay', 'report.txt'],
        before: [['check', BROKEN_MUTEX, '--out', 'report.txt']],
        mentions: ['report.txt', 'not valid JSON'],
      },
      {
        it: 'a short plain-text trace file is named as not JSON',
        args: ['replay', 'notes.json'],
        files: { 'notes.json': 'not json\n' },
        mentions: ['notes.json', 'not valid JSON'],
      },
      {
        it: 'a JSON trace file of the wrong shape says what is expected',
        args: ['replay', 'shape.json'],
        files: { 'shape.json': JSON.stringify({ steps: [{ event: { type: 'p0.TRY' } }] }) },
        mentions: ['shape.json', 'malformed', 'lucheck check --format json'],
      },
      {
        it: 'a check result without violations is no trace to replay',
        args: ['replay', 'pass.json'],
        before: [['check', 'peterson', '--format', 'json', '--out', 'pass.json']],
        mentions: ['pass.json', 'no counterexample'],
      },
      {
        it: 'a config file that is not valid JSON is named as such',
        args: ['check', 'counter', '--config', 'config.json'],
        files: { 'config.json': '{\n  "params": { "size": 4 },\n  "strategy"\n}\n' },
        mentions: ['config.json', 'not valid JSON'],
      },
      {
        it: 'a model file that does not default-export a model says how to write one',
        args: ['check', 'notamodel.ts'],
        files: { 'notamodel.ts': 'export const x = 1;\n' },
        mentions: ['notamodel.ts', 'does not default-export a model', 'defineModel'],
        exit: 3,
      },
      {
        it: 'a model file with a syntax error is named with the error, in one line',
        args: ['check', 'broken.ts'],
        files: { 'broken.ts': 'export default {{;\n' },
        mentions: ['cannot load model file broken.ts'],
        exit: 3,
      },
      {
        it: 'a config key of the wrong type names the key and the type',
        args: ['check', 'counter', '--config', 'config.json'],
        files: { 'config.json': JSON.stringify({ maxStates: 'many' }) },
        mentions: ["'maxStates'", 'number'],
      },
      {
        it: 'a fractional maxStates in the config file names the key and what it takes',
        args: ['check', 'counter', '--config', 'config.json'],
        files: { 'config.json': JSON.stringify({ maxStates: 1.5 }) },
        mentions: ["'maxStates'", 'config.json', 'positive integer'],
      },
      {
        it: 'a config memory that is not a size names the key and what it takes',
        args: ['check', 'counter', '--config', 'config.json'],
        files: { 'config.json': JSON.stringify({ memory: 'lots' }) },
        mentions: ["'memory'", 'config.json', '512M, 8G'],
      },
      {
        it: 'config invariants that are not a list of strings name the key and the type',
        args: ['check', 'counter', '--config', 'config.json'],
        files: { 'config.json': JSON.stringify({ invariants: 'IN-RANGE' }) },
        mentions: ["'invariants'", 'list of strings'],
      },
      {
        it: 'an unknown key in the config file lists the allowed keys',
        args: ['check', 'counter', '--config', 'config.json'],
        files: { 'config.json': JSON.stringify({ params: { size: 4 }, colour: 'blue' }) },
        mentions: ["'colour'", 'config.json', 'model, params, strategy, maxStates', 'engine, symmetry, dropAuxiliary, memory, invariants, workers'],
      },
    ];

    cases.forEach((c, i) => {
      it(c.it, async () => {
        const dir = await freshDir(`usage-${i}`);
        await Promise.all(Object.entries(c.files ?? {}).map(([name, text]) => writeFile(join(dir, name), text)));
        for (const args of c.before ?? []) await lucheck(args, dir);
        const r = await lucheck(c.args, dir);
        expectExit(r, c.exit ?? 2);
        const line = oneStderrLine(r);
        for (const m of c.mentions) expect(line, `the stderr line should mention ${m}`).to.contain(m);
      });
    });
  });

  describe('lucheck replay', () => {
    it('replays a lasso of the property its check selected (--invariant LIV-1): exit 12, the cycle and the fairness checked again, not every invariant of the model', async () => {
      const dir = await freshDir('replay-selected');
      const config = ['--set', 'backend=vfio-type1', '--set', 'variant=v5.12', '--set', 'handover=exec', '--set', 'bugs=B3', '--set', 'mdev=true'];
      expectExit(await lucheck(['check', 'live-update', ...config, '--invariant', 'LIV-1', '--format', 'json', '--out', 'liv.json'], dir), 12);
      const r = await lucheck(['replay', 'liv.json'], dir);
      expectExit(r, 12);
      // INV-12 breaks earlier on this path; the check did not look at it, so neither does the replay
      expect(r.stdout).to.match(/liveness failure of LIV-1 reproduced under WF\(old VMM\), WF\(new VMM\), WF\(mdev\): step 7 comes back to the state of step 6/);
      expect(r.stdout).to.not.contain('INV-12');
    });

    it('replays a lasso that closes only up to the auxiliary fields (--drop-auxiliary), comparing states as the check identified them', async () => {
      const dir = await freshDir('replay-reduced');
      const model = join(ROOT, 'test', 'fixtures', 'auxiliaryLasso.ts');
      expectExit(await lucheck(['check', model, '--drop-auxiliary', '--format', 'json', '--out', 'lasso.json'], dir), 12);
      const doc = JSON.parse(await readFile(join(dir, 'lasso.json'), 'utf8'));
      expect(doc.violations[0].loop).to.deep.equal({ start: 1, stutter: false, upToReduction: true });
      const r = await lucheck(['replay', 'lasso.json'], dir);
      expectExit(r, 12);
      expect(r.stdout).to.match(/liveness failure of GETS-LOCK-p0 reproduced under WF\(p0\), WF\(p1\): steps 2 to 4 come back to the state of step 1/);
      // without the reduction the same run keeps its cycle to states that are equal outright
      expectExit(await lucheck(['check', model, '--format', 'json', '--out', 'plain.json'], dir), 12);
      expect(JSON.parse(await readFile(join(dir, 'plain.json'), 'utf8')).violations[0].loop.upToReduction).to.equal(undefined);
    });

    it('replays a lasso found without fairness, and refutes it under a fairness its cycle breaks (exit 0, naming the assumption)', async () => {
      const dir = await freshDir('replay-lasso');
      const model = join(ROOT, 'examples', 'fairMutex.ts');
      expectExit(await lucheck(['check', model, '--fairness', 'none', '--invariant', 'ENTERS-p0', '--format', 'json', '--out', 'starve.json'], dir), 12);
      const again = await lucheck(['replay', 'starve.json'], dir);
      expectExit(again, 12);
      expect(again.stdout).to.match(/liveness failure of ENTERS-p0 reproduced under no fairness/);
      // p1 waits to give the turn away all through the cycle: weak fairness of p1 rules the cycle out
      const doc = JSON.parse(await readFile(join(dir, 'starve.json'), 'utf8'));
      await writeFile(join(dir, 'fair.json'), JSON.stringify({ ...doc, fairness: ['WF(p1)'] }));
      const fair = await lucheck(['replay', 'fair.json'], dir);
      expectExit(fair, 0);
      expect(fair.stdout).to.match(/the recorded ENTERS-p0 no longer fails on it: its cycle is not WF\(p1\)/);
    });

    it("replays a counterexample saved with --out, printing each step, and exits 10 with 'reproduced'", async () => {
      const dir = await freshDir('replay-ok');
      const saved = await lucheck(['check', BROKEN_MUTEX, '--format', 'json', '--out', 'trace.json'], dir);
      expectExit(saved, 10);
      expect(saved.stdout, '--out sends the report to the file only').to.equal('');
      const doc = JSON.parse(await readFile(join(dir, 'trace.json'), 'utf8'));
      const events: string[] = doc.violations[0].trace.slice(1).map((t: { event: { type: string } }) => t.event.type);
      expect(events).to.have.length(4);

      const r = await lucheck(['replay', 'trace.json'], dir);
      expectExit(r, 10);
      expect(r.stderr).to.equal('');
      let at = r.stdout.indexOf('(initial)');
      expect(at, describeRun(r)).to.be.at.least(0);
      for (const e of events) {
        const next = r.stdout.indexOf(e, at + 1);
        expect(next, `step ${e} should be printed after the previous step\n${describeRun(r)}`).to.be.greaterThan(at);
        at = next;
      }
      expect(r.stdout).to.match(/violation of MUTEX reproduced/);
    });

    it('exits 3 with one stderr line naming the step when an event of the trace is not enabled', async () => {
      const dir = await freshDir('replay-diverged');
      expectExit(await lucheck(['check', BROKEN_MUTEX, '--format', 'json', '--out', 'trace.json'], dir), 10);
      const doc = JSON.parse(await readFile(join(dir, 'trace.json'), 'utf8'));
      // After p0.TRY and p1.TRY, p1 is trying, so p1.EXIT is not enabled.
      doc.violations[0].trace[3].event = { type: 'p1.EXIT' };
      await writeFile(join(dir, 'edited.json'), JSON.stringify(doc));

      const r = await lucheck(['replay', 'edited.json'], dir);
      expectExit(r, 3);
      const line = oneStderrLine(r);
      expect(line).to.contain('step 3').and.contain('p1.EXIT').and.contain('not enabled');
    });
  });

  describe('lucheck check --out', () => {
    it('never overwrites a file the user wrote: exit 2 and the file is unchanged', async () => {
      const dir = await freshDir('out-user-file');
      const mine = 'my own notes, not a lucheck result\n';
      await writeFile(join(dir, 'result.json'), mine);
      const r = await lucheck(['check', BROKEN_MUTEX, '--format', 'json', '--out', 'result.json'], dir);
      expectExit(r, 2);
      expect(oneStderrLine(r)).to.contain('result.json').and.contain('refusing to overwrite');
      expect(await readFile(join(dir, 'result.json'), 'utf8')).to.equal(mine);
    });

    it('replaces an earlier lucheck output', async () => {
      const dir = await freshDir('out-replace');
      expectExit(await lucheck(['check', 'peterson', '--format', 'json', '--out', 'result.json'], dir), 0);
      expect(JSON.parse(await readFile(join(dir, 'result.json'), 'utf8')).verdict).to.equal('pass');
      const r = await lucheck(['check', BROKEN_MUTEX, '--format', 'json', '--out', 'result.json'], dir);
      expectExit(r, 10);
      expect(JSON.parse(await readFile(join(dir, 'result.json'), 'utf8')).verdict).to.equal('violation');
    });
  });

  describe('lucheck list', () => {
    it('shows every built-in model', async () => {
      const r = await lucheck(['list']);
      expectExit(r, 0);
      const names = Object.keys(BUILTIN_MODELS);
      expect(names).to.include.members(['peterson', 'counter']);
      for (const name of names) expect(r.stdout, describeRun(r)).to.match(new RegExp(`^${name}\\b`, 'm'));
    });

    it("shows a model's parameters with defaults and allowed values, and its invariant ids", async () => {
      const r = await lucheck(['list', 'counter']);
      expectExit(r, 0);
      expect(r.stdout).to.match(/^\s+regions \(default 3; allowed: integer 1\.\.6\)$/m);
      expect(r.stdout).to.match(/^\s+size \(default 100; allowed: integer 1\.\.1000\)$/m);
      expect(r.stdout).to.match(/^\s+IN-RANGE\b/m);
    });

    it("lists a model's temporal properties with their kind, and the fairness its default parameters assume; none for a model without", async () => {
      const [spin, strong, peterson] = await Promise.all([lucheck(['list', 'spinlock']), lucheck(['list', 'live-update']), lucheck(['list', 'peterson'])]);
      expect(spin.stdout).to.match(/^ {4}GETS-LOCK-p0 {2}p0 gets the lock it tries for {2}\(leads-to\)$/m);
      expect(spin.stdout).to.match(/^ {2}fairness \(default parameters\): WF\(p0\), WF\(p1\)$/m);
      expect(strong.stdout).to.match(/^ {4}HANDOVER {2}the hand-over completes {2}\(eventually\)$/m);
      expect(peterson.stdout).to.not.contain('properties');
    });

    it('names the reductions a model declares, and says none for a model without', async () => {
      const [live, peterson] = await Promise.all([lucheck(['list', 'live-update']), lucheck(['list', 'peterson'])]);
      expect(live.stdout).to.match(/^ {2}reductions: --symmetry \(interchangeable objects\), --drop-auxiliary \(fields that only record what happened\)$/m);
      expect(peterson.stdout).to.match(/^ {2}reductions: none$/m);
    });
  });

  describe('lucheck check --config', () => {
    it('takes parameters from the config file (size 4 gives 4^3 = 64 counter states) and lets --set override them', async () => {
      const dir = await freshDir('config');
      await writeFile(join(dir, 'config.json'), JSON.stringify({ params: { size: 4 } }));
      const [fromConfig, sizeSet, regionsSet] = await Promise.all([
        lucheck(['check', 'counter', '--config', 'config.json', '--format', 'json'], dir),
        lucheck(['check', 'counter', '--config', 'config.json', '--set', 'size=5', '--format', 'json'], dir),
        lucheck(['check', 'counter', '--config', 'config.json', '--set', 'regions=2', '--format', 'json'], dir),
      ]);
      for (const r of [fromConfig, sizeSet, regionsSet]) expectExit(r, 0);
      const a = parseJsonOutput(fromConfig);
      expect(a.params).to.deep.equal({ regions: 3, size: 4 });
      expect(a.stats.distinct).to.equal(64);
      const b = parseJsonOutput(sizeSet);
      expect(b.params).to.deep.equal({ regions: 3, size: 5 });
      expect(b.stats.distinct).to.equal(125);
      // --set of one parameter keeps the config's value of the other: 4^2
      const c = parseJsonOutput(regionsSet);
      expect(c.params).to.deep.equal({ regions: 2, size: 4 });
      expect(c.stats.distinct).to.equal(16);
    });

    it('takes the engine, symmetry, invariants and memory budget from the config file, and flags win over them', async () => {
      const dir = await freshDir('config-run');
      await writeFile(
        join(dir, 'config.json'),
        JSON.stringify({ model: 'counter', params: { size: 4 }, engine: 'reference', symmetry: true, invariants: ['IN-RANGE'], memory: '8G' }),
      );
      const [fromConfig, overridden] = await Promise.all([
        lucheck(['check', '--config', 'config.json', '--format', 'json'], dir),
        lucheck(['check', '--config', 'config.json', '--engine', 'compiled', '--format', 'json'], dir),
      ]);
      expectExit(fromConfig, 0);
      const a = parseJsonOutput(fromConfig);
      expect([a.engine, a.symmetry, a.invariants]).to.deep.equal(['reference', true, ['IN-RANGE']]);
      // the 3 counters of 4 values up to permutation: multisets of size 3 over 4 values, C(6,3) = 20
      expect(a.stats.distinct).to.equal(20);
      expectExit(overridden, 0);
      expect(parseJsonOutput(overridden).engine).to.equal('compiled');
    });

    it('leaves the auxiliary fields out with --drop-auxiliary or the config key dropAuxiliary, single-threaded and with --workers 2', async () => {
      const dir = await freshDir('drop-auxiliary');
      await writeFile(join(dir, 'config.json'), JSON.stringify({ model: 'live-update', params: { mdev: true, accesses: 3 }, dropAuxiliary: true }));
      const sets = ['--set', 'mdev=true', '--set', 'accesses=3'];
      const runs = await Promise.all([
        lucheck(['check', 'live-update', ...sets, '--format', 'json'], dir),
        lucheck(['check', 'live-update', ...sets, '--drop-auxiliary', '--format', 'json'], dir),
        lucheck(['check', '--config', 'config.json', '--format', 'json'], dir),
        lucheck(['check', 'live-update', ...sets, '--drop-auxiliary', '--workers', '2', '--format', 'json'], dir),
      ]);
      // with --symmetry, the invariants only: the three clients' fairness is not symmetric (the symmetry renames them)
      const [text, symmetryText, plainText] = await Promise.all([['--drop-auxiliary'], ['--drop-auxiliary', '--symmetry', '--invariant', 'INV-1'], []].map((flags) => lucheck(['check', 'live-update', ...sets, ...flags], dir)));
      expect(text!.stdout).to.contain('\nstates identified without its auxiliary fields\n');
      expect(symmetryText!.stdout).to.contain("\nstates identified up to the model's symmetry and without its auxiliary fields\n");
      expect(plainText!.stdout).to.not.contain('states identified');
      for (const r of runs) expectExit(r, 0);
      const [plain, flag, config, workers] = runs.map(parseJsonOutput);
      expect(plain!.dropAuxiliary).to.equal(undefined);
      expect([flag!.dropAuxiliary, config!.dropAuxiliary, workers!.dropAuxiliary]).to.deep.equal([true, true, true]);
      expect(flag!.stats.distinct).to.be.below(plain!.stats.distinct / 10);
      expect([config!.stats.distinct, workers!.stats.distinct]).to.deep.equal([flag!.stats.distinct, flag!.stats.distinct]);
    });

    it('audits the auxiliary declaration with --check-determinism: says so on a pass, single-threaded and with --workers 2, and exits 3 with one stderr line naming a read', async () => {
      const audit = ['--drop-auxiliary', '--check-determinism'];
      const [text, json, workers, wrong, wrongWorkers, trusted] = await Promise.all([
        lucheck(['check', 'live-update', '--set', 'mdev=true', '--set', 'accesses=3', ...audit]),
        lucheck(['check', 'live-update', '--set', 'mdev=true', '--set', 'accesses=3', ...audit, '--engine', 'reference', '--format', 'json']),
        lucheck(['check', 'live-update', '--set', 'mdev=true', '--set', 'accesses=3', ...audit, '--workers', '2', '--format', 'json']),
        lucheck(['check', 'test/fixtures/cli/wrongAuxiliary.ts', ...audit]),
        lucheck(['check', 'test/fixtures/cli/wrongAuxiliary.ts', ...audit, '--workers', '2']),
        lucheck(['check', 'test/fixtures/cli/wrongAuxiliary.ts', '--drop-auxiliary']),
      ]);
      for (const r of [text!, json!, workers!, trusted!]) expectExit(r, 0);
      expect(text!.stdout).to.contain('\nauxiliary fields audited (--check-determinism): read by no guard, invariant, events() or isFinal(), and no action sets other values without them\n');
      expect([parseJsonOutput(json!).auxiliaryAudit, parseJsonOutput(workers!).auxiliaryAudit]).to.deep.equal([{ guardsAndActions: false }, { guardsAndActions: true }]);
      for (const r of [wrong!, wrongWorkers!]) {
        expectExit(r, 3);
        expect(r.stdout).to.contain("model error (auxiliary-read): model follower: the guard of the A transition of state 'follower' reads last, which the model declares auxiliary");
      }
      expect(trusted!.stdout).to.not.contain('audited');
    });
  });
});
