// Keeps the example runs in README.md true: every fenced block that starts with
// `$ npx lucheck ...` (except those on a ./file the reader writes) is re-run and its output
// written back (`--write`), or compared with what is there, timings masked (default; exit 1
// on a difference).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cliNodeFlags } from './cliNodeFlags.ts';

const BIN = fileURLToPath(new URL('../bin/lucheck.js', import.meta.url));
/** The node flags the `lucheck` command starts with (its first line), as `npx lucheck` runs it. */
const NODE_FLAGS = cliNodeFlags();
const BLOCK = /```\n\$ npx lucheck ([^\n]*)\n([\s\S]*?)```/g;

/** Output of one run, with the exit status shown as the README shows it. */
function runCommand(args: string): string {
  let out: string;
  let code = 0;
  try {
    out = execFileSync(process.execPath, [...NODE_FLAGS, BIN, ...args.split(' ')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { stdout: string; status: number };
    out = e.stdout;
    code = e.status;
  }
  return code === 0 ? out : `${out}$ echo $?\n${code}\n`;
}

/** Timings and rates vary from run to run; everything else must match. */
export function maskTimings(text: string): string {
  return text
    .replace(/in [\d.]+ m?s, [\d,]+ states\/s/g, 'in T, R states/s')
    .replace(/\d[\d,]* states\/s/g, 'R states/s')
    // a simulation's times: to the failing walk, shrinking, all its walks
    .replace(/\b(after|in) [\d.]+ m?s\b/g, '$1 T');
}

export function checkReadme(readme: string): { readme: string; differences: string[] } {
  const differences: string[] = [];
  const updated = readme.replace(BLOCK, (all, args: string, shown: string) => {
    // A command on a file the README asks the reader to write (./...) is shown without output.
    if (/(^|\s)\.\//.test(args)) return all;
    const fresh = runCommand(args);
    if (maskTimings(fresh) !== maskTimings(shown)) differences.push(`$ npx lucheck ${args}`);
    return '```\n$ npx lucheck ' + args + '\n' + fresh + '```';
  });
  return { readme: updated, differences };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = fileURLToPath(new URL('../README.md', import.meta.url));
  const { readme, differences } = checkReadme(readFileSync(path, 'utf8'));
  if (process.argv.includes('--write')) {
    writeFileSync(path, readme);
    console.log('README.md example runs updated');
  } else {
    for (const d of differences) console.log(`differs: ${d}`);
    process.exitCode = differences.length === 0 ? 0 : 1;
  }
}
