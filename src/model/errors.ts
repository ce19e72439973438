/** Bad input from the user: unknown model or parameter, bad value, malformed file (exit 2). */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Codes that say which way a model went wrong. */
export type ModelErrorCode =
  | 'model-exception' //  a guard, action, invariant or event generator threw
  | 'non-json-context' // context holds a Map, Set, class instance, function or actor ref
  | 'error-status' //     the machine itself went to status 'error'
  | 'nondeterminism' //   the same step gave different results
  | 'auxiliary-read' //   a guard, invariant or events() read a declared auxiliary field, or an action's result depends on one
  | 'trace-diverged' //   a replayed trace does not fit the model
  | 'unsupported' //      the machine uses an xstate construct lucheck cannot check soundly (named)
  | 'inconsistent-step' // xstate's step leaves an active state without its parent (or a compound state without one active child)
  | 'mutation' //         a guard, action, events() or invariant wrote into the context or snapshot it was given
  | 'invalid-model'; //   the module is not a lucheck model

/** The model misbehaved (exit 3). `cause` keeps the original exception where there was one. */
export class ModelError extends Error {
  readonly exitCode = 3;
  readonly code: ModelErrorCode;
  /** How far the search had come when the model went wrong (set by the search it escaped from). */
  searchStats?: { readonly distinct: number; readonly generated: number; readonly maxDepth: number };
  constructor(code: ModelErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelError';
    this.code = code;
  }
}

/**
 * What a thrown value is reported as: a `ModelError` as it is (it already says what went wrong:
 * the auxiliary audit's, an invariant's, a nested step's), anything else as a 'model-exception'
 * saying `what` threw, with the thrown value described.
 */
export function modelException(error: unknown, what: string): ModelError {
  if (error instanceof ModelError) return error;
  return new ModelError('model-exception', `${what}: ${describeThrown(error)}`, { cause: error });
}

/** At most this many characters of a value the user gave are echoed in an error. */
const SHOWN = 60;

/**
 * A value the user gave, as an error echoes it: a string in single quotes, anything else as JSON,
 * cut to a few dozen characters with its full length said, and never a failure of its own (a
 * value nested too deep for JSON is described, not printed).
 */
export function shortValue(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value));
  } catch {
    text = Array.isArray(value) ? '[...] (nested too deep to print)' : typeof value === 'object' ? '{...} (not printable as JSON)' : String(value);
  }
  return text.length <= SHOWN ? text : `${text.slice(0, SHOWN)}... (${text.length} characters)`;
}

/**
 * A stack overflow met while running a model, as the model error it is: a context that is cyclic
 * or nested deeper than JavaScript can walk (hashing, copying and printing it recurse), or a
 * guard, action or invariant that recursed without end. Anything else: undefined.
 */
export function stackOverflowError(error: unknown, modelName?: string): ModelError | undefined {
  if (!(error instanceof RangeError) || !/call stack/i.test(error.message)) return undefined;
  return new ModelError(
    'non-json-context',
    `${modelName === undefined ? 'the model' : `model ${modelName}`} ran out of stack: its context is cyclic or nested too deep, or one of its guards, actions, events() or invariants recursed without end; keep context as plain, acyclic JSON`,
    { cause: error },
  );
}

/** Collapses line breaks so that a message fits the one line an error report gets. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** A one-line description of an unknown thrown value (the innermost cause xstate wrapped). */
export function describeThrown(error: unknown): string {
  if (error instanceof Error) {
    const inner = error.cause instanceof Error ? ` (${error.cause.name}: ${error.cause.message})` : '';
    return oneLine(`${error.name}: ${error.message}${inner}`);
  }
  return oneLine(String(error));
}
