// The CI reporters end to end: the real binary as a child process, its exit code, stdout,
// stderr and the files it writes (`--reporter NAME[:FILE]`, `$GITHUB_STEP_SUMMARY`).
import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseXml } from '../report/parseXml.ts';
import { checkJunitStructure } from '../report/junitStructure.ts';
import { checkSarifStructure } from '../report/sarifStructure.ts';
import { mermaidBlocks, openMermaid, type MermaidHarness } from '../report/mermaid.ts';
import { ROOT, describeRun, runLucheck, type Run } from '../support/lucheckBinary.ts';

const TYPE1_B1 = ['check', 'live-update', '--set', 'backend=vfio-type1', '--set', 'variant=v5.12', '--set', 'handover=exec', '--set', 'bugs=B1'];

const lucheck = (args: readonly string[], env: Record<string, string> = {}, cwd: string = ROOT) => runLucheck(args, { env, cwd, timeoutMs: 30_000 });

function expectOneLineError(r: Run, pattern: RegExp): void {
  expect(r.code, describeRun(r)).to.equal(2);
  expect(r.stderr, describeRun(r)).to.match(/^lucheck: [^\n]+\n$/);
  expect(r.stderr).to.match(pattern);
}

describe('lucheck check --reporter (the real binary)', () => {
  let scratch: string;
  let mermaid: MermaidHarness;
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'lucheck-reporters-'));
    mermaid = await openMermaid();
  });
  after(async () => {
    await rm(scratch, { recursive: true, force: true });
    await mermaid?.browser.close();
  });

  async function freshDir(name: string): Promise<string> {
    const dir = join(scratch, name);
    await mkdir(dir, { recursive: true });
    return dir;
  }

  it('writes JUnit, a Markdown summary and SARIF for a violation in one run, and exits 10', async () => {
    const out = await freshDir('done-when');
    const r = await lucheck([...TYPE1_B1, '--reporter', `junit:${out}/junit.xml`, '--reporter', `markdown:${out}/summary.md`, '--reporter', `sarif:${out}/r.sarif`]);
    expect(r.code, describeRun(r)).to.equal(10);
    expect(r.stdout).to.match(/^lucheck check live-update/);
    expect(r.stderr).to.equal('');

    const junit = parseXml(await readFile(join(out, 'junit.xml'), 'utf8'));
    checkJunitStructure(junit);
    expect(junit.attrs.failures).to.equal('1');
    const failed = junit.children[0]!.children.find((c) => c.children[0]?.name === 'failure')!;
    expect(failed.attrs.name).to.equal('INV-6 no counter below zero');

    const summary = await readFile(join(out, 'summary.md'), 'utf8');
    const blocks = mermaidBlocks(summary);
    expect(blocks).to.have.length(1);
    expect(await mermaid.parse(blocks[0]!)).to.equal(true);
    expect(summary).to.include('| step | actor | event | changes |');

    const sarif = JSON.parse(await readFile(join(out, 'r.sarif'), 'utf8'));
    checkSarifStructure(sarif);
    const [result] = sarif.runs[0].results;
    expect(result.ruleId).to.equal('INV-6');
    const loc = result.locations[0].physicalLocation;
    expect(loc.artifactLocation.uri).to.equal('invariants/inv06NoUnderflow.ts');
    expect(readFileSync(join(ROOT, loc.artifactLocation.uri), 'utf8').split('\n')[loc.region.startLine - 1]).to.include("id: 'INV-6'");
  });

  it('--reporter github prints annotations and appends the Markdown summary to $GITHUB_STEP_SUMMARY', async () => {
    const out = await freshDir('github');
    const summaryFile = join(out, 'step-summary.md');
    await writeFile(summaryFile, '# earlier step\n');
    const r = await lucheck([...TYPE1_B1, '--reporter', 'github'], { GITHUB_STEP_SUMMARY: summaryFile });
    expect(r.code, describeRun(r)).to.equal(10);
    const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(annotations).to.have.length(1);
    expect(annotations[0]).to.match(/^::error file=invariants\/inv06NoUnderflow\.ts,line=5,title=lucheck%3A INV-6 violated \(no counter below zero\)::live-update\[/);
    const summary = await readFile(summaryFile, 'utf8');
    expect(summary.startsWith('# earlier step\n<!-- lucheck summary -->\n')).to.equal(true);
    expect(mermaidBlocks(summary)).to.have.length(1);
  });

  it('leaves $GITHUB_STEP_SUMMARY alone without --reporter github, and writes a notice for a pass', async () => {
    const out = await freshDir('github-pass');
    const summaryFile = join(out, 'step-summary.md');
    const quiet = await lucheck(['check', 'peterson', '--reporter', 'markdown'], { GITHUB_STEP_SUMMARY: summaryFile });
    expect(quiet.code, describeRun(quiet)).to.equal(0);
    expect(existsSync(summaryFile)).to.equal(false);
    const pass = await lucheck(['check', 'peterson', '--reporter', 'github'], { GITHUB_STEP_SUMMARY: summaryFile });
    expect(pass.code, describeRun(pass)).to.equal(0);
    expect(pass.stdout).to.match(/^::notice title=lucheck%3A pass \(1 invariant%2C no deadlock\)::peterson: /m);
    expect(await readFile(summaryFile, 'utf8')).to.match(/^<!-- lucheck summary -->\n## lucheck\n[\s\S]*\| peterson \| `\(none\)` \| pass \| 20 \| 6 \|/);
  });

  it('writes a reporter without a file to stdout: after the text report, or alone when it is a document (JSON, JUnit, SARIF)', async () => {
    const md = await lucheck(['check', 'peterson', '--reporter', 'markdown']);
    expect(md.code, describeRun(md)).to.equal(0);
    expect(md.stdout.indexOf('<!-- lucheck summary -->')).to.be.greaterThan(md.stdout.indexOf('pass:'));
    const dir = await freshDir('stdout-document');
    const r = await lucheck(['check', 'peterson', '--reporter', 'junit', '--out', join(dir, 'report.txt')]);
    expect(r.code, describeRun(r)).to.equal(0);
    expect(r.stdout.startsWith('<?xml')).to.equal(true);
    checkJunitStructure(parseXml(r.stdout));
    for (const args of [['--reporter', 'junit'], ['--format', 'json', '--reporter', 'json', '--reporter', 'junit'], ['--reporter', 'sarif', '--reporter', 'github']]) {
      expectOneLineError(await lucheck(['check', 'peterson', ...args]), /would all write to stdout, and --(reporter|format) (junit|json|sarif) is a document that must be alone there/);
    }
  });

  it('rejects an unknown reporter with one line listing the allowed names (exit 2)', async () => {
    expectOneLineError(await lucheck(['check', 'peterson', '--reporter', 'xunit:out.xml']), /unknown --reporter 'xunit'; allowed: text, json, itf, junit, github, markdown, sarif/);
    expectOneLineError(await lucheck(['check', 'peterson', '--reporter', 'junit:']), /needs a file name after the colon/);
  });

  it('refuses two outputs to one file, and a file lucheck did not write; replaces its own reports on a rerun', async () => {
    const out = await freshDir('safety');
    expectOneLineError(await lucheck(['check', 'peterson', '--out', `${out}/a.xml`, '--reporter', `junit:${out}/a.xml`]), /two outputs of this run write/);
    await writeFile(join(out, 'mine.xml'), '<notes>keep me</notes>\n');
    expectOneLineError(await lucheck(['check', 'peterson', '--reporter', `junit:${out}/mine.xml`]), /refusing to overwrite .*mine\.xml/);
    expect(await readFile(join(out, 'mine.xml'), 'utf8')).to.equal('<notes>keep me</notes>\n');
    const files = ['junit:r.xml', 'markdown:r.md', 'sarif:r.sarif', 'github:r.txt'];
    for (let i = 0; i < 2; i++) {
      const r = await lucheck(['check', 'peterson', ...files.flatMap((f) => ['--reporter', `${f.split(':')[0]}:${out}/${f.split(':')[1]}`])]);
      expect(r.code, `run ${i + 1}: ${describeRun(r)}`).to.equal(0);
    }
  });

  it('prints no progress for a short run when stderr is not a terminal', async () => {
    const r = await lucheck(['check', 'peterson']);
    expect(r.code, describeRun(r)).to.equal(0);
    expect(r.stderr).to.equal('');
  });
});
