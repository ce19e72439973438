// `npm run check`: the live-update model over its configuration matrix, exhaustively. One line
// per configuration with states, time and verdict; exit 1 only when a result differs from the
// expectation written next to it in machines/matrix.ts.
import { check } from 'lucheck';
import liveUpdate from '../machines/liveUpdate.ts';
import { describeParams, headlineRows, matrix, type MatrixRow } from '../machines/matrix.ts';

/** Transitions (by source, event and handler) fired in some configuration, and every one declared. */
const firedSomewhere = new Set<string>();
const declared = new Map<string, string>();

async function run(row: MatrixRow): Promise<{ line: string; ok: boolean }> {
  const r = await check(liveUpdate, { params: row.params, invariants: row.only });
  for (const t of r.coverage?.transitions ?? []) {
    const key = `${t.source}|${t.event}|${t.candidate}`;
    declared.set(key, `${t.source}: ${t.label}`);
    if (t.fired > 0) firedSomewhere.add(key);
  }

  const got = r.verdict === 'violation' || r.verdict === 'deadlock' ? `${r.verdict} ${r.violations[0]!.id}` : r.verdict;
  const want = row.expect.invariant ? `${row.expect.verdict} ${row.expect.invariant}` : row.expect.verdict;
  const ok = got === want;
  const states = r.stats.distinct.toLocaleString('en-US').padStart(7);
  const ms = `${Math.round(r.stats.elapsedMs)} ms`.padStart(8);
  const line = `${ok ? 'ok  ' : 'FAIL'} ${states} states ${ms}  ${got.padEnd(20)} ${describeParams(row.params)}${row.only ? ` --invariant ${row.only.join(',')}` : ''}${ok ? '' : `  (expected ${want}: ${row.expect.why})`}`;
  return { line, ok };
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
