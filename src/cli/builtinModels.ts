/** Models that ship with lucheck, by name. The first is the default of every command. */
export const BUILTIN_MODELS: Readonly<Record<string, URL>> = Object.freeze({
  'live-update': new URL('../../machines/liveUpdate.ts', import.meta.url),
  peterson: new URL('../../examples/peterson.ts', import.meta.url),
  counter: new URL('../../examples/counter.ts', import.meta.url),
  autosave: new URL('../../examples/autosave.ts', import.meta.url),
  philosophers: new URL('../../examples/philosophers.ts', import.meta.url),
  fifo: new URL('../../examples/fifo.ts', import.meta.url),
  filter: new URL('../../examples/filter.ts', import.meta.url),
  'fair-mutex': new URL('../../examples/fairMutex.ts', import.meta.url),
  spinlock: new URL('../../examples/spinlock.ts', import.meta.url),
  'leader-election': new URL('../../examples/leaderElection.ts', import.meta.url),
});

export const DEFAULT_MODEL = Object.keys(BUILTIN_MODELS)[0]!;
