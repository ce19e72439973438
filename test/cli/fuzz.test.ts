// A fuzz of the command line: fast-check draws command lines from a vocabulary of real commands,
// flags and values mixed with junk (prototype names, huge and negative numbers, special files,
// missing folders), config files and trace files (valid ones with a field replaced by any JSON
// value, and JSON of any shape) and model files (good, broken, misbehaving). Properties of every
// run: an exit code lucheck documents other than 1, no stack trace or internal error, an end
// within a bound, and no file changed outside the run's scratch folder. LUCHECK_FUZZ_RUNS sets
// the number of command lines (default 40: about a minute); a failure is shrunk to a minimal one.
import { expect } from 'chai';
import fc from 'fast-check';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT } from '../support/lucheckBinary.ts';
import { modelFile } from '../support/modelFiles.ts';
import { execFile } from 'node:child_process';

const RUNS = Number(process.env.LUCHECK_FUZZ_RUNS ?? 40);
/** A run that has not ended after this long is a hang (the vocabulary keeps every search small). */
const BOUND_MS = 30_000;
const DOCUMENTED_EXITS = [0, 2, 3, 4, 10, 11, 12];

const MODEL_FILES: Readonly<Record<string, string>> = {
  'good.ts': modelFile({ invariants: "[{ id: 'I', title: 't', description: 'd', check: () => true }]" }),
  'broken.ts': 'export default {{;\n',
  'notamodel.ts': 'export const x = 1;\n',
  'events-null.ts': modelFile({ events: '() => null' }),
  'events-object.ts': modelFile({ events: "() => ({ type: 'GO' })" }),
  'cyclic.ts': modelFile({ context: '(() => { const o: any = {}; o.self = o; return o; })()' }),
  'throws.ts': modelFile({ events: "() => { throw new Error('events exploded'); }" }),
  'final-throws.ts': modelFile({ states: "{ a: { on: { GO: 'b' } }, b: {} }", extra: ", isFinal: () => { throw 42; }" }),
};

const junk = fc.constantFrom('toString', 'constructor', '__proto__', 'valueOf', '', ' ', '-1', '0', '1e309', 'NaN', '1.5', '99999999999999999999', '=', ',', 'none', 'x'.repeat(5000), '../outside', '💥');
const paths = fc.constantFrom('out.json', 'sub/out.xml', 'report', '/dev/zero', '/dev/full', '/proc/nope/x.json', '/nonexistent/dir/x.xml', '.', 'good.ts', 'config.json', 'trace.json');
const models = fc.constantFrom('peterson', 'counter', 'autosave', 'philosophers', 'fifo', 'filter', 'spinlock', 'fair-mutex', 'nosuch', 'toString', ...Object.keys(MODEL_FILES).map((f) => `./${f}`));
/** Parameters within the small end of each built-in's range, or junk: no drawn search runs long. */
const sets = fc.oneof(
  fc.constantFrom('size=3', 'regions=2', 'n=3', 'producers=2', 'capacity=2', 'bug=true', 'bug=maybe', 'size=0', 'n=100000', 'limit=3'),
  fc.tuple(junk, junk).map(([k, v]) => `${k}=${v}`),
  junk,
);

const flag = fc.oneof(
  sets.map((s) => ['--set', s]),
  fc.tuple(fc.constantFrom('--max-states', '--expect-states', '--max-depth', '--time-limit', '--memory', '--workers', '--runs', '--depth', '--seed', '--path'), fc.oneof(junk, fc.constantFrom('1', '2', '10', '500', '3', '1KB', '50G', '0.001'))).map(([f, v]) => [f, v]),
  fc.tuple(fc.constantFrom('--strategy', '--engine', '--format', '--environment', '--invariant', '--fairness'), fc.oneof(junk, fc.constantFrom('bfs', 'dfs', 'compiled', 'reference', 'auto', 'json', 'text', 'itf', 'svg', 'dot', 'delays', 'none', 'MUTEX', 'I', 'WF(p0)', 'SF(event:p0.WANT),WF(p1)', 'WF('))).map(([f, v]) => [f, v]),
  fc.tuple(fc.constantFrom('--out', '--config', '--spill-dir', '--out-dir'), paths).map(([f, v]) => [f, v]),
  fc.tuple(fc.constantFrom('json', 'itf', 'junit', 'sarif', 'github', 'markdown', 'text', 'html', 'xunit'), fc.option(paths)).map(([r, p]) => ['--reporter', p === null ? r : `${r}:${p}`]),
  fc.constantFrom(['--symmetry'], ['--drop-auxiliary'], ['--swarm'], ['--path', '0:1'], ['--check-determinism'], ['--help'], ['--region', 'old'], ['--overview'], ['--bogus'], ['-x']),
);

const commandLine = fc.tuple(
  fc.constantFrom('check', 'check', 'check', 'simulate', 'simulate', 'list', 'replay', 'viz', '--version', 'toString', 'nope'),
  fc.option(models, { nil: undefined }),
  fc.array(flag, { maxLength: 5 }),
).map(([cmd, model, flags]) => {
  const args: string[] = [cmd];
  if (cmd === 'replay') args.push('trace.json');
  if (model !== undefined) args.push(model);
  // a simulation of a model nothing breaks draws all its walks: a drawn --runs may ask for billions
  return [...args, ...flags.flat(), ...(cmd === 'simulate' ? ['--time-limit', '5'] : [])];
});

/** A config file: lucheck's keys with drawn values, or any JSON at all. */
const configFile = fc.oneof(
  fc.record(
    {
      model: models,
      params: fc.dictionary(fc.oneof(fc.constantFrom('size', 'regions', 'n', 'bug'), junk), fc.oneof(fc.integer({ min: -2, max: 4 }), fc.jsonValue({ maxDepth: 2 }))),
      maxStates: fc.oneof(fc.integer({ min: -5, max: 1000 }), fc.jsonValue({ maxDepth: 1 })),
      timeLimit: fc.oneof(fc.constantFrom(1, 0, -1, 1e308), fc.jsonValue({ maxDepth: 1 })),
      workers: fc.constantFrom(1, 2, 0, 1e6, 'two'),
      memory: fc.constantFrom('1KB', '4G', 12, -3, null),
      invariants: fc.oneof(fc.array(fc.constantFrom('MUTEX', 'I', '__proto__')), fc.jsonValue({ maxDepth: 1 })),
      fairness: fc.oneof(fc.constantFrom('none', 'WF(p0)', 'SF(event:x)', 'WF(', ''), fc.jsonValue({ maxDepth: 1 })),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A trace file: a real one with one field replaced by a drawn JSON value, or any JSON. */
function traceFile(real: Record<string, unknown>) {
  const fields = Object.keys(real);
  return fc.oneof(
    fc.tuple(fc.constantFrom(...fields, 'violations.0', 'violations.0.trace', 'violations.0.trace.1.event', 'violations.0.loop', 'fairness'), fc.jsonValue({ maxDepth: 3 })).map(([path, value]) => {
      const copy = structuredClone(real) as Record<string, unknown>;
      const keys = path.split('.');
      let at: Record<string, unknown> = copy;
      for (const k of keys.slice(0, -1)) at = (at?.[k] ?? {}) as Record<string, unknown>;
      if (typeof at === 'object' && at !== null) at[keys[keys.length - 1]!] = value;
      return copy as unknown;
    }),
    fc.jsonValue({ maxDepth: 3 }),
  );
}

interface Outcome {
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

function lucheck(args: readonly string[], cwd: string): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: BOUND_MS, killSignal: 'SIGKILL', maxBuffer: 64 * 2 ** 20, env: { ...process.env, GITHUB_STEP_SUMMARY: '' } }, (error, stdout, stderr) => {
      const e = error as (Error & { code?: number | string; signal?: string | null }) | null;
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, signal: e?.signal ?? null, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** Every file under `dir` with its size and modification time, as one comparable list. */
function snapshot(dir: string, skip: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (path === skip) continue;
    const st = statSync(path);
    out.push(`${name} ${st.isDirectory() ? 'dir' : `${st.size} ${st.mtimeMs}`}`);
  }
  return out.sort();
}

describe('a fuzz of the command line (fast-check, the real binary)', function () {
  this.timeout(0);
  let base: string;
  let real: Record<string, unknown>;

  before(async () => {
    base = await mkdtemp(join(tmpdir(), 'lucheck-fuzz-'));
    await writeFile(join(base, 'sentinel.txt'), 'outside the scratch folder');
    const seed = await mkdtemp(join(base, 'seed-'));
    const saved = await lucheck(['check', join(ROOT, 'test/fixtures/brokenMutex.ts'), '--format', 'json', '--out', 'trace.json'], seed);
    expect(saved.code).to.equal(10);
    real = JSON.parse(await import('node:fs/promises').then((f) => f.readFile(join(seed, 'trace.json'), 'utf8'))) as Record<string, unknown>;
  });

  it(`runs ${RUNS} drawn command lines: each ends within ${BOUND_MS / 1000} s with a documented exit code, no stack trace, nothing changed outside its folder`, async () => {
    let n = 0;
    const before = () => snapshot(base, '');
    const outside = before().filter((l) => !l.startsWith('run-') && !l.startsWith('seed-'));
    await fc.assert(
      fc.asyncProperty(commandLine, configFile, traceFile(real), async (args, config, trace) => {
        const dir = join(base, `run-${n++}`);
        await mkdir(dir);
        await Promise.all([
          writeFile(join(dir, 'config.json'), JSON.stringify(config) ?? 'null'),
          writeFile(join(dir, 'trace.json'), JSON.stringify(trace) ?? 'null'),
          ...Object.entries(MODEL_FILES).map(([name, text]) => writeFile(join(dir, name), text)),
        ]);
        const r = await lucheck(args, dir);
        const what = `lucheck ${args.map((a) => (a.length > 40 ? `${a.slice(0, 40)}…` : a)).join(' ')}\nexit ${r.code} ${r.signal ?? ''} after ${r.ms} ms\nstderr: ${r.stderr.slice(0, 2000)}`;
        expect(r.signal, `no hang: ${what}`).to.equal(null);
        expect(DOCUMENTED_EXITS, `a documented exit code: ${what}`).to.include(r.code);
        expect(r.stderr, `no internal error or stack trace: ${what}`).to.not.match(/internal error|^\s+at |node:internal|Error: .*\n\s+at /m);
        const now = before().filter((l) => !l.startsWith('run-') && !l.startsWith('seed-'));
        expect(now, `nothing changed outside the run's folder: ${what}`).to.deep.equal(outside);
        expect(existsSync('/nonexistent'), `no folder made outside: ${what}`).to.equal(false);
      }),
      { numRuns: RUNS, endOnFailure: false },
    );
  });
});
