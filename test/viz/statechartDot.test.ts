import { expect } from 'chai';
import { instance } from '@viz-js/viz';
import liveUpdate from '../../machines/liveUpdate.ts';
import peterson from '../../examples/peterson.ts';
import counter from '../../examples/counter.ts';
import brokenMutex from '../fixtures/brokenMutex.ts';
import lockOrder from '../fixtures/lockOrder.ts';
import { UsageError } from '../../src/model/errors.ts';
import type { Model } from '../../src/model/defineModel.ts';
import { statechartDot } from '../../src/viz/statechartDot.ts';
import { readStatechart } from '../../src/viz/readStatechart.ts';
import { renderSvg } from '../../src/viz/renderSvg.ts';
import { awkward, door, machineOf, topLevelNames } from './fixtureCharts.ts';

/** The lines of the cluster `subgraph "cluster_s:<id>" { ... }`, up to its closing brace. */
function cluster(dot: string, id: string): string {
  const lines = dot.split('\n');
  const start = lines.findIndex((l) => l.trim() === `subgraph "cluster_s:${id}" {`);
  expect(start, `no cluster for ${id} in:\n${dot}`).to.be.at.least(0);
  const indent = lines[start]!.length - lines[start]!.trimStart().length;
  const end = lines.findIndex((l, i) => i > start && l === `${' '.repeat(indent)}}`);
  return lines.slice(start, end + 1).join('\n');
}

/** The statement line of a node or edge whose `id` attribute is `id`. */
function line(dot: string, id: string): string {
  const found = dot.split('\n').find((l) => l.includes(` [id="${id}"`));
  expect(found, `no statement with id="${id}" in:\n${dot}`).to.be.a('string');
  return found!;
}

/** Graphviz's errors and warnings for a DOT text (an lhead into the wrong cluster is a warning). */
async function graphvizComplaints(dot: string): Promise<string[]> {
  const viz = await instance();
  const result = viz.render(dot, { format: 'svg', engine: 'dot' });
  return [...(result.status === 'success' ? [] : ['render failed']), ...result.errors.map((e) => `${e.level}: ${e.message}`)];
}

describe('statechartDot', () => {
  const dot = statechartDot(door);

  it('draws each region of a parallel state as a dashed cluster inside the root cluster', () => {
    const root = cluster(dot, 'door');
    for (const region of ['lock', 'light']) {
      const c = cluster(dot, `door.${region}`);
      expect(root).to.contain(c);
      expect(c).to.contain(`label="${region}";`).and.contain('style="rounded,dashed";').and.contain(`id="s:door.${region}";`);
    }
    expect(cluster(dot, 'door')).to.contain('label="door";');
  });

  it('draws a compound state inside a region as a cluster of its own, not dashed', () => {
    const c = cluster(dot, 'door.lock.servicing');
    expect(cluster(dot, 'door.lock')).to.contain(c);
    expect(c).to.contain('style="rounded";').and.contain('"s:door.lock.servicing.checking"');
  });

  it('points a small filled initial point at the initial state of every compound state', () => {
    for (const [parent, child] of [['door.lock', 'door.lock.locked'], ['door.light', 'door.light.off'], ['door.lock.servicing', 'door.lock.servicing.checking']]) {
      expect(line(dot, `i:${parent}`)).to.contain('shape="point"');
      expect(cluster(dot, parent!)).to.contain(`"i:${parent}" [`);
      expect(line(dot, `init:${parent}`)).to.match(new RegExp(`^\\s*"i:${parent}" -> "s:${child}" `));
    }
  });

  it('draws final states as double circles', () => {
    expect(line(dot, 's:door.lock.broken')).to.contain('shape="doublecircle"').and.contain('class="state final"');
    expect(line(dot, 's:door.lock.locked')).to.not.contain('doublecircle');
  });

  it('names guards on the arrows: named guard, function name, anonymous function, combinator', () => {
    expect(line(dot, 'e:door.lock.locked|UNLOCK|0')).to.contain('label="UNLOCK [isReady]"');
    expect(line(dot, 'e:door.light.off|TOGGLE|0')).to.contain('label="TOGGLE [hasPower]"');
    expect(line(dot, 'e:door.light.off|FLICKER|0')).to.contain('label="FLICKER [guard]"');
    expect(line(dot, 'e:door.light.off|FORCE|0')).to.contain('label="FORCE [and(isReady, not(isJammed))]"');
    expect(line(dot, 'e:door.light.on|TOGGLE|0')).to.contain('label="TOGGLE"');
  });

  it('draws a targetless transition as a dashed self-loop', () => {
    expect(line(dot, 'e:door.lock.unlocked|PING|0')).to.match(/^\s*"s:door\.lock\.unlocked" -> "s:door\.lock\.unlocked" /).and.contain('style="dashed"').and.contain('class="transition internal"');
  });

  it('starts arrows from a compound state at its cluster border and ends arrows into it at its initial point', () => {
    expect(line(dot, 'e:door.lock.servicing|DONE|0')).to.match(/^\s*"p:door\.lock\.servicing" -> "s:door\.lock\.locked" /).and.contain('ltail="cluster_s:door.lock.servicing"');
    expect(line(dot, 'e:door.lock.unlocked|SERVICE|0')).to.match(/-> "i:door\.lock\.servicing" /).and.contain('lhead="cluster_s:door.lock.servicing"');
  });

  it('lists arrows in walk order and each state\'s events sorted by name, so the text is reproducible', () => {
    const ids = [...dot.matchAll(/\[id="(e:door\.lock\.unlocked\|[^|]+)/g)].map((m) => m[1]);
    expect(ids).to.deep.equal(['e:door.lock.unlocked|BREAK', 'e:door.lock.unlocked|LOCK', 'e:door.lock.unlocked|PING', 'e:door.lock.unlocked|SERVICE']);
    expect(statechartDot(door)).to.equal(dot);
  });

  it('gives every node and arrow of the SVG the id written in the DOT, never a Graphviz default', async () => {
    const svg = await renderSvg(dot);
    const ids = [...svg.matchAll(/<g id="([^"]*)" class="(node|edge)/g)].map((m) => m[1]!);
    expect(ids.length).to.be.greaterThan(20);
    expect(ids.filter((id) => /^(node|edge)\d+$/.test(id))).to.deep.equal([]);
    expect(ids).to.include.members(['s:door.lock.locked', 'e:door.lock.locked|UNLOCK|0', 'init:door.lock', 'i:door.lock']);
    expect(svg).to.match(/<g id="s:door\.lock" class="cluster/);
  });

  it('escapes quotes and backslashes so Graphviz shows labels literally', async () => {
    const text = statechartDot(awkward);
    expect(text).to.contain('label="SAY \\"hi\\" \\\\n"');
    expect(await graphvizComplaints(text)).to.deep.equal([]);
    const svg = await renderSvg(text);
    expect(svg).to.contain('SAY &quot;hi&quot; \\n').and.contain('>c;d</text>').and.contain('>x{1}%%y</text>');
  });

  it('highlights active states (filled) and taken transitions (bold, numbered), and draws unexplained steps apart', () => {
    const text = statechartDot(door, {
      highlight: {
        active: new Set(['door', 'door.lock', 'door.lock.unlocked', 'door.light', 'door.light.off']),
        steps: [
          { from: 'door.lock.locked', to: 'door.lock.unlocked', event: 'UNLOCK', step: 1 },
          { from: 'door.light.off', to: 'door.light.on', event: 'TOGGLE', step: 2 },
          { from: 'door.light.on', to: 'door.light.off', event: 'TOGGLE', step: 3 },
          { from: 'door.light.off', to: 'door.light.on', event: 'TOGGLE', step: 4 },
          { from: 'door.lock.servicing.fixed', to: 'door.lock.locked', event: 'DONE', step: 5 },
          { from: 'door.lock.unlocked', to: 'door.lock.unlocked', event: 'PING', step: 6 },
          { from: 'door.lock.locked', to: 'door.lock.broken', event: 'SMASH', step: 7 },
        ],
      },
    });
    expect(line(text, 's:door.lock.unlocked')).to.contain('class="state atomic active"').and.contain('fillcolor="#ffd54f"').and.contain('filled');
    expect(line(text, 's:door.lock.locked')).to.not.contain('filled').and.not.contain('active');
    expect(cluster(text, 'door.lock')).to.contain('class="state compound active";');
    expect(cluster(text, 'door.lock.servicing')).to.contain('class="state compound";').and.contain('fillcolor="white";');
    expect(line(text, 'e:door.lock.locked|UNLOCK|0')).to.contain('label="1: UNLOCK [isReady]"').and.contain('penwidth=2.5').and.contain('class="transition taken"');
    expect(line(text, 'e:door.light.off|TOGGLE|0')).to.contain('label="2,4: TOGGLE [hasPower]"');
    expect(line(text, 'e:door.light.on|TOGGLE|0')).to.contain('label="3: TOGGLE"');
    // taken through an ancestor's handler, and a targetless one
    expect(line(text, 'e:door.lock.servicing|DONE|0')).to.contain('label="5: DONE"');
    expect(line(text, 'e:door.lock.unlocked|PING|0')).to.contain('label="6: PING"').and.contain('style="dashed,bold"');
    expect(line(text, 'e:door.lock.unlocked|LOCK|0')).to.not.contain('taken');
    expect(line(text, 'step:7')).to.match(/^\s*"s:door\.lock\.locked" -> "s:door\.lock\.broken" /).and.contain('label="7: SMASH"');
  });

  it('draws one region alone, with arrows to other regions ending at a dashed stub', () => {
    const light = statechartDot(door, { region: 'light' });
    expect(light).to.match(/^digraph "door\.light" \{/);
    expect(light).to.contain('subgraph "cluster_s:door.light"').and.not.contain('cluster_s:door.lock').and.not.contain('"s:door.lock.unlocked"');
    expect(line(light, 'e:door.light.on|JUMP|0')).to.contain('-> "x:door.lock.locked"');
    expect(line(light, 'x:door.lock.locked')).to.contain('style="rounded,dashed"');
  });

  it('refuses an unknown region with a usage error that lists the allowed ones', () => {
    expect(() => statechartDot(door, { region: 'window' })).to.throw(UsageError, "unknown region 'window' in machine door; allowed: lock, light");
  });

  it('draws an overview: the regions as boxes with their leaf counts and no arrows', () => {
    const text = statechartDot(door, { overview: true });
    expect(line(text, 's:door.lock')).to.contain('label="lock\\n5 states"');
    expect(line(text, 's:door.light')).to.contain('label="light\\n2 states"');
    expect(text).to.not.contain('->').and.not.contain('s:door.lock.locked');
    const counterOverview = statechartDot(machineOf(counter, { regions: '3' }), { overview: true });
    expect(counterOverview.match(/label="c\d\\n1 state"/g)).to.have.length(3);
  });

  for (const [name, model, sets] of [
    ['live-update (default)', liveUpdate, {}],
    ['live-update (mdev, hotplug, mainline)', liveUpdate, { mdev: 'true', hotplug: 'true', variant: 'mainline' }],
    ['live-update (vfio-type1 v5.12, mdev)', liveUpdate, { backend: 'vfio-type1', variant: 'v5.12', mdev: 'true' }],
    ['peterson', peterson, {}],
    ['counter', counter, {}],
    ['test/fixtures/brokenMutex.ts', brokenMutex, {}],
    ['test/fixtures/lockOrder.ts', lockOrder, {}],
  ] as [string, Model, Record<string, string>][]) {
    it(`draws ${name} with a cluster and an initial arrow per region, which Graphviz lays out without a warning`, async () => {
      const machine = machineOf(model, sets);
      const text = statechartDot(machine);
      const chart = readStatechart(machine);
      const regions = topLevelNames(machine);
      expect(regions.length).to.be.greaterThan(1);
      for (const r of regions) {
        const id = `${chart.root.id}.${r}`;
        expect(cluster(text, id)).to.contain(`label="${r}"`);
        expect(line(text, `init:${id}`)).to.contain(`"i:${id}" ->`);
      }
      expect(await graphvizComplaints(text)).to.deep.equal([]);
      expect(await graphvizComplaints(statechartDot(machine, { overview: true }))).to.deep.equal([]);
      expect(await graphvizComplaints(statechartDot(machine, { region: regions[0]! }))).to.deep.equal([]);
    });
  }
});
