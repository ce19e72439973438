// Bad input, as a new user or a fuzzer gives it: every case ends with a documented exit code
// (2 usage, 3 model, 4 incomplete) and one line saying what was wrong, never a stack trace, a
// hang, a file written where the user did not name one, or a long run before the refusal.
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRun, oneStderrLine, runLucheck, type Run } from '../support/lucheckBinary.ts';
import { modelFile } from '../support/modelFiles.ts';

const lucheck = (args: readonly string[], cwd: string) => runLucheck(args, { cwd, timeoutMs: 60_000 });

function expectError(r: Run, exit: number, pattern: RegExp): void {
  expect(r.code, describeRun(r)).to.equal(exit);
  const line = r.stderr === '' ? r.stdout.split('\n').find((l) => l.startsWith('model error')) ?? '' : oneStderrLine(r);
  expect(line, describeRun(r)).to.match(pattern);
  expect(line.length, 'the line echoes a shortened value').to.be.below(600);
  expect(r.stdout + r.stderr, 'no stack frames').to.not.match(/^\s+at |node:internal/m);
}

describe('lucheck on bad input (the real binary)', function () {
  this.timeout(120_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lucheck-bad-'));
  });

  it('takes no JavaScript prototype name as a command, parameter or key', async () => {
    for (const name of ['toString', 'valueOf', 'constructor', '__proto__']) {
      expectError(await lucheck([name], dir), 2, new RegExp(`unknown command '${name}'; allowed: check, list, replay, simulate, viz`));
      expectError(await lucheck(['check', 'counter', '--set', `${name}=1`], dir), 2, new RegExp(`unknown parameter '${name}' for model counter; allowed: regions, size`));
      expectError(await lucheck(['check', 'counter', '--format', name], dir), 2, /unknown --format/);
    }
    await writeFile(join(dir, 'proto.json'), '{"params":{"constructor":1,"__proto__":2}}');
    expectError(await lucheck(['check', 'counter', '--config', 'proto.json'], dir), 2, /unknown parameter '(constructor|__proto__)' for model counter/);
    await writeFile(join(dir, 'protokey.json'), '{"__proto__":{"maxStates":1}}');
    expectError(await lucheck(['check', 'counter', '--config', 'protokey.json'], dir), 2, /unknown key '__proto__' in config file/);
  });

  it('echoes a huge or deeply nested value shortened, in one line', async () => {
    await writeFile(join(dir, 'huge.json'), JSON.stringify({ params: { size: 'x'.repeat(5_000_000) } }));
    expectError(await lucheck(['check', 'counter', '--config', 'huge.json'], dir), 2, /bad value 'xxxx.*\.\.\. \(5000002 characters\) for parameter 'size'/);
    await writeFile(join(dir, 'deep.json'), `{"params":{"size":${'['.repeat(100_000)}1${']'.repeat(100_000)}}}`);
    expectError(await lucheck(['check', 'counter', '--config', 'deep.json'], dir), 2, /bad value \[\.\.\.\] \(nested too deep to print\) for parameter 'size'/);
  });

  it("names what a model's events() returned when it is not a list of events (exit 3), on both engines", async () => {
    const cases: [string, RegExp][] = [
      ["() => ({ type: 'GO' })", /events\(\) returned object \{"type":"GO"\} in state a; it must return a list of events/],
      ['() => null', /events\(\) returned null in state a/],
      ['() => [null]', /events\(\) returned a list whose item 0 is null in state a/],
      ["() => [{ kind: 'GO' }]", /events\(\) returned a list whose item 0 is \{"kind":"GO"\} in state a/],
    ];
    for (const [i, [events, pattern]] of cases.entries()) {
      await writeFile(join(dir, `events${i}.ts`), modelFile({ events }));
      for (const engine of ['compiled', 'reference']) expectError(await lucheck(['check', `./events${i}.ts`, '--engine', engine, '--format', 'json'], dir), 3, pattern);
    }
  });

  it('takes a cyclic or 100,000-deep context, a throwing isFinal and invariants that are not a list as model errors (exit 3)', async () => {
    await writeFile(join(dir, 'cyclic.ts'), modelFile({ context: '(() => { const o: any = {}; o.self = o; return o; })()' }));
    await writeFile(join(dir, 'deepctx.ts'), modelFile({ context: '(() => { let o: any = {}; for (let i = 0; i < 100000; i++) o = { o }; return o; })()' }));
    await writeFile(join(dir, 'final.ts'), modelFile({ states: "{ a: { on: { GO: 'b' } }, b: {} }", extra: ", isFinal: () => { throw new Error('boom'); }" }));
    await writeFile(join(dir, 'invs.ts'), modelFile({ invariants: "'nope' as never" }));
    await writeFile(join(dir, 'range.ts'), modelFile({ extra: ", params: { n: { default: 50, range: [1, 10], description: 'n' } }" }));
    expectError(await lucheck(['check', './cyclic.ts'], dir), 3, /model bad ran out of stack: its context is cyclic or nested too deep/);
    expectError(await lucheck(['check', './deepctx.ts'], dir), 3, /model bad ran out of stack/);
    expectError(await lucheck(['check', './final.ts'], dir), 3, /model error \(model-exception\): model bad: isFinal threw in state b: Error: boom/);
    expectError(await lucheck(['check', './invs.ts'], dir), 3, /`invariants` must be a list/);
    expectError(await lucheck(['check', './range.ts'], dir), 3, /the default 50 of parameter 'n' is not one it allows \(integer 1\.\.10\)/);
  });

  it("reports, in the JSON of a model error, the states the search had stored when the model failed", async () => {
    await writeFile(join(dir, 'late.ts'), modelFile({ events: "(s: { value: string }) => { if (s.value === 'b') throw new Error('late'); return [{ type: 'GO' }]; }" }));
    const r = await lucheck(['check', './late.ts', '--format', 'json'], dir);
    expectError(r, 3, /events\(\) threw in state b: Error: late/);
    const result = JSON.parse(r.stdout) as { verdict: string; stats: { distinct: number; generated: number; maxDepth: number } };
    expect([result.verdict, result.stats.distinct, result.stats.generated, result.stats.maxDepth]).to.deep.equal(['error', 2, 2, 1]);
  });

  it('refuses a trace file whose violation is null, a device as a trace or config file, and more workers than 4 per core', async () => {
    await writeFile(join(dir, 'nulltrace.json'), JSON.stringify({ schema: 'lucheck.check/1', model: 'peterson', params: {}, violations: [null] }));
    expectError(await lucheck(['replay', 'nulltrace.json'], dir), 2, /trace file nulltrace\.json is malformed: its first violation is not an object/);
    expectError(await lucheck(['replay', '/dev/zero'], dir), 2, /cannot read trace file \/dev\/zero: it is not a regular file/);
    expectError(await lucheck(['check', '--config', '/dev/zero'], dir), 2, /cannot read config file \/dev\/zero: it is not a regular file/);
    expectError(await lucheck(['check', 'peterson', '--workers', '1000'], dir), 2, /--workers 1000 is more than 4 per core \(\d+ here\); allowed: 1 to \d+/);
  });

  it('refuses --expect-states that is not a count of states, or that this process cannot allocate, as the flag or as the config key', async () => {
    for (const bad of ['0', '-5', '1.5', 'many', '2147483648']) {
      expectError(await lucheck(['check', 'counter', `--expect-states=${bad}`], dir), 2, new RegExp(`bad value '${bad.replace('.', '\\.')}' for --expect-states; allowed: an integer from 1 to 2147483647 \\(distinct states\\)`));
    }
    await writeFile(join(dir, 'expect.json'), '{"expectStates":"lots"}');
    expectError(await lucheck(['check', 'counter', '--config', 'expect.json'], dir), 2, /key 'expectStates' in config file expect\.json must be a number/);
    await writeFile(join(dir, 'expect0.json'), '{"expectStates":0}');
    expectError(await lucheck(['check', 'counter', '--config', 'expect0.json'], dir), 2, /bad value 0 for key 'expectStates' in config file expect0\.json; allowed: an integer from 1/);
    // 2^31 - 1 states: more slots than a typed array holds, refused before the search
    expectError(await lucheck(['check', 'counter', '--expect-states', '2147483647'], dir), 2, /--expect-states 2147483647: this process could not allocate a visited set for that many states \(.*\); allowed: a smaller number, or none/);
  });

  it('checks every output before the search: no special file, no missing or read-only folder, no folder created', async () => {
    // a model whose search would take minutes: every refusal must come first
    const big = ['check', 'counter', '--set', 'regions=4', '--set', 'size=1000'];
    const cases: [string[], RegExp][] = [
      [['--out', '/dev/zero'], /refusing to write \/dev\/zero: it exists and is not a regular file/],
      [['--out', '/dev/full'], /refusing to write \/dev\/full: it exists and is not a regular file/],
      [['--out', dir], /it exists and is not a regular file/],
      [['--out', '/proc/nope/x.json'], /cannot write \/proc\/nope\/x\.json: its folder \/proc\/nope does not exist/],
      [['--reporter', `junit:${join(dir, 'no', 'such', 'x.xml')}`], /its folder .*no\/such does not exist; create it first/],
      [['--reporter', `html:${join(dir, 'no', 'report')}`], /cannot write into .*no\/report: its parent folder .* does not exist/],
      [['--memory', '1KB'], /--memory 1KB is less than lucheck already uses/],
      [['--out', 'mine.txt'], /refusing to overwrite mine\.txt: it exists and was not written by lucheck/],
    ];
    await writeFile(join(dir, 'mine.txt'), 'my notes');
    for (const [args, pattern] of cases) {
      const started = Date.now();
      expectError(await lucheck([...big, ...args], dir), 2, pattern);
      expect(Date.now() - started, `${args.join(' ')} refused before the search`).to.be.below(20_000);
    }
    expect(existsSync(join(dir, 'no')), 'no folder made for a refused output').to.equal(false);
    expect(await readFile(join(dir, 'mine.txt'), 'utf8')).to.equal('my notes');
  });

  it('finds a config file\'s model path from the config file\'s folder', async () => {
    const sub = await mkdtemp(join(dir, 'config-'));
    await writeFile(join(sub, 'model.ts'), modelFile({}));
    await writeFile(join(sub, 'run.json'), JSON.stringify({ model: './model.ts' }));
    const r = await lucheck(['check', '--config', join(sub, 'run.json')], dir);
    expect(r.code, describeRun(r)).to.equal(0);
    expect(r.stdout).to.match(/^pass: /m);
  });

  it('answers --help after a command and --version', async () => {
    const help = await lucheck(['check', '--help'], dir);
    expect(help.code, describeRun(help)).to.equal(0);
    expect(help.stdout).to.match(/^usage:\n {2}lucheck check/);
    const version = await lucheck(['--version'], dir);
    expect(version.code).to.equal(0);
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(version.stdout).to.equal(`lucheck ${pkg.version}\n`);
  });
});
