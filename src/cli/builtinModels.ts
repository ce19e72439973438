/**
 * Models that ship with lucheck, by name. The first is the default of every command.
 * (The live-update model joins this list, as the default, when it lands in machines/.)
 */
export const BUILTIN_MODELS: Readonly<Record<string, URL>> = Object.freeze({
  peterson: new URL('../../examples/peterson.ts', import.meta.url),
  counter: new URL('../../examples/counter.ts', import.meta.url),
});

export const DEFAULT_MODEL = Object.keys(BUILTIN_MODELS)[0]!;
