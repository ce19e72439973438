// The classic models of examples/ in Promela, for SPIN, each with the state count of its
// lucheck model: one process per region, every transition of the statechart one d_step (one
// SPIN transition, no stored state inside it), the region's state as the process's control
// point, the context as global variables. Checked equal in `npm run bench` (and, where SPIN is
// installed, in test/examples/classicModels.test.ts).
import { forksOf } from '../examples/philosophers.ts';

/** Dining philosophers (examples/philosophers.ts): hungry, the lower fork, the other, eat, release both. */
export function philosophersPromela(n: number): string {
  const procs = Array.from({ length: n }, (_, i) => {
    const [a, b] = forksOf(i, n);
    return [
      `active proctype p${i}() {`,
      '  do',
      '  :: d_step { skip };',
      `     d_step { !fork[${a}] -> fork[${a}] = true };`,
      `     d_step { !fork[${b}] -> fork[${b}] = true };`,
      `     d_step { fork[${a}] = false; fork[${b}] = false }`,
      '  od',
      '}',
    ].join('\n');
  });
  return [`bool fork[${n}];`, ...procs, ''].join('\n');
}

/** The bounded FIFO (examples/fifo.ts): producers make and put their number; the consumer gets the head into `got`, then consumes it. */
export function fifoPromela(producers: number, capacity: number): string {
  const procs = Array.from({ length: producers }, (_, i) =>
    [`active proctype p${i}() {`, '  do', '  :: d_step { skip };', `     d_step { nfull(q) -> q!${i} }`, '  od', '}'].join('\n'),
  );
  const consumer = ['active proctype consumer() {', '  do', '  :: d_step { nempty(q) -> q?got };', '     d_step { got = 255 }', '  od', '}'].join('\n');
  return [`chan q = [${capacity}] of { byte };`, 'byte got = 255;', ...procs, consumer, ''].join('\n');
}

/** Peterson's filter lock (examples/filter.ts), its levels unrolled as the statechart's states are. */
export function filterPromela(n: number): string {
  const mayPass = (i: number, L: number) => {
    const others = Array.from({ length: n }, (_, k) => k).filter((k) => k !== i).map((k) => `level[${k}] < ${L}`);
    return `(victim[${L}] != ${i} || (${others.join(' && ')}))`;
  };
  const procs = Array.from({ length: n }, (_, i) => {
    const body = [`  :: d_step { level[${i}] = 1 };`];
    for (let L = 1; L < n; L++) {
      body.push(`     d_step { victim[${L}] = ${i} };`);
      body.push(L === n - 1 ? `     d_step { ${mayPass(i, L)} -> skip };` : `     d_step { ${mayPass(i, L)} -> level[${i}] = ${L + 1} };`);
    }
    body.push(`     d_step { level[${i}] = 0 }`);
    return [`active proctype p${i}() {`, '  do', ...body, '  od', '}'].join('\n');
  });
  return [`byte level[${n}];`, `byte victim[${n}];`, ...procs, ''].join('\n');
}
