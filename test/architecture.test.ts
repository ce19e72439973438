import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const CORE = ['src/model', 'src/adapter', 'src/compiled', 'src/search', 'src/store', 'src/trace', 'src/liveness', 'src/viz', 'src/coverage', 'src/check.ts', 'src/CheckResult.ts', 'src/index.ts'];

function files(path: string): string[] {
  const full = join(ROOT, path);
  if (statSync(full).isFile()) return [full];
  return readdirSync(full).flatMap((f) => files(join(path, f)));
}

describe('architecture', () => {
  const core = CORE.flatMap(files).filter((f) => f.endsWith('.ts'));

  it('has a pure core: model, adapter, search, store and trace never import the CLI, reporters, fs or process', () => {
    expect(core.length).to.be.greaterThan(10);
    const offences: string[] = [];
    for (const f of core) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/from\s+'([^']+)'/g)) {
        const spec = m[1]!;
        if (/\/(cli|report)\//.test(spec) || /^(node:)?(fs|process|child_process|path)(\/|$)/.test(spec)) {
          offences.push(`${relative(ROOT, f)} imports ${spec}`);
        }
      }
      if (/\bprocess\.\w/.test(text.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, ''))) offences.push(`${relative(ROOT, f)} uses process`);
    }
    expect(offences).to.deep.equal([]);
  });

  it('keeps the reporters pure: src/report formats data and never imports the CLI, fs or process', () => {
    const offences: string[] = [];
    for (const f of files('src/report').filter((x) => x.endsWith('.ts'))) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/from\s+'([^']+)'/g)) {
        if (/\/cli\//.test(m[1]!) || /^(node:)?(fs|process|child_process|path)(\/|$)/.test(m[1]!)) offences.push(`${relative(ROOT, f)} imports ${m[1]}`);
      }
      if (/\bprocess\.\w/.test(text.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, ''))) offences.push(`${relative(ROOT, f)} uses process`);
    }
    expect(offences).to.deep.equal([]);
  });

  it('keeps source files small: none over 500 lines', () => {
    const big = files('src')
      .filter((f) => f.endsWith('.ts'))
      .map((f) => [relative(ROOT, f), readFileSync(f, 'utf8').split('\n').length] as const)
      .filter(([, n]) => n > 500);
    expect(big).to.deep.equal([]);
  });
});
