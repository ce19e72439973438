import { UsageError, shortValue } from './errors.ts';

/** A parameter value: a string, a boolean, an integer, or a list of strings. */
export type ParamValue = string | number | boolean | readonly string[];
export type ParamValues = Readonly<Record<string, ParamValue>>;

/**
 * One parameter. Its kind follows from `default`: a string (one of `values`), a boolean, an
 * integer (within `range`, inclusive), or a list of strings (each one of `values`; written
 * `a,b` on the command line, `none` for the empty list).
 */
export interface ParamSpec {
  readonly default: ParamValue;
  readonly description: string;
  readonly values?: readonly string[];
  readonly range?: readonly [number, number];
}
export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

/** `allowed: ...` text for a parameter, used in every error and by `lucheck list`. */
export function describeAllowed(spec: ParamSpec): string {
  if (Array.isArray(spec.default)) {
    return `comma-separated list of ${(spec.values ?? []).join(', ')}, or none`;
  }
  if (typeof spec.default === 'boolean') return 'true, false';
  if (typeof spec.default === 'number') {
    return spec.range ? `integer ${spec.range[0]}..${spec.range[1]}` : 'integer';
  }
  return spec.values ? spec.values.join(', ') : 'any string';
}

function fail(model: string, name: string, value: unknown, spec: ParamSpec): never {
  throw new UsageError(
    `bad value ${shortValue(value)} for parameter '${name}' of model ${model}; allowed: ${describeAllowed(spec)}`,
  );
}

/** Parses and validates one value given as text (`--set`) or as JSON (`--config`). */
export function parseParamValue(model: string, name: string, spec: ParamSpec, raw: unknown): ParamValue {
  const d = spec.default;
  if (Array.isArray(d)) {
    let items: unknown[];
    if (typeof raw === 'string') items = raw === 'none' || raw === '' ? [] : raw.split(',').map((s) => s.trim());
    else if (Array.isArray(raw)) items = raw;
    else fail(model, name, raw, spec);
    const allowed = spec.values;
    for (const item of items) {
      if (typeof item !== 'string' || (allowed && !allowed.includes(item))) fail(model, name, raw, spec);
    }
    return Object.freeze([...new Set(items as string[])]);
  }
  if (typeof d === 'boolean') {
    if (raw === true || raw === 'true') return true;
    if (raw === false || raw === 'false') return false;
    fail(model, name, raw, spec);
  }
  if (typeof d === 'number') {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(n)) fail(model, name, raw, spec);
    if (spec.range && (n < spec.range[0] || n > spec.range[1])) fail(model, name, raw, spec);
    return n;
  }
  if (typeof raw !== 'string' || (spec.values && !spec.values.includes(raw))) fail(model, name, raw, spec);
  return raw;
}

/**
 * Resolves a full, frozen parameter assignment: defaults overridden by `given`. Unknown names
 * and bad values are usage errors naming what is allowed.
 */
export function resolveParams(model: string, specs: ParamSpecs | undefined, given: Readonly<Record<string, unknown>>): ParamValues {
  const all = specs ?? {};
  const out: Record<string, ParamValue> = {};
  for (const [name, spec] of Object.entries(all)) out[name] = spec.default;
  for (const [name, raw] of Object.entries(given)) {
    const spec = Object.hasOwn(all, name) ? all[name] : undefined;
    if (!spec) {
      const names = Object.keys(all);
      throw new UsageError(
        `unknown parameter ${shortValue(name)} for model ${model}; allowed: ${names.length ? names.join(', ') : '(this model has no parameters)'}`,
      );
    }
    out[name] = parseParamValue(model, name, spec, raw);
  }
  return Object.freeze(out);
}
