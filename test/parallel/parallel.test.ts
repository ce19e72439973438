// `lucheck check --workers N`: the parallel, level-synchronous breadth-first search. The CLI
// tests run the real binary (bin/lucheck.js) as a child process; the others drive the pure part
// (src/search/partitionedBfs.ts) in one thread, the parts stepped one after the other.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import counter from '../../examples/counter.ts';
import brokenMutex from '../fixtures/brokenMutex.ts';
import lockOrder from '../fixtures/lockOrder.ts';
import { createSystem } from '../../src/compiled/createSystem.ts';
import { searchProblem } from '../../src/check.ts';
import { resolveModelParams, type ModelDefinition } from '../../src/model/defineModel.ts';
import type { ParamValues } from '../../src/model/params.ts';
import { PartitionedBfs, splitGlobalId, type PartitionFinding } from '../../src/search/partitionedBfs.ts';
import { bfs } from '../../src/search/bfs.ts';
import { resolveSearchConfig } from '../../src/search/SearchConfig.ts';
import { ValueDictionary, ValueQueue, type ValueQueueData } from '../../src/store/ValueQueue.ts';
import { FingerprintSet } from '../../src/store/FingerprintSet.ts';

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

/** Runs the parts of a partitioned search one after another in this thread, as the workers would. */
function partitioned(model: ModelDefinition<ParamValues>, given: Record<string, unknown>, workers: number, maxDepth = Infinity) {
  const params = resolveModelParams(model, given);
  const parts = Array.from({ length: workers }, (_, index) => {
    const system = createSystem(model, params, 'compiled').system;
    return new PartitionedBfs(system, searchProblem(model, params), { workers, index, maxDepth, checkDeterminism: false, pollEvery: 1 });
  });
  let incoming: ValueQueueData[][] = parts.map(() => []);
  let maxLevel = 0;
  for (let depth = 0; ; depth++) {
    const steps = parts.map((p, i) => p.step(depth, incoming[i]!, () => undefined));
    const found = steps.map((s) => s.finding).filter((f): f is PartitionFinding => f !== undefined);
    const total = (k: 'generated' | 'distinct') => steps.reduce((sum, s) => sum + s[k], 0);
    if (steps.some((s) => s.levelSize > 0)) maxLevel = depth;
    if (found.length > 0 || steps.every((s) => s.levelSize === 0)) {
      return { parts, found, distinct: total('distinct'), generated: total('generated'), maxDepth: maxLevel, truncated: steps.some((s) => s.truncated) };
    }
    incoming = parts.map((_, dest) => steps.flatMap((s) => (s.outgoing[dest] ? [s.outgoing[dest]] : [])));
  }
}

/** Event indices from the root to a global state number, following the parts' links. */
function pathOf(parts: readonly PartitionedBfs<unknown, unknown>[], id: number): number[] {
  const events: number[] = [];
  for (let cur = id; cur >= 0; ) {
    const [owner, local] = splitGlobalId(cur, parts.length);
    const { parents, events: ev } = parts[owner]!.links([local]);
    if (parents[0]! >= 0) events.push(ev[0]!);
    cur = parents[0]!;
  }
  return events.reverse();
}

describe('parallel search (--workers N)', function () {
  this.timeout(120_000);

  describe('the partitioned search in one thread', () => {
    it('finds exactly the states, successors and depth of the single-threaded BFS, for 1 to 4 parts', () => {
      const params = resolveModelParams(counter, { regions: 3, size: 12 });
      const single = bfs(createSystem(counter, params, 'compiled').system, searchProblem(counter, params), resolveSearchConfig({}));
      expect(single.stats.distinct).to.equal(1728);
      for (const n of [1, 2, 3, 4]) {
        const r = partitioned(counter, { regions: 3, size: 12 }, n);
        expect({ n, distinct: r.distinct, generated: r.generated, maxDepth: r.maxDepth }).to.deep.equal({ n, distinct: 1728, generated: single.stats.generated, maxDepth: single.stats.maxDepth });
        if (n > 1) for (const p of r.parts) expect(p.table.size, 'every part owns some states').to.be.greaterThan(1728 / n / 2);
      }
    });

    it('reports the violation at the shortest depth, with links that lead there from the root', () => {
      for (const n of [1, 2, 3]) {
        const r = partitioned(brokenMutex as never, {}, n);
        expect(r.found, `${n} parts`).to.have.length.greaterThan(0);
        const f = r.found.reduce((a, b) => (b.depth < a.depth ? b : a));
        expect(f).to.include({ kind: 'violation', depth: 4, invariantId: 'MUTEX' });
        expect(pathOf(r.parts as never, f.stateId)).to.have.length(4);
      }
    });

    it('reports the lock-order deadlock at depth 2', () => {
      const r = partitioned(lockOrder as never, {}, 2);
      expect(r.found.map((f) => [f.kind, f.depth])).to.deep.equal([['deadlock', 2]]);
    });

    it('stops expanding at the depth bound and says so', () => {
      const r = partitioned(counter, { regions: 3, size: 12 }, 2, 3);
      expect(r.truncated).to.equal(true);
      expect(r.maxDepth).to.equal(3);
      expect(r.distinct).to.equal(20); // states at distance <= 3 in a 3-counter product: C(3+3, 3)
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

    it('FingerprintSet adds each fingerprint once and forgets them on clear', () => {
      const s = new FingerprintSet(16);
      for (let i = 1; i <= 1000; i++) expect(s.add(i * 7919, i)).to.equal(true);
      for (let i = 1; i <= 1000; i++) expect(s.add(i * 7919, i)).to.equal(false);
      expect(s.size).to.equal(1000);
      s.clear();
      expect(s.add(7919, 1)).to.equal(true);
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
      const r = await lucheck(['check', 'test/fixtures/parallel/entryAction.ts', '--workers', '2']);
      expect(r.code, describeRun(r)).to.equal(2);
      expect(r.stderr.split('\n'), describeRun(r)).to.have.length(2);
      expect(r.stderr).to.contain('needs the compiled engine').and.contain('entry/exit actions');
    });
  });
});
