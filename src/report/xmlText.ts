/**
 * XML 1.0 escaping for text and attribute values. Pure. Characters XML 1.0 forbids anywhere
 * (controls other than tab, newline and carriage return; lone surrogates; U+FFFE and U+FFFF)
 * are dropped, since no escape can carry them.
 */

// With the `u` flag a lone surrogate is one code point, outside every allowed range.
const FORBIDDEN = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text content: `&`, `<` and `>` escaped (`>` too, so that `]]>` cannot occur). */
export function xmlText(text: string): string {
  return text.replace(FORBIDDEN, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value for `"`-quoted attributes; tab, newline and return as character references, so parsers keep them. */
export function xmlAttr(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}
