import type { StoredPaths } from '../store/StateStore.ts';

/** Event indices from the initial state to state `id`, following the parent links. */
export function pathTo(store: StoredPaths, id: number): number[] {
  const path: number[] = [];
  for (let cur = id; store.parentOf(cur) >= 0; cur = store.parentOf(cur)) path.push(store.eventOf(cur));
  return path.reverse();
}

