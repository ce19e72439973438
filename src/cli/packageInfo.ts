import { readFileSync } from 'node:fs';

/** What package.json says of lucheck: its version (`--version`, SARIF's tool) and home page. */
export interface PackageInfo {
  readonly version: string;
  readonly homepage?: string;
}

let cached: PackageInfo | undefined;

/** lucheck's own package.json, read once. */
export function packageInfo(): PackageInfo {
  if (cached) return cached;
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown; homepage?: unknown };
  cached = { version: String(pkg.version), ...(typeof pkg.homepage === 'string' ? { homepage: pkg.homepage } : {}) };
  return cached;
}
