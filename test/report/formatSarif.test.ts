import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatSarif } from '../../src/report/formatSarif.ts';
import { checkSarifStructure, type Sarif } from './sarifStructure.ts';
import { locateInvariants } from '../../src/cli/locateInvariants.ts';
import { modelFileOf } from '../../src/cli/reporters.ts';
import type { ReportRun } from '../../src/report/ReportRun.ts';
import { RFC_MDEV, TYPE1_B1, liveUpdateRun, mutexRun, nastyResult, petersonRun, plainResult } from './sampleRuns.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function locatedRun(run: Promise<ReportRun>, model = 'live-update'): Promise<ReportRun> {
  const r = await run;
  return { ...r, locations: locateInvariants(modelFileOf(model), r.result.invariants, ROOT) };
}

describe('formatSarif', () => {
  it('the structure check fails on a broken log (so the checks below can fail)', () => {
    const log = JSON.parse(formatSarif([{ result: nastyResult() }]));
    log.runs[0].results[0].ruleIndex = 0;
    expect(() => checkSarifStructure(log)).to.throw(/ruleIndex/);
  });

  it('gives a rule per checked invariant plus DEADLOCK, and a located result with the counterexample as a code flow', async () => {
    const run = await locatedRun(liveUpdateRun(TYPE1_B1));
    const log = JSON.parse(formatSarif([run], { srcRoot: 'file:///src/' }));
    checkSarifStructure(log);
    const { rules } = log.runs[0].tool.driver;
    expect(rules.map((r: Sarif) => r.id)).to.deep.equal([...run.result.invariants, 'DEADLOCK', 'LIV-1', 'HANDOVER', 'DMA']);
    const inv6 = rules.find((r: Sarif) => r.id === 'INV-6');
    expect(inv6.name).to.equal('NoCounterBelowZero');
    expect(inv6.shortDescription.text).to.equal('no counter below zero');
    expect(inv6.fullDescription.text).to.match(/^user->locked_vm, mm->locked_vm and mm->pinned_vm never go below zero/);
    expect(inv6.help.text).to.include('source: kernel-reference.md');
    expect(log.runs[0].originalUriBaseIds).to.deep.equal({ SRCROOT: { uri: 'file:///src/' } });
    const [result] = log.runs[0].results;
    expect(log.runs[0].results).to.have.length(1);
    expect(result.ruleId).to.equal('INV-6');
    expect(result.level).to.equal('error');
    expect(result.message.text).to.include('mm1->locked_vm = -1');
    const steps = result.codeFlows[0].threadFlows[0].locations;
    expect(steps).to.have.length(6);
    expect(steps[5].location.message.text).to.match(/^5: new VMM: new\.UNMAP\(mapping="m0"\)/);
    expect(steps[5].state['mms.mm1.locked_vm']).to.deep.equal({ text: '0 → -1' });
  });

  it('locates each result at an existing file whose startLine declares the invariant id', async () => {
    const runs = [await locatedRun(liveUpdateRun(TYPE1_B1)), await locatedRun(liveUpdateRun(RFC_MDEV)), await locatedRun(mutexRun(), join(ROOT, 'test/fixtures/brokenMutex.ts'))];
    const log = JSON.parse(formatSarif(runs));
    checkSarifStructure(log);
    expect(log.runs[0].results.map((r: Sarif) => r.ruleId)).to.deep.equal(['INV-6', 'SERVICE', 'MUTEX']);
    for (const r of log.runs[0].results) {
      const loc = r.locations[0].physicalLocation;
      expect(loc.artifactLocation.uriBaseId).to.equal('SRCROOT');
      const line = readFileSync(join(ROOT, decodeURIComponent(loc.artifactLocation.uri)), 'utf8').split('\n')[loc.region.startLine - 1];
      expect(line, `${loc.artifactLocation.uri}:${loc.region.startLine}`).to.include(`'${r.ruleId}'`);
    }
  });

  it('lists each rule once across runs, and reports incomplete searches and model errors as notifications', async () => {
    const log = JSON.parse(formatSarif([await petersonRun(), await petersonRun(), { result: plainResult('incomplete') }, { result: plainResult('error') }]));
    checkSarifStructure(log);
    expect(log.runs[0].tool.driver.rules.map((r: Sarif) => r.id)).to.deep.equal(['MUTEX', 'DEADLOCK', 'A', 'B']);
    expect(log.runs[0].results).to.deep.equal([]);
    const inv = log.runs[0].invocations[0];
    expect(inv.executionSuccessful).to.equal(false);
    expect(inv.toolExecutionNotifications.map((n: Sarif) => n.level)).to.deep.equal(['warning', 'error']);
  });

  it('is valid JSON that keeps odd characters of messages and paths (absolute paths as file: URIs)', () => {
    const result = nastyResult();
    const id = result.violations[0]!.id;
    const log = JSON.parse(formatSarif([{ result, locations: { [id]: { file: '/abs/dir with space/x#y.ts', line: 2 } } }]));
    checkSarifStructure(log);
    expect(log.runs[0].results[0].message.text).to.include(result.violations[0]!.message);
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation).to.deep.equal({ uri: 'file:///abs/dir%20with%20space/x%23y.ts' });
  });
});
