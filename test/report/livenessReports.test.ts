// A liveness verdict in every report: each failing property with its lasso, where the cycle
// starts, and the fairness it assumes.
import { expect } from 'chai';
import type { ReportRun } from '../../src/report/ReportRun.ts';
import { formatText } from '../../src/report/formatText.ts';
import { formatJson } from '../../src/report/formatJson.ts';
import { formatJunit } from '../../src/report/formatJunit.ts';
import { formatSarif } from '../../src/report/formatSarif.ts';
import { formatGithub } from '../../src/report/formatGithub.ts';
import { formatMarkdown } from '../../src/report/formatMarkdown.ts';
import { sequenceSvg } from '../../src/report/sequenceSvg.ts';
import { htmlReportFiles } from '../../src/cli/htmlReporter.ts';
import { EXIT_FOR_VERDICT } from '../../src/cli/exitCodes.ts';
import spinlock from '../../examples/spinlock.ts';
import liveUpdate from '../../machines/liveUpdate.ts';
import { mermaidBlocks, openMermaid, type MermaidHarness } from './mermaid.ts';
import { parseXml } from './parseXml.ts';
import { TYPE1_B1, liveUpdateRun, livenessRuns } from './sampleRuns.ts';

describe('a liveness verdict in every report', function () {
  this.timeout(120_000);
  let cycle: ReportRun; // the spin lock: two lassos with a 3-step cycle each
  let passing: ReportRun; // the spin lock under strong fairness
  let stutter: ReportRun; // live-update: HANDOVER fails on a run that ends
  let mermaid: MermaidHarness;
  before(async () => {
    [cycle, passing, stutter] = (await livenessRuns()) as [ReportRun, ReportRun, ReportRun];
    mermaid = await openMermaid();
  });
  after(async () => {
    await mermaid?.browser.close();
  });

  it('has its own exit code, 12, beside the others', () => {
    expect(EXIT_FOR_VERDICT.liveness).to.equal(12);
    expect(new Set(Object.values(EXIT_FOR_VERDICT)).size, 'every verdict its own code').to.equal(Object.keys(EXIT_FOR_VERDICT).length);
  });

  it('text: each failing property, the fairness, the stem and the cycle marked, and what holds', () => {
    const text = formatText(cycle.result, 'lucheck check examples/spinlock.ts');
    expect(text).to.contain('liveness: GETS-LOCK-p0, GETS-LOCK-p1 fail under WF(p0), WF(p1); every invariant holds and no deadlock');
    expect(text).to.contain('lasso: a shortest stem of 1 step, then a cycle of 3 steps repeated for ever:');
    expect(text).to.contain('-- the cycle: steps 2 to 4, back to the state of step 1, for ever --');
    // the cycle's rows are marked, the stem's are not
    const rows = text.split('\n').filter((l) => /^[| ] +\d+ /.test(l));
    expect(rows.slice(0, 2).every((l) => l.startsWith('  '))).to.equal(true);
    expect(rows.slice(2, 5).every((l) => l.startsWith('| '))).to.equal(true);
    expect(formatText(passing.result, 'x')).to.match(/^pass: 1 invariant holds and no deadlock, all 2 properties hold under WF\(p0\), WF\(p1\), SF\(event:p0\.ACQUIRE\), SF\(event:p1\.ACQUIRE\), over 8 distinct states/m);
    expect(formatText(stutter.result, 'x')).to.contain('-- the state of step 4 for ever: no event is enabled there --');
  });

  it('text: a run stopped by a violation says which properties it did not check', async () => {
    const text = formatText((await liveUpdateRun(TYPE1_B1)).result, 'x');
    expect(text).to.contain('violation of INV-6');
    expect(text).to.contain('properties not checked: LIV-1, HANDOVER, DMA (they are checked once the whole search has found every invariant to hold and no deadlock)');
    expect(formatText(passing.result, 'x')).to.not.contain('not checked');
  });

  it("JSON: the loop's start index and whether it stutters, per violation, and the fairness", () => {
    const doc = JSON.parse(formatJson(cycle.result));
    expect(doc.verdict).to.equal('liveness');
    expect(doc.fairness).to.deep.equal(['WF(p0)', 'WF(p1)']);
    expect(doc.violations.map((v: { id: string; loop: unknown }) => [v.id, v.loop])).to.deep.equal([
      ['GETS-LOCK-p0', { start: 1, stutter: false }],
      ['GETS-LOCK-p1', { start: 1, stutter: false }],
    ]);
    expect(JSON.parse(formatJson(stutter.result)).violations[0].loop).to.deep.equal({ start: 4, stutter: true });
  });

  it('JUnit: a testcase per property after DEADLOCK, failures carrying the lasso, the fairness as a suite property', () => {
    const xml = formatJunit([cycle, passing]);
    const doc = parseXml(xml);
    const suites = doc.children.filter((c) => c.name === 'testsuite');
    const names = (s: (typeof suites)[number]) => s.children.filter((c) => c.name === 'testcase').map((c) => c.attrs.name);
    expect(names(suites[0]!)).to.deep.equal(['MUTEX at most one process holds the lock', 'DEADLOCK no reachable non-final state is stuck', 'GETS-LOCK-p0 p0 gets the lock it tries for', 'GETS-LOCK-p1 p1 gets the lock it tries for']);
    expect(suites[0]!.attrs.failures).to.equal('2');
    expect(suites[1]!.attrs.failures).to.equal('0');
    expect(xml).to.contain('<property name="fairness" value="WF(p0), WF(p1)"/>');
    expect(xml).to.contain('-- the cycle: steps 2 to 4, back to the state of step 1, for ever --');
  });

  it('SARIF: a result per failing property under a liveness rule, its code flow marking the cycle', () => {
    const log = JSON.parse(formatSarif([cycle]));
    const run = log.runs[0];
    expect(run.results.map((r: { ruleId: string }) => r.ruleId)).to.deep.equal(['GETS-LOCK-p0', 'GETS-LOCK-p1']);
    const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'GETS-LOCK-p0');
    expect(rule.properties.tags).to.deep.equal(['lucheck', 'liveness']);
    const result = run.results[0];
    expect(result.properties).to.include({ loopStart: 1, stutter: false });
    expect(result.message.text).to.match(/^GETS-LOCK-p0 fails \(p0 gets the lock it tries for\) under WF\(p0\), WF\(p1\) in examples\/spinlock\.ts\[fairness=weak\]/);
    const steps = result.codeFlows[0].threadFlows[0].locations.map((l: { location: { message: { text: string } } }) => l.location.message.text);
    expect(steps.filter((t: string) => t.includes('(cycle)'))).to.have.length(3);
  });

  it('GitHub: one error annotation per failing property, each with its cycle', () => {
    const lines = formatGithub([cycle]).trim().split('\n');
    expect(lines).to.have.length(2);
    expect(lines[0]).to.match(/^::error title=lucheck%3A GETS-LOCK-p0 fails \(p0 gets the lock it tries for\)::/);
    expect(lines[0]).to.contain('-- the cycle: steps 2 to 4, back to the state of step 1, for ever:');
    expect(formatGithub([passing])).to.match(/^::notice title=lucheck%3A pass \(1 invariant%2C no deadlock%2C 2 properties\)::.*every property holds under WF\(p0\)/);
  });

  it('Markdown: the verdict names the failing properties; each lasso is a sequence diagram whose cycle is a loop block Mermaid parses', async () => {
    const md = formatMarkdown([cycle, stutter]);
    expect(md).to.contain('| **liveness**: GETS-LOCK-p0, GETS-LOCK-p1 fail |');
    const blocks = mermaidBlocks(md);
    expect(blocks).to.have.length(3);
    expect(blocks[0]).to.match(/\n {2}loop for ever: back to the state of step 1\n[\s\S]*\n {2}end\n/);
    expect(blocks[2]).to.contain('Note over');
    expect(blocks[2]).to.contain('the state of step 4 for ever');
    for (const b of blocks) expect(await mermaid.parse(b), b).to.equal(true);
  });

  it('HTML: the cycle is a band in the sequence diagram and a colour of its own on the statechart', async () => {
    const svg = sequenceSvg(cycle.result.violations[0]!);
    expect(svg).to.contain('<g class="cycle">');
    expect(svg).to.contain('↻ the cycle: steps 2 to 4, back to the state of step 1, for ever');
    const files = await htmlReportFiles(cycle, spinlock);
    const page = files.find((f) => f.name === 'index.html')!.text;
    expect(page).to.contain('liveness: GETS-LOCK-p0, GETS-LOCK-p1 fail under WF(p0), WF(p1)');
    const chart = files.find((f) => f.name === 'violation-1-chart.svg')!.text;
    // the three steps of p0's starving cycle are p1's: its arrows are drawn as the cycle's
    expect(chart.match(/class="[^"]*\bcycle\b[^"]*"/g)?.length ?? 0).to.equal(3);
    expect(chart).to.contain('2↻');
    const files2 = await htmlReportFiles(stutter, liveUpdate);
    expect(files2.find((f) => f.name === 'index.html')!.text).to.contain('the state of step 4 for ever: no event is enabled there');
  });
});
