const MAX_VALUE = 80;

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Compact JSON, or for a value that has none (a cycle: an actor reference a view leaves out of the state), a placeholder. */
function json(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return '(not JSON)';
  }
}

function show(value: unknown): string {
  if (value === undefined) return '(none)';
  const text = json(value) ?? String(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

/** `inside`: the objects on the path walked so far, so that a cyclic value ends the walk instead of the stack. */
function walk(before: unknown, after: unknown, path: string, out: string[], inside: Set<unknown>): void {
  // the very same value has not changed (nor, then, anything in it)
  if (before === after) return;
  const composite = (isRecord(before) && isRecord(after)) || (Array.isArray(before) && Array.isArray(after) && before.length === after.length);
  if (composite && !inside.has(before) && !inside.has(after)) {
    inside.add(before).add(after);
    if (Array.isArray(before)) for (let i = 0; i < before.length; i++) walk(before[i], (after as unknown[])[i], `${path}.${i}`, out, inside);
    else {
      const b = before as Record<string, unknown>;
      const a = after as Record<string, unknown>;
      for (const k of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) walk(b[k], a[k], path ? `${path}.${k}` : k, out, inside);
    }
    inside.delete(before);
    inside.delete(after);
    return;
  }
  if (json(before) !== json(after)) out.push(`${path || '(context)'}: ${show(before)}→${show(after)}`);
}

/**
 * What changed between two context values, as `path: old→new` items in path order
 * (`locked_vm: 2→0`). Objects present on both sides are compared key by key; a subtree that
 * appears, disappears or changes shape is shown whole, in compact JSON cut at 80 characters
 * (`pages.P0: (none)→{"npinned":1,…}`). A value that is the same object on both sides is
 * unchanged; a cyclic one (an actor reference, which a model's view may leave in the context)
 * is not walked into again. Pure.
 */
export function diffContext(before: unknown, after: unknown): string[] {
  const out: string[] = [];
  walk(before, after, '', out, new Set());
  return out;
}
