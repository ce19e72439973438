const MAX_VALUE = 80;

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function show(value: unknown): string {
  if (value === undefined) return '(none)';
  const text = JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

function walk(before: unknown, after: unknown, path: string, out: string[]): void {
  if (isRecord(before) && isRecord(after)) {
    for (const k of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
      walk(before[k], after[k], path ? `${path}.${k}` : k, out);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    for (let i = 0; i < before.length; i++) walk(before[i], after[i], `${path}.${i}`, out);
    return;
  }
  if (JSON.stringify(before) !== JSON.stringify(after)) out.push(`${path || '(context)'}: ${show(before)}→${show(after)}`);
}

/**
 * What changed between two context values, as `path: old→new` items in path order
 * (`locked_vm: 2→0`). Objects present on both sides are compared key by key; a subtree that
 * appears, disappears or changes shape is shown whole, in compact JSON cut at 80 characters
 * (`pages.P0: (none)→{"npinned":1,…}`). Pure.
 */
export function diffContext(before: unknown, after: unknown): string[] {
  const out: string[] = [];
  walk(before, after, '', out);
  return out;
}
