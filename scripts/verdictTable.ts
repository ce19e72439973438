// `npm run verdicts`: runs the headline configurations of the live-update model and prints the
// verdict table as Markdown (the invariants, then the progress properties); with --write,
// replaces the table in README.md between its markers.
import { readFileSync, writeFileSync } from 'node:fs';
import { describeParams, headlineRows } from '../machines/matrix.ts';
import { runRow, type RowRun } from './matrixRun.ts';

/** Each progress property with ✓ or ✗, and why where one fails (the row's progress expectation, checked against the run). */
function progressCell(r: RowRun): string {
  const p = r.progress.result;
  const failed = p.violations.map((v) => v.id);
  const marks = (p.properties ?? []).map((id) => `${id} ${failed.includes(id) ? '✗' : '✓'}`).join(' · ');
  return failed.length > 0 ? `${marks}: ${r.progress.why}` : marks;
}

const START = '<!-- verdicts:start -->';
const END = '<!-- verdicts:end -->';

const FAIRNESS = 'weak fairness of every actor but the device';
const lines = [
  `| configuration | parameters | states | verdict | violated invariant | expected | why | progress (${FAIRNESS}) |`,
  '|---|---|---:|---|---|---|---|---|',
];
let mismatches = 0;
for (const row of headlineRows()) {
  const r = await runRow(row);
  const v = r.safety.violations[0];
  if (!r.ok) mismatches++;
  lines.push(
    `| ${row.label} | \`${describeParams(row.params)}${row.only ? ` --invariant ${row.only.join(',')}` : ''}\` | ${r.safety.stats.distinct.toLocaleString('en-US')} | ${r.safety.verdict} | ${v ? `${v.id}: ${v.message.replace(/\|/g, '\\|')}` : '—'} | ${r.ok ? 'yes' : `**no** (expected ${r.want}; progress ${r.progress.want})`} | ${row.expect.why} | ${progressCell(r)} |`,
  );
}
const table = lines.join('\n');
if (process.argv.includes('--write')) {
  const readme = readFileSync('README.md', 'utf8');
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md has no ${START} ... ${END} section`);
  writeFileSync('README.md', `${readme.slice(0, a + START.length)}\n${table}\n${readme.slice(b)}`);
  console.log('README.md verdict table updated');
} else console.log(table);
process.exitCode = mismatches === 0 ? 0 : 1;
