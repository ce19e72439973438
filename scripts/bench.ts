// `npm run bench`: lucheck's breadth-first search against xstate/graph's getShortestPaths on the
// same xstate machines, and against SPIN on the same counter product, in one run on one
// machine; then the 1,000,000-state counter with the memory of its visited set, and the
// live-update model's largest configurations, the classic models of the field against SPIN, the
// cost of the liveness check, and real machines. BENCH_ONLY=classic (a comma-separated list) runs some tables alone. Each measurement runs in a fresh process (scripts/benchRun.ts),
// started with the node flags of the `lucheck` command (bin/lucheck.js's first line), the two
// tools alternating; the table shows medians and their ratio. Not a test: nothing here passes
// or fails on timing.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { buildPan, buildPanOf, ensureSpin, runPan } from './spin.ts';
import { cliNodeFlags } from './cliNodeFlags.ts';
import { fifoPromela, filterPromela, philosophersPromela } from './classicPromela.ts';

const RUNNER = fileURLToPath(new URL('./benchRun.ts', import.meta.url));
const WORKERS_RUN = fileURLToPath(new URL('./benchWorkers.ts', import.meta.url));
/** Every measured process is started with the flags the `lucheck` command starts node with (bin/lucheck.js). */
const NODE_FLAGS = cliNodeFlags();
const ROUNDS = process.env.BENCH_ROUNDS ? Number(process.env.BENCH_ROUNDS) : undefined;
/** BENCH_ONLY=classic,spin runs those tables alone: graph, spin, classic, counter-1m, live-update, liveness, simulate, corpus, workers, distributed. */
const ONLY = process.env.BENCH_ONLY?.split(',');
const want = (table: string) => ONLY === undefined || ONLY.includes(table);

interface Run {
  states: number;
  ms: number;
  maxRssBytes: number;
  startRssBytes?: number;
  /** The peak resident memory over the search alone (the high-water mark reset when it started), where `peakReset`. */
  searchPeakRssBytes?: number;
  peakReset?: boolean;
  storeBytes?: number;
  setBytes?: number;
  arrayBufferBytes?: number;
  /** The classic runs: the same search again in the same process, its JIT settled. */
  warmMs?: number;
}

/** A run's resident memory over its search, per state: the search's peak (or the process's, where it could not be told apart) over the memory when it started. */
function perStateGrowth(run: Run): number {
  return ((run.peakReset ? run.searchPeakRssBytes! : run.maxRssBytes) - run.startRssBytes!) / run.states;
}

function measure(tool: 'compiled' | 'reference' | 'graph', regions: number, size: number): Run {
  return runner([tool, String(regions), String(size)]);
}

function runner(args: readonly string[]): Run {
  const out = execFileSync(process.execPath, [...NODE_FLAGS, '--max-old-space-size=16384', '--expose-gc', '--import', 'tsx', RUNNER, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out) as Run;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * `--workers 1` and `--workers 2` on a model, `rounds` rounds, each run a whole check in a fresh
 * process (scripts/benchWorkers.ts), the two run back to back in each round. The speed-up is the
 * median of the rounds' own ratios (w1's time over w2's), so that a slow stretch of the machine,
 * which lasts longer than a round, slows both runs of its round and cancels out; the rates are
 * medians of their own.
 */
function workersSpeedup(label: string, model: string, params: Record<string, unknown>, states: number, rounds: number): { w1: number; w2: number; speedup: number } {
  const rates: [number[], number[]] = [[], []];
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const ms: number[] = [];
    for (const w of [1, 2]) {
      const out = execFileSync(process.execPath, [...NODE_FLAGS, '--import', 'tsx', WORKERS_RUN, 'run', String(w), model, JSON.stringify(params)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      const run = JSON.parse(out) as { states: number; ms: number };
      if (run.states !== states) throw new Error(`${label}, --workers ${w}: ${run.states} states, expected ${states}`);
      rates[w - 1]!.push((run.states / run.ms) * 1000);
      ms.push(run.ms);
    }
    ratios.push(ms[0]! / ms[1]!);
  }
  return { w1: median(rates[0]), w2: median(rates[1]), speedup: median(ratios) };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const rate = (r: Run) => (r.states / r.ms) * 1000;
const mib = (b: number) => `${fmt(b / 2 ** 20)} MiB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
/** The live-update model with n in-kernel clients on one block (its largest configurations). */
const ACCESSES = (n: number) => ({ handover: 'fork-exec', mdev: true, hotplug: true, accesses: n });

console.log(`# lucheck bench (node ${process.version}; medians; each run in a fresh process)\n`);
if (want('graph')) {
console.log('| machine | states | rounds | lucheck compiled (states/s) | lucheck reference adapter (states/s) | xstate/graph getShortestPaths (states/s) | compiled / graph | reference / graph |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
// xstate/graph keeps every state and a path to it in memory, so its large runs take tens of
// seconds and several GiB each: fewer rounds there.
for (const [regions, size, rounds] of [
  [3, 20, 5],
  [3, 60, 3],
  [4, 20, 3],
] as const) {
  const n = ROUNDS ?? rounds;
  const c: number[] = [];
  const l: number[] = [];
  const g: number[] = [];
  let states = 0;
  for (let r = 0; r < n; r++) {
    const x = measure('compiled', regions, size);
    const a = measure('reference', regions, size);
    const b = measure('graph', regions, size);
    if (a.states !== b.states || x.states !== b.states) throw new Error(`counter ${regions}x${size}: compiled ${x.states}, reference ${a.states}, xstate/graph ${b.states} states`);
    states = a.states;
    c.push(rate(x));
    l.push(rate(a));
    g.push(rate(b));
  }
  const [cm, lm, gm] = [median(c), median(l), median(g)];
  console.log(`| counter ${regions} regions x ${size} | ${fmt(states)} | ${n} | ${fmt(cm)} | ${fmt(lm)} | ${fmt(gm)} | ${(cm / gm).toFixed(1)}x | ${(lm / gm).toFixed(1)}x |`);
}
}

// SPIN on the same counter product, side by side with the compiled path, equal state counts
// checked. pan stores full state vectors (-DSAFETY -DNOREDUCE), as lucheck stores every state.
const spinProblem = ensureSpin();
if (want('spin')) {
console.log('\n| machine | states | rounds | SPIN pan (states/s) | lucheck compiled (states/s) | SPIN / compiled |');
console.log('|---|---:|---:|---:|---:|---:|');
if (spinProblem) console.log(`| (SPIN not run: ${spinProblem}) | | | | | |`);
else {
  for (const [regions, size, rounds] of [
    [3, 100, 5],
    [4, 40, 3],
  ] as const) {
    const n = ROUNDS ?? rounds;
    const dir = buildPan(regions, size);
    const sp: number[] = [];
    const cp: number[] = [];
    let states = 0;
    for (let r = 0; r < n; r++) {
      const x = measure('compiled', regions, size);
      const p = runPan(dir, x.states);
      if (p.states !== x.states) throw new Error(`counter ${regions}x${size}: SPIN stored ${p.states} states, lucheck ${x.states}`);
      states = x.states;
      sp.push(rate(p as Run));
      cp.push(rate(x));
    }
    const [sm, cm] = [median(sp), median(cp)];
    console.log(`| counter ${regions} regions x ${size} | ${fmt(states)} | ${n} | ${fmt(sm)} | ${fmt(cm)} | ${(sm / cm).toFixed(2)}x |`);
  }
}
}

// The classic models of the field (examples/philosophers.ts, fifo.ts, filter.ts), each in both
// tools with equal state counts checked: the Promela (classicPromela.ts) makes every statechart
// transition one d_step and every region a process. SPIN checks deadlock (invalid end states);
// lucheck checks deadlock and the model's invariants. Memory: the peak resident memory over the
// search (the kernel's high-water mark reset when it starts: benchRun.ts startMeasuring) less
// the resident memory then, per state; "peak RSS" is the whole process's. "Warm, same
// process": the same search on a new system, again and again after the first until the JIT has
// settled (up to 10 runs or 4 s; the median of the last three), as SPIN's pan runs compiled
// (the first run's rate is the one compared; the warm one shows what the JIT's warming up cost
// it, and what the engine costs without it). "Told the count": lucheck's first search again in a
// fresh process, told to expect the states the round's first run found (`--expect-states`), as
// SPIN's pan is told them (its hash table sized by -w): both tools then size their visited set
// in advance; its memory measured as the first run's. --workers 2 on the models of more than a million
// states: whole checks, each in a fresh process, the median of each round's ratio (workersSpeedup).
// "Hand-written JS": the same model checked by a hand-written JavaScript search over byte vectors
// (scripts/classicFloor.ts, deadlock only, as SPIN), in a fresh process, memory measured alike:
// what the language allows, so that the gap to SPIN can be told apart from what the engine costs.
const CLASSIC: readonly (readonly [string, string, Record<string, number>, string, number])[] = [
  ['dining philosophers, 5', 'philosophers', { n: 5 }, philosophersPromela(5), 3],
  ['dining philosophers, 6', 'philosophers', { n: 6 }, philosophersPromela(6), 3],
  ['dining philosophers, 7', 'philosophers', { n: 7 }, philosophersPromela(7), 3],
  ['dining philosophers, 8', 'philosophers', { n: 8 }, philosophersPromela(8), 3],
  ['dining philosophers, 9', 'philosophers', { n: 9 }, philosophersPromela(9), 3],
  ['dining philosophers, 10', 'philosophers', { n: 10 }, philosophersPromela(10), 3],
  ['bounded FIFO, 3 producers, 8 places', 'fifo', { producers: 3, capacity: 8 }, fifoPromela(3, 8), 3],
  ['bounded FIFO, 3 producers, 10 places', 'fifo', { producers: 3, capacity: 10 }, fifoPromela(3, 10), 3],
  ['filter lock, 3 processes', 'filter', { n: 3 }, filterPromela(3), 3],
  ['filter lock, 4 processes', 'filter', { n: 4 }, filterPromela(4), 3],
  ['filter lock, 5 processes', 'filter', { n: 5 }, filterPromela(5), 3],
  ['filter lock, 6 processes', 'filter', { n: 6 }, filterPromela(6), 3],
];
if (want('classic')) {
console.log('\n| classic model | states | rounds | SPIN pan (states/s) | lucheck compiled (states/s) | SPIN / compiled | lucheck compiled, told the count (states/s) | SPIN / told | lucheck warm, same process (states/s) | SPIN / warm | lucheck peak RSS | lucheck memory per state | told the count: memory per state | --workers 2 / --workers 1 | hand-written JS (states/s) | SPIN / hand-written JS | hand-written JS memory per state |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
/** Some run's high-water mark could not be reset: its memory per state is over the whole process's peak. */
let peakNotReset = false;
if (spinProblem) console.log(`| (SPIN not run: ${spinProblem}) | | | | | | | | | | | | | | | | |`);
else {
  for (const [label, name, params, promela, rounds] of CLASSIC) {
    const n = ROUNDS ?? rounds;
    const dir = buildPanOf(promela);
    const sp: number[] = [];
    const cp: number[] = [];
    const mem: number[] = [];
    const rss: number[] = [];
    const warm: number[] = [];
    const hand: number[] = [];
    const handMem: number[] = [];
    const told: number[] = [];
    const toldMem: number[] = [];
    let states = 0;
    for (let r = 0; r < n; r++) {
      const x = runner(['classic', name, JSON.stringify(params)]);
      const t = runner(['classic', name, JSON.stringify(params), String(x.states)]);
      const p = runPan(dir, x.states);
      if (t.states !== x.states) throw new Error(`${label}: told to expect ${x.states} states, lucheck found ${t.states}`);
      told.push(rate(t));
      toldMem.push(perStateGrowth(t));
      const h = runner(['floor', name, JSON.stringify(params)]);
      if (p.states !== x.states) throw new Error(`${label}: SPIN stored ${p.states} states, lucheck ${x.states}`);
      if (h.states !== x.states) throw new Error(`${label}: the hand-written check found ${h.states} states, lucheck ${x.states}`);
      hand.push(rate(h));
      handMem.push(perStateGrowth(h));
      states = x.states;
      sp.push(rate(p as Run));
      cp.push(rate(x));
      warm.push(rate({ ...x, ms: x.warmMs! }));
      rss.push(x.maxRssBytes);
      mem.push(perStateGrowth(x));
      if (![x, t, h].every((run) => run.peakReset)) peakNotReset = true;
    }
    // five rounds of the two runs (seconds each): their ratio swings with the machine more than a rate does
    const workers = states > 1_000_000 ? `${workersSpeedup(label, name, params, states, ROUNDS ?? 5).speedup.toFixed(2)}x` : '—';
    const [sm, cm, tm, wm, hm] = [median(sp), median(cp), median(told), median(warm), median(hand)];
    console.log(
      `| ${label} | ${fmt(states)} | ${n} | ${fmt(sm)} | ${fmt(cm)} | ${(sm / cm).toFixed(1)}x | ${fmt(tm)} | ${(sm / tm).toFixed(1)}x | ${fmt(wm)} | ${(sm / wm).toFixed(1)}x | ${fmt(median(rss) / 2 ** 20)} MiB | ${fmt(median(mem))} bytes | ${fmt(median(toldMem))} bytes | ${workers} | ` +
        `${fmt(hm)} | ${(sm / hm).toFixed(1)}x | ${fmt(median(handMem))} bytes |`,
    );
  }
  if (peakNotReset) console.log('\n(memory per state: the high-water mark could not be reset on this machine, so the peaks are whole processes\', model loading included)');
}
}

if (want('counter-1m')) {
// The 1,000,000-state counter, once per tool: xstate/graph needs about two minutes and 10 GiB.
const bigCompiled = measure('compiled', 3, 100);
const big = measure('reference', 3, 100);
const bigGraph = process.env.BENCH_SKIP_GRAPH_1M ? undefined : measure('graph', 3, 100);
if (bigGraph && bigGraph.states !== big.states) throw new Error(`counter 3x100: lucheck found ${big.states} states, xstate/graph ${bigGraph.states}`);
console.log('\n| counter 3 regions x 100 | distinct states | states/s | peak RSS of the process | visited set (fingerprints) | trace links | store, as it reports itself | store, as Node measures it (arrayBuffers) |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
const perState = (bytes: number, states: number) => `${(bytes / states).toFixed(1)} bytes/state`;
for (const [name, run] of [['lucheck compiled', bigCompiled], ['lucheck reference adapter', big]] as const) {
  console.log(
    `| ${name} | ${fmt(run.states)} | ${fmt(rate(run))} | ${mib(run.maxRssBytes)} | ${perState(run.setBytes!, run.states)} | ` +
      `${perState(run.storeBytes! - run.setBytes!, run.states)} | ${perState(run.storeBytes!, run.states)} | ${perState(run.arrayBufferBytes!, run.states)} |`,
  );
}
if (bigGraph) {
  console.log(`| xstate/graph getShortestPaths | ${fmt(bigGraph.states)} | ${fmt(rate(bigGraph))} | ${mib(bigGraph.maxRssBytes)} | | | | |`);
  console.log(`\nratios on the 1,000,000-state counter: compiled ${(rate(bigCompiled) / rate(bigGraph)).toFixed(1)}x, reference adapter ${(rate(big) / rate(bigGraph)).toFixed(1)}x xstate/graph`);
}
}

// The live-update model: whole checks (all invariants, coverage), from a few thousand states to
// 1.45 million (benchRun.ts says how each is timed); medians over rounds. `memo` is the model's
// step memo (machines/stepMemo.ts), switched off to show what it buys. `auxiliary` is
// --drop-auxiliary: the in-kernel clients' and hot-plug thread's return values left out of the
// state; accesses=7 is the configuration of 67,200,551 states without it.
if (want('live-update')) {
console.log('\n| live-update configuration | engine | step memo | symmetry | drop auxiliary | states | rounds | time | states/s | peak RSS |');
console.log('|---|---|---|---|---|---:|---:|---:|---:|---:|');
type LiveRow = readonly [string, Record<string, unknown>, 'compiled' | 'reference', { symmetry?: boolean; auxiliary?: boolean; memo?: boolean; rounds?: number }];
const MIXED = { handover: 'fork-exec', mdev: true, hotplug: true, memory: 'mixed' };
const LIVE: readonly LiveRow[] = [
  ['mainline, fork-exec, mdev, hot-plug, memory=mixed', MIXED, 'compiled', {}],
  ['mainline, fork-exec, mdev, hot-plug, memory=mixed', MIXED, 'reference', {}],
  // n in-kernel clients on one block; symmetry: they are interchangeable
  ['mainline, fork-exec, hot-plug, mdev, accesses=3', ACCESSES(3), 'compiled', {}],
  ['mainline, fork-exec, hot-plug, mdev, accesses=3', ACCESSES(3), 'compiled', { memo: false }],
  ['mainline, fork-exec, hot-plug, mdev, accesses=3', ACCESSES(3), 'reference', {}],
  ['mainline, fork-exec, hot-plug, mdev, accesses=3', ACCESSES(3), 'compiled', { symmetry: true }],
  ['mainline, fork-exec, hot-plug, mdev, accesses=4', ACCESSES(4), 'compiled', {}],
  ['mainline, fork-exec, hot-plug, mdev, accesses=4', ACCESSES(4), 'compiled', { symmetry: true }],
  ['mainline, fork-exec, hot-plug, mdev, accesses=4', ACCESSES(4), 'compiled', { auxiliary: true }],
  ['mainline, fork-exec, hot-plug, mdev, accesses=5', ACCESSES(5), 'compiled', { rounds: 1 }],
  ['mainline, fork-exec, hot-plug, mdev, accesses=5', ACCESSES(5), 'compiled', { auxiliary: true }],
  ['mainline, fork-exec, hot-plug, mdev, accesses=7', ACCESSES(7), 'compiled', { auxiliary: true, rounds: 1 }],
  ['mainline, fork-exec, hot-plug, mdev, accesses=7', ACCESSES(7), 'compiled', { auxiliary: true, symmetry: true, rounds: 1 }],
  // symmetry reduction: the two memfd RAM blocks are interchangeable
  ['mainline, scm-rights, hot-plug, ramBlocks=2', { handover: 'scm-rights', hotplug: true, ramBlocks: 2 }, 'compiled', {}],
  ['mainline, scm-rights, hot-plug, ramBlocks=2', { handover: 'scm-rights', hotplug: true, ramBlocks: 2 }, 'compiled', { symmetry: true }],
];
for (const [name, params, engine, o] of LIVE) {
  const n = ROUNDS ?? o.rounds ?? 3;
  const flags = [...(o.symmetry ? ['symmetry'] : []), ...(o.auxiliary ? ['auxiliary'] : []), ...(o.memo === false ? ['nomemo'] : [])];
  const runs = Array.from({ length: n }, () => runner(['live-update', engine, JSON.stringify(params), ...flags]));
  const on = (b: boolean | undefined) => (b ? 'on' : 'off');
  console.log(`| ${name} | ${engine} | ${on(o.memo !== false)} | ${on(o.symmetry)} | ${on(o.auxiliary)} | ${fmt(runs[0]!.states)} | ${n} | ${seconds(median(runs.map((r) => r.ms)))} | ${fmt(median(runs.map(rate)))} | ${mib(median(runs.map((r) => r.maxRssBytes)))} |`);
}
}

// Real machines (test/corpus): the compiled engine, the reference engine and xstate/graph on the
// same alphabet, alternating, each run in a fresh process; equal state counts checked. The
// corpus's larger machines; xstate/graph cannot traverse the OpenAPI editor's navigation machine
// (an invoked actor's systemId taken twice: its own error).
if (want('corpus')) {
console.log('\n| real machine (test/corpus) | states | rounds | lucheck compiled (states/s) | lucheck reference (states/s) | xstate/graph getShortestPaths (states/s) | compiled / reference | compiled / graph |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const [name, params, graph] of [
  ['tic-tac-toe', {}, true],
  ['snake', {}, true],
  ['openapi-editor-navigation', {}, false],
  ['openapi-editor-history', { waitForLoad: true }, true],
  ['credit-check', {}, true],
  ['trivia', {}, true],
] as const) {
  const n = ROUNDS ?? 3;
  const tools = graph ? (['compiled', 'reference', 'graph'] as const) : (['compiled', 'reference'] as const);
  const rates = new Map<string, number[]>(tools.map((t) => [t, []]));
  let states = 0;
  for (let r = 0; r < n; r++) {
    for (const t of tools) {
      const run = runner(['corpus', name, t, JSON.stringify(params)]);
      if (states && run.states !== states) throw new Error(`${name}: ${t} found ${run.states} states, another tool ${states}`);
      states = run.states;
      rates.get(t)!.push(rate(run));
    }
  }
  const [c, l] = [median(rates.get('compiled')!), median(rates.get('reference')!)];
  const g = graph ? median(rates.get('graph')!) : undefined;
  const label = `${name}${Object.keys(params).length ? ` (${Object.entries(params).map(([k, v]) => `${k}=${String(v)}`).join(' ')})` : ''}`;
  console.log(`| ${label} | ${fmt(states)} | ${n} | ${fmt(c)} | ${fmt(l)} | ${g === undefined ? '—' : fmt(g)} | ${(c / l).toFixed(1)}x | ${g === undefined ? '—' : `${(c / g).toFixed(1)}x`} |`);
}
}

// The cost of the liveness check: whole checks (no coverage) of the invariants alone and of the
// invariants and the temporal properties, alternating, each in a fresh process: the live-update
// model's largest configurations with its progress properties, and dining philosophers with
// EATS under strong fairness (holds: the whole graph is searched for a fair cycle) and weak
// (fails: a lasso is built).
if (want('liveness')) {
console.log('\n| liveness cost | states | edges | rounds | invariants only | with the properties | ratio | verdict | store, invariants only | store, with the state graph | peak RSS, with the properties |');
console.log('|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|');
for (const [name, model, params, rounds] of [
  ['live-update, mainline, fork-exec, mdev, hot-plug, memory=mixed', 'live-update', { handover: 'fork-exec', mdev: true, hotplug: true, memory: 'mixed' }, 3],
  ['live-update, mainline, fork-exec, hot-plug, mdev, accesses=3', 'live-update', ACCESSES(3), 3],
  ['live-update, mainline, fork-exec, hot-plug, mdev, accesses=4', 'live-update', ACCESSES(4), 3],
  ['live-update, mainline, fork-exec, hot-plug, mdev, accesses=5', 'live-update', ACCESSES(5), 1],
  ['dining philosophers, 8, strong fairness', 'philosophers', { n: 8, fairness: 'strong' }, 3],
  ['dining philosophers, 8, weak fairness', 'philosophers', { n: 8, fairness: 'weak' }, 3],
  ['dining philosophers, 10, strong fairness', 'philosophers', { n: 10, fairness: 'strong' }, 3],
  ['dining philosophers, 10, weak fairness', 'philosophers', { n: 10, fairness: 'weak' }, 3],
] as const) {
  const n = ROUNDS ?? rounds;
  const safety: (Run & { verdict: string; generated: number })[] = [];
  const all: (Run & { verdict: string; generated: number })[] = [];
  for (let r = 0; r < n; r++) {
    safety.push(runner(['liveness', model, JSON.stringify(params), 'safety']) as Run & { verdict: string; generated: number });
    all.push(runner(['liveness', model, JSON.stringify(params), 'all']) as Run & { verdict: string; generated: number });
  }
  if (safety[0]!.states !== all[0]!.states) throw new Error(`${name}: ${safety[0]!.states} states without the properties, ${all[0]!.states} with`);
  const [s, a] = [median(safety.map((r) => r.ms)), median(all.map((r) => r.ms))];
  const perState = (b: number) => `${(b / all[0]!.states).toFixed(0)} bytes/state`;
  console.log(`| ${name} | ${fmt(all[0]!.states)} | ${fmt(all[0]!.generated - 1)} | ${n} | ${seconds(s)} | ${seconds(a)} | ${(a / s).toFixed(1)}x | ${all[0]!.verdict} | ${perState(safety[0]!.storeBytes!)} | ${perState(all[0]!.storeBytes!)} | ${mib(median(all.map((r) => r.maxRssBytes)))} |`);
}
}

// Time to the first violation: lucheck check (breadth-first: the shortest counterexample, after
// every state nearer the initial one) against lucheck simulate (random walks, the first failing
// one shrunk), each in a fresh process; simulate from 5 seeds, medians. A check that the time
// limit stops has found nothing: the table says so.
if (want('simulate')) {
console.log('\n| first violation | check: time | check: states | check: steps | simulate: time to the first failing walk | its steps | shrunk by fast-check | after the shortcut search | shrinking time | seeds | check / simulate |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
const SEEDS = [1, 2, 3, 4, 5];
const LIMIT_S = 60;
for (const [name, model, params] of [
  ['live-update, mainline, fork-exec, memory=mixed, mdev, replug=unplug-first, accesses=6, hot-plug', 'live-update', { handover: 'fork-exec', memory: 'mixed', mdev: true, replug: 'unplug-first', accesses: 6, hotplug: true }],
  ['live-update, rfc-v1, fork-exec, memory=mixed, mdev, accesses=4', 'live-update', { variant: 'rfc-v1', handover: 'fork-exec', memory: 'mixed', mdev: true, accesses: 4 }],
  ['dining philosophers, 12, bug', 'philosophers', { n: 12, bug: true }],
  ['filter lock, 5, bug', 'filter', { n: 5, bug: true }],
  ['filter lock, 6, bug', 'filter', { n: 6, bug: true }],
  ['filter lock, 7, bug', 'filter', { n: 7, bug: true }],
  ['bounded FIFO, 3 producers, capacity 8, bug', 'fifo', { producers: 3, capacity: 8, bug: true }],
  ['bounded FIFO, 4 producers, capacity 12, bug', 'fifo', { producers: 4, capacity: 12, bug: true }],
] as const) {
  type First = Run & { verdict: string; steps: number | null; foundMs?: number; foundSteps?: number; shrunkSteps?: number; shrinkMs?: number };
  const c = runner(['first', model, JSON.stringify(params), 'check', String(LIMIT_S)]) as First;
  const sims = SEEDS.map((seed) => runner(['first', model, JSON.stringify(params), String(seed), String(LIMIT_S)]) as First);
  const found = sims.filter((r) => r.foundMs !== undefined);
  const med = (f: (r: First) => number) => (found.length > 0 ? median(found.map(f)) : NaN);
  const checkTime = c.steps === null ? `none in ${LIMIT_S} s (${c.verdict})` : seconds(c.ms);
  // from the start of the run to the failing walk, the model's setup included as in check's time
  const simTime = med((r) => r.ms - r.shrinkMs!);
  const ratio = c.steps === null ? `> ${fmt((LIMIT_S * 1000) / simTime)}x` : `${(c.ms / simTime).toFixed(c.ms / simTime < 10 ? 1 : 0)}x`;
  console.log(`| ${name} | ${checkTime} | ${fmt(c.states)} | ${c.steps ?? '—'} | ${seconds(simTime)} | ${fmt(med((r) => r.foundSteps!))} | ${fmt(med((r) => r.shrunkSteps!))} | ${fmt(med((r) => r.steps!))} | ${seconds(med((r) => r.shrinkMs!))} | ${found.length} of ${SEEDS.length} | ${ratio} |`);
}
}

// --workers N: the parallel (level-synchronous, shared visited set) search on the counters
// (1,000,000 and 2,560,000 states: the latter, with the classic models above a million states and
// the live-update model's largest configuration, makes every bench model of more than a million
// states measured with --workers) and the live-update model with 1 and 2 worker threads, alternating, each run in a fresh
// process; the time is the search's own, from the workers being ready to the verdict; the
// speed-up is the median of each round's ratio (workersSpeedup).
if (want('workers')) {
console.log('\n| parallel search | states | rounds | --workers 1 (states/s) | --workers 2 (states/s) | speed-up (median of the rounds\' ratios) |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const [name, model, params, states, rounds] of [
  ['counter 3 regions x 100', 'counter', { regions: 3, size: 100 }, 1_000_000, 5],
  ['counter 4 regions x 40', 'counter', { regions: 4, size: 40 }, 2_560_000, 5],
  ['live-update, fork-exec, hot-plug, mdev, accesses=5', 'live-update', ACCESSES(5), 1_454_159, 3],
] as const) {
  const n = ROUNDS ?? rounds;
  const { w1, w2, speedup } = workersSpeedup(name, model, params, states, n);
  console.log(`| ${name} | ${fmt(states)} | ${n} | ${fmt(w1)} | ${fmt(w2)} | ${speedup.toFixed(2)}x |`);
}
}

// lucheck distributed: the live-update model's two largest configurations checked by one
// `lucheck check` process, then by `lucheck distributed` in 1, 2 and 4 processes (as many
// partitions) sharing a local redis-server (scripts/distributedRun.ts); each run in fresh
// processes, the wall time from the first start to the last exit, medians. The bytes are those
// every process sent to Redis (arguments of its commands, batches deflated), per state stored.
// On one machine the processes share its cores: more processes than cores cannot go faster.
if (want('distributed')) {
const { distributed, liveUpdateArgs, single, startRedis } = await import('./distributedRun.ts');
console.log('\n| distributed search (local redis-server) | states | rounds | lucheck check | 1 process | 2 processes | 4 processes | speed-up, 2 / 4 processes | sent to Redis per state (1 / 2 / 4) |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
const redis = await startRedis();
try {
  for (const [accesses, states, rounds] of [
    [4, 215_189, 3],
    [5, 1_454_159, 1],
  ] as const) {
    const args = liveUpdateArgs(accesses);
    const n = ROUNDS ?? rounds;
    const times = new Map<string, number[]>();
    const bytes = new Map<number, number>();
    const note = (k: string, ms: number) => times.set(k, [...(times.get(k) ?? []), ms]);
    for (let r = 0; r < n; r++) {
      const s = await single(args);
      if (s.distinct !== states) throw new Error(`accesses=${accesses}: lucheck check found ${s.distinct} states, expected ${states}`);
      note('single', s.wallMs);
      for (const p of [1, 2, 4]) {
        const d = await distributed(redis.url, `bench-${process.pid}-${accesses}-${r}-${p}`, args, p);
        if (d.distinct !== s.distinct || d.generated !== s.generated || d.verdict !== s.verdict) throw new Error(`accesses=${accesses}, ${p} processes: ${JSON.stringify(d)}, single ${JSON.stringify(s)}`);
        note(String(p), d.wallMs);
        bytes.set(p, d.sentBytes! / d.distinct);
      }
    }
    const m = (k: string) => median(times.get(k)!);
    console.log(
      `| live-update, fork-exec, hot-plug, mdev, accesses=${accesses} | ${fmt(states)} | ${n} | ${seconds(m('single'))} | ${seconds(m('1'))} | ${seconds(m('2'))} | ${seconds(m('4'))} | ${(m('single') / m('2')).toFixed(2)}x / ${(m('single') / m('4')).toFixed(2)}x | ${[1, 2, 4].map((p) => fmt(bytes.get(p)!)).join(' / ')} B |`,
    );
  }
} finally {
  redis.stop();
}
}
