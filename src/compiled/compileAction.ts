import type { EventObject } from 'xstate';

/** An assign's update as the compiled path calls it: `{ context, event }` to the partial context. */
export type Assignment = (args: { context: Record<string, unknown>; event: unknown }) => Record<string, unknown>;

/** Wraps an assignment (the auxiliary audit's second run); the identity when absent. */
export type AssignWrap = (fn: Assignment, where: string) => Assignment;

/**
 * One action as the compiled path runs it. xstate runs `assign`, `raise` and `enqueueActions`
 * during a transition; every other action only acts outside the machine (a log line, an event
 * to another actor, an emitted event, a custom function) and is collected, not run, as in
 * xstate's pure `transition`. What lucheck cannot run soundly is `unsupported`, named.
 */
export type ActionOp =
  | {
      readonly kind: 'assign';
      readonly run: Assignment;
      /** The property form's entries (`assign({ k: f })`), for the fused merge; undefined otherwise. */
      readonly entries: readonly (readonly [string, unknown])[] | undefined;
      readonly where: string;
    }
  | { readonly kind: 'raise'; readonly event: (args: { context: unknown; event: unknown }) => EventObject; readonly where: string }
  | { readonly kind: 'enqueue'; readonly collect: (args: EnqueueArgs, params: unknown) => void; readonly params: ParamsOf; readonly where: string }
  | { readonly kind: 'sendTo'; readonly to: unknown; readonly params: ParamsOf; readonly where: string }
  | { readonly kind: 'outside'; readonly type: string }
  | { readonly kind: 'unsupported'; readonly construct: string };

/** What `enqueueActions` hands its function (`self` and `system` are not there: no actor runs). */
export interface EnqueueArgs {
  readonly context: unknown;
  readonly event: unknown;
  readonly enqueue: unknown;
  readonly check: (guard: unknown) => boolean;
}

/** An action's params, resolved for one call. */
export type ParamsOf = (args: { context: unknown; event: unknown }) => unknown;

const NO_PARAMS: ParamsOf = () => undefined;

interface BuiltinAction {
  type: string;
  resolve: unknown;
  assignment?: unknown;
  event?: unknown;
  delay?: unknown;
  collect?: unknown;
  to?: unknown;
}

/** The action types that act only outside the machine (collected, never run). */
const OUTSIDE = new Set(['xstate.log', 'xstate.emit', 'xstate.cancel', 'xstate.stopChild']);

/**
 * Resolves one action of a machine (inline, a name, `{ type, params }`, or a built-in) to the
 * op the compiled path runs, as xstate's `resolveAndExecuteActionsWithContext` resolves it:
 * names are looked up in `implementations` (a name with no implementation is collected, as
 * xstate collects it). `where` names the action's place in errors.
 */
export function compileAction(action: unknown, implementations: Readonly<Record<string, unknown>>, where: string, wrap?: AssignWrap): ActionOp {
  const inline = typeof action === 'function';
  const name = inline ? undefined : typeof action === 'string' ? action : (action as { type?: unknown } | null)?.type;
  const resolved = inline ? action : typeof name === 'string' ? implementations[name] : undefined;
  const given = !inline && typeof action === 'object' && action !== null && 'params' in action ? (action as { params: unknown }).params : undefined;
  const params: ParamsOf = typeof given === 'function' ? (given as ParamsOf) : given !== undefined ? () => given : NO_PARAMS;
  if (typeof resolved !== 'function' || !('resolve' in resolved)) {
    const label = typeof name === 'string' ? name : (resolved as { name?: string } | undefined)?.name || '(anonymous)';
    return { kind: 'outside', type: label };
  }
  const b = resolved as unknown as BuiltinAction;
  switch (b.type) {
    case 'xstate.assign':
      return assignOp(b.assignment, params, given === undefined, where, wrap);
    case 'xstate.raise': {
      if (b.delay !== undefined) return { kind: 'unsupported', construct: `a delayed raise (raise with a delay) in ${where}` };
      const e = b.event;
      if (typeof e === 'string') return { kind: 'unsupported', construct: `raise('${e}') in ${where} (xstate takes only event objects)` };
      const event = typeof e === 'function' ? (args: { context: unknown; event: unknown }) => (e as (a: unknown, p: unknown) => EventObject)(args, params(args)) : () => e as EventObject;
      return { kind: 'raise', event, where };
    }
    case 'xstate.enqueueActions':
      return { kind: 'enqueue', collect: b.collect as (args: EnqueueArgs, params: unknown) => void, params, where };
    case 'xstate.sendTo':
      return { kind: 'sendTo', to: b.to, params, where };
    case 'xstate.spawnChild':
      return { kind: 'unsupported', construct: `spawnChild in ${where} (a spawned actor's events and completion are not modelled; use invoke)` };
    default:
      if (OUTSIDE.has(b.type)) return { kind: 'outside', type: b.type.slice('xstate.'.length) };
      return { kind: 'unsupported', construct: `the built-in action '${b.type}' in ${where}` };
  }
}

function assignOp(assignment: unknown, params: ParamsOf, noParams: boolean, where: string, wrap?: AssignWrap): ActionOp {
  let run: Assignment;
  let entries: (readonly [string, unknown])[] | undefined;
  if (typeof assignment === 'function') {
    const f = assignment as (args: unknown, p: unknown) => Record<string, unknown>;
    run = noParams ? (args) => f(args, undefined) : (args) => f(args, params(args));
  } else {
    const list = Object.entries(assignment as Record<string, unknown>);
    entries = noParams ? list : undefined;
    run = propertyAssigner(list, noParams ? undefined : params);
  }
  if (wrap) return { kind: 'assign', run: wrap(run, where), entries: undefined, where };
  return { kind: 'assign', run, entries, where };
}

/**
 * xstate's property-assigner form, `assign({ count: ({ context }) => context.count + 1 })`, as
 * one function returning the partial context: every property function sees the same arguments
 * (and params), plain values are taken as they are. Without params it is generated with
 * `new Function` as one object literal (the keys as JSON string literals), so each partial has a
 * fixed shape; a `__proto__` key, which a literal would take as the prototype, gets the loop.
 */
function propertyAssigner(entries: readonly (readonly [string, unknown])[], params: ParamsOf | undefined): Assignment {
  if (params !== undefined || entries.some(([k]) => k === '__proto__')) {
    return (args) => {
      const p = params?.(args);
      const out: Record<string, unknown> = {};
      for (const [k, v] of entries) out[k] = typeof v === 'function' ? (v as (x: unknown, p: unknown) => unknown)(args, p) : v;
      return out;
    };
  }
  const values = entries.map(([, v]) => v);
  const literal = entries.map(([k, v], i) => `${JSON.stringify(k)}: ${typeof v === 'function' ? `v[${i}](args)` : `v[${i}]`}`).join(', ');
  return new Function('v', `return function assignProperties(args) { return { ${literal} }; };`)(values) as Assignment;
}
