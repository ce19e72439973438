// `npm run bench`: lucheck's breadth-first search against xstate/graph's getShortestPaths on the
// same xstate machines, in one run on one machine, plus the 1,000,000-state counter with the
// memory of its visited set. Prints medians over several alternating rounds and the ratios,
// as a Markdown table. Not a test: nothing here passes or fails on timing.
import { getShortestPaths } from 'xstate/graph';
import { bfs, createXstateSystem, resolveSearchConfig, searchProblem, resolveParams } from 'lucheck';
import type { ModelDefinition, ParamValues } from 'lucheck';
import counter from '../examples/counter.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function runLucheck(model: ModelDefinition<ParamValues>, params: ParamValues): { states: number; ms: number } {
  const system = createXstateSystem(model, params);
  const t = performance.now();
  const out = bfs(system, searchProblem(model, params), resolveSearchConfig({}));
  const ms = performance.now() - t;
  if (out.kind !== 'pass') throw new Error(`lucheck: unexpected verdict ${out.kind}`);
  return { states: out.stats.distinct, ms };
}

function runGraph(model: ModelDefinition<ParamValues>, params: ParamValues): { states: number; ms: number } {
  const machine = model.machine(params) as unknown as Parameters<typeof getShortestPaths>[0];
  const t = performance.now();
  const paths = getShortestPaths(machine, { events: (s) => [...model.events(s as never, params)] as never });
  return { states: paths.length, ms: performance.now() - t };
}

interface Row {
  name: string;
  states: number;
  lucheck: number;
  graph: number;
}

function compare(name: string, model: ModelDefinition<ParamValues>, given: Record<string, unknown>): Row {
  const params = resolveParams(model.name, model.params, given);
  const l: number[] = [];
  const g: number[] = [];
  let states = 0;
  runLucheck(model, params); // warm-up both, so JIT compilation is not in the first round
  runGraph(model, params);
  for (let r = 0; r < ROUNDS; r++) {
    const a = runLucheck(model, params);
    const b = runGraph(model, params);
    if (a.states !== b.states) throw new Error(`${name}: lucheck found ${a.states} states, xstate/graph ${b.states}`);
    states = a.states;
    l.push((a.states / a.ms) * 1000);
    g.push((b.states / b.ms) * 1000);
  }
  return { name, states, lucheck: median(l), graph: median(g) };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

console.log(`# lucheck bench (node ${process.version}, ${ROUNDS} rounds, medians)\n`);
console.log('| machine | states | lucheck BFS (states/s) | xstate/graph getShortestPaths (states/s) | ratio |');
console.log('|---|---:|---:|---:|---:|');
for (const row of [
  compare('counter 3 regions x 20', counter, { regions: 3, size: 20 }),
  compare('counter 4 regions x 12', counter, { regions: 4, size: 12 }),
  compare('counter 3 regions x 40', counter, { regions: 3, size: 40 }),
]) {
  console.log(`| ${row.name} | ${fmt(row.states)} | ${fmt(row.lucheck)} | ${fmt(row.graph)} | ${(row.lucheck / row.graph).toFixed(1)}x |`);
}

// The 1,000,000-state counter: throughput, and the visited set's memory measured two ways:
// the bytes the store reports for its typed arrays, and the growth of Node's own
// `arrayBuffers` figure (all typed-array memory of the process) while the store is alive.
const params = resolveParams('counter', counter.params, { regions: 3, size: 100 });
const system = createXstateSystem(counter, params);
const before = process.memoryUsage().arrayBuffers;
const t = performance.now();
const out = bfs(system, searchProblem(counter, params), resolveSearchConfig({}));
const ms = performance.now() - t;
const measured = process.memoryUsage().arrayBuffers - before;
console.log('\n| run | distinct states | states/s | visited set, reported | visited set, measured (arrayBuffers) |');
console.log('|---|---:|---:|---:|---:|');
console.log(
  `| counter 3 x 100 | ${fmt(out.stats.distinct)} | ${fmt((out.stats.distinct / ms) * 1000)} | ` +
    `${(out.store.bytes / out.stats.distinct).toFixed(1)} bytes/state | ${(measured / out.stats.distinct).toFixed(1)} bytes/state |`,
);
