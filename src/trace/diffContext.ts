function leaves(value: unknown, path: string, out: Map<string, string>): void {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    if (entries.length === 0) out.set(path, Array.isArray(value) ? '[]' : '{}');
    for (const [k, v] of entries) leaves(v, path ? `${path}.${k}` : k, out);
    return;
  }
  out.set(path, value === undefined ? 'undefined' : JSON.stringify(value));
}

/**
 * What changed between two context values, as `path: old→new` items over their leaves
 * (`locked_vm: 2→0`, `pins.1: (none)→"mm1"`), in path order. Pure.
 */
export function diffContext(before: unknown, after: unknown): string[] {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  leaves(before, '', a);
  leaves(after, '', b);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  const changes: string[] = [];
  for (const p of paths) {
    const x = a.get(p);
    const y = b.get(p);
    if (x !== y) changes.push(`${p || '(context)'}: ${x ?? '(none)'}→${y ?? '(none)'}`);
  }
  return changes;
}
