// Laying a trace over a statechart: from printed active states back to node ids, and which
// drawn arrow each step took, named as the rendered SVG names it.
import { expect } from 'chai';
import { createMachine } from 'xstate';
import type { TraceStep } from '../../src/CheckResult.ts';
import { activeStateIds, statePathEnds } from '../../src/viz/activeStateIds.ts';
import type { ChartNode, Statechart } from '../../src/viz/readStatechart.ts';
import { readStatechart } from '../../src/viz/readStatechart.ts';
import { renderSvg } from '../../src/viz/renderSvg.ts';
import { statechartDot } from '../../src/viz/statechartDot.ts';
import { traceHighlight } from '../../src/viz/traceHighlight.ts';

/** A chart written as nested keys (`{}` is a leaf), for keys xstate would not accept in targets. */
function chartOf(id: string, tree: Record<string, object>): Statechart {
  const nodes = new Map<string, ChartNode>();
  const parents = new Map<string, ChartNode>();
  const build = (nodeId: string, key: string, children: Record<string, object>): ChartNode => {
    const kids = Object.entries(children).map(([k, v]) => build(`${nodeId}.${k}`, k, v as Record<string, object>));
    const node: ChartNode = { id: nodeId, key, type: kids.length ? 'compound' : 'atomic', children: kids, initial: [], transitions: [] };
    kids.forEach((c) => parents.set(c.id, node));
    nodes.set(nodeId, node);
    return node;
  };
  return { root: build(id, id, tree), nodes, parents };
}

const step = (n: number, state: string, type: string | null): TraceStep => ({ step: n, state, event: type ? { type } : null, actor: null, changes: [], summary: state });

describe('activeStateIds', () => {
  const chart = chartOf('m', { left: { 'a.b': { x: {} }, a: { c: {} } }, 'my region': { on: {} } });

  it('names every active node, leaves and their ancestors but not the root', () => {
    expect(activeStateIds(chart, 'left.a.c my region.on').sort()).to.deep.equal(['m.left', 'm.left.a', 'm.left.a.c', 'm.my region', 'm.my region.on']);
  });

  it('matches keys that hold dots or spaces against the chart instead of splitting them', () => {
    expect(statePathEnds(chart, 'left.a.b.x my region.on')).to.deep.equal(['m.left.a.b.x', 'm.my region.on']);
  });

  it('skips the parts the chart does not know and keeps the rest', () => {
    expect(statePathEnds(chart, 'left.a.c ghost.state')).to.deep.equal(['m.left.a.c']);
    expect(activeStateIds(chart, 'nothing here')).to.deep.equal([]);
  });
});

describe('traceHighlight', () => {
  const machine = createMachine({
    id: 'm',
    type: 'parallel',
    states: {
      left: {
        initial: 'idle',
        states: { idle: { on: { GO: 'busy' } }, busy: { on: { NEXT: 'passing' } }, passing: { always: 'done' }, done: { type: 'final' } },
      },
      right: { initial: 'off', states: { off: { on: { GO: {}, FLIP: 'on' } }, on: {} } },
    },
  });
  const chart = readStatechart(machine);
  const trace = [step(0, 'left.idle right.off', null), step(1, 'left.busy right.off', 'GO'), step(2, 'left.done right.off', 'NEXT'), step(3, 'left.done right.on', 'FLIP')];

  it('names, per step, the active states and the arrows taken, in every region the event moved', () => {
    const h = traceHighlight(chart, trace);
    expect(h.perStep.map((s) => [...s.active].sort())).to.deep.equal([
      ['s:m.left', 's:m.left.idle', 's:m.right', 's:m.right.off'],
      ['s:m.left', 's:m.left.busy', 's:m.right', 's:m.right.off'],
      ['s:m.left', 's:m.left.done', 's:m.right', 's:m.right.off'],
      ['s:m.left', 's:m.left.done', 's:m.right', 's:m.right.on'],
    ]);
    expect(h.perStep.map((s) => [...s.taken].sort())).to.deep.equal([[], ['e:m.left.idle|GO|0', 'e:m.right.off|GO|0'], ['step:2'], ['e:m.right.off|FLIP|0']]);
  });

  it('gives statechartDot the steps it needs, so every id it names is an element of the rendered SVG', async () => {
    const h = traceHighlight(chart, trace);
    const svg = await renderSvg(statechartDot(chart, { highlight: { steps: h.steps } }));
    const ids = new Set([...svg.matchAll(/ id="([^"]*)"/g)].map((m) => m[1]!.replace(/&#45;/g, '-')));
    const named = h.perStep.flatMap((s) => [...s.active, ...s.taken]);
    expect(named.length).to.be.greaterThan(8);
    expect(named.filter((id) => !ids.has(id))).to.deep.equal([]);
  });
});
