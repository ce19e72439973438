import { expect } from 'chai';
import { escapeGithubData, escapeGithubProperty, formatGithub, workflowCommand } from '../../src/report/formatGithub.ts';
import { NASTY, TYPE1_B1, liveUpdateRun, nastyResult, petersonRun, plainResult } from './sampleRuns.ts';

interface Command {
  readonly name: string;
  readonly properties: Record<string, string>;
  readonly message: string;
}

/** Reads a workflow command line the way the Actions runner does, undoing its escapes. */
function parseCommand(line: string): Command {
  const m = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) throw new Error(`not a workflow command: ${line}`);
  const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  const unescapeProperty = (s: string) => unescapeData(s.replace(/%3A/g, ':').replace(/%2C/g, ','));
  const properties: Record<string, string> = {};
  for (const kv of (m[2] ?? '').split(',').filter(Boolean)) {
    const eq = kv.indexOf('=');
    properties[kv.slice(0, eq)] = unescapeProperty(kv.slice(eq + 1));
  }
  return { name: m[1]!, properties, message: unescapeData(m[3]!) };
}

describe('escapeGithubData and escapeGithubProperty', () => {
  it('escape %, CR and LF in messages, and also : and , in properties', () => {
    expect(escapeGithubData('50% a\r\nb: c, d')).to.equal('50%25 a%0D%0Ab: c, d');
    expect(escapeGithubProperty('50% a\r\nb: c, d')).to.equal('50%25 a%0D%0Ab%3A c%2C d');
  });

  it('escape % first, so an escape already in the text survives a round trip', () => {
    expect(escapeGithubData('%0A')).to.equal('%250A');
    expect(parseCommand(workflowCommand('notice', { title: '%3A, x' }, '%0A')).message).to.equal('%0A');
    expect(parseCommand(workflowCommand('notice', { title: '%3A, x' }, '%0A')).properties.title).to.equal('%3A, x');
  });
});

describe('formatGithub', () => {
  it('writes one ::error for a violation, at the invariant file and line, titled with the invariant', async () => {
    const run = { ...(await liveUpdateRun(TYPE1_B1)), locations: { 'INV-6': { file: 'invariants/inv06NoUnderflow.ts', line: 5 } } };
    const lines = formatGithub([run]).trimEnd().split('\n');
    expect(lines).to.have.length(1);
    const c = parseCommand(lines[0]!);
    expect(c.name).to.equal('error');
    expect(c.properties).to.deep.equal({ file: 'invariants/inv06NoUnderflow.ts', line: '5', title: 'lucheck: INV-6 violated (no counter below zero)' });
    expect(c.message.split('\n')).to.deep.equal([
      'live-update[backend=vfio-type1,variant=v5.12,bugs=B1,accounting=user,handover=exec,uid=same,memory=memfd,remap=same,pinBatch=false,vaddrUpdate=all,mdev=false,accesses=1,device=true,replug=no,copy=false,moveAccess=no,mapLength=exact,hotplug=false,ramBlocks=1,pages=1,rlimit=8]: mm1->locked_vm = -1 (wrapped below zero)',
      'counterexample, 5 steps:',
      '1. old VMM: old.MAP(mapping="m0")',
      '2. old VMM: old.UNMAP_VADDR',
      '3. old VMM: old.HANDOVER',
      '4. new VMM: new.MMAP',
      '5. new VMM: new.UNMAP(mapping="m0")',
      'reproduce: lucheck check live-update',
    ]);
  });

  it('leaves file= out when the location is not known', async () => {
    const c = parseCommand(formatGithub([await liveUpdateRun(TYPE1_B1)]).trimEnd());
    expect(Object.keys(c.properties)).to.deep.equal(['title']);
  });

  it('writes ::notice for a pass and for an incomplete search, ::error for a model error', async () => {
    const out = formatGithub([await petersonRun(), { result: plainResult('incomplete') }, { result: plainResult('error') }]).trimEnd().split('\n').map(parseCommand);
    expect(out.map((c) => [c.name, c.properties.title])).to.deep.equal([
      ['notice', 'lucheck: pass (1 invariant, no deadlock)'],
      ['notice', 'lucheck: incomplete'],
      ['error', 'lucheck: model error (model-exception)'],
    ]);
    expect(out[0]!.message).to.match(/^peterson: every invariant holds and no deadlock over 20 distinct states/);
    expect(out[2]!.message).to.equal(`toy: guard threw: ${NASTY}`);
  });

  it('keeps each annotation on one line, and every character of its title and message through the escapes', () => {
    const result = nastyResult();
    const v = result.violations[0]!;
    const text = formatGithub([{ result, locations: { [v.id]: { file: `dir,with:odd/${NASTY.slice(0, 8)}.ts`, line: 3 } } }]);
    expect(text.endsWith('\n')).to.equal(true);
    expect(text.slice(0, -1)).to.not.match(/[\r\n]/);
    const c = parseCommand(text.slice(0, -1));
    expect(c.properties.title).to.equal(`lucheck: ${v.id} violated (${v.title})`);
    expect(c.properties.file).to.equal(`dir,with:odd/${NASTY.slice(0, 8)}.ts`);
    expect(c.message).to.include(v.message);
  });
});
