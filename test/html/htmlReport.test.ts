// The HTML page builder and its sequence diagram on their own: escaping, structure, and a look
// at the page in Chromium (setContent, no files).
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import type { CheckResult, TraceStep } from '../../src/CheckResult.ts';
import { htmlReport } from '../../src/report/htmlReport.ts';
import { sequenceSvg } from '../../src/report/sequenceSvg.ts';
import { launchBrowser, openPage } from '../support/browser.ts';
import { NASTY, nastyResult } from '../report/sampleRuns.ts';

const SCRIPT = '<script>window.__pwned = 1</script>';
const BREAKOUT = '</script><script>window.__pwned = 2</script>';
const IMG = '<img src=x onerror="window.__pwned = 3">';

/** A violation whose every text tries to inject markup. */
function hostileResult(): CheckResult {
  const base = nastyResult();
  const trace: TraceStep[] = [
    { step: 0, event: null, actor: null, state: `idle ${BREAKOUT}`, changes: [], summary: '' },
    { step: 1, event: { type: `GO${IMG}` }, actor: `p0 ${IMG}`, state: `busy ${BREAKOUT}`, changes: [`ret.p0: (none)→${JSON.stringify(`CALL ${SCRIPT} = -EINVAL`)}`], summary: '' },
  ];
  return { ...base, violations: [{ kind: 'invariant', id: `INV-${IMG}`, title: `title ${SCRIPT}`, message: `message ${SCRIPT}`, trace }] };
}

describe('htmlReport', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  it('escapes every text of the result: a message holding <script> appears as text and never runs', async () => {
    const html = htmlReport({ result: hostileResult(), modelName: `model ${SCRIPT}`, command: `lucheck check ${SCRIPT}` });
    expect(html).to.not.contain(SCRIPT);
    expect(html).to.not.contain(BREAKOUT);
    expect(html).to.not.contain('<img');
    expect(html).to.contain('message &lt;script&gt;window.__pwned = 1&lt;/script&gt;');
    const { page, errors } = await openPage(browser);
    await page.setContent(html);
    const text = await page.locator('body').innerText();
    expect(text).to.contain(`message ${SCRIPT}`);
    expect(text).to.contain(`p0 ${IMG}`);
    expect(await page.evaluate('window.__pwned')).to.equal(undefined);
    expect(await page.locator('img').count()).to.equal(0);
    expect(await page.locator('body script').count(), 'only the page script and its two data blocks').to.equal(3);
    // The step labels travel in a JSON block; the </script> inside them did not end it.
    expect(await page.locator('.step-label').innerText()).to.contain(`busy ${BREAKOUT}`);
    expect(errors).to.deep.equal([]);
  });

  it('keeps the awkward characters of the shared nasty sample as text (controls dropped), in the page and its sequence diagram', async () => {
    const html = htmlReport({ result: nastyResult(), modelName: NASTY });
    const { page, errors } = await openPage(browser);
    await page.setContent(html);
    const visible = 'a;b #c %%d :e,f <g>&h "i" \'j\' `k` |l| \\m ]]> --n';
    expect(await page.locator('h1').innerText()).to.contain(visible);
    expect(await page.locator('blockquote.message').innerText()).to.contain(visible);
    expect(await page.locator('svg.sequence g.note').textContent()).to.contain(visible);
    expect(await page.locator('svg.sequence g.message').count()).to.equal(3);
    expect(errors).to.deep.equal([]);
  });

  it('says why there is no chart, and still steps through the table without one', async () => {
    const html = htmlReport({ result: hostileResult(), chartNote: 'No statechart: the model was not available.' });
    const { page, errors } = await openPage(browser);
    await page.setContent(html);
    expect(await page.locator('section.violation').innerText()).to.contain('No statechart: the model was not available.');
    await page.locator('button.prev').click();
    expect(await page.locator('table.changes tr.current').getAttribute('data-step')).to.equal('0');
    expect(errors).to.deep.equal([]);
  });
});

describe('htmlReport summary', () => {
  it('says how states were identified: up to symmetry, without the auxiliary fields, or neither', () => {
    const search = (r: Partial<CheckResult>) => /<dt>search<\/dt><dd>([^<]*)/.exec(htmlReport({ result: { ...nastyResult(), ...r } }))![1]!;
    expect(search({ symmetry: false })).to.match(/^bfs; /);
    expect(search({ symmetry: true, dropAuxiliary: true })).to.match(/^bfs, up to symmetry, without the auxiliary fields; /);
    expect(search({ symmetry: false, dropAuxiliary: true })).to.match(/^bfs, without the auxiliary fields; /);
    expect(search({ symmetry: false, dropAuxiliary: true, auxiliaryAudit: { guardsAndActions: true } })).to.match(/^bfs, without the auxiliary fields \(audited: guards, actions, invariants, events, isFinal\); /);
    expect(search({ symmetry: false, dropAuxiliary: true, auxiliaryAudit: { guardsAndActions: false } })).to.match(/^bfs, without the auxiliary fields \(audited: invariants, events, isFinal; not guards and actions, run inside xstate by the reference engine\); /);
  });
});

describe('sequenceSvg', () => {
  it('draws one message per step, the kernel lifeline for syscalls, and the violated invariant in a note', () => {
    const svg = sequenceSvg(hostileResult().violations[0]!);
    expect(svg.match(/<g class="message" data-step="/g)).to.have.length(1);
    expect(svg).to.contain('>kernel</text>');
    expect(svg).to.contain('CALL &lt;script&gt;window.__pwned = 1&lt;/script&gt; = -EINVAL');
    expect(svg).to.not.contain('<script');
    expect(svg).to.match(/<g class="note">.*INV-&lt;img/);
  });

  it('keeps the last steps of a long trace and says which were left out', () => {
    const trace: TraceStep[] = Array.from({ length: 31 }, (_, i) => ({ step: i, event: i ? { type: `E${i}` } : null, actor: i ? `a${i % 3}` : null, state: 's', changes: [], summary: 's' }));
    const svg = sequenceSvg({ kind: 'deadlock', id: 'DEADLOCK', title: 'deadlock', message: 'stuck', trace }, { maxSteps: 10 });
    expect(svg.match(/<g class="message"/g)).to.have.length(10);
    expect(svg).to.contain('steps 1 to 20 left out (30 in all)');
    expect(svg).to.contain('data-step="30"').and.not.contain('data-step="20"');
    expect(svg).to.not.contain('>kernel</text>');
  });
});
