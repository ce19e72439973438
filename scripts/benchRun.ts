// One measured run for `npm run bench`, in a process of its own so that neither tool's heap
// slows the other's garbage collection. Usage: benchRun.ts compiled|reference|graph REGIONS SIZE
// Prints one JSON line: { states, ms, maxRssBytes, storeBytes?, arrayBufferBytes? }.
import { getShortestPaths } from 'xstate/graph';
import { bfs, resolveSearchConfig, searchProblem, resolveParams } from 'lucheck';
import { createSystem } from '../src/compiled/createSystem.ts';
import counter from '../examples/counter.ts';

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
  // Node's own count of typed-array memory, taken while the store is alive: an independent
  // measure of what the visited set holds, next to the figure the store reports for itself.
  const arrayBufferBytes = process.memoryUsage().arrayBuffers - before;
  return { states: out.stats.distinct, ms, storeBytes: out.store.bytes, arrayBufferBytes };
};

function runGraph(r: number, s: number) {
  const machine = counter.machine(resolveParams('counter', counter.params, { regions: r, size: s }));
  const events = Array.from({ length: r }, (_, i) => ({ type: `c${i}.INC` }));
  const t = performance.now();
  const paths = getShortestPaths(machine as never, { events: events as never });
  return { states: paths.length, ms: performance.now() - t };
}

const run = tool === 'compiled' || tool === 'reference' ? runLucheck(tool) : tool === 'graph' ? runGraph : undefined;
if (!run || !Number.isInteger(regions) || !Number.isInteger(size)) {
  console.error('usage: benchRun.ts compiled|reference|graph REGIONS SIZE');
  process.exit(2);
}
run(3, 8); // warm-up: JIT compilation stays out of the measured run
// maxRSS: the peak resident memory of this whole process, in bytes.
console.log(JSON.stringify({ ...run(regions, size), maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
