import type { CheckResult } from '../CheckResult.ts';

/** The ITF document's description of its format (Apalache ADR-015, which Quint and the `itf` crate read). */
export const ITF_FORMAT_DESCRIPTION = 'https://apalache-mc.org/docs/adr/015adr-trace.html';

/** One state of a trace as ITF writes it: the statechart's state value and context, and the event that led to it. */
export interface ItfInputState {
  readonly value: unknown;
  readonly context: unknown;
}

/** Quint's name for the variable holding the action taken into each state (`init` for the first). */
const ACTION_TAKEN = 'mbt::actionTaken';

/**
 * A value in ITF: integers as `{"#bigint": "N"}` (as Quint writes every integer), strings and
 * booleans as JSON, arrays as lists, plain objects as records, `Map` as `#map`, `Set` as `#set`;
 * what ITF cannot express (fractions, null, undefined, functions, actor references, cycles) as
 * `{"#unserializable": "..."}` saying what it was, never dropped.
 */
export function itfValue(v: unknown, seen: Set<object> = new Set()): unknown {
  switch (typeof v) {
    case 'boolean':
    case 'string':
      return v;
    case 'bigint':
      return { '#bigint': v.toString() };
    case 'number':
      return Number.isInteger(v) ? { '#bigint': String(v) } : { '#unserializable': String(v) };
    case 'undefined':
      return { '#unserializable': 'undefined' };
    case 'function':
      return { '#unserializable': `function ${v.name || '(anonymous)'}` };
    case 'symbol':
      return { '#unserializable': v.toString() };
  }
  if (v === null) return { '#unserializable': 'null' };
  const o = v as object;
  if (seen.has(o)) return { '#unserializable': 'a cycle' };
  seen.add(o);
  try {
    if (Array.isArray(o)) return o.map((x) => itfValue(x, seen));
    if (o instanceof Map) return { '#map': [...o].map(([k, x]) => [itfValue(k, seen), itfValue(x, seen)]) };
    if (o instanceof Set) return { '#set': [...o].map((x) => itfValue(x, seen)) };
    const proto = Object.getPrototypeOf(o);
    if (proto !== Object.prototype && proto !== null) {
      const name = (o as { id?: unknown }).id !== undefined && typeof (o as { send?: unknown }).send === 'function' ? `actor ${String((o as { id: unknown }).id)}` : `a ${proto?.constructor?.name ?? 'object'}`;
      return { '#unserializable': name };
    }
    return Object.fromEntries(Object.keys(o).map((k) => [k, itfValue((o as Record<string, unknown>)[k], seen)]));
  } finally {
    seen.delete(o);
  }
}

/**
 * The first counterexample of a result as an ITF trace (Apalache's Informal Trace Format, read
 * by Quint and by the `itf` crates): one state per step with the variables `value` (the active
 * states), `context` and `mbt::actionTaken` (the event's type, `init` first); each state's
 * `#meta` holds its step, the event and the actor; a lasso's cycle start is `loop`. `states`
 * are the trace's states in full, replayed by the caller (a trace keeps only what changed).
 * A result without a counterexample is a trace of no states whose `#meta` says why. Pure.
 */
export function formatItf(result: CheckResult, states: readonly ItfInputState[] | undefined): string {
  const v = result.violations[0];
  const meta = {
    format: 'ITF',
    'format-description': ITF_FORMAT_DESCRIPTION,
    source: result.model,
    description: v ? `lucheck: ${v.kind === 'deadlock' ? 'deadlock' : `${v.id} ${v.kind === 'liveness' ? 'fails' : 'violated'}`}: ${v.message}` : `lucheck: verdict ${result.verdict}, no counterexample`,
    verdict: result.verdict,
    params: result.params,
    ...(result.violations.length > 1 ? { 'other-counterexamples': result.violations.slice(1).map((x) => x.id) } : {}),
  };
  const trace = v && states ? v.trace : [];
  const doc = {
    '#meta': meta,
    vars: ['value', 'context', ACTION_TAKEN],
    states: trace.map((step, i) => ({
      '#meta': { index: i, ...(step.event ? { event: step.event } : {}), ...(step.actor ? { actor: step.actor } : {}) },
      value: itfValue(states![i]!.value),
      context: itfValue(states![i]!.context),
      [ACTION_TAKEN]: step.event?.type ?? 'init',
    })),
    ...(v?.loop && states ? { loop: v.loop.start } : {}),
  };
  return JSON.stringify(doc) + '\n';
}
