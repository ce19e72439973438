// The counterexample of a distributed run: the path from the initial state to the state found,
// through the parent links the partitions committed to Redis (each state's owner holds its
// link), replayed from the initial state and checked as the single search's trace is
// (replayPath: every replayed state must be one the path stored), then built into trace steps.
import type { Redis } from 'ioredis';
import type { ModelDefinition } from '../../model/defineModel.ts';
import type { ParamValues } from '../../model/params.ts';
import { ModelError, describeThrown } from '../../model/errors.ts';
import { violationFrom } from '../../check.ts';
import type { Violation } from '../../CheckResult.ts';
import type { TransitionSystem } from '../../search/TransitionSystem.ts';
import type { StoredLevel } from '../../search/partitionedBfs.ts';
import { splitGlobalId, type LevelFinding } from '../../search/sharedBfs.ts';
import type { StoredPaths } from '../../store/StateStore.ts';
import { replayPath } from '../../trace/replayPath.ts';
import { buildTrace } from '../../trace/buildTrace.ts';
import type { XstateSystem } from '../../adapter/xstateSystem.ts';
import { decodeStoredLevel } from './batchBytes.ts';
import type { RunKeys } from './runKeys.ts';

export async function distributedViolation(client: Redis, keys: RunKeys, partitions: number, system: XstateSystem, model: ModelDefinition<ParamValues>, finding: LevelFinding): Promise<Violation> {
  const levels = new Map<number, StoredLevel[]>();
  const parent = new Map<number, number>();
  const event = new Map<number, number>();
  const onPath = new Set<string>();
  for (let cur = finding.stateId; cur >= 0; ) {
    const [owner, local] = splitGlobalId(cur, partitions);
    let mine = levels.get(owner);
    if (!mine) {
      mine = (await client.lrangeBuffer(keys.stored(owner), 0, -1)).map(decodeStoredLevel);
      levels.set(owner, mine);
    }
    // the level that holds the local number: levels number their states one after the other
    let i = local;
    const level = mine.find((l) => (i < l.hi.length ? true : ((i -= l.hi.length), false)));
    if (!level) throw new Error(`state ${cur} of the counterexample is not among partition ${owner}'s committed states`);
    parent.set(cur, level.parents[i]!);
    event.set(cur, level.events[i]!);
    onPath.add(`${level.hi[i]}:${level.lo[i]}`);
    cur = level.parents[i]!;
  }
  const view: StoredPaths = {
    has: (hi, lo) => onPath.has(`${hi >>> 0}:${lo >>> 0}`),
    parentOf: (id) => parent.get(id)!,
    eventOf: (id) => event.get(id)!,
  };
  const steps = replayPath(system as TransitionSystem<unknown, unknown>, view, finding.stateId);
  let trace;
  try {
    trace = buildTrace(system, steps as never);
  } catch (error) {
    if (error instanceof ModelError) throw error;
    throw new ModelError('model-exception', `building the counterexample failed: ${describeThrown(error)}`, { cause: error });
  }
  return violationFrom(model, finding, trace);
}
