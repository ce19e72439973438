// lucheck's machine-read reports, validated by what reads them: the JUnit XML against Jenkins'
// xunit schema (test/schemas/junit-10.xsd, with libxml2 through xmllint-wasm), SARIF by
// Microsoft's SARIF multitool (the 2.1.0 schema and its rules: no error, no warning), and the
// JSON result against the schema lucheck ships (schemas/result.schema.json, with ajv). Each
// validator is first shown to reject a broken document, so that its silence means something.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import { validateXML } from 'xmllint-wasm';
import { check, type CheckResult } from 'lucheck';
import { formatJunit } from '../../src/report/formatJunit.ts';
import { formatSarif } from '../../src/report/formatSarif.ts';
import { formatJson } from '../../src/report/formatJson.ts';
import type { ReportRun } from '../../src/report/ReportRun.ts';
import { RFC_MDEV, TYPE1_B1, liveUpdateRun, livenessRuns, mutexRun, nastyResult, petersonRun, plainResult } from './sampleRuns.ts';
import counter from '../../examples/counter.ts';
import lockOrder from '../fixtures/lockOrder.ts';
import fifo from '../../examples/fifo.ts';
import peterson from '../../examples/peterson.ts';
import { simulate } from '../../src/simulate/simulate.ts';
import { runLucheck } from '../support/lucheckBinary.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

/** Results of every verdict, real and synthetic (the synthetic ones full of characters to escape). */
async function sampleRuns(): Promise<ReportRun[]> {
  const incomplete = await check(counter, { params: { size: 20 }, maxStates: 50 });
  const interrupted: CheckResult = { ...plainResult('incomplete'), incomplete: { reason: 'interrupted', signal: 'SIGTERM' } };
  return [
    await petersonRun(),
    await mutexRun(),
    await liveUpdateRun(TYPE1_B1),
    await liveUpdateRun(RFC_MDEV),
    { result: await check(lockOrder), modelName: 'lockOrder' },
    { result: incomplete, modelName: 'counter' },
    { result: interrupted, modelName: 'toy' },
    { result: plainResult('error'), modelName: 'toy' },
    { result: nastyResult(), modelName: 'nasty' },
    ...(await livenessRuns()),
    // lucheck simulate's results: a shrunk counterexample, and walks that found nothing
    { result: simulate(fifo, { params: { producers: 2, capacity: 2, bug: true }, seed: 1, runs: 2000 }), modelName: 'fifo' },
    { result: simulate(peterson, { seed: 1, runs: 50 }), modelName: 'peterson' },
  ];
}

async function junitErrors(xml: string): Promise<string[]> {
  const xsd = await readFile(join(ROOT, 'test/schemas/junit-10.xsd'), 'utf8');
  const r = await validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [{ fileName: 'junit-10.xsd', contents: xsd }] });
  return r.valid ? [] : r.errors.map((e) => e.rawMessage);
}

/** What the SARIF multitool's `validate` finds in these logs: one line per result (error, warning or note). */
async function multitoolFindings(logs: readonly string[]): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'lucheck-sarif-'));
  const files = await Promise.all(logs.map(async (text, i) => {
    const f = join(dir, `log${i}.sarif`);
    await writeFile(f, text);
    return f;
  }));
  const out = join(dir, 'validation.sarif');
  const tool = join(ROOT, 'node_modules/@microsoft/sarif-multitool/bin.js');
  await run(process.execPath, [tool, 'validate', ...files, '--output', out], { timeout: 120_000 });
  const report = JSON.parse(await readFile(out, 'utf8')) as { runs: { results?: { ruleId: string; level?: string; message: { id?: string; text?: string; arguments?: string[] }; locations?: { physicalLocation?: { artifactLocation?: { uri?: string } } }[] }[] }[] };
  return report.runs.flatMap((r) => r.results ?? []).map((x) => `${x.ruleId} ${x.level ?? 'warning'} ${x.message.id ?? x.message.text} ${(x.message.arguments ?? []).join(' ')} in ${x.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '?'}`);
}

describe("reports against their consumers' schemas", function () {
  this.timeout(180_000);
  let runs: ReportRun[];
  before(async () => {
    runs = await sampleRuns();
  });

  it("JUnit XML: every verdict's report, and several runs in one, validate against Jenkins xunit's junit-10.xsd", async () => {
    // the validator rejects what the schema forbids (lucheck wrote `skipped` on <testsuites> once)
    const broken = formatJunit([runs[0]!]).replace('<testsuites name="lucheck"', '<testsuites name="lucheck" skipped="0"');
    expect((await junitErrors(broken)).join('\n')).to.match(/skipped.*not allowed/);
    for (const r of runs) expect(await junitErrors(formatJunit([r])), r.modelName).to.deep.equal([]);
    expect(await junitErrors(formatJunit(runs))).to.deep.equal([]);
  });

  it('SARIF: the multitool finds no error and no warning (tool version and informationUri given)', async () => {
    const good = formatSarif(runs, { srcRoot: 'file:///src/', informationUri: 'https://example.org/lucheck', toolVersion: '0.1.0' });
    const bare = formatSarif([runs[1]!]);
    const findings = await multitoolFindings([good, bare]);
    // the bare log, without version or informationUri, draws exactly those two warnings: the check can fail
    expect(findings.filter((f) => f.endsWith('log1.sarif')).map((f) => f.split(' ')[2])).to.have.members(['Warning_ProvideToolnformationUri', 'Warning_ProvideToolVersion']);
    expect(findings.filter((f) => !f.endsWith('log1.sarif'))).to.deep.equal([]);
  });

  it('SARIF as the CLI writes it: version and informationUri from package.json, no finding', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lucheck-sarif-cli-'));
    const file = join(dir, 'out.sarif');
    const r = await runLucheck(['check', 'test/fixtures/brokenMutex.ts', '--reporter', `sarif:${file}`], { timeoutMs: 60_000 });
    expect(r.code).to.equal(10);
    const log = JSON.parse(await readFile(file, 'utf8'));
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(log.runs[0].tool.driver.version).to.equal(pkg.version);
    expect(log.runs[0].tool.driver.informationUri).to.match(/^(https?|file):\/\//);
    expect(await multitoolFindings([await readFile(file, 'utf8')])).to.deep.equal([]);
  });

  it('JSON result: every verdict, and a --workers 2 run, validate against schemas/result.schema.json', async () => {
    const schema = JSON.parse(await readFile(join(ROOT, 'schemas/result.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(schema);
    const errorsOf = (doc: unknown) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
    const pass = JSON.parse(formatJson(runs[0]!.result)) as Record<string, unknown>;
    expect(errorsOf({ ...pass, verdict: 'incomplete' })).to.deep.include(" must have required property 'incomplete'");
    expect(errorsOf({ ...pass, surprise: 1 })).to.deep.include(' must NOT have additional properties');
    const lasso = JSON.parse(formatJson(runs.find((r) => r.result.verdict === 'liveness')!.result)) as { violations: Record<string, unknown>[] };
    expect(errorsOf({ ...lasso, violations: lasso.violations.map(({ loop: _loop, ...v }) => v) })).to.deep.include("/violations/0 must have required property 'loop'");
    for (const r of runs) expect(errorsOf(JSON.parse(formatJson(r.result))), r.modelName).to.deep.equal([]);
    const parallel = await runLucheck(['check', 'counter', '--set', 'size=8', '--workers', '2', '--format', 'json'], { timeoutMs: 60_000 });
    expect(parallel.code).to.equal(0);
    expect(errorsOf(JSON.parse(parallel.stdout))).to.deep.equal([]);
  });
});
