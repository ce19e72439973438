// `--reporter html:DIR` end to end: the real binary writes the report next to JUnit and Markdown
// reports in one directory, and Chromium opens the page, steps through the counterexample and
// checks the highlighted states against the trace.
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import liveUpdate from '../../machines/liveUpdate.ts';
import type { TraceStep } from '../../src/CheckResult.ts';
import { resolveModelParams } from '../../src/model/defineModel.ts';
import { describeRun, runLucheck, type Run } from '../support/lucheckBinary.ts';
import { parseXml } from '../report/parseXml.ts';
import { checkJunitStructure } from '../report/junitStructure.ts';
import { mermaidBlocks, openMermaid } from '../report/mermaid.ts';
import { regionNames } from '../../src/viz/chartRegions.ts';
import { readStatechart } from '../../src/viz/readStatechart.ts';
import { artifactPath, launchBrowser, openPage } from '../support/browser.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PARAMS = { backend: 'vfio-type1', variant: 'v5.12', handover: 'exec', bugs: 'B1' };
const TYPE1_B1 = ['check', 'live-update', ...Object.entries(PARAMS).flatMap(([k, v]) => ['--set', `${k}=${v}`])];

const lucheck = (args: readonly string[], cwd: string = ROOT) => runLucheck(args, { cwd });

/** The SVG ids the trace's `state` text names, worked out here by hand: every prefix of every dotted path. */
function expectedActive(state: string): string[] {
  const ids = new Set<string>();
  for (const path of state.split(' ').filter(Boolean)) {
    const keys = path.split('.');
    for (let i = 1; i <= keys.length; i++) ids.add(`s:live-update.${keys.slice(0, i).join('.')}`);
  }
  return [...ids].sort();
}

/** What the page marks at its current step: ids with each class in the chart, the label texts of current arrows, the current row and message. */
interface Marks {
  readonly step: string;
  readonly active: string[];
  readonly taken: string[];
  readonly current: string[];
  readonly currentLabels: string[];
  readonly takenLabels: string[];
  readonly row: string[];
  readonly message: string[];
}

async function marks(page: Page): Promise<Marks> {
  // No local functions in here: tsx wraps named ones in a helper the page does not have.
  const [active, taken, current, currentLabels, takenLabels, row, message, step] = await page.locator('section.violation').evaluate((section) =>
    [
      ['.figure.chart .active', 'id'],
      ['.figure.chart .taken', 'id'],
      ['.figure.chart .current', 'id'],
      ['.figure.chart g.edge.current > text', 'text'],
      ['.figure.chart g.edge.taken > text', 'text'],
      ['table.changes tr.current', 'data-step'],
      ['svg.sequence g.message.current', 'data-step'],
    ]
      .map(([selector, what]) => [...section.querySelectorAll(selector!)].map((e) => (what === 'text' ? (e.textContent ?? '') : (e.getAttribute(what!) ?? ''))))
      .concat([[section.getAttribute('data-current-step') ?? '']]),
  );
  return { step: step![0]!, active: active!.sort(), taken: taken!.sort(), current: current!.sort(), currentLabels: currentLabels!, takenLabels: takenLabels!, row: row!, message: message! };
}

/** The step numbers an arrow label names: `1,3: old.MAP` → [1, 3]. */
function labelSteps(label: string): number[] {
  const m = /^([\d,]+):/.exec(label.trim());
  return m ? m[1]!.split(',').map(Number) : [];
}

function expectMarksAt(m: Marks, k: number, trace: readonly TraceStep[]): void {
  expect(m.step, 'the step the page says it shows').to.equal(String(k));
  expect(m.active, `active states after step ${k}`).to.deep.equal(expectedActive(trace[k]!.state));
  expect(m.row, 'highlighted table row').to.deep.equal([String(k)]);
  if (k === 0) {
    expect(m.current).to.deep.equal([]);
    expect(m.taken).to.deep.equal([]);
    expect(m.message).to.deep.equal([]);
    return;
  }
  expect(m.message, 'highlighted sequence message').to.deep.equal([String(k)]);
  expect(m.current.length, `arrows of step ${k}`).to.be.greaterThan(0);
  for (const l of m.currentLabels) expect(labelSteps(l), `current arrow '${l}' is labelled with step ${k}`).to.include(k);
  for (const l of m.takenLabels) expect(Math.min(...labelSteps(l)), `taken arrow '${l}' was taken by step ${k}`).to.be.at.most(k);
  for (let j = 1; j <= k; j++) expect(m.takenLabels.some((l) => labelSteps(l).includes(j)), `an arrow of step ${j} is marked taken`).to.equal(true);
}

describe('lucheck check --reporter html:DIR (the real binary, in Chromium)', () => {
  let scratch: string;
  let out: string;
  let browser: Browser;
  let trace: readonly TraceStep[];
  let run: Run;

  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'lucheck-html-'));
    out = join(scratch, 'out');
    browser = await launchBrowser();
    run = await lucheck([...TYPE1_B1, '--reporter', `html:${out}`, '--reporter', `junit:${out}/junit.xml`, '--reporter', `markdown:${out}/summary.md`]);
    const json = await lucheck([...TYPE1_B1, '--format', 'json']);
    trace = (JSON.parse(json.stdout) as { violations: { trace: TraceStep[] }[] }).violations[0]!.trace;
  });
  after(async () => {
    await browser?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('exits 10 and writes the page, its pictures, JUnit and Markdown into one new directory', async () => {
    expect(run.code, describeRun(run)).to.equal(10);
    expect(run.stderr, describeRun(run)).to.equal('');
    for (const f of ['index.html', 'violation-1-sequence.svg', 'violation-1-chart.svg', 'junit.xml', 'summary.md']) expect(existsSync(join(out, f)), f).to.equal(true);
    expect(trace).to.have.length(6);
  });

  it("writes, in the same run, a JUnit file with the schema's required structure and a Markdown summary whose Mermaid blocks parse", async () => {
    const junit = await readFile(join(out, 'junit.xml'), 'utf8');
    checkJunitStructure(parseXml(junit));
    expect(junit).to.match(/<failure [^>]*INV-6/);
    const summary = await readFile(join(out, 'summary.md'), 'utf8');
    const blocks = mermaidBlocks(summary);
    expect(blocks.length, 'mermaid blocks in the summary').to.be.at.least(1);
    const mermaid = await openMermaid();
    try {
      for (const b of blocks) expect(await mermaid.parse(b), b).to.equal(true);
    } finally {
      await mermaid.browser.close();
    }
  });

  it('renders the summary, the violated invariant, one sequence message per step and every region of the chart, with no console errors and no network', async () => {
    const { page, errors } = await openPage(browser);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(pathToFileURL(join(out, 'index.html')).href);
    const body = await page.locator('body').innerText();
    for (const s of ['live-update', 'backend=vfio-type1', 'variant=v5.12', 'violation of INV-6', 'mm1->locked_vm = -1', 'compiled', 'lucheck replay trace.json']) expect(body).to.contain(s);
    expect(await page.locator('h2').first().innerText()).to.contain('INV-6');
    expect(await page.locator('svg.sequence g.message').count()).to.equal(trace.length - 1);
    expect(await page.locator('svg.sequence g.note').textContent()).to.contain('INV-6');
    const regions = regionNames(readStatechart(liveUpdate.machine(resolveModelParams(liveUpdate, PARAMS))));
    expect(regions).to.deep.equal(['old', 'new', 'device']);
    const chartTexts = await page.locator('.figure.chart svg text').allTextContents();
    for (const r of regions) expect(chartTexts, `region ${r}`).to.include(r);
    expect(await page.locator('table.changes tbody tr').count()).to.equal(trace.length);
    expect(await page.locator('#coverage').innerText()).to.match(/declared transitions fired/);
    await page.screenshot({ path: artifactPath('html-report.png'), fullPage: true });
    expect(errors).to.deep.equal([]);
    expect(requests.filter((u) => !/^(file|data|about):/.test(u))).to.deep.equal([]);
    expect(requests.length, 'the page itself was requested').to.be.greaterThan(0);
  });

  it('moves the highlighted states and arrows with the slider and the prev/next buttons, as the trace says', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(pathToFileURL(join(out, 'index.html')).href);
    const last = trace.length - 1;
    expectMarksAt(await marks(page), last, trace);
    const slide = (k: number) =>
      page.locator('input.step').evaluate((el, v) => {
        (el as unknown as { value: string }).value = v;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }, String(k));
    for (const k of [0, 2, 1, last]) {
      await slide(k);
      expectMarksAt(await marks(page), k, trace);
    }
    await slide(0);
    expect(await page.locator('button.prev').isDisabled()).to.equal(true);
    for (let k = 1; k <= last; k++) {
      await page.locator('button.next').click();
      expectMarksAt(await marks(page), k, trace);
    }
    expect(await page.locator('button.next').isDisabled()).to.equal(true);
    await page.locator('button.prev').click();
    expectMarksAt(await marks(page), last - 1, trace);
    // The steps differ: moving really changes the marked states.
    expect(expectedActive(trace[0]!.state)).to.not.deep.equal(expectedActive(trace[last]!.state));
    expect(errors).to.deep.equal([]);
  });

  it('reads without JavaScript: no slider, the chart as drawn for the last step, every step in the table', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(pathToFileURL(join(out, 'index.html')).href);
      expect(await page.locator('input.step').isVisible()).to.equal(false);
      expect(await page.locator('.nojs-only').first().isVisible()).to.equal(true);
      const activeLeaves = await page.locator('.figure.chart g.node.active').evaluateAll((els) => els.map((e) => e.id).sort());
      expect(activeLeaves).to.deep.equal(expectedActive(trace.at(-1)!.state).filter((id) => id.split('.').length > 2));
      expect(await page.locator('table.changes tbody tr').count()).to.equal(trace.length);
      expect(await page.locator('svg.sequence g.message').count()).to.equal(trace.length - 1);
    } finally {
      await context.close();
    }
  });

  it('replaces its own files on a rerun, and refuses to overwrite an index.html it did not write', async () => {
    const again = await lucheck([...TYPE1_B1, '--reporter', `html:${out}`, '--reporter', `junit:${out}/junit.xml`]);
    expect(again.code, describeRun(again)).to.equal(10);
    const other = join(scratch, 'mine');
    await mkdir(other);
    await writeFile(join(other, 'index.html'), '<p>my page</p>');
    const refused = await lucheck([...TYPE1_B1, '--reporter', `html:${other}`]);
    expect(refused.code, describeRun(refused)).to.equal(2);
    expect(refused.stderr).to.match(/^lucheck: refusing to overwrite [^\n]*index\.html[^\n]*\n$/);
    expect(await readFile(join(other, 'index.html'), 'utf8')).to.equal('<p>my page</p>');
    expect(existsSync(join(other, 'violation-1-sequence.svg')), 'nothing written after a refusal').to.equal(false);
  });

  it("removes an earlier report's pictures that a new report does not draw, and keeps every other file", async () => {
    const dir = join(scratch, 'reused');
    const violation = await lucheck([...TYPE1_B1, '--reporter', `html:${dir}`, '--reporter', `junit:${dir}/junit.xml`]);
    expect(violation.code, describeRun(violation)).to.equal(10);
    expect(existsSync(join(dir, 'violation-1-sequence.svg'))).to.equal(true);
    await writeFile(join(dir, 'notes.txt'), 'mine');
    const pass = await lucheck(['check', 'live-update', '--set', 'backend=vfio-type1', '--set', 'variant=v6.3', '--set', 'handover=exec', '--reporter', `html:${dir}`]);
    expect(pass.code, describeRun(pass)).to.equal(0);
    expect(existsSync(join(dir, 'violation-1-sequence.svg')), 'the stale counterexample picture is gone').to.equal(false);
    expect(existsSync(join(dir, 'violation-1-chart.svg'))).to.equal(false);
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).to.equal('mine');
    expect(existsSync(join(dir, 'junit.xml')), "another reporter's file stays").to.equal(true);
    expect(await readFile(join(dir, 'index.html'), 'utf8')).to.not.contain('violation-1-sequence.svg');
  });

  it('needs a directory: --reporter html alone is one usage line (exit 2)', async () => {
    for (const spec of ['html', 'html:']) {
      const r = await lucheck(['check', 'peterson', '--reporter', spec]);
      expect(r.code, describeRun(r)).to.equal(2);
      expect(r.stdout).to.equal('');
      expect(r.stderr).to.equal('lucheck: --reporter html writes a directory (a page and its pictures): give it as --reporter html:DIR\n');
    }
  });

  it('for a pass, shows the plain statechart with never-fired transitions marked', async () => {
    const dir = join(scratch, 'pass');
    const r = await lucheck(['check', 'live-update', '--set', 'backend=vfio-type1', '--set', 'variant=v6.3', '--set', 'handover=exec', '--reporter', `html:${dir}`]);
    expect(r.code, describeRun(r)).to.equal(0);
    const { page, errors } = await openPage(browser);
    await page.goto(pathToFileURL(join(dir, 'index.html')).href);
    expect(await page.locator('section.violation').count()).to.equal(0);
    expect(await page.locator('section.chart-only .figure.chart svg').count()).to.equal(1);
    const listed = await page.locator('#coverage h3').first().innerText();
    const never = Number(/\((\d+)\)/.exec(listed)![1]);
    expect(never, listed).to.be.greaterThan(0);
    expect(await page.locator('.figure.chart g.edge.unfired').count()).to.be.at.least(1);
    expect(errors).to.deep.equal([]);
  });
});
