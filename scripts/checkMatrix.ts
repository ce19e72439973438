// `npm run check`: the live-update model over its configuration matrix, exhaustively. One line
// per configuration with states, time and verdict; exit 1 only when a result differs from the
// expectation written next to it in machines/matrix.ts.
import { check } from 'lucheck';
import liveUpdate from '../machines/liveUpdate.ts';
import { describeParams, headlineRows, matrix, type MatrixRow } from '../machines/matrix.ts';

async function run(row: MatrixRow): Promise<{ line: string; ok: boolean }> {
  const r = await check(liveUpdate, { params: row.params, invariants: row.only });
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
console.log(`\n${rows.length - failed} of ${rows.length} configurations gave the expected verdict`);
process.exitCode = failed === 0 ? 0 : 1;
