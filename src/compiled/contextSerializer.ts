import { canonicalJson } from '../adapter/canonicalJson.ts';

/**
 * A serializer specialised to the context's fixed layout: the top-level keys of the initial
 * context, sorted once, with their quoted names prepared. A context with exactly those keys is
 * written directly (numbers, booleans and strings inline, anything else through
 * `canonicalJson`); any other shape falls back to `canonicalJson`, so the result is always
 * `canonicalJson(context)`. Pure.
 */
export function contextSerializer(initial: Record<string, unknown>): (context: Record<string, unknown>) => string {
  const keys = Object.keys(initial).sort();
  const prefixes = keys.map((k, i) => (i === 0 ? '{' : ',') + JSON.stringify(k) + ':');
  return (context) => {
    if (Object.keys(context).length !== keys.length) return canonicalJson(context, 'context');
    let out = '';
    for (let i = 0; i < keys.length; i++) {
      const v = context[keys[i]!];
      let text: string;
      switch (typeof v) {
        case 'number':
          if (!Number.isFinite(v)) return canonicalJson(context, 'context');
          text = String(v);
          break;
        case 'boolean':
          text = v ? 'true' : 'false';
          break;
        case 'string':
          text = JSON.stringify(v);
          break;
        case 'undefined':
          return canonicalJson(context, 'context');
        default:
          text = canonicalJson(v, `context.${keys[i]}`);
      }
      out += prefixes[i]! + text;
    }
    return keys.length === 0 ? '{}' : out + '}';
  };
}
