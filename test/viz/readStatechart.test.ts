import { expect } from 'chai';
import { setup } from 'xstate';
import { eventLabel, guardLabel, leafCount, readStatechart } from '../../src/viz/readStatechart.ts';
import { regionNames } from '../../src/viz/chartRegions.ts';
import { stepTransition } from '../../src/viz/stepTransition.ts';
import { transitionSvgIds } from '../../src/viz/svgIds.ts';
import { door } from './fixtureCharts.ts';

describe('readStatechart', () => {
  const chart = readStatechart(door);

  it('reads every state node with its type, children in declaration order and initial child', () => {
    expect(chart.root.type).to.equal('parallel');
    expect(regionNames(chart)).to.deep.equal(['lock', 'light']);
    const lock = chart.nodes.get('door.lock')!;
    expect(lock.children.map((c) => `${c.key}:${c.type}`)).to.deep.equal(['locked:atomic', 'unlocked:atomic', 'servicing:compound', 'broken:final']);
    expect(lock.initial).to.deep.equal(['door.lock.locked']);
    expect(chart.parents.get('door.lock.servicing.fixed')!.id).to.equal('door.lock.servicing');
    expect(leafCount(chart.root)).to.equal(7);
  });

  it('reads transitions with their targets, guards and labels, sorted by event type', () => {
    const off = chart.nodes.get('door.light.off')!;
    expect(off.transitions.map((t) => [t.event, t.guard, t.targets, t.label])).to.deep.equal([
      ['FLICKER', 'guard', ['door.light.on'], 'FLICKER [guard]'],
      ['FORCE', 'and(isReady, not(isJammed))', ['door.light.on'], 'FORCE [and(isReady, not(isJammed))]'],
      ['TOGGLE', 'hasPower', ['door.light.on'], 'TOGGLE [hasPower]'],
    ]);
    expect(chart.nodes.get('door.lock.unlocked')!.transitions.find((t) => t.event === 'PING')!.targets).to.deep.equal([]);
  });

  it('names eventless and delayed transitions, and guards given as objects', () => {
    expect(eventLabel('')).to.equal('always');
    expect(eventLabel('xstate.after.500.m.a')).to.equal('after 500ms');
    expect(guardLabel({ type: 'isReady', params: { n: 1 } })).to.equal('isReady');
    expect(guardLabel(undefined)).to.equal(undefined);
    const m = setup({ guards: { ok: () => true } }).createMachine({
      id: 'm',
      initial: 'a',
      states: { a: { always: { target: 'b', guard: 'ok' }, after: { 500: 'b' } }, b: { type: 'history', history: 'deep' } },
    });
    const c = readStatechart(m);
    expect(c.nodes.get('m.a')!.transitions.map((t) => t.label)).to.deep.equal(['always [ok]', 'after 500ms']);
    expect(c.nodes.get('m.b')!.deep).to.equal(true);
  });
});

describe('stepTransition', () => {
  const chart = readStatechart(door);

  it('finds the transition a step took, on the state or on the ancestor that handles the event', () => {
    const unlock = stepTransition(chart, { from: 'door.lock.locked', to: 'door.lock.unlocked', event: 'UNLOCK', step: 1 })!;
    expect(transitionSvgIds(unlock)).to.deep.equal(['e:door.lock.locked|UNLOCK|0']);
    const done = stepTransition(chart, { from: 'door.lock.servicing.checking', to: 'door.lock.locked', event: 'DONE', step: 2 })!;
    expect(done.source).to.equal('door.lock.servicing');
    const service = stepTransition(chart, { from: 'door.lock.unlocked', to: 'door.lock.servicing.checking', event: 'SERVICE', step: 3 })!;
    expect(service.targets).to.deep.equal(['door.lock.servicing']);
  });

  it('finds a targetless transition when the state stays, and nothing for an impossible step', () => {
    expect(stepTransition(chart, { from: 'door.lock.unlocked', to: 'door.lock.unlocked', event: 'PING', step: 1 })?.event).to.equal('PING');
    expect(stepTransition(chart, { from: 'door.lock.locked', to: 'door.lock.broken', event: 'UNLOCK', step: 1 })).to.equal(undefined);
    expect(stepTransition(chart, { from: 'door.lock.nowhere', to: 'door.lock.locked', event: 'LOCK', step: 1 })).to.equal(undefined);
  });
});
