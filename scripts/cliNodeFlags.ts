// The flags with which the `lucheck` command starts node: those of bin/lucheck.js's first line
// (`#!/usr/bin/env -S node FLAGS`). The bench starts its measured processes with them, so that
// it measures the engine as the command runs it.
import { readFileSync } from 'node:fs';

const BIN = new URL('../bin/lucheck.js', import.meta.url);

/** The node flags of the first line of `text` (a `#!/usr/bin/env -S node ...` line); throws on any other first line. */
export function shebangNodeFlags(text: string): string[] {
  const first = text.slice(0, text.indexOf('\n'));
  const m = /^#!\/usr\/bin\/env -S node((?: --?[\w-]+(?:=\S+)?)*)$/.exec(first);
  if (!m) throw new Error(`bin/lucheck.js: its first line is not "#!/usr/bin/env -S node FLAGS": ${first}`);
  return m[1]!.split(' ').filter((f) => f !== '');
}

/** The node flags bin/lucheck.js starts with. */
export function cliNodeFlags(): string[] {
  return shebangNodeFlags(readFileSync(BIN, 'utf8'));
}
