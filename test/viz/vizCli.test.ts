// `lucheck viz` through the real binary (bin/lucheck.js), and its SVG opened in Chromium.
import { expect } from 'chai';
import { mkdir, mkdtemp, readFile, readdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import liveUpdate from '../../machines/liveUpdate.ts';
import { artifactPath, launchBrowser, openPage } from '../support/browser.ts';
import { machineOf, topLevelNames } from './fixtureCharts.ts';
import { ROOT, describeRun, runLucheck, type Run } from '../support/lucheckBinary.ts';


const lucheck = (args: readonly string[], cwd: string = ROOT) => runLucheck(args, { cwd, timeoutMs: 30_000 });

/** Asserts exit 2 with exactly one stderr line and no stack frames; returns the line. */
function usageError(r: Run): string {
  expect(r.code, describeRun(r)).to.equal(2);
  expect(r.stdout, describeRun(r)).to.equal('');
  const lines = r.stderr.replace(/\n$/, '').split('\n');
  expect(lines, describeRun(r)).to.have.length(1);
  expect(r.stderr, describeRun(r)).to.not.match(/^\s+at |node:internal/m);
  return lines[0]!;
}

describe('lucheck viz (the real binary)', () => {
  let scratch: string;
  let browser: Browser;
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'lucheck-viz-test-'));
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('writes the live-update chart as SVG that Chromium shows with every region named, without console errors', async () => {
    const out = join(scratch, 'chart.svg');
    const r = await lucheck(['viz', 'live-update', '--format', 'svg', '--out', out]);
    expect(r.code, describeRun(r)).to.equal(0);
    expect(r.stdout + r.stderr).to.equal('');
    const svg = await readFile(out, 'utf8');
    expect(svg).to.match(/^<\?xml[^\n]*\n<!-- lucheck viz live-update {2}\(backend=iommufd /);
    const regions = topLevelNames(machineOf(liveUpdate));
    expect(regions).to.include.members(['old', 'new', 'device']);

    const { page, errors } = await openPage(browser);
    await page.setViewportSize({ width: 1600, height: 900 });
    await page.goto(`file://${out}`);
    const texts = await page.$$eval('svg text', (els) => els.map((e) => e.textContent ?? ''));
    for (const region of regions) expect(texts, `region ${region} should be a rendered label`).to.include(region);
    for (const region of regions) expect(await page.locator(`[id="s:live-update.${region}"]`).count(), region).to.equal(1);
    const box = await page.locator('svg').boundingBox();
    expect(box!.width).to.be.greaterThan(300);
    // fullPage screenshots hang on a bare SVG document: size the viewport to the picture instead.
    await page.setViewportSize({ width: Math.ceil(box!.x + box!.width), height: Math.ceil(box!.y + box!.height) });
    await page.screenshot({ path: artifactPath('viz-live-update.png') });
    expect(errors).to.deep.equal([]);
  });

  it('prints DOT and Mermaid on stdout, and rewrites its own file but refuses to replace another', async () => {
    const dot = await lucheck(['viz', 'peterson', '--format', 'dot']);
    expect(dot.code, describeRun(dot)).to.equal(0);
    expect(dot.stdout).to.match(/^\/\/ lucheck viz peterson\ndigraph "peterson" \{\n/);
    const mermaid = await lucheck(['viz', 'counter', '--set', 'regions=2', '--format', 'mermaid', '--region', 'c1']);
    expect(mermaid.code, describeRun(mermaid)).to.equal(0);
    expect(mermaid.stdout).to.match(/^%% lucheck viz counter {2}\(regions=2 size=100\), region c1\nstateDiagram-v2\n/);
    expect(mermaid.stdout).to.contain('state "c1" as s_counter__c1').and.not.contain('"c0"');

    const mine = join(scratch, 'again.dot');
    expect((await lucheck(['viz', 'peterson', '--format', 'dot', '--out', mine])).code).to.equal(0);
    expect((await lucheck(['viz', 'peterson', '--format', 'dot', '--out', mine])).code).to.equal(0);
    const theirs = join(scratch, 'notes.svg');
    await writeFile(theirs, 'my notes\n');
    expect(usageError(await lucheck(['viz', 'peterson', '--out', theirs]))).to.contain('refusing to overwrite');
    expect(await readFile(theirs, 'utf8')).to.equal('my notes\n');
  });

  it('writes the overview and one picture per region with --out-dir', async () => {
    const dir = join(scratch, 'pictures');
    const r = await lucheck(['viz', 'live-update', '--set', 'mdev=true', '--format', 'dot', '--out-dir', dir]);
    expect(r.code, describeRun(r)).to.equal(0);
    const regions = topLevelNames(machineOf(liveUpdate, { mdev: 'true' }));
    expect((await readdir(dir)).sort()).to.deep.equal(['overview.dot', ...regions.map((x) => `${x}.dot`)].sort());
    expect(r.stdout).to.contain(`wrote ${regions.length + 1} pictures in ${dir}`);
    expect(await readFile(join(dir, 'overview.dot'), 'utf8')).to.contain('label="mdev\\n1 state"');
    expect(await readFile(join(dir, 'old.dot'), 'utf8')).to.contain(', region old\ndigraph "live-update.old" {');
  });

  it('runs the command the README shows under Pictures', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const command = /^npx lucheck (viz [^\n]*)$/m.exec(readme.slice(readme.indexOf('## Pictures')))?.[1];
    expect(command, 'the Pictures section shows an npx lucheck viz command').to.be.a('string');
    const dir = join(scratch, 'readme');
    await mkdir(dir);
    const r = await lucheck(command!.split(' '), dir);
    expect(r.code, describeRun(r)).to.equal(0);
    const out = /--out (\S+)/.exec(command!)![1]!;
    expect(await readFile(join(dir, out), 'utf8')).to.contain('<svg').and.contain('>hotplug</text>');
  });

  it('refuses an unknown region with one stderr line listing the regions, exit 2', async () => {
    const line = usageError(await lucheck(['viz', 'live-update', '--region', 'window']));
    expect(line).to.equal("lucheck: unknown region 'window' in machine live-update; allowed: old, new, device");
  });

  it('refuses an unknown format with one stderr line listing the formats, exit 2', async () => {
    expect(usageError(await lucheck(['viz', '--format', 'png']))).to.equal("lucheck: unknown --format 'png'; allowed: svg, dot, mermaid");
  });

  it('refuses contradictory options and unknown parameters, each with one stderr line, exit 2', async () => {
    expect(usageError(await lucheck(['viz', '--out', 'a.svg', '--out-dir', 'b']))).to.contain('--out and --out-dir exclude each other');
    expect(usageError(await lucheck(['viz', '--out-dir', 'b', '--region', 'old']))).to.contain('--out-dir writes the overview and every region');
    expect(usageError(await lucheck(['viz', '--region', 'old', '--overview']))).to.contain('exclude each other');
    expect(usageError(await lucheck(['viz', '--set', 'nope=1']))).to.contain("unknown parameter 'nope' for model live-update");
    expect(usageError(await lucheck(['viz', '--colour', 'red']))).to.contain('unknown option --colour for lucheck viz');
  });

  it('is listed in lucheck --help', async () => {
    const r = await lucheck(['--help']);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.match(/^ {2}lucheck viz {3}\[MODEL\] .*--format svg\|dot\|mermaid.*--out-dir DIR/m);
  });
});
