import { expect } from 'chai';
import type { Violation } from 'lucheck';
import { mermaidText, sequenceDiagram, syscallReturn } from '../../src/report/sequenceDiagram.ts';
import { openMermaid, type MermaidHarness } from './mermaid.ts';
import { NASTY, RFC_MDEV, TYPE1_B1, liveUpdateRun, mutexRun, nastyResult } from './sampleRuns.ts';

/** What Mermaid should draw for `text`: control characters (line breaks too) as spaces. */
function drawn(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
}

describe('sequenceDiagram', () => {
  let mermaid: MermaidHarness;
  before(async () => {
    mermaid = await openMermaid();
  });
  after(async () => {
    await mermaid?.browser.close();
  });

  it('draws the type1 B1 counterexample as syscalls to the kernel and their results, then the violated invariant', async () => {
    const { result } = await liveUpdateRun(TYPE1_B1);
    expect(sequenceDiagram(result.violations[0]!)).to.equal(
      [
        'sequenceDiagram',
        '  participant a1 as old VMM',
        '  participant a2 as new VMM',
        '  participant kernel as kernel',
        '  a1->>kernel: 1: old.MAP(mapping="m0")',
        '  kernel-->>a1: VFIO_IOMMU_MAP_DMA(m0) = 0',
        '  a1->>kernel: 2: old.UNMAP_VADDR',
        '  kernel-->>a1: VFIO_IOMMU_UNMAP_DMA(VFIO_DMA_UNMAP_FLAG_VADDR) = 0',
        '  a1->>kernel: 3: old.HANDOVER',
        '  kernel-->>a1: execve = 0',
        '  a2->>kernel: 4: new.MMAP',
        '  kernel-->>a2: mmap(guest RAM) = 0',
        '  a2->>kernel: 5: new.UNMAP(mapping="m0")',
        '  kernel-->>a2: VFIO_IOMMU_UNMAP_DMA(m0) = 0',
        '  Note over a1,kernel: INV-6 violated (no counter below zero)<br/>mm1-#62;locked_vm = -1 (wrapped below zero)',
        '',
      ].join('\n'),
    );
  });

  it('draws a failing syscall (-EFAULT) with a cross, and Mermaid parses the diagram', async () => {
    const { result } = await liveUpdateRun(RFC_MDEV);
    const text = sequenceDiagram(result.violations[0]!);
    expect(text).to.include('participant a2 as mdev');
    expect(text).to.match(/kernel--xa2: iommufd_access_pin_pages\(m0\) = -EFAULT\n/);
    expect(text).to.include('Note over a1,kernel: SERVICE violated');
    expect(await mermaid.parse(text)).to.equal(true);
  });

  it('draws steps without a syscall result as messages from the actor to itself, with no kernel participant', async () => {
    const { result } = await mutexRun();
    const text = sequenceDiagram(result.violations[0]!);
    expect(text).to.not.include('kernel');
    expect(text.split('\n').filter((l) => l.includes('->>'))).to.deep.equal(['  a1->>a1: 1: p0.TRY', '  a2->>a2: 2: p1.TRY', '  a1->>a1: 3: p0.ENTER', '  a2->>a2: 4: p1.ENTER']);
    expect(await mermaid.parse(text)).to.equal(true);
  });

  it('keeps every character of actors, events, results and messages as Mermaid draws them', async () => {
    const v = nastyResult().violations[0]!;
    const text = sequenceDiagram(v);
    expect(await mermaid.parse(text)).to.equal(true);
    const texts = await mermaid.renderedTexts(text);
    expect(texts).to.include(drawn(`actor ${NASTY}`));
    expect(texts).to.include('p:1');
    expect(texts).to.include(drawn(`1: x.${NASTY}(payload=${JSON.stringify(NASTY)})`));
    expect(texts).to.include(drawn(`CALL(${NASTY}) = -EINVAL`));
    expect(texts).to.include(drawn(`${v.id} violated (${v.title})`));
    expect(texts).to.include(drawn(v.message));
  });

  it('names a deadlock in the final note, and puts a placeholder participant when the initial state already fails', async () => {
    const { result } = await mutexRun();
    const deadlock: Violation = { ...result.violations[0]!, kind: 'deadlock', id: 'DEADLOCK', title: 'deadlock', message: 'no event is enabled' };
    expect(sequenceDiagram(deadlock)).to.match(/Note over a1,a2: DEADLOCK<br\/>no event is enabled\n$/);
    const initial: Violation = { ...result.violations[0]!, trace: result.violations[0]!.trace.slice(0, 1) };
    const text = sequenceDiagram(initial);
    expect(text).to.include('participant a0 as initial state');
    expect(await mermaid.parse(text)).to.equal(true);
  });

  it('draws only the last maxSteps steps of a long trace, and says so', async () => {
    const { result } = await liveUpdateRun(TYPE1_B1);
    const text = sequenceDiagram(result.violations[0]!, { maxSteps: 2 });
    expect(text).to.include('Note over a1,kernel: steps 1 to 3 left out (5 in all)');
    expect(text).to.not.include('1: old.MAP');
    expect(text).to.include('5: new.UNMAP');
    expect(await mermaid.parse(text)).to.equal(true);
  });
});

describe('mermaidText', () => {
  it('writes ; # % < > & as numeric entities and line breaks as spaces', () => {
    expect(mermaidText('a;b#c%d<e>f&g')).to.equal('a#59;b#35;c#37;d#60;e#62;f#38;g');
    expect(mermaidText('one\ntwo\r\nthree')).to.equal('one two  three');
  });

  it('keeps letters, digits, common punctuation and non-ASCII text as they are', () => {
    expect(mermaidText('IOCTL(m0) = -EINVAL: x, y [z] → …')).to.equal('IOCTL(m0) = -EINVAL: x, y [z] → …');
  });
});

describe('syscallReturn', () => {
  const step = (actor: string, type: string, changes: string[]) => ({ step: 1, actor, event: { type }, state: '', summary: '', changes });

  it("takes the ret change keyed by the event's region prefix, decoding its JSON string", () => {
    expect(syscallReturn(step('old VMM', 'old.MAP', ['ret.new: (none)→"other = 0"', 'ret.old: (none)→"IOCTL = -EINVAL"']))).to.equal('IOCTL = -EINVAL');
  });

  it('takes the only ret change when no key matches, and none when there is no ret change', () => {
    expect(syscallReturn(step('new VMM (hotplug thread)', 'hp.INSERT', ['areas.mh: (none)→1', 'ret.hotplug: (none)→"MAP_FILE = 0"']))).to.equal('MAP_FILE = 0');
    expect(syscallReturn(step('p0', 'p0.TRY', ['flag.0: false→true']))).to.equal(undefined);
  });

  it('keeps a value cut at 80 characters, without its opening quote', () => {
    expect(syscallReturn(step('a', 'a.X', [`ret.a: (none)→"${'x'.repeat(78)}…`]))).to.equal(`${'x'.repeat(78)}…`);
  });
});
