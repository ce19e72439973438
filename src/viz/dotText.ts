// Writing DOT text safely: every name and attribute value goes through `dotQuote`.

/**
 * A DOT double-quoted string that Graphviz reads back as `text` exactly: backslashes are
 * doubled (so `\n`, `\N` and friends in user text stay literal in labels and ids) and quotes
 * escaped. Line breaks in `text` become DOT's `\n` (a centred line break in a label).
 */
export function dotQuote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r\n|\r|\n/g, '\\n')}"`;
}

/** A label of several lines, each one literal text. */
export function dotLines(lines: readonly string[]): string {
  return lines.map((l) => dotQuote(l).slice(1, -1)).join('\\n');
}

/** Attribute values: `raw` ones are written as they are (numbers, keywords, `dotLines` output). */
export type DotAttrs = Readonly<Record<string, string | number | boolean | { readonly raw: string } | undefined>>;

/** `[name="value", ...]` in the given order, skipping undefined values. */
export function dotAttrs(attrs: DotAttrs): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    const text = typeof value === 'object' ? `"${value.raw}"` : typeof value === 'string' ? dotQuote(value) : String(value);
    parts.push(`${name}=${text}`);
  }
  return parts.length ? ` [${parts.join(', ')}]` : '';
}
