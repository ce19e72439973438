import { expect } from 'chai';
import { changeRows, changeTableMarkdown, parseChange } from '../../src/report/changeTable.ts';
import { TYPE1_B1, liveUpdateRun, nastyResult } from './sampleRuns.ts';

/** Splits a GFM table row into its cells, honouring `\|` escapes. */
function cells(row: string): string[] {
  const out: string[] = [];
  let cell = '';
  for (let i = 1; i < row.length - 1; i++) {
    if (row[i] === '\\' && row[i + 1] === '|') {
      cell += '\\|';
      i++;
    } else if (row[i] === '|') {
      out.push(cell.trim());
      cell = '';
    } else cell += row[i];
  }
  out.push(cell.trim());
  return out;
}

describe('parseChange', () => {
  it('splits `path: old→new`', () => {
    expect(parseChange('mms.mm1.locked_vm: 0→-1')).to.deep.equal({ path: 'mms.mm1.locked_vm', before: '0', after: '-1' });
    expect(parseChange('ret.old: (none)→"IOCTL = -EINVAL"')).to.deep.equal({ path: 'ret.old', before: '(none)', after: '"IOCTL = -EINVAL"' });
  });

  it('splits at the arrow between the values, not at one inside a JSON string', () => {
    expect(parseChange('x: "a→b"→"c→d"')).to.deep.equal({ path: 'x', before: '"a→b"', after: '"c→d"' });
  });

  it('treats a value cut with … as whole', () => {
    expect(parseChange('d: {"k":"a→b…→(none)')).to.deep.equal({ path: 'd', before: '{"k":"a→b…', after: '(none)' });
  });

  it('returns text of another shape whole, as the path', () => {
    expect(parseChange('no arrow here')).to.deep.equal({ path: 'no arrow here', before: '', after: '' });
  });
});

describe('changeRows', () => {
  it('gives one row per step, with actor, event and only what changed (the type1 B1 trace)', async () => {
    const { result } = await liveUpdateRun(TYPE1_B1);
    const rows = changeRows(result.violations[0]!.trace);
    expect(rows.map((r) => [r.step, r.actor, r.event])).to.deep.equal([
      [0, '', '(initial)'],
      [1, 'old VMM', 'old.MAP(mapping="m0")'],
      [2, 'old VMM', 'old.UNMAP_VADDR'],
      [3, 'old VMM', 'old.HANDOVER'],
      [4, 'new VMM', 'new.MMAP'],
      [5, 'new VMM', 'new.UNMAP(mapping="m0")'],
    ]);
    expect(rows[0]!.changes).to.deep.equal([]);
    expect(rows[5]!.changes).to.deep.include({ path: 'mms.mm1.locked_vm', before: '0', after: '-1' });
    expect(rows[4]!.changes.map((c) => c.path)).to.deep.equal(['mms.mm1.vmas.nva0', 'ret.new']);
  });
});

describe('changeTableMarkdown', () => {
  it('writes a GFM table: header, separator, and a row of four cells per step', async () => {
    const { result } = await liveUpdateRun(TYPE1_B1);
    const lines = changeTableMarkdown(result.violations[0]!.trace).trimEnd().split('\n');
    expect(lines[0]).to.equal('| step | actor | event | changes |');
    expect(lines[1]).to.equal('| ---: | --- | --- | --- |');
    expect(lines).to.have.length(2 + 6);
    expect(cells(lines[2]!)).to.deep.equal(['0', '', '`(initial)`', '—']);
    expect(cells(lines[7]!)[3]).to.include('`mms.mm1.locked_vm`: `0` → `-1`');
    expect(cells(lines[5]!)[3]!.split('<br>')).to.have.length(6);
  });

  it('keeps each row on one line with four cells when actors, events and values hold |, backticks and line breaks', () => {
    const trace = nastyResult().violations[0]!.trace;
    const lines = changeTableMarkdown(trace).trimEnd().split('\n');
    expect(lines).to.have.length(2 + trace.length);
    for (const line of lines) expect(cells(line), line).to.have.length(4);
  });

  it('keeps the last maxSteps steps of a long trace, with a first row saying which were left out', async () => {
    const { result } = await liveUpdateRun(TYPE1_B1);
    const lines = changeTableMarkdown(result.violations[0]!.trace, { maxSteps: 2 }).trimEnd().split('\n');
    expect(lines.slice(2).map((l) => cells(l)[0])).to.deep.equal(['…', '4', '5']);
    expect(cells(lines[2]!)[3]).to.equal('steps 1 to 3 left out (5 in all)');
  });
});
