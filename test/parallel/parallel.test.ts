// `lucheck check --workers N`: the parallel, level-synchronous breadth-first search. The CLI
// tests run the real binary (bin/lucheck.js) as a child process; the shared visited set and
// the level barrier are tested with real threads using them at once; the others drive the pure
// part (src/search/sharedBfs.ts) in one thread, the parts stepped one after the other.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import counter from '../../examples/counter.ts';
import brokenMutex from '../fixtures/brokenMutex.ts';
import lockOrder from '../fixtures/lockOrder.ts';
import { createSystem } from '../../src/compiled/createSystem.ts';
import { searchProblem } from '../../src/check.ts';
import { resolveModelParams, type ModelDefinition } from '../../src/model/defineModel.ts';
import type { ParamValues } from '../../src/model/params.ts';
import { HARD_LOAD, SharedBfsPart, planTransfers, plannedCapacity, splitGlobalId, type LevelFinding, type LevelStep, type Together } from '../../src/search/sharedBfs.ts';
import { LevelBarrier } from '../../src/search/LevelBarrier.ts';
import { runParallelCheck } from '../../src/cli/parallel/runParallelCheck.ts';
import { bfs } from '../../src/search/bfs.ts';
import { resolveSearchConfig } from '../../src/search/SearchConfig.ts';
import { ValueQueue, type ValueQueueData } from '../../src/store/ValueQueue.ts';
import { ValueDictionary } from '../../src/store/ValueDictionary.ts';
import { SharedFingerprintSet } from '../../src/store/SharedFingerprintSet.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'lucheck.js');
const TYPE1_B1 = ['--set', 'backend=vfio-type1', '--set', 'variant=v5.12', '--set', 'bugs=B1', '--set', 'handover=exec'];

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function lucheck(args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, maxBuffer: 16 * 2 ** 20 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(new Error(`lucheck ${args.join(' ')} did not exit normally (${error.signal ?? error.code ?? error.message}); stderr: ${stderr}`));
        return;
      }
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}

const describeRun = (r: Run) => `exit ${r.code}\n--- stdout:\n${r.stdout}\n--- stderr:\n${r.stderr}`;

function json(r: Run): Record<string, any> {
  expect(r.stdout.trimEnd().split('\n'), describeRun(r)).to.have.length(1);
  return JSON.parse(r.stdout) as Record<string, any>;
}

/**
 * Runs the parts of a search over one shared set one after another in this thread, as the
 * workers and the main thread would: a set of `initialSlots` slots that grows between levels
 * and when a part pauses (between levels only as `plannedCapacity` says when `planAhead`), and the
 * next level's shares evened out whenever they differ at all.
 */
function shared(model: ModelDefinition<ParamValues>, given: Record<string, unknown>, workers: number, maxDepth = Infinity, initialSlots = 16, planAhead = true) {
  const params = resolveModelParams(model, given);
  const parts = Array.from({ length: workers }, (_, index) => {
    const system = createSystem(model, params, 'compiled').system;
    return new SharedBfsPart(system, searchProblem(model, params), { workers, index, maxDepth, checkDeterminism: false, pollEvery: 1 });
  });
  let set = SharedFingerprintSet.allocate(initialSlots);
  const useSet = () => parts.forEach((p) => p.useSet(set));
  const grow = (slots: number) => {
    const bigger = SharedFingerprintSet.allocate(slots);
    // as the workers copy it: a range of slots each
    const range = Math.ceil(set.capacity / workers);
    for (let w = 0; w < workers; w++) set.copyRangeInto(bigger, w * range, Math.min(set.capacity, (w + 1) * range));
    set = bigger;
    useSet();
  };
  useSet();
  let incoming: ValueQueueData[][] = parts.map(() => []);
  let pauses = 0;
  let moved = 0;
  let maxFanout = 0;
  // Each part's last answer (its totals so far), zeros before the first step.
  const steps: LevelStep[] = parts.map(() => ({ distinct: 0, generated: 0 }) as LevelStep);
  const total = (k: 'generated' | 'distinct') => steps.reduce((sum, s) => sum + s[k], 0);
  const budget = () => Math.floor((Math.floor(HARD_LOAD * set.capacity) - total('distinct')) / workers);
  for (let depth = 0; ; depth++) {
    parts.forEach((p, i) => (steps[i] = p.step(depth, incoming[i]!, budget(), () => undefined)));
    for (;;) {
      const paused = steps.flatMap((s, i) => (s.paused ? [i] : []));
      if (paused.length === 0 || steps.some((s) => s.finding)) break;
      pauses++;
      grow(2 * set.capacity);
      for (const i of paused) steps[i] = parts[i]!.resume(budget(), () => undefined);
    }
    const found = steps.map((s) => s.finding).filter((f): f is LevelFinding => f !== undefined);
    const sizes = steps.map((s) => s.nextSize);
    if (found.length > 0 || sizes.every((k) => k === 0)) {
      return { parts, set, found, distinct: total('distinct'), generated: total('generated'), maxDepth: depth, truncated: steps.some((s) => s.truncated), pauses, moved };
    }
    maxFanout = Math.max(maxFanout, ...steps.map((s) => s.maxFanout));
    const slots = plannedCapacity(set.capacity, total('distinct'), sizes.reduce((a, b) => a + b, 0), maxFanout, 1);
    if (planAhead && slots > set.capacity) grow(slots);
    incoming = parts.map(() => []);
    for (const [from, to, count] of planTransfers(sizes, 0, 0)) {
      incoming[to]!.push(parts[from]!.give(count));
      moved += count;
    }
  }
}

/** Event indices from the root to a global state number, following the parts' links. */
function pathOf(parts: readonly SharedBfsPart<unknown, unknown>[], id: number): number[] {
  const events: number[] = [];
  for (let cur = id; cur >= 0; ) {
    const [owner, local] = splitGlobalId(cur, parts.length);
    const { parents, events: ev } = parts[owner]!.linksOf([local]);
    if (parents[0]! >= 0) events.push(ev[0]!);
    cur = parents[0]!;
  }
  return events.reverse();
}

/** One part with a `Together` of its own (a barrier of one): every level ends with it as the decider. */
function alone(given: Record<string, unknown>, slots: number) {
  const params = resolveModelParams(counter, given);
  const part = new SharedBfsPart(createSystem(counter, params, 'compiled').system, searchProblem(counter, params), { workers: 1, index: 0, maxDepth: Infinity, checkDeterminism: false, pollEvery: 1 });
  let set = SharedFingerprintSet.allocate(slots);
  part.useSet(set);
  const grow = () => {
    const bigger = SharedFingerprintSet.allocate(2 * set.capacity);
    set.copyRangeInto(bigger, 0, set.capacity);
    set = bigger;
    part.useSet(set);
  };
  const barrier = new LevelBarrier(LevelBarrier.allocate(1), 1, 0);
  const together = (o: Partial<Together> = {}): Together => ({ barrier, stopAll: () => {}, now: () => 0, until: 1, maxStates: Infinity, distinct: 0, maxFanout: 0, newPerExpanded: 0, ...o });
  /** A step's budget: the slots below the hard load left after `distinct`. */
  const budget = (distinct: number) => Math.floor(HARD_LOAD * set.capacity) - distinct;
  return { part, together, grow, budget };
}

/** Runs `levels` levels through one LevelBarrier in `workers` threads; what each thread saw. */
async function barrierThreads(workers: number, levels: number): Promise<{ budgets: number[]; decided: number; wrong: string[] }[]> {
  const buffer = LevelBarrier.allocate(workers);
  return Promise.all(
    Array.from({ length: workers }, (_, index) => {
      const worker = new Worker(new URL('../support/barrierWorker.js', import.meta.url), { workerData: { buffer, workers, index, levels } });
      return answerOf<{ budgets: number[]; decided: number; wrong: string[] }>(worker);
    }),
  );
}

/** The first message `worker` sends, after which it is terminated; a failure or an exit before it rejects. */
function answerOf<T>(worker: Worker): Promise<T> {
  return new Promise((resolve, reject) => {
    worker.once('message', (m: T) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the thread exited (code ${code}) before it answered`)));
  });
}

/** Adds `fingerprints` (pairs hi, lo) to the shared set in `buffer` from a worker thread, once `go[0]` is 1; which of them were new. */
function addFromThread(buffer: SharedArrayBuffer, go: SharedArrayBuffer, fingerprints: Int32Array): Promise<Uint8Array> {
  const worker = new Worker(new URL('../support/sharedSetWorker.js', import.meta.url), { workerData: { buffer, go, fingerprints } });
  return answerOf<Uint8Array>(worker);
}

describe('parallel search (--workers N)', function () {
  this.timeout(120_000);

  describe('the shared search in one thread', () => {
    it('finds exactly the states, successors and depth of the single-threaded BFS, for 1 to 4 parts, through pauses, growths and moves', () => {
      const params = resolveModelParams(counter, { regions: 3, size: 12 });
      const single = bfs(createSystem(counter, params, 'compiled').system, searchProblem(counter, params), resolveSearchConfig({}));
      expect(single.stats.distinct).to.equal(1728);
      for (const [n, planAhead] of [1, 2, 3, 4].flatMap((k) => [[k, true], [k, false]] as const)) {
        const r = shared(counter, { regions: 3, size: 12 }, n, Infinity, 16, planAhead);
        expect({ n, distinct: r.distinct, generated: r.generated, maxDepth: r.maxDepth }).to.deep.equal({ n, distinct: 1728, generated: single.stats.generated, maxDepth: single.stats.maxDepth });
        expect(r.set.count()).to.equal(1728);
        if (!planAhead) expect(r.pauses, 'a set of 16 slots that grows only when full makes parts pause').to.be.greaterThan(2);
        if (n > 1) {
          expect(r.moved, 'the shares were evened out').to.be.greaterThan(0);
          for (const p of r.parts) expect(p.links.size, 'every part stored some states').to.be.greaterThan(1728 / n / 4);
        }
      }
    });

    it('finds the same states whatever the set it starts with (no pause when it is big enough)', () => {
      const r = shared(counter, { regions: 3, size: 12 }, 2, Infinity, 1 << 16);
      expect([r.distinct, r.pauses]).to.deep.equal([1728, 0]);
    });

    it('reports the violation at the shortest depth, with links that lead there from the root', () => {
      for (const n of [1, 2, 3]) {
        const r = shared(brokenMutex as never, {}, n);
        expect(r.found, `${n} parts`).to.have.length.greaterThan(0);
        const f = r.found.reduce((a, b) => (b.depth < a.depth ? b : a));
        expect(f).to.include({ kind: 'violation', depth: 4, invariantId: 'MUTEX' });
        expect(pathOf(r.parts as never, f.stateId)).to.have.length(4);
      }
    });

    it('reports the lock-order deadlock at depth 2', () => {
      const r = shared(lockOrder as never, {}, 2);
      expect(r.found.map((f) => [f.kind, f.depth])).to.deep.equal([['deadlock', 2]]);
    });

    it('stops expanding at the depth bound and says so', () => {
      const r = shared(counter, { regions: 3, size: 12 }, 2, 3);
      expect(r.truncated).to.equal(true);
      expect(r.maxDepth).to.equal(3);
      expect(r.distinct).to.equal(20); // states at distance <= 3 in a 3-counter product: C(3+3, 3)
    });

    it('runs level after level in one step with a Together, as the single-threaded BFS, until the decider says stop', () => {
      const params = resolveModelParams(counter, { regions: 3, size: 12 });
      const single = bfs(createSystem(counter, params, 'compiled').system, searchProblem(counter, params), resolveSearchConfig({}));
      // a set big enough and no bound: the whole search is one step, every level of it
      const whole = alone({ regions: 3, size: 12 }, 1 << 16);
      const r = whole.part.step(0, [], 1 << 15, () => undefined, whole.together());
      expect({ levels: r.levels, depth: r.depth, distinct: r.distinct, generated: r.generated, nextSize: r.nextSize }).to.deep.equal({
        levels: single.stats.maxDepth + 1,
        depth: single.stats.maxDepth,
        distinct: 1728,
        generated: single.stats.generated,
        nextSize: 0,
      });
      // the time slice over: one level per step
      const sliced = alone({ regions: 3, size: 12 }, 1 << 16);
      const first = sliced.part.step(0, [], 1 << 15, () => undefined, sliced.together({ now: () => 2 }));
      expect([first.levels, first.depth, first.nextSize]).to.deep.equal([1, 0, 3]);
      // the bound on states: the level that passes it is the last
      const bounded = alone({ regions: 3, size: 12 }, 1 << 16);
      const b = bounded.part.step(0, [], 1 << 15, () => undefined, bounded.together({ maxStates: 30 }));
      expect([b.levels, b.distinct]).to.deep.equal([4, 35]); // levels 0 to 3 store C(3 + 4, 3): the states within 4 steps
      // a set that would need to grow: the step ends with the level that fills it, and each later step goes on from there
      const small = alone({ regions: 3, size: 12 }, 64);
      let s = small.part.step(0, [], small.budget(0), () => undefined, small.together());
      expect([s.paused, s.levels! < single.stats.maxDepth + 1]).to.deep.equal([false, true]);
      let steps = 1;
      for (; s.nextSize > 0; steps++) {
        small.grow();
        s = small.part.step(s.depth + 1, [], small.budget(s.distinct), () => undefined, small.together({ distinct: s.distinct }));
        expect(s.paused, 'the set was grown before it could fill').to.equal(false);
      }
      expect([s.distinct, s.generated, s.depth]).to.deep.equal([1728, single.stats.generated, single.stats.maxDepth]);
      expect(steps, 'fewer steps than levels').to.be.lessThan(single.stats.maxDepth + 1);
    });

    it('plans moves that even out the shares, and none when they are close', () => {
      expect(planTransfers([1000, 0])).to.deep.equal([[0, 1, 500]]);
      expect(planTransfers([1000, 950])).to.deep.equal([]);
      expect(planTransfers([10, 0], 0, 0)).to.deep.equal([[0, 1, 5]]);
      expect(planTransfers([900, 0, 0], 0, 0)).to.deep.equal([[0, 1, 300], [0, 2, 300]]);
      expect(planTransfers([0, 700, 500, 0], 0, 0)).to.deep.equal([[1, 0, 300], [1, 3, 100], [2, 3, 200]]);
    });

    it('grows the set when it is half full or the next level may not fit', () => {
      expect(plannedCapacity(1000, 100, 10, 3, 1)).to.equal(1000);
      expect(plannedCapacity(1000, 501, 0, 3, 1)).to.equal(2000);
      expect(plannedCapacity(1000, 300, 300, 3, 1)).to.equal(2000); // 300 + 300 * 2 > 750
      expect(plannedCapacity(1000, 300, 1000, 8, 4)).to.equal(2 * (300 + 8000));
    });
  });

  describe('the shared visited set', () => {
    it('adds each fingerprint once, keeps halves 0 and 0xffffffff apart from the empty and busy marks, and copies into a bigger set, range by range', () => {
      const s = SharedFingerprintSet.allocate(4096);
      // touching a fingerprint's place (as a part does before it adds) changes nothing
      for (let i = 1; i <= 1000; i++) s.touch(i);
      expect(s.count()).to.equal(0);
      for (let i = 1; i <= 1000; i++) expect(s.add(i * 7919, i)).to.equal(true);
      for (let i = 1; i <= 1000; i++) expect(s.add(i * 7919, i)).to.equal(false);
      expect([s.add(5, 0), s.add(5, 0), s.has(5, 0), s.add(6, -1), s.has(6, 0xffffffff), s.add(0, 0xffffffff), s.has(0, -1)]).to.deep.equal([true, false, true, true, true, true, true]);
      expect(s.add(5, 1), 'low half 0 is kept as 1').to.equal(false);
      expect(s.count()).to.equal(1003);
      const big = SharedFingerprintSet.allocate(10_000);
      // in three ranges, as three workers copy it; a range's slots need not hold their own home's fingerprints
      s.copyRangeInto(big, 0, 1000);
      s.copyRangeInto(big, 1000, 1001);
      expect(big.count()).to.be.below(1003);
      s.copyRangeInto(big, 1001, 4096);
      expect(big.count()).to.equal(1003);
      for (let i = 1; i <= 1000; i++) expect(big.has(i * 7919, i)).to.equal(true);
      expect(big.has(7919, 2)).to.equal(false);
      expect([big.has(5, 0), big.has(6, -1), big.has(0, -1)]).to.deep.equal([true, true, true]);
    });

    it('throws rather than loop when full', () => {
      const s = SharedFingerprintSet.allocate(8);
      for (let i = 1; i <= 8; i++) s.add(i, i * 0x1fffffff);
      expect(s.has(99, 99)).to.equal(false);
      expect(() => s.add(99, 99)).to.throw(RangeError, /all 8 slots/);
    });

    it('says new exactly once per fingerprint when two threads add overlapping streams at once', async () => {
      const common = 60_000;
      const own = 20_000;
      const slots = 1 << 18;
      // Stream k: the common fingerprints (thread 1 in reverse order, so both meet in the middle, and thread 0 in order), then its own.
      const fpOf = (j: number): [number, number] => [Math.imul(j + 1, 0x9e3779b1), j % 97 === 0 ? 0 : Math.imul(j + 1, 0x85ebca6b) ^ (j >>> 3)];
      const streams = [0, 1].map((k) => {
        const ids = Array.from({ length: common }, (_, j) => j);
        if (k === 1) ids.reverse();
        // A stretch both walk in the same order, for the tightest races on one slot.
        for (let j = 0; j < 5000; j++) ids[j] = j;
        for (let j = 0; j < own; j++) ids.push(common + k * own + j);
        const fps = new Int32Array(2 * ids.length);
        ids.forEach((id, j) => ([fps[2 * j], fps[2 * j + 1]] = fpOf(id)));
        return { ids, fps };
      });
      for (let round = 0; round < 3; round++) {
        const set = SharedFingerprintSet.allocate(slots);
        const go = new SharedArrayBuffer(8);
        const flags = new Int32Array(go);
        const results = streams.map((s) => addFromThread(set.buffer, go, s.fps));
        const failed = Promise.race(results).then(() => undefined);
        while (Atomics.load(flags, 1) < 2) await Promise.race([failed, new Promise((r) => setTimeout(r, 5))]);
        Atomics.store(flags, 0, 1);
        Atomics.notify(flags, 0);
        const fresh = await Promise.all(results);
        const newBy = new Map<number, number>();
        streams.forEach((s, k) =>
          s.ids.forEach((id, j) => {
            if (fresh[k]![j]) newBy.set(id, (newBy.get(id) ?? 0) + 1);
          }),
        );
        // The first 5000 ids appear twice in a stream (the common stretch and the overwritten start): new at most once there too.
        const distinct = common + 2 * own;
        expect(newBy.size, `round ${round}`).to.equal(distinct);
        expect([...newBy.values()].every((c) => c === 1), `round ${round}: some fingerprint was new twice`).to.equal(true);
        expect(set.count()).to.equal(distinct);
        for (const k of [0, 1]) expect(streams[k]!.ids.filter((id, j) => id < common && fresh[k]![j]).length, `round ${round}: thread ${k} added some common fingerprints first`).to.be.greaterThan(0);
        expect(fresh[0]!.reduce((a, b) => a + b, 0) + fresh[1]!.reduce((a, b) => a + b, 0)).to.equal(distinct);
        for (let id = 0; id < distinct; id++) expect(set.has(...fpOf(id))).to.equal(true);
      }
    });
  });

  describe('the level barrier', () => {
    it('counts the parts in, lets the last one decide, and carries its plan to all', () => {
      const buffer = LevelBarrier.allocate(2);
      const [a, b] = [0, 1].map((i) => new LevelBarrier(buffer, 2, i));
      a!.publish({ nextSize: 3, distinct: 10, maxFanout: 4, expanded: 7, halted: false });
      b!.publish({ nextSize: 5, distinct: 20, maxFanout: 2, expanded: 9, halted: true });
      expect(a!.arrive(), 'the first part in is not the last').to.equal(false);
      expect(b!.arrive()).to.equal(true);
      expect([a!.figuresOf(1), b!.figuresOf(0)]).to.deep.equal([
        { nextSize: 5, distinct: 20, maxFanout: 2, expanded: 9, halted: true },
        { nextSize: 3, distinct: 10, maxFanout: 4, expanded: 7, halted: false },
      ]);
      b!.release(true, { budget: 100, newPerExpanded: 1.5, distinct: 30 });
      a!.wait(0); // the level is over: returns at once
      expect([a!.level, a!.go, a!.plan]).to.deep.equal([1, true, { budget: 100, newPerExpanded: 1.5, distinct: 30 }]);
      // the count starts again: the next level's last part is whoever arrives second
      expect([b!.arrive(), a!.arrive()]).to.deep.equal([false, true]);
      a!.release(false, { budget: 0, newPerExpanded: 1.5, distinct: 30 });
      expect([b!.level, b!.go]).to.deep.equal([2, false]);
    });

    it('lets no thread past a level before all have arrived, over 2,000 levels in 3 threads', async () => {
      const seen = await barrierThreads(3, 2000);
      const levels = Array.from({ length: 2000 }, (_, k) => k);
      for (const [w, s] of seen.entries()) {
        expect(s.wrong, `thread ${w}`).to.deep.equal([]);
        expect(s.budgets, `thread ${w}: the plan of every level, in order`).to.deep.equal(levels);
      }
      expect(seen.reduce((k, s) => k + s.decided, 0), 'one decider a level').to.equal(2000);
      expect(seen.filter((s) => s.decided > 0).length, 'the threads took turns at deciding').to.be.greaterThan(1);
    });
  });

  describe('the data that crosses threads', () => {
    it('ValueQueue.toData/fromData carries records and the dictionary, after a structured clone', () => {
      const q = new ValueQueue(new ValueDictionary());
      const values = [{ a: 'x', b: [1, null, true] }, 'y', -0, { a: 'z', b: [] }];
      for (let i = 0; i < 40_000; i++) {
        q.writeNumber(i);
        q.writeValue(values[i % values.length]);
        q.endRecord();
      }
      const data = structuredClone(q.toData());
      expect(q.length).to.equal(0);
      const r = ValueQueue.fromData(data);
      expect(r.length).to.equal(40_000);
      for (let i = 0; i < 40_000; i++) {
        r.startRead();
        expect(r.readNumber()).to.equal(i);
        expect(r.readValue()).to.deep.equal(values[i % values.length]);
      }
      expect(r.length).to.equal(0);
    });
  });

  describe('lucheck check --workers (the real binary)', () => {
    let scratch: string;
    before(async () => {
      scratch = await mkdtemp(join(tmpdir(), 'lucheck-parallel-test-'));
    });
    after(async () => {
      await rm(scratch, { recursive: true, force: true });
    });

    it('counter 3x30: --workers 2 finds the same 27,000 states, successors and depth as --workers 1', async () => {
      const [one, two] = await Promise.all([1, 2].map((w) => lucheck(['check', 'counter', '--set', 'size=30', '--workers', String(w), '--format', 'json'])));
      expect(one!.code, describeRun(one!)).to.equal(0);
      expect(two!.code, describeRun(two!)).to.equal(0);
      const a = json(one!);
      const b = json(two!);
      expect(a.verdict).to.equal('pass');
      expect(b.verdict).to.equal('pass');
      expect(a.workers).to.equal(undefined);
      expect(b.workers).to.equal(2);
      expect(b.stats.distinct).to.equal(27_000);
      for (const k of ['distinct', 'generated', 'maxDepth']) expect(b.stats[k], k).to.equal(a.stats[k]);
      // told how many states to expect, the shared set starts at that size: no growth, the same states
      const told = json(await lucheck(['check', 'counter', '--set', 'size=30', '--workers', '2', '--expect-states', '27000', '--format', 'json']));
      for (const k of ['distinct', 'generated', 'maxDepth']) expect(told.stats[k], `${k}, --expect-states`).to.equal(a.stats[k]);
      expect(told.stats.storeBytes, 'a shared set of 2 slots a state expected, 8 bytes a slot').to.be.at.least(2 * 27_000 * 8);
    });

    it('runs levels among the workers between the main thread\'s looks: fewer answers than levels, the same states', async () => {
      let answers = 0;
      const r = await runParallelCheck(counter, {
        workers: 2,
        modelRef: 'counter',
        cwd: ROOT,
        params: { regions: 3, size: 30 },
        invariants: (counter.invariants ?? []).map((i) => i.id),
        observer: { onProgress: () => answers++ },
      });
      expect([r.verdict, r.stats.distinct, r.stats.maxDepth]).to.deep.equal(['pass', 27_000, 87]);
      expect(answers, 'the main thread heard from the workers less often than once a level').to.be.lessThan(87 / 2);
    });

    it('counter with --symmetry: --workers 2 finds the same representatives as the single-threaded search', async () => {
      const [one, two] = await Promise.all([1, 2].map((w) => lucheck(['check', 'counter', '--set', 'size=20', '--symmetry', '--workers', String(w), '--format', 'json'])));
      const a = json(one!);
      const b = json(two!);
      expect(b.stats.distinct).to.equal(1540); // C(20 + 2, 3)
      for (const k of ['distinct', 'generated', 'maxDepth']) expect(b.stats[k], k).to.equal(a.stats[k]);
    });

    it('live-update type1 v5.12 B1: --workers 2 finds INV-6 with a replayable trace as short as the single-threaded one', async () => {
      const out = join(scratch, 'trace.json');
      const [one, two] = await Promise.all([
        lucheck(['check', 'live-update', ...TYPE1_B1, '--format', 'json']),
        lucheck(['check', 'live-update', ...TYPE1_B1, '--workers', '2', '--format', 'json', '--out', out]),
      ]);
      expect(one.code, describeRun(one)).to.equal(10);
      expect(two.code, describeRun(two)).to.equal(10);
      const single = json(one).violations[0];
      const replay = await lucheck(['replay', out]);
      expect(replay.code, describeRun(replay)).to.equal(10); // replay exits with the verdict it reproduces
      expect(replay.stdout).to.contain('violation of INV-6 reproduced');
      const doc = JSON.parse(await import('node:fs/promises').then((fs) => fs.readFile(out, 'utf8'))) as Record<string, any>;
      expect(doc.workers).to.equal(2);
      expect(doc.violations[0].id).to.equal('INV-6');
      expect(doc.violations[0].trace).to.have.length(single.trace.length);
      expect(doc.violations[0].trace.length).to.equal(6);
    });

    it('says in the text report that the counterexample of the parallel search is shortest', async () => {
      const r = await lucheck(['check', 'live-update', ...TYPE1_B1, '--workers', '2']);
      expect(r.code, describeRun(r)).to.equal(10);
      expect(r.stdout).to.contain('shortest counterexample, 5 steps');
      expect(r.stdout).to.match(/^workers: 2 \(level-synchronous breadth-first search; the counterexample is shortest/m);
    });

    it('finds the lock-order deadlock with --workers 2 (exit 11)', async () => {
      const r = await lucheck(['check', 'test/fixtures/lockOrder.ts', '--workers', '2', '--format', 'json']);
      expect(r.code, describeRun(r)).to.equal(11);
      const doc = json(r);
      expect(doc.verdict).to.equal('deadlock');
      expect(doc.violations[0].trace).to.have.length(3);
    });

    it('stops cleanly at --max-depth, --max-states and --time-limit (incomplete, exit 4)', async () => {
      const runs = await Promise.all([
        lucheck(['check', 'counter', '--set', 'size=30', '--workers', '2', '--max-depth', '5', '--format', 'json']),
        lucheck(['check', 'counter', '--set', 'size=30', '--workers', '2', '--max-states', '50', '--format', 'json']),
        lucheck(['check', 'counter', '--workers', '2', '--time-limit', '0.2', '--format', 'json']),
      ]);
      const reasons = runs.map((r) => {
        expect(r.code, describeRun(r)).to.equal(4);
        return json(r).incomplete.reason;
      });
      expect(reasons).to.deep.equal(['max-depth', 'max-states', 'time-limit']);
      expect(json(runs[0]!).stats.distinct).to.equal(56); // C(5 + 3, 3): the states within 5 steps
    });

    const usage: [string, string[], RegExp][] = [
      ['--workers 0', ['--workers', '0'], /bad value '0' for --workers/],
      ['--workers abc', ['--workers', 'abc'], /bad value 'abc' for --workers/],
      ['--workers 2 --engine reference', ['--workers', '2', '--engine', 'reference'], /needs the compiled engine/],
      ['--workers 2 --strategy dfs', ['--workers', '2', '--strategy', 'dfs'], /breadth-first.*--strategy dfs/],
    ];
    for (const [name, args, message] of usage) {
      it(`refuses ${name} with one stderr line (exit 2)`, async () => {
        const r = await lucheck(['check', 'counter', '--set', 'size=5', ...args]);
        expect(r.code, describeRun(r)).to.equal(2);
        expect(r.stdout).to.equal('');
        expect(r.stderr.split('\n'), describeRun(r)).to.deep.equal([r.stderr.trimEnd(), '']);
        expect(r.stderr).to.match(message);
      });
    }

    it('refuses --workers 2 for a model the compiled engine does not take, saying why (exit 2)', async () => {
      const r = await lucheck(['check', 'test/fixtures/parallel/unknownGuard.ts', '--workers', '2']);
      expect(r.code, describeRun(r)).to.equal(2);
      expect(r.stderr.split('\n'), describeRun(r)).to.have.length(2);
      expect(r.stderr).to.contain('needs the compiled engine').and.contain('a built-in guard that is not and, or, not or stateIn');
    });
  });
});
