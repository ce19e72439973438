import { and, not, or, type StateValue } from 'xstate';
import { CompileRefusal } from './CompileRefusal.ts';

/** What a built-in `stateIn` guard asks of the state being stepped. */
export interface GuardScope {
  /** xstate's `snapshot.matches(value)`. */
  matches(value: StateValue): boolean;
  /** Whether the state node with this id is active. */
  isActive(id: string): boolean;
}

/** A guard as the compiled path calls it: the model's own functions under xstate's rules for named, parameterised and built-in guards. */
export type CompiledGuard = (context: unknown, event: unknown, scope: GuardScope) => boolean;

/** A user guard function as it is called: `{ context, event }`, then its params. */
type GuardImpl = (args: { context: unknown; event: unknown }, params?: unknown) => boolean;

/** Wraps a user guard function (the auxiliary audit's watched context); the identity when absent. */
export type GuardWrap = (fn: (args: { context: unknown; event: unknown }) => boolean) => (args: { context: unknown; event: unknown }) => boolean;

/** A machine's guard implementations (`setup({ guards })`, `createMachine`'s second argument, `.provide()`). */
export type GuardImplementations = Readonly<Record<string, unknown>>;

/** Thrown for a guard xstate would refuse at run time: a named guard with no implementation. */
export class GuardNotImplemented extends Error {
  constructor(readonly guardName: string) {
    super(`Guard '${guardName}' is not implemented`);
    this.name = 'GuardNotImplemented';
  }
}

interface BuiltinGuard {
  check: unknown;
  guards?: readonly unknown[];
  stateValue?: StateValue;
}

const MAX_ALIASES = 32;

/** The built-in combinators, told apart by their check functions (their names are not part of xstate's API). */
const CHECK = {
  and: (and([]) as unknown as BuiltinGuard).check,
  or: (or([]) as unknown as BuiltinGuard).check,
  not: (not(() => true) as unknown as BuiltinGuard).check,
};

/**
 * Compiles a guard as xstate's `evaluateGuard` evaluates it: an inline function; a name or
 * `{ type, params }` looked up in the machine's implementations (an implementation may itself
 * be a built-in or another name); the built-ins `and`, `or`, `not` and `stateIn`, nested
 * freely; params as a value or a function of `{ context, event }`. A named guard without an
 * implementation compiles to a function that throws as xstate does, when it is evaluated.
 */
export function compileGuard(guard: unknown, implementations: GuardImplementations, wrap?: GuardWrap): CompiledGuard {
  const compile = (g: unknown, depth: number): CompiledGuard => {
    if (depth > MAX_ALIASES) throw new CompileRefusal(`a guard nested or aliased more than ${MAX_ALIASES} deep ('${String(g)}')`);
    const inline = typeof g === 'function';
    const name = inline ? undefined : typeof g === 'string' ? g : (g as { type?: string } | null)?.type;
    const resolved = inline ? g : name !== undefined ? implementations[name] : undefined;
    if (!inline && resolved === undefined) {
      return () => {
        throw new GuardNotImplemented(String(name));
      };
    }
    if (typeof resolved !== 'function') return compile(resolved, depth + 1);
    if ('check' in resolved) return builtin(resolved as unknown as BuiltinGuard, depth);
    const impl = resolved as GuardImpl;
    const given = !inline && typeof g === 'object' && g !== null && 'params' in g ? (g as { params: unknown }).params : undefined;
    let call: (args: { context: unknown; event: unknown }) => boolean;
    if (typeof given === 'function') {
      const paramsOf = given as (args: { context: unknown; event: unknown }) => unknown;
      call = (args) => impl(args, paramsOf(args));
    } else if (given !== undefined) {
      call = (args) => impl(args, given);
    } else {
      call = (args) => impl(args);
    }
    const f = wrap ? wrap(call) : call;
    return (context, event) => f({ context, event });
  };
  const builtin = (b: BuiltinGuard, depth: number): CompiledGuard => {
    if (b.stateValue !== undefined) {
      const value = b.stateValue;
      if (typeof value === 'string' && value.startsWith('#')) {
        const id = value.slice(1);
        return (_c, _e, scope) => scope.isActive(id);
      }
      return (_c, _e, scope) => scope.matches(value);
    }
    const parts = (b.guards ?? []).map((g) => compile(g, depth + 1));
    // by the check function itself, or by its name for a guard made by another copy of xstate
    const name = (b.check as { name?: string }).name;
    if (b.check === CHECK.and || name === 'checkAnd') return (c, e, s) => parts.every((p) => p(c, e, s));
    if (b.check === CHECK.or || name === 'checkOr') return (c, e, s) => parts.some((p) => p(c, e, s));
    if (b.check === CHECK.not || name === 'checkNot') return (c, e, s) => !parts[0]!(c, e, s);
    const own = (b as unknown as { name?: string }).name;
    throw new CompileRefusal(`a built-in guard that is not and, or, not or stateIn${own ? ` ('${own}')` : ''}`);
  };
  return compile(guard, 0);
}
