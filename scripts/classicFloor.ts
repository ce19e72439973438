// The classic models of examples/ checked by hand-written JavaScript, for `npm run bench`: what
// the language itself allows, next to SPIN's C and lucheck's statecharts. Each model is a
// byte vector (every region's state and the shared data, as SPIN's state vector holds them),
// its transitions written out by hand, its levels kept as flat byte arrays; the visited set is
// lucheck's own `FingerprintTable`, and a state with no successor is a deadlock, as SPIN checks.
// No statechart, no context objects, no allocation per state: a floor for an engine that runs
// xstate machines, not a rival to it. State counts equal lucheck's and SPIN's (checked by the bench).
import { FingerprintTable } from '../src/store/FingerprintTable.ts';
import { fmix } from '../src/compiled/valueHash.ts';
import { forksOf } from '../examples/philosophers.ts';

/** A model as a byte vector: its width, initial state, and its successors (each written into `t`, a copy of `s`, then `emit()`). */
interface VectorModel {
  readonly width: number;
  readonly init: readonly number[];
  successors(s: Uint8Array, t: Uint8Array, emit: () => void): void;
}

/** Breadth-first search of a vector model; throws on a deadlock. */
function search(m: VectorModel): { states: number; generated: number } {
  const w = m.width;
  const store = new FingerprintTable();
  let cur = new Uint8Array(w * 1024);
  let next = new Uint8Array(w * 1024);
  let curLen = 0;
  let nextLen = 0;
  const s = new Uint8Array(w);
  const t = new Uint8Array(w);
  let generated = 0;
  let emitted = 0;
  const add = (v: Uint8Array): boolean => {
    let h1 = 0x2545f491;
    let h2 = 0x6a09e667;
    for (let k = 0; k < w; k++) {
      const x = v[k]!;
      h1 = (Math.imul(h1 ^ x, 0x9e3779b1) + k) | 0;
      h2 = Math.imul(h2 + x, 0x85ebca77) ^ (h2 >>> 15);
    }
    const hi = fmix(h1 ^ h2) >>> 0;
    let lo = fmix(h2 + Math.imul(h1, 0xc2b2ae35)) >>> 0;
    if (hi === 0 && lo === 0) lo = 1;
    return store.add(hi, lo, 0, 0);
  };
  const emit = (): void => {
    generated++;
    emitted++;
    if (add(t)) {
      if ((nextLen + 1) * w > next.length) {
        const bigger = new Uint8Array(next.length * 2);
        bigger.set(next);
        next = bigger;
      }
      next.set(t, nextLen * w);
      nextLen++;
    }
    t.set(s);
  };
  s.set(m.init);
  add(s);
  generated = 1;
  cur.set(s);
  curLen = 1;
  while (curLen > 0) {
    for (let q = 0; q < curLen; q++) {
      for (let k = 0; k < w; k++) s[k] = cur[q * w + k]!;
      t.set(s);
      emitted = 0;
      m.successors(s, t, emit);
      if (emitted === 0) throw new Error('deadlock');
    }
    [cur, next] = [next, cur];
    curLen = nextLen;
    nextLen = 0;
  }
  return { states: store.size, generated };
}

/** Peterson's filter lock: pc (0 idle, 2L-1 victim L, 2L wait L, 2n-1 critical), level, victim. */
function filter(n: number): VectorModel {
  const critical = 2 * n - 1;
  return {
    width: 3 * n,
    init: new Array(3 * n).fill(0),
    successors(s, t, emit) {
      for (let i = 0; i < n; i++) {
        const pc = s[i]!;
        if (pc === 0) {
          t[n + i] = 1;
          t[i] = 1;
        } else if (pc === critical) {
          t[n + i] = 0;
          t[i] = 0;
        } else if (pc % 2 === 1) {
          t[2 * n + ((pc + 1) >> 1)] = i;
          t[i] = pc + 1;
        } else {
          const L = pc >> 1;
          if (s[2 * n + L] === i && !allBelow(s, n, i, L)) continue;
          if (L === n - 1) t[i] = critical;
          else {
            t[n + i] = L + 1;
            t[i] = pc + 1;
          }
        }
        emit();
      }
    },
  };
}

/** Whether every process but i is below level L. */
function allBelow(s: Uint8Array, n: number, i: number, L: number): boolean {
  for (let k = 0; k < n; k++) if (k !== i && s[n + k]! >= L) return false;
  return true;
}

/** Dining philosophers: pc (0 thinking, 1 hungry, 2 holding the lower fork, 3 eating), then the forks. */
function philosophers(n: number): VectorModel {
  const forks = Array.from({ length: n }, (_, i) => forksOf(i, n));
  return {
    width: 2 * n,
    init: new Array(2 * n).fill(0),
    successors(s, t, emit) {
      for (let i = 0; i < n; i++) {
        const [a, b] = forks[i]!;
        const pc = s[i]!;
        if (pc === 0) t[i] = 1;
        else if (pc === 1) {
          if (s[n + a]) continue;
          t[n + a] = 1;
          t[i] = 2;
        } else if (pc === 2) {
          if (s[n + b]) continue;
          t[n + b] = 1;
          t[i] = 3;
        } else {
          t[n + a] = 0;
          t[n + b] = 0;
          t[i] = 0;
        }
        emit();
      }
    },
  };
}

/** The bounded FIFO: producers' pc (0 making, 1 ready), the consumer's pc (0 waiting, 1 consuming), got (255: none), the length, the items (the rest zero). */
function fifo(producers: number, capacity: number): VectorModel {
  const c = producers;
  const got = producers + 1;
  const len = producers + 2;
  const items = producers + 3;
  const init = new Array(items + capacity).fill(0);
  init[got] = 255;
  return {
    width: items + capacity,
    init,
    successors(s, t, emit) {
      for (let i = 0; i < producers; i++) {
        if (s[i] === 0) t[i] = 1;
        else {
          const k = s[len]!;
          if (k >= capacity) continue;
          t[items + k] = i;
          t[len] = k + 1;
          t[i] = 0;
        }
        emit();
      }
      if (s[c] === 0) {
        const k = s[len]!;
        if (k === 0) return;
        t[got] = s[items]!;
        for (let j = 0; j < k - 1; j++) t[items + j] = s[items + j + 1]!;
        t[items + k - 1] = 0;
        t[len] = k - 1;
        t[c] = 1;
      } else {
        t[got] = 255;
        t[c] = 0;
      }
      emit();
    },
  };
}

/** The hand-written check of a classic model (examples/NAME.ts) with these parameters. */
export function floorSearch(name: string, params: Record<string, number>): { states: number; generated: number } {
  if (name === 'filter') return search(filter(params.n!));
  if (name === 'philosophers') return search(philosophers(params.n!));
  if (name === 'fifo') return search(fifo(params.producers!, params.capacity!));
  throw new Error(`no hand-written check of ${name}`);
}
