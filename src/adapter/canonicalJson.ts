/** Raised when a value cannot be part of a canonical key; `path` says where it sits. */
export class NonJsonValueError extends Error {
  constructor(readonly path: string, readonly what: string) {
    super(`${path} holds ${what}, which is not plain JSON data`);
    this.name = 'NonJsonValueError';
  }
}

function describeValue(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (value instanceof Map) return 'a Map';
  if (value instanceof Set) return 'a Set';
  if (typeof value === 'bigint') return 'a bigint';
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object' && value !== null) {
    const v = value as { send?: unknown; getSnapshot?: unknown; constructor?: { name?: string } };
    if (typeof v.send === 'function' && typeof v.getSnapshot === 'function') return 'an actor ref';
    return `an instance of ${v.constructor?.name ?? 'a class'}`;
  }
  return typeof value;
}

/**
 * Serializes plain JSON data canonically: object keys sorted, no whitespace. Properties whose
 * value is `undefined` are left out, as `JSON.stringify` does. Maps, Sets, class instances,
 * functions, actor refs, bigints, symbols and non-finite numbers are refused with a
 * `NonJsonValueError`, because two equal states must have one key.
 *
 * This is a pure function; `path` names the root in error messages.
 */
export function canonicalJson(value: unknown, path = '$'): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new NonJsonValueError(path, describeValue(value));
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let s = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) s += ',';
          const item = value[i];
          s += item === undefined ? 'null' : canonicalJson(item, `${path}[${i}]`);
        }
        return s + ']';
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw new NonJsonValueError(path, describeValue(value));
      const keys = Object.keys(value);
      for (let i = 1; i < keys.length; i++) {
        if (keys[i - 1]! > keys[i]!) {
          keys.sort();
          break;
        }
      }
      let s = '{';
      let first = true;
      for (const k of keys) {
        const item = (value as Record<string, unknown>)[k];
        if (item === undefined) continue;
        if (!first) s += ',';
        first = false;
        s += JSON.stringify(k) + ':' + canonicalJson(item, `${path}.${k}`);
      }
      return s + '}';
    }
    default:
      throw new NonJsonValueError(path, describeValue(value));
  }
}
