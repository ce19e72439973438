// Check results for the reporter tests: real ones from small models with known answers, and
// synthetic ones whose every text field holds characters the output formats must escape.
import type { EventObject } from 'xstate';
import { check, type CheckResult, type TraceStep } from 'lucheck';
import liveUpdate from '../../machines/liveUpdate.ts';
import peterson from '../../examples/peterson.ts';
import brokenMutex from '../fixtures/brokenMutex.ts';
import spinlock from '../../examples/spinlock.ts';
import type { ReportRun } from '../../src/report/ReportRun.ts';

/** The README's type1 v5.12 B1 row: INV-6 violated in 5 steps, every step a syscall. */
export const TYPE1_B1 = { backend: 'vfio-type1', variant: 'v5.12', handover: 'exec', bugs: 'B1' };
/** RFC V1 with an mdev and no device: SERVICE violated, the last syscall failing with -EFAULT. */
export const RFC_MDEV = { backend: 'iommufd', variant: 'rfc-v1', mdev: true, device: false };

export async function liveUpdateRun(params: Record<string, unknown>): Promise<ReportRun> {
  const result = await check(liveUpdate, { params });
  return { result, modelName: 'live-update', command: 'lucheck check live-update' };
}

export async function mutexRun(): Promise<ReportRun> {
  return { result: await check(brokenMutex), modelName: 'test/fixtures/brokenMutex.ts' };
}

/**
 * Temporal properties: the spin lock under weak fairness (both processes may starve: two
 * lassos with a cycle each), under strong fairness (a pass with properties), and the
 * live-update model in NONE mode (HANDOVER fails with a stuttering end).
 */
export async function livenessRuns(): Promise<ReportRun[]> {
  return [
    { result: await check(spinlock), modelName: 'examples/spinlock.ts', command: 'lucheck check examples/spinlock.ts' },
    { result: await check(spinlock, { params: { fairness: 'strong' } }), modelName: 'examples/spinlock.ts' },
    { result: await check(liveUpdate, { params: { variant: 'mainline', accounting: 'none' }, invariants: ['HANDOVER'] }), modelName: 'live-update', command: 'lucheck check live-update --invariant HANDOVER' },
  ];
}

export async function petersonRun(): Promise<ReportRun> {
  return { result: await check(peterson), modelName: 'peterson' };
}

/** Every character class that breaks some format: Mermaid, Markdown, XML, workflow commands. */
export const NASTY = 'a;b #c %%d :e,f <g>&h "i" \'j\' `k` |l| \\m ]]> --n \u0001o\u0007 \ud800p \u{1F600}q →r …s %0A t\r\nu\tv $w$ *x* _y_ [z](q) {{a}}';

function step(n: number, actor: string | null, type: string | null, changes: string[]): TraceStep {
  const state = `${NASTY} state ${n}`;
  const event: EventObject | null = type === null ? null : { type, ...{ payload: NASTY } };
  return { step: n, actor, event, state, changes, summary: `${state}; ${changes.join(', ')}` };
}

/** A violation whose ids, titles, messages, actors, events and changes are all full of `NASTY`. */
export function nastyResult(): CheckResult {
  const id = `INV-${NASTY.slice(0, 6)}`;
  const trace = [
    step(0, null, null, []),
    step(1, `actor ${NASTY}`, `x.${NASTY}`, [`ret.actor ${NASTY}: (none)→${JSON.stringify(`CALL(${NASTY}) = -EINVAL`)}`, `weird.path: "a→b"→"c→d"`]),
    step(2, 'p:1', 'p.GO', [`cut.value: {"k":"${'v'.repeat(70)}…→(none)`]),
    step(3, null, 'bare', []),
  ];
  return {
    model: `/models/${NASTY}.ts`,
    params: { mode: NASTY, list: ['a', NASTY], n: 3, on: true },
    strategy: 'bfs',
    symmetry: false,
    engine: 'reference',
    verdict: 'violation',
    stats: { distinct: 4, generated: 5, maxDepth: 3, elapsedMs: 12.5, storeBytes: 1024, collisionProbability: 0 },
    invariants: ['OTHER', id],
    invariantInfo: [
      { id: 'OTHER', title: `other ${NASTY}`, description: NASTY },
      { id, title: `title ${NASTY}`, description: `description ${NASTY}`, source: `source ${NASTY}` },
    ],
    violations: [{ kind: 'invariant', id, title: `title ${NASTY}`, message: `message ${NASTY}\nsecond line`, trace }],
  };
}

/** A result of the given verdict with no counterexample (pass, incomplete or error). */
export function plainResult(verdict: 'pass' | 'incomplete' | 'error'): CheckResult {
  return {
    model: 'toy',
    params: {},
    strategy: 'bfs',
    symmetry: false,
    engine: 'compiled',
    verdict,
    stats: { distinct: 100, generated: 150, maxDepth: 7, elapsedMs: 2000, storeBytes: 4096, collisionProbability: 0 },
    invariants: ['A', 'B'],
    invariantInfo: [
      { id: 'A', title: 'a holds', description: 'the first' },
      { id: 'B', title: 'b holds', description: 'the second' },
    ],
    violations: [],
    ...(verdict === 'incomplete' ? { incomplete: { reason: 'max-states' as const, limit: 100 } } : {}),
    ...(verdict === 'error' ? { error: { code: 'model-exception' as const, message: `guard threw: ${NASTY}` } } : {}),
  };
}
