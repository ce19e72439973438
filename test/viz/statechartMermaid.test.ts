import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import liveUpdate from '../../machines/liveUpdate.ts';
import peterson from '../../examples/peterson.ts';
import counter from '../../examples/counter.ts';
import type { Model } from '../../src/model/defineModel.ts';
import { UsageError } from '../../src/model/errors.ts';
import { statechartMermaid } from '../../src/viz/statechartMermaid.ts';
import { launchBrowser, mermaidPage } from '../support/browser.ts';
import { awkward, door, machineOf, topLevelNames } from './fixtureCharts.ts';

/** The `state "name" as id` declarations, as [name, id] pairs. */
function declarations(text: string): [string, string][] {
  return [...text.matchAll(/^\s*state "([^"]*)" as (\S+)/gm)].map((m) => [m[1]!, m[2]!]);
}

describe('statechartMermaid', () => {
  const text = statechartMermaid(door);

  it('declares every state once, by a unique id of letters, digits and underscores, showing its own name', () => {
    const decls = declarations(text);
    expect(decls.map(([name]) => name)).to.deep.equal(['door', 'lock', 'locked', 'unlocked', 'servicing', 'checking', 'fixed', 'broken', 'light', 'off', 'on']);
    const ids = decls.map(([, id]) => id);
    expect(new Set(ids).size).to.equal(ids.length);
    for (const id of ids) expect(id).to.match(/^[A-Za-z][A-Za-z0-9_]*$/);
    expect(ids).to.include('s_door__lock__servicing__checking');
  });

  it('nests compound states in blocks, with [*] --> the initial state and a -- between parallel regions', () => {
    expect(text).to.match(/state "lock" as s_door__lock \{\n\s+\[\*\] --> s_door__lock__locked\n/);
    expect(text).to.match(/state "servicing" as s_door__lock__servicing \{\n\s+\[\*\] --> s_door__lock__servicing__checking\n/);
    expect(text.match(/^\s*--$/gm)).to.have.length(1);
    expect(text.indexOf('--\n')).to.be.greaterThan(text.indexOf('state "lock"')).and.lessThan(text.indexOf('state "light"'));
  });

  it('sends final states to [*] and puts guard names on the arrows', () => {
    expect(text).to.contain('s_door__lock__broken --> [*]');
    expect(text).to.contain('s_door__lock__locked --> s_door__lock__unlocked: UNLOCK [isReady]');
    expect(text).to.contain('s_door__light__off --> s_door__light__on: FORCE [and(isReady, not(isJammed))]');
    expect(text).to.contain('s_door__lock__unlocked --> s_door__lock__unlocked: PING');
  });

  it('keeps an arrow across regions as a comment, since Mermaid cannot draw it', () => {
    expect(text).to.contain('%% s_door__light__on --> s_door__lock__locked (across regions, not drawn): JUMP');
  });

  it('makes clashing and awkward names safe: quotes, semicolons, braces and comment marks', () => {
    const awk = statechartMermaid(awkward);
    expect(declarations(awk)).to.deep.equal([
      ["awk 'ward'", 's_awk__ward_'],
      ['a b', 's_awk__ward___a_b'],
      ['c,d', 's_awk__ward___c_d'],
    ]);
    expect(awk).to.contain(": SAY 'hi' \\n").and.contain(': x(1)%y');
  });

  it('draws one region, or an overview with leaf counts, and refuses an unknown region', () => {
    const light = statechartMermaid(door, { region: 'light' });
    expect(declarations(light).map(([n]) => n)).to.deep.equal(['light', 'off', 'on']);
    expect(light).to.contain('%% s_door__light__on --> door.lock.locked (outside this picture): JUMP');
    const overview = statechartMermaid(door, { overview: true });
    expect(declarations(overview).map(([n]) => n)).to.deep.equal(['door', 'lock (5 states)', 'light (2 states)']);
    expect(overview).to.not.contain('-->');
    expect(() => statechartMermaid(door, { region: 'window' })).to.throw(UsageError, 'allowed: lock, light');
  });

  describe('parsed by Mermaid in Chromium', () => {
    let browser: Browser;
    let mermaid: Awaited<ReturnType<typeof mermaidPage>>;
    before(async () => {
      browser = await launchBrowser();
      mermaid = await mermaidPage(browser);
    });
    after(async () => {
      await browser?.close();
    });

    for (const [name, model, sets] of [
      ['live-update (default parameters)', liveUpdate, {}],
      ['live-update (vfio-type1, mdev)', liveUpdate, { backend: 'vfio-type1', variant: 'v5.12', mdev: 'true' }],
      ['peterson', peterson, {}],
      ['counter', counter, {}],
    ] as [string, Model, Record<string, string>][]) {
      it(`accepts the chart of ${name}, its overview and each region`, async () => {
        const machine = machineOf(model, sets);
        const whole = statechartMermaid(machine);
        expect(whole).to.match(/^stateDiagram-v2\n/);
        expect(await mermaid.parse(whole)).to.equal(true);
        expect(await mermaid.parse(statechartMermaid(machine, { overview: true }))).to.equal(true);
        for (const region of topLevelNames(machine)) expect(await mermaid.parse(statechartMermaid(machine, { region })), region).to.equal(true);
        expect(mermaid.errors).to.deep.equal([]);
      });
    }

    it('accepts the fixture charts with nested states, cross-region arrows and awkward names', async () => {
      expect(await mermaid.parse(statechartMermaid(door))).to.equal(true);
      expect(await mermaid.parse(statechartMermaid(awkward))).to.equal(true);
    });

    it('rejects broken text, so the checks above can fail', async () => {
      expect(await mermaid.parse('stateDiagram-v2\n  state "a" as {\n')).to.be.a('string');
    });
  });
});
