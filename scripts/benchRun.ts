// One measured run for `npm run bench`, in a process of its own so that neither tool's heap
// slows the other's garbage collection. Usage: benchRun.ts compiled|reference|graph REGIONS SIZE,
// or benchRun.ts live-update compiled|reference PARAMS_JSON [symmetry] [auxiliary] [nomemo],
// or benchRun.ts corpus NAME compiled|reference|graph PARAMS_JSON,
// or benchRun.ts classic NAME PARAMS_JSON [EXPECTED] (a built-in classic model: philosophers, fifo, filter;
//   with EXPECTED, its first search told to expect that many states, as --expect-states, and no warm runs),
// or benchRun.ts floor NAME PARAMS_JSON (the same model checked by hand-written JavaScript: scripts/classicFloor.ts),
// or benchRun.ts liveness NAME PARAMS_JSON all|safety (the cost of the temporal properties),
// or benchRun.ts first NAME PARAMS_JSON check|SEED [TIME_LIMIT_S] (time to the first violation: check, or simulate from SEED).
// Prints one JSON line: { states, ms, maxRssBytes, startRssBytes?, searchPeakRssBytes?, peakReset?, storeBytes?, setBytes?, arrayBufferBytes? }.
import { writeFileSync } from 'node:fs';
import { getShortestPaths } from 'xstate/graph';
import { bfs, canonicalJson, createXstateSystem, resolveModelParams, resolveSearchConfig, searchProblem, resolveParams, type Model } from 'lucheck';
import { withEnvironment } from '../src/model/withEnvironment.ts';
import { environmentEvents } from '../src/adapter/environment.ts';
import { createSystem } from '../src/compiled/createSystem.ts';
import counter from '../examples/counter.ts';
import liveUpdate from '../machines/liveUpdate.ts';
import { stepMemo } from '../machines/step.ts';
import { check } from '../src/check.ts';
import { simulate } from '../src/simulate/simulate.ts';
import type { FingerprintTable } from '../src/store/FingerprintTable.ts';
import { floorSearch } from './classicFloor.ts';

const [tool, regions, size] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];

const runLucheck = (engine: 'compiled' | 'reference') => (r: number, s: number) => {
  const params = resolveParams('counter', counter.params, { regions: r, size: s });
  const choice = createSystem(counter, params, engine);
  if (choice.engine !== engine) throw new Error(`asked for the ${engine} engine, got ${choice.engine}: ${choice.note}`);
  const system = choice.system;
  const before = process.memoryUsage().arrayBuffers;
  const t = performance.now();
  const out = bfs(system, searchProblem(counter, params), resolveSearchConfig({}));
  const ms = performance.now() - t;
  if (out.kind !== 'pass') throw new Error(`unexpected verdict ${out.kind}`);
  // Node's own count of typed-array memory, taken while the store is alive and after a full
  // collection (the frontier and the slot arrays left behind by growth are garbage by then): an
  // independent measure of what the store holds, next to the figure it reports for itself.
  for (let i = 0; i < 3; i++) (globalThis as { gc?: () => void }).gc?.();
  const arrayBufferBytes = process.memoryUsage().arrayBuffers - before;
  return { states: out.stats.distinct, ms, storeBytes: out.store.bytes, setBytes: (out.store as FingerprintTable).setBytes, arrayBufferBytes };
};

function runGraph(r: number, s: number) {
  const machine = counter.machine(resolveParams('counter', counter.params, { regions: r, size: s }));
  const events = Array.from({ length: r }, (_, i) => ({ type: `c${i}.INC` }));
  const t = performance.now();
  const paths = getShortestPaths(machine as never, { events: events as never });
  return { states: paths.length, ms: performance.now() - t };
}

/**
 * The live-update model, whole checks of its invariants (every one, coverage on, as `lucheck
 * check --invariant ...` runs them; the progress properties are the liveness table's). A configuration of a few thousand states is measured as the mean of 30 checks after
 * three unmeasured ones; one of more than 10,000 as the mean of 3 after one; one of more than
 * 100,000 as its first check alone (seconds long: warming up is a small part of it).
 * `memo off` builds the model with its step memo switched off (machines/step.ts).
 */
async function runLiveUpdate(engine: 'compiled' | 'reference', params: Record<string, unknown>, symmetry: boolean, dropAuxiliary: boolean) {
  // the invariants (and deadlock): the progress properties' cost is the liveness table's
  const once = () => check(liveUpdate, { params, engine, symmetry, dropAuxiliary, invariants: (liveUpdate.invariants ?? []).map((i) => i.id) });
  const t0 = performance.now();
  const first = await once();
  if (first.engine !== engine) throw new Error(`asked for the ${engine} engine, got ${first.engine}`);
  if (first.stats.distinct > 100_000) return { states: first.stats.distinct, ms: performance.now() - t0, verdict: first.verdict };
  const large = first.stats.distinct > 10_000;
  for (let i = 0; i < (large ? 0 : 2); i++) await once();
  const n = large ? 3 : 30;
  let states = 0;
  let verdict = '';
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    const r = await once();
    states += r.stats.distinct;
    verdict = r.verdict;
  }
  return { states: states / n, ms: (performance.now() - t) / n, verdict };
}

/**
 * A machine of the test corpus (test/corpus/NAME/model.ts): a whole check on one engine, or
 * xstate/graph's getShortestPaths over the same alphabet (the model's events and the
 * environment's; states identified by the reference engine's key). Timed as the mean of as
 * many runs as fit in about two seconds, after one unmeasured run; the machines' own logging is
 * silenced.
 */
async function runCorpus(name: string, tool: string, params: Record<string, unknown>) {
  const given = ((await import(`../test/corpus/${name}/model.ts`)) as { default: Model }).default;
  console.log = () => {};
  let once: () => Promise<number>;
  if (tool === 'graph') {
    const resolved = resolveModelParams(given, params);
    const { model, environment, input } = withEnvironment(given, resolved);
    const key = createXstateSystem(model, resolved, undefined, environment).key;
    const events = (s: never) => [...model.events(s, resolved), ...environmentEvents((s as { _nodes: never })._nodes, environment).events];
    const offered = (s: never, e: object) => events(s).some((x) => canonicalJson(x) === canonicalJson(e));
    once = async () => getShortestPaths(model.machine(resolved) as never, { events, input, serializeState: key, filterEvents: offered } as never).length;
  } else {
    once = async () => {
      const r = await check(given, { params, engine: tool as 'compiled' | 'reference' });
      if (r.engine !== tool || r.verdict !== 'pass') throw new Error(`${name} on ${tool}: ${r.engine}, ${r.verdict}`);
      return r.stats.distinct;
    };
  }
  await once();
  let n = 0;
  let states = 0;
  const t = performance.now();
  while (n === 0 || performance.now() - t < 2000) {
    states = await once();
    n++;
  }
  return { states, ms: (performance.now() - t) / n };
}

/**
 * The resident memory now, after a full collection, with the kernel's high-water mark of this
 * process reset to it (Linux: `5` written to /proc/self/clear_refs resets both VmHWM and
 * getrusage's maxrss), so that the peak read after a search is that search's, not the loading's
 * before it. Where the mark cannot be reset, the peak read later is the whole process's (at least
 * the search's): `peakReset` says which. `loadPeakBytes`: the process's peak before the reset.
 */
function startMeasuring(): { startRssBytes: number; loadPeakBytes: number; peakReset: boolean } {
  (globalThis as { gc?: () => void }).gc?.();
  const loadPeakBytes = process.resourceUsage().maxRSS * 1024;
  let peakReset = false;
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    peakReset = true;
  } catch {
    // not Linux, or /proc not writable here: the process's peak stands in
  }
  return { startRssBytes: process.memoryUsage().rss, loadPeakBytes, peakReset };
}

/** The warm runs of a classic model: at most this many, and fewer once they have taken this long in all. */
const WARM_RUNS = 10;
const WARM_BUDGET_MS = 4000;

/**
 * A classic model (examples/NAME.ts) on the compiled path, searched as the counter is (every
 * invariant and deadlock checked, no coverage), with the resident memory when the search
 * starts (`startMeasuring`): the peak over it, per state, is what the search held (visited set, trace links,
 * frontier, configurations and the engine's caches). Then searched again and again in the same
 * process until the JIT has settled (`warmMs`, from `warmRuns` runs), to show its share of the
 * first run's time.
 */
async function runClassic(name: string, given: Record<string, unknown>, expectedStates = 0) {
  const model = ((await import(`../examples/${name}.ts`)) as { default: Model }).default;
  const params = resolveParams(name, model.params, given);
  const choice = createSystem(model, params, 'compiled');
  if (choice.engine !== 'compiled') throw new Error(`${name}: the compiled engine refused: ${choice.note}`);
  const { startRssBytes, loadPeakBytes, peakReset } = startMeasuring();
  const t = performance.now();
  const out = bfs(choice.system, searchProblem(model, params), resolveSearchConfig({ expectedStates }));
  const ms = performance.now() - t;
  if (out.kind !== 'pass') throw new Error(`${name}: unexpected verdict ${out.kind}`);
  const searchPeakRssBytes = process.resourceUsage().maxRSS * 1024;
  const measured = { startRssBytes, searchPeakRssBytes, maxRssBytes: Math.max(loadPeakBytes, searchPeakRssBytes), peakReset };
  if (expectedStates > 0) return { states: out.stats.distinct, ms, ...measured };
  // The same search again in this process, each time on a new system (its tables and caches
  // empty), until the JIT has settled: up to WARM_RUNS runs, fewer when they pass WARM_BUDGET_MS
  // in all; the median of the last three is what the search costs with its code compiled, so
  // the difference from the first run is what the JIT's warming up cost it.
  const warmRuns: number[] = [];
  const warmStart = performance.now();
  while (warmRuns.length < WARM_RUNS && (warmRuns.length === 0 || performance.now() - warmStart < WARM_BUDGET_MS)) {
    const again = createSystem(model, params, 'compiled').system;
    const t2 = performance.now();
    const second = bfs(again, searchProblem(model, params), resolveSearchConfig({}));
    warmRuns.push(performance.now() - t2);
    if (second.stats.distinct !== out.stats.distinct) throw new Error(`${name}: run ${warmRuns.length + 1} found ${second.stats.distinct} states, the first ${out.stats.distinct}`);
  }
  const last = warmRuns.slice(-3).sort((a, b) => a - b);
  return { states: out.stats.distinct, ms, ...measured, warmMs: last[last.length >> 1]!, warmRuns: warmRuns.length };
}

/**
 * The cost of the liveness check: a whole check of a built-in model (no coverage) with its
 * invariants only (`safety`) or with its temporal properties too (`all`), timed as the mean of
 * as many checks as fit in about two seconds after one unmeasured one (its first alone when it
 * takes longer). Reports the verdict and the store's bytes (with the state graph, for `all`).
 */
async function runLiveness(name: string, params: Record<string, unknown>, what: string) {
  const model = ((await import(name === 'live-update' ? '../machines/liveUpdate.ts' : `../examples/${name}.ts`)) as { default: Model }).default;
  const invariants = what === 'safety' ? (model.invariants ?? []).map((i) => i.id) : undefined;
  const once = () => check(model, { params, coverage: false, ...(invariants ? { invariants } : {}) });
  const t0 = performance.now();
  const first = await once();
  const firstMs = performance.now() - t0;
  const out = { states: first.stats.distinct, verdict: first.verdict, storeBytes: first.stats.storeBytes, generated: first.stats.generated };
  if (firstMs > 2000) return { ...out, ms: firstMs };
  let n = 0;
  const t = performance.now();
  while (n === 0 || performance.now() - t < 2000) {
    await once();
    n++;
  }
  return { ...out, ms: (performance.now() - t) / n };
}

if (tool === 'liveness') {
  const out = await runLiveness(process.argv[3]!, JSON.parse(process.argv[4] ?? '{}') as Record<string, unknown>, process.argv[5]!);
  process.stdout.write(JSON.stringify({ ...out, maxRssBytes: process.resourceUsage().maxRSS * 1024 }) + '\n');
  process.exit(0);
}

/**
 * Time to the first violation of a built-in model (no coverage, invariants only): `check`
 * (breadth-first, within TIME_LIMIT_S), or `simulate` from SEED (walks of up to 200 steps):
 * when it was found, how long the counterexample is, and for a simulation the walk as found,
 * shrunk, and the time spent shrinking.
 */
async function runFirst(name: string, params: Record<string, unknown>, how: string, limitS: number) {
  const model = ((await import(name === 'live-update' ? '../machines/liveUpdate.ts' : `../examples/${name}.ts`)) as { default: Model }).default;
  const invariants = (model.invariants ?? []).map((i) => i.id);
  const t = performance.now();
  if (how === 'check') {
    const r = await check(model, { params, invariants, coverage: false, timeLimitMs: limitS * 1000 });
    const ms = performance.now() - t;
    return { states: r.stats.distinct, ms, verdict: r.verdict, steps: r.violations[0] ? r.violations[0].trace.length - 1 : null };
  }
  const r = simulate(model, { params, invariants, seed: Number(how), runs: 1_000_000, depth: 200, coverage: false, timeLimitMs: limitS * 1000 });
  const ms = performance.now() - t;
  const f = r.simulation?.found;
  return { states: r.stats.distinct, ms, verdict: r.verdict, steps: f ? f.steps : null, foundMs: f?.foundMs, foundSteps: f?.foundSteps, shrunkSteps: f?.shrunkSteps, shrinkMs: f?.shrinkMs, walks: r.simulation?.walks };
}

if (tool === 'first') {
  const out = await runFirst(process.argv[3]!, JSON.parse(process.argv[4] ?? '{}') as Record<string, unknown>, process.argv[5]!, Number(process.argv[6] ?? 60));
  process.stdout.write(JSON.stringify({ ...out, maxRssBytes: process.resourceUsage().maxRSS * 1024 }) + '\n');
  process.exit(0);
}

if (tool === 'classic') {
  // the peak resident memory is the first run's, taken before the second
  const out = await runClassic(process.argv[3]!, JSON.parse(process.argv[4] ?? '{}') as Record<string, unknown>, Number(process.argv[5] ?? 0));
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exit(0);
}

if (tool === 'floor') {
  // as `classic` measures lucheck: resident memory when the search starts, its time, the peak over it
  const { startRssBytes, loadPeakBytes, peakReset } = startMeasuring();
  const t = performance.now();
  const { states } = floorSearch(process.argv[3]!, JSON.parse(process.argv[4] ?? '{}') as Record<string, number>);
  const ms = performance.now() - t;
  const searchPeakRssBytes = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify({ states, ms, startRssBytes, searchPeakRssBytes, maxRssBytes: Math.max(loadPeakBytes, searchPeakRssBytes), peakReset }) + '\n');
  process.exit(0);
}

if (tool === 'corpus') {
  const out = await runCorpus(process.argv[3]!, process.argv[4]!, JSON.parse(process.argv[5] ?? '{}') as Record<string, unknown>);
  process.stdout.write(JSON.stringify({ ...out, maxRssBytes: process.resourceUsage().maxRSS * 1024 }) + '\n');
  process.exit(0);
}

if (tool === 'live-update') {
  const engine = process.argv[3] as 'compiled' | 'reference';
  const flags = process.argv.slice(5);
  stepMemo.enabled = !flags.includes('nomemo');
  const out = await runLiveUpdate(engine, JSON.parse(process.argv[4]!) as Record<string, unknown>, flags.includes('symmetry'), flags.includes('auxiliary'));
  console.log(JSON.stringify({ ...out, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
  process.exit(0);
}

const run = tool === 'compiled' || tool === 'reference' ? runLucheck(tool) : tool === 'graph' ? runGraph : undefined;
if (!run || !Number.isInteger(regions) || !Number.isInteger(size)) {
  console.error('usage: benchRun.ts compiled|reference|graph REGIONS SIZE');
  process.exit(2);
}
run(3, 8); // warm-up: JIT compilation stays out of the measured run
// maxRSS: the peak resident memory of this whole process, in bytes.
console.log(JSON.stringify({ ...run(regions, size), maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
