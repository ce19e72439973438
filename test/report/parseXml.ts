// A small, strict XML parser for the report tests: enough of XML 1.0 to read what the JUnit
// reporter writes (declaration, comments, elements, attributes, text, character and the five
// predefined entity references), and to throw on anything malformed: unclosed or mismatched
// tags, unquoted or duplicate attributes, a raw `<` or `&` in text, forbidden characters.

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The element's own text (not its descendants'), entities decoded. */
  readonly text: string;
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_.:]*/y;
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function isForbidden(code: number): boolean {
  if (code === 0x9 || code === 0xa || code === 0xd) return false;
  return code < 0x20 || (code >= 0xd800 && code <= 0xdfff) || code === 0xfffe || code === 0xffff;
}

/** Parses `text` as one XML document; returns the root element or throws naming the offset. */
export function parseXml(text: string): XmlElement {
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`malformed XML at offset ${i}: ${why} (near ${JSON.stringify(text.slice(i, i + 30))})`);
  };
  for (const ch of text) if (isForbidden(ch.codePointAt(0)!)) fail(`forbidden character U+${ch.codePointAt(0)!.toString(16)}`);

  const skipSpace = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const expect = (s: string) => {
    if (!text.startsWith(s, i)) fail(`expected ${JSON.stringify(s)}`);
    i += s.length;
  };
  const name = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(text);
    if (!m) return fail('expected a name');
    i += m[0].length;
    return m[0];
  };
  const decode = (raw: string): string => {
    let out = '';
    for (let k = 0; k < raw.length; k++) {
      const c = raw[k]!;
      if (c === '<') fail('raw < in character data');
      if (c !== '&') {
        out += c;
        continue;
      }
      const end = raw.indexOf(';', k);
      if (end < 0) fail('unterminated entity reference');
      const ref = raw.slice(k + 1, end);
      if (ref.startsWith('#x')) out += String.fromCodePoint(parseInt(ref.slice(2), 16));
      else if (ref.startsWith('#')) out += String.fromCodePoint(parseInt(ref.slice(1), 10));
      else if (ENTITIES[ref] !== undefined) out += ENTITIES[ref];
      else fail(`unknown entity &${ref};`);
      k = end;
    }
    return out;
  };
  const misc = () => {
    for (;;) {
      skipSpace();
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        if (end < 0) fail('unterminated comment');
        if (text.slice(i + 4, end).includes('--')) fail('-- inside a comment');
        i = end + 3;
      } else if (text.startsWith('<?', i) && !text.startsWith('<?xml ', i)) {
        const end = text.indexOf('?>', i);
        if (end < 0) fail('unterminated processing instruction');
        i = end + 2;
      } else return;
    }
  };
  const element = (): XmlElement => {
    expect('<');
    const tag = name();
    const attrs: Record<string, string> = {};
    for (;;) {
      const before = i;
      skipSpace();
      if (text.startsWith('/>', i)) {
        i += 2;
        return { name: tag, attrs, children: [], text: '' };
      }
      if (text[i] === '>') {
        i++;
        break;
      }
      if (i === before) fail('expected white space before an attribute');
      const key = name();
      if (key in attrs) fail(`duplicate attribute ${key}`);
      skipSpace();
      expect('=');
      skipSpace();
      const quote = text[i];
      if (quote !== '"' && quote !== "'") fail('attribute value not quoted');
      const end = text.indexOf(quote!, i + 1);
      if (end < 0) fail('unterminated attribute value');
      attrs[key] = decode(text.slice(i + 1, end));
      i = end + 1;
    }
    const children: XmlElement[] = [];
    let own = '';
    for (;;) {
      if (i >= text.length) fail(`<${tag}> is not closed`);
      if (text.startsWith('</', i)) {
        i += 2;
        const closing = name();
        if (closing !== tag) fail(`</${closing}> closes <${tag}>`);
        skipSpace();
        expect('>');
        return { name: tag, attrs, children, text: own };
      }
      if (text.startsWith('<!--', i)) {
        misc();
        continue;
      }
      if (text.startsWith('<![CDATA[', i)) {
        const end = text.indexOf(']]>', i);
        if (end < 0) fail('unterminated CDATA');
        own += text.slice(i + 9, end);
        i = end + 3;
        continue;
      }
      if (text[i] === '<') {
        children.push(element());
        continue;
      }
      const next = text.indexOf('<', i);
      const raw = text.slice(i, next < 0 ? text.length : next);
      if (raw.includes(']]>')) fail(']]> in character data');
      own += decode(raw);
      i += raw.length;
    }
  };

  if (text.startsWith('<?xml ')) {
    const end = text.indexOf('?>');
    if (end < 0) fail('unterminated XML declaration');
    i = end + 2;
  }
  misc();
  const root = element();
  misc();
  if (i !== text.length) fail('content after the root element');
  return root;
}
