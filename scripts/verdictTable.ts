// `npm run verdicts`: runs the headline configurations of the live-update model and prints the
// verdict table as Markdown; with --write, replaces the table in README.md between its markers.
import { readFileSync, writeFileSync } from 'node:fs';
import { check } from 'lucheck';
import liveUpdate from '../machines/liveUpdate.ts';
import { describeParams, headlineRows } from '../machines/matrix.ts';

const START = '<!-- verdicts:start -->';
const END = '<!-- verdicts:end -->';

const lines = ['| configuration | parameters | states | verdict | violated invariant | expected | why |', '|---|---|---:|---|---|---|---|'];
let mismatches = 0;
for (const row of headlineRows()) {
  const r = await check(liveUpdate, { params: row.params, invariants: row.only });
  const v = r.violations[0];
  const got = v ? `${r.verdict} ${v.id}` : r.verdict;
  const want = row.expect.invariant ? `${row.expect.verdict} ${row.expect.invariant}` : row.expect.verdict;
  if (got !== want) mismatches++;
  lines.push(
    `| ${row.label} | \`${describeParams(row.params)}${row.only ? ` --invariant ${row.only.join(',')}` : ''}\` | ${r.stats.distinct.toLocaleString('en-US')} | ${r.verdict} | ${v ? `${v.id}: ${v.message.replace(/\|/g, '\\|')}` : '—'} | ${got === want ? 'yes' : `**no** (expected ${want})`} | ${row.expect.why} |`,
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
