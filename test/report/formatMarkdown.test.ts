import { expect } from 'chai';
import { MARKDOWN_MARKER, formatMarkdown } from '../../src/report/formatMarkdown.ts';
import { mermaidBlocks, openMermaid, type MermaidHarness } from './mermaid.ts';
import { RFC_MDEV, TYPE1_B1, liveUpdateRun, mutexRun, nastyResult, petersonRun, plainResult } from './sampleRuns.ts';

/** The rows (as lines) of the first GFM table after `heading` (a line that starts the table's paragraph). */
function tableAfter(markdown: string, header: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(header);
  if (start < 0) throw new Error(`no table with header ${header}`);
  const rows: string[] = [];
  for (let i = start + 2; i < lines.length && lines[i]!.startsWith('|'); i++) rows.push(lines[i]!);
  return rows;
}

describe('formatMarkdown', () => {
  let mermaid: MermaidHarness;
  before(async () => {
    mermaid = await openMermaid();
  });
  after(async () => {
    await mermaid?.browser.close();
  });

  const VERDICT_HEADER = '| model | parameters | verdict | states | depth | time |';
  const CHANGE_HEADER = '| step | actor | event | changes |';

  it('extracting mermaid blocks and parsing them can fail (broken diagrams are caught)', async () => {
    expect(mermaidBlocks('text\n```mermaid\nsequenceDiagram\n  a->>b: x; y\n```\n')).to.deep.equal(['sequenceDiagram\n  a->>b: x; y']);
    expect(await mermaid.parse('sequenceDiagram\n  a->>b: x; y')).to.not.equal(true);
    expect(() => mermaidBlocks('```mermaid\nsequenceDiagram\n')).to.throw(/unclosed/);
  });

  it('writes a verdict table, then for the violation a sequence diagram Mermaid parses and a change table', async () => {
    const md = formatMarkdown([await liveUpdateRun(TYPE1_B1)]);
    expect(md.startsWith(`${MARKDOWN_MARKER}\n`)).to.equal(true);
    const verdicts = tableAfter(md, VERDICT_HEADER);
    expect(verdicts).to.have.length(1);
    expect(verdicts[0]).to.match(/^\| live-update \| `backend=vfio-type1 variant=v5\.12 bugs=B1 .*` \| \*\*violation\*\* of INV-6 \| 7 \| 5 \| \d+ ms \|$/);
    const blocks = mermaidBlocks(md);
    expect(blocks).to.have.length(1);
    expect(blocks[0]).to.match(/^sequenceDiagram\n/);
    expect(await mermaid.parse(blocks[0]!)).to.equal(true);
    expect(tableAfter(md, CHANGE_HEADER)).to.have.length(6);
    expect(md).to.include('### live-update: INV-6 violated (no counter below zero)');
    expect(md).to.include('```sh\nlucheck check live-update --format json --out trace.json\nlucheck replay trace.json\n```');
  });

  it('summarises several runs in one table, with a section per counterexample only', async () => {
    const md = formatMarkdown([await petersonRun(), await mutexRun(), await liveUpdateRun(RFC_MDEV), { result: plainResult('error') }, { result: plainResult('incomplete') }]);
    const verdicts = tableAfter(md, VERDICT_HEADER);
    expect(verdicts.map((r) => r.split(' | ')[2])).to.deep.equal(['pass', '**violation** of MUTEX', '**violation** of SERVICE', '**model error** (model-exception)', 'incomplete (--max-states 100)']);
    const blocks = mermaidBlocks(md);
    expect(blocks).to.have.length(2);
    for (const b of blocks) expect(await mermaid.parse(b), b).to.equal(true);
    expect(md).to.include('> model error in toy (`model-exception`): guard threw:');
  });

  it('stays parseable when every text field holds characters Markdown and Mermaid treat specially', async () => {
    const md = formatMarkdown([{ result: nastyResult(), modelName: 'nasty' }]);
    const blocks = mermaidBlocks(md);
    expect(blocks).to.have.length(1);
    expect(await mermaid.parse(blocks[0]!)).to.equal(true);
    expect(tableAfter(md, CHANGE_HEADER)).to.have.length(4);
    expect(tableAfter(md, VERDICT_HEADER)).to.have.length(1);
  });
});
