// `npm run check`: the live-update model over its configuration matrix, exhaustively. One line
// per configuration with states, time, the verdict of its invariants and that of its progress
// properties; exit 1 only when a result differs from the expectation written next to it in
// machines/matrix.ts (progressExpectation for the properties).
import { describeParams, headlineRows, matrix, type MatrixRow } from '../machines/matrix.ts';
import { runRow } from './matrixRun.ts';

/** Transitions (by source, event and handler) fired in some configuration, and every one declared. */
const firedSomewhere = new Set<string>();
const declared = new Map<string, string>();

async function run(row: MatrixRow): Promise<{ line: string; ok: boolean }> {
  const r = await runRow(row);
  for (const t of r.safety.coverage?.transitions ?? []) {
    const key = `${t.source}|${t.event}|${t.candidate}`;
    declared.set(key, `${t.source}: ${t.label}`);
    if (t.fired > 0) firedSomewhere.add(key);
  }
  const states = r.safety.stats.distinct.toLocaleString('en-US').padStart(7);
  const ms = `${Math.round(r.safety.stats.elapsedMs + r.progress.result.stats.elapsedMs)} ms`.padStart(8);
  const progress = r.progress.got === 'pass' ? 'progress ok' : `progress ${r.progress.got.replace('liveness ', '')} fails`;
  const wrong = [...(r.got === r.want ? [] : [`expected ${r.want}: ${row.expect.why}`]), ...(r.progress.got !== r.progress.want ? [`expected progress ${r.progress.want}: ${r.progress.why}`] : [])];
  const line = `${r.ok ? 'ok  ' : 'FAIL'} ${states} states ${ms}  ${r.got.padEnd(20)} ${progress.padEnd(26)} ${describeParams(row.params)}${row.only ? ` --invariant ${row.only.join(',')}` : ''}${wrong.length ? `  (${wrong.join('; ')})` : ''}`;
  return { line, ok: r.ok };
}

const rows = [...headlineRows(), ...matrix()];
let failed = 0;
for (const row of rows) {
  const { line, ok } = await run(row);
  console.log(line);
  if (!ok) failed++;
}
// Over the whole matrix, a declared transition that no configuration fires is dead model code
// (or a configuration the matrix lacks): worth a look either way.
const never = [...declared].filter(([k]) => !firedSomewhere.has(k)).map(([, label]) => label);
console.log(`\ncoverage over the matrix: ${firedSomewhere.size} of ${declared.size} declared transitions fired in some configuration${never.length ? `; never: ${never.join('; ')}` : ''}`);
console.log(`${rows.length - failed} of ${rows.length} configurations gave the expected verdict`);
process.exitCode = failed === 0 ? 0 : 1;
