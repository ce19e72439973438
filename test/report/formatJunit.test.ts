import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { formatJunit } from '../../src/report/formatJunit.ts';
import { launchBrowser } from '../support/browser.ts';
import { parseXml, type XmlElement } from './parseXml.ts';
import { checkJunitStructure } from './junitStructure.ts';
import { NASTY, TYPE1_B1, liveUpdateRun, mutexRun, nastyResult, petersonRun, plainResult } from './sampleRuns.ts';

function testcases(root: XmlElement): XmlElement[] {
  return root.children.flatMap((s) => s.children.filter((c) => c.name === 'testcase'));
}

describe('formatJunit', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  /** Chromium's XML parser: `true`, or the text of its <parsererror>. */
  async function wellFormed(xml: string): Promise<true | string> {
    const page = await browser.newPage();
    try {
      return await page.evaluate((text) => {
        const g = globalThis as unknown as { DOMParser: new () => { parseFromString(t: string, type: string): { getElementsByTagName(n: string): ArrayLike<{ textContent: string | null }> } } };
        const errors = new g.DOMParser().parseFromString(text, 'application/xml').getElementsByTagName('parsererror');
        return errors.length === 0 ? true : (errors[0]!.textContent ?? 'parsererror');
      }, xml);
    } finally {
      await page.close();
    }
  }

  it('the structure checker and Chromium reject broken documents (so the checks below can fail)', async () => {
    expect(() => checkJunitStructure(parseXml('<testsuites tests="1" failures="0" errors="0" skipped="0"><testsuite name="s" tests="1" failures="0" errors="0" skipped="0"><testcase name="x"/></testsuite></testsuites>'))).to.throw(/classname/);
    expect(() => checkJunitStructure(parseXml('<testsuites tests="2" failures="0" errors="0" skipped="0"><testsuite name="s" tests="2" failures="0" errors="0" skipped="0"><testcase name="x" classname="c"/></testsuite></testsuites>'))).to.throw(/declares/);
    expect(() => parseXml('<a><b></a>')).to.throw(/closes/);
    expect(await wellFormed('<a>x & y</a>')).to.not.equal(true);
  });

  it('writes a testcase per invariant plus DEADLOCK: the violated one fails with the text trace, the undecided ones are skipped', async () => {
    const run = await liveUpdateRun(TYPE1_B1);
    const xml = formatJunit([run]);
    expect(await wellFormed(xml)).to.equal(true);
    const root = parseXml(xml);
    checkJunitStructure(root);
    const cases = testcases(root);
    expect(cases.map((c) => c.attrs.name!.split(' ')[0])).to.deep.equal([...run.result.invariants, 'DEADLOCK', 'LIV-1', 'HANDOVER', 'DMA']);
    const failed = cases.filter((c) => c.children[0]?.name === 'failure');
    expect(failed.map((c) => c.attrs.name)).to.deep.equal(['INV-6 no counter below zero']);
    const failure = failed[0]!.children[0]!;
    expect(failure.attrs).to.deep.equal({ message: 'mm1->locked_vm = -1 (wrapped below zero)', type: 'INV-6' });
    expect(failure.text).to.include('shortest counterexample, 5 steps:').and.include('new.UNMAP(mapping="m0")').and.include('mms.mm1.locked_vm: 0→-1');
    expect(failure.text).to.include('reproduce: lucheck check live-update');
    expect(cases[0]!.attrs.classname).to.equal(
      'live-update[backend=vfio-type1,variant=v5.12,bugs=B1,accounting=user,handover=exec,uid=same,memory=memfd,remap=same,pinBatch=false,vaddrUpdate=all,mdev=false,accesses=1,device=true,replug=no,copy=false,moveAccess=no,mapLength=exact,hotplug=false,ramBlocks=1,pages=1,rlimit=8]',
    );
    // every invariant but the violated one, DEADLOCK, and the progress properties (checked only once every invariant holds)
    expect(cases.filter((c) => c.children[0]?.name === 'skipped')).to.have.length(run.result.invariants.length + 3);
    expect(cases[0]!.children[0]!.attrs.message).to.match(/stopped at the first counterexample \(INV-6\)/);
    expect(cases.at(-1)!.children[0]!.attrs.message).to.equal('not checked: properties are checked once every invariant holds and there is no deadlock, and the search stopped at INV-6');
  });

  it('passes every testcase of a pass, and skips all of an incomplete search', async () => {
    const pass = parseXml(formatJunit([await petersonRun()]));
    checkJunitStructure(pass);
    expect(testcases(pass).map((c) => [c.attrs.name, c.children.length])).to.deep.equal([
      ['MUTEX at most one process is critical', 0],
      ['DEADLOCK no reachable non-final state is stuck', 0],
    ]);
    const incomplete = parseXml(formatJunit([{ result: plainResult('incomplete') }]));
    checkJunitStructure(incomplete);
    expect(testcases(incomplete).map((c) => c.children[0]?.name)).to.deep.equal(['skipped', 'skipped', 'skipped']);
    expect(testcases(incomplete)[0]!.children[0]!.attrs.message).to.include('--max-states 100');
  });

  it('reports a model error as an <error> on a `model` testcase, the invariants skipped', () => {
    const root = parseXml(formatJunit([{ result: plainResult('error') }]));
    checkJunitStructure(root);
    const cases = testcases(root);
    expect(cases.map((c) => [c.attrs.name, c.children[0]?.name])).to.deep.equal([
      ['A a holds', 'skipped'],
      ['B b holds', 'skipped'],
      ['DEADLOCK no reachable non-final state is stuck', 'skipped'],
      ['model', 'error'],
    ]);
    expect(cases[3]!.children[0]!.attrs.type).to.equal('model-exception');
  });

  it('adds the counts of several runs up in <testsuites>, which carries no skipped count (junit-10.xsd has none there)', async () => {
    const root = parseXml(formatJunit([await mutexRun(), await petersonRun(), { result: plainResult('error') }]));
    checkJunitStructure(root);
    expect(root.children).to.have.length(3);
    expect([root.attrs.tests, root.attrs.failures, root.attrs.errors, root.attrs.skipped]).to.deep.equal(['8', '1', '1', undefined]);
    expect(root.children.map((s) => Number(s.attrs.skipped)).reduce((a, b) => a + b)).to.equal(4);
  });

  it('escapes markup and drops the characters XML 1.0 forbids, keeping everything else', async () => {
    const xml = formatJunit([{ result: nastyResult() }]);
    expect(await wellFormed(xml)).to.equal(true);
    const root = parseXml(xml);
    checkJunitStructure(root);
    const allowed = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
    const failure = testcases(root)[1]!.children[0]!;
    expect(failure.attrs.message).to.equal(allowed(`message ${NASTY}\nsecond line`));
    expect(failure.text).to.include(allowed(`x.${NASTY}`.slice(0, 20)));
    expect(testcases(root)[1]!.attrs.name).to.equal(allowed(`${nastyResult().violations[0]!.id} title ${NASTY}`));
  });
});
