/**
 * Markdown (GitHub-flavoured) escaping for text placed in table cells and paragraphs. Pure.
 * Cells must not contain a raw `|` (it splits the cell, even inside a code span) or a line
 * break (it ends the row).
 */

/**
 * Plain text for a paragraph or cell: inline Markdown and HTML metacharacters are
 * backslash-escaped (CommonMark lets any ASCII punctuation be), and so is what would open a
 * block at the start (`#`, `+`, `-`, `=`, `1.`); line breaks become spaces.
 */
export function markdownText(text: string): string {
  return text
    .replace(/\r\n?|\n/g, ' ')
    .replace(/[\\`*_{}[\]<>|~&$]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([#+=-]|\d+[.)])/, (_, space: string, lead: string) => `${space}${lead.replace(/([#+=.)-])$/, '\\$1')}`);
}

/**
 * Text as a code span: a backtick fence longer than any run of backticks inside, padded when
 * the text starts or ends with one. In a table cell (`inCell`, the default) `|` is written
 * `\|`, which GFM turns back into `|` inside the span; elsewhere it must stay as it is.
 */
export function markdownCode(text: string, inCell = true): string {
  const flat = text.replace(/\r\n?|\n/g, ' ');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat === '' ? ' ' : '';
  return `${fence}${pad}${inCell ? flat.replace(/\|/g, '\\|') : flat}${pad}${fence}`;
}

/** A GFM table: a header row, a separator (`---:` for right-aligned columns), then the rows. Cells must be escaped already. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: readonly number[] = []): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const sep = header.map((_, i) => (rightAligned.includes(i) ? '---:' : '---'));
  return [line(header), line(sep), ...rows.map(line)].join('\n') + '\n';
}
