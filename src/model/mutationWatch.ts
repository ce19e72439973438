import { ModelError } from './errors.ts';
import { ValueHasher } from '../compiled/valueHash.ts';

/** How many calls a `MutationWatch` checks, every one, before it samples. */
const FULL_CHECKS = 64;
/** After those, one call in this many is checked. */
const SAMPLE_EVERY = 64;

/**
 * Catches model code that writes into the context (or snapshot) it is given instead of
 * returning new values: a state already stored would change under the search, and states that
 * share the written object with it would change too. Around a call (expanding a state, checking
 * an invariant) it compares the context's structural hash (`ValueHasher`, equal exactly when the
 * canonical JSON is, but for a 2^-64 chance) before and after. Checking every call costs two
 * full hashes per state, so by default it checks the first 64 calls and then one in 64 (a model
 * that mutates usually does so in every step that runs the offending code); `everyCall`
 * (`--check-determinism`) checks them all. A finding is then located: the call is run again on
 * a copy of the context that records writes, which names the field written and the line of model
 * code that wrote it.
 */
export class MutationWatch {
  /** Calls checked so far, and calls left before the next one is checked. */
  private checked = 0;
  private wait = 1;
  private readonly hasher = new ValueHasher();

  constructor(
    private readonly modelName: string,
    private readonly everyCall: boolean,
  ) {}

  /** Starts a check around a call on `context`: its hash now, or undefined when this call is not checked (or the context is not JSON data: its key reports that). */
  begin(context: unknown): string | undefined {
    if (--this.wait > 0) return undefined;
    this.wait = this.everyCall || ++this.checked < FULL_CHECKS ? 1 : SAMPLE_EVERY;
    return this.hashOf(context);
  }

  private hashOf(value: unknown): string | undefined {
    return this.hasher.hash(value) ? `${this.hasher.a}:${this.hasher.b}` : undefined;
  }

  /**
   * Ends a check begun with `begin`: when the context's text changed, runs `replay` on a
   * recording copy of the context as it was and throws a model error ('mutation') saying what
   * `what()` (the call, named only when needed) wrote.
   */
  end(context: unknown, before: string | undefined, what: () => string, replay: (copy: unknown) => void): void {
    if (before === undefined || this.hashOf(context) === before) return;
    throw new ModelError('mutation', `model ${this.modelName}: ${what()} mutated the context in place${locate(replay, context)}; guards, actions, events() and invariants must return new values, never write into the context or snapshot they are given`);
  }

  /** Runs `call` on `context`, checked as `begin` decides and `end` says. */
  watch<T>(context: unknown, what: () => string, call: () => T, replay: (copy: unknown) => void): T {
    const before = this.begin(context);
    const result = call();
    this.end(context, before, what, replay);
    return result;
  }
}

/**
 * Where the write happened: the field and the line, found by running the call again on a
 * recording copy of the context (as the call left it: code that writes in place usually writes
 * again). Empty when the second run writes nothing.
 */
function locate(replay: (copy: unknown) => void, context: unknown): string {
  const writes: { path: string; at: string | undefined }[] = [];
  let copy: unknown;
  try {
    copy = recording(structuredClone(context), '', writes);
  } catch {
    return '';
  }
  try {
    replay(copy);
  } catch {
    // the call may fail on the copy (it ran once already); what it wrote before is recorded
  }
  const w = writes[0];
  if (!w) return '';
  return ` (it wrote ${w.path === '' ? 'the context itself' : w.path}${w.at ? ` at ${w.at}` : ''})`;
}

const join = (path: string, key: PropertyKey) => (typeof key === 'symbol' ? path : /^\d+$/.test(String(key)) ? `${path}[${String(key)}]` : path === '' ? String(key) : `${path}.${String(key)}`);

/** A proxy of `target` (and, as they are read, of the objects inside it) that records each write with its path and the model code's line. */
function recording(target: unknown, path: string, writes: { path: string; at: string | undefined }[]): unknown {
  if (typeof target !== 'object' || target === null) return target;
  const children = new Map<PropertyKey, unknown>();
  const note = (key: PropertyKey) => writes.push({ path: join(path, key), at: callerLine() });
  return new Proxy(target, {
    get(t, key) {
      const v = Reflect.get(t, key);
      if (typeof v !== 'object' || v === null) return v;
      if (!children.has(key)) children.set(key, recording(v, join(path, key), writes));
      return children.get(key);
    },
    set(t, key, v) {
      note(key);
      children.delete(key);
      return Reflect.set(t, key, v);
    },
    defineProperty(t, key, d) {
      note(key);
      children.delete(key);
      return Reflect.defineProperty(t, key, d);
    },
    deleteProperty(t, key) {
      note(key);
      children.delete(key);
      return Reflect.deleteProperty(t, key);
    },
  });
}

/** lucheck's own engine, whose frames a write's line skips. */
const ENGINE = new URL('../', import.meta.url).pathname;

/** The first line of the stack outside lucheck's engine and outside its dependencies: the model code that wrote. */
function callerLine(): string | undefined {
  const stack = new Error().stack?.split('\n').slice(1) ?? [];
  for (const line of stack) {
    if (line.includes(ENGINE) || /node_modules[/\\]|node:internal|\(<anonymous>\)\s*$/.test(line)) continue;
    const m = /\(?((?:file:\/\/)?[^()\s]+:\d+:\d+)\)?\s*$/.exec(line);
    if (m) return m[1]!.replace(/^file:\/\//, '');
  }
  return undefined;
}
