import type { StateStore } from './StateStore.ts';

/**
 * Reference `StateStore` on a JS `Map`: obviously correct, slow, capped at 2^24 states. Used
 * by the property tests as the oracle for `FingerprintTable`.
 */
export class MapStateStore implements StateStore {
  private readonly ids = new Map<string, number>();
  private readonly rows: { hi: number; lo: number; parent: number; event: number }[] = [];

  get size(): number {
    return this.rows.length;
  }
  get bytes(): number {
    return this.rows.length * 64;
  }
  /** A `Map` cannot be sized in advance: the hint changes nothing. */
  reserve(): void {}
  add(hi: number, lo: number, parent: number, event: number): boolean {
    const k = `${hi >>> 0}:${lo >>> 0}`;
    if (this.ids.has(k)) return false;
    this.ids.set(k, this.rows.length);
    this.rows.push({ hi: hi >>> 0, lo: lo >>> 0, parent, event });
    return true;
  }
  has(hi: number, lo: number): boolean {
    return this.ids.has(`${hi >>> 0}:${lo >>> 0}`);
  }
  /** The number of a stored fingerprint, or -1 (the oracle's own, for tests). */
  find(hi: number, lo: number): number {
    return this.ids.get(`${hi >>> 0}:${lo >>> 0}`) ?? -1;
  }
  parentOf(id: number): number {
    return this.rows[id]!.parent;
  }
  eventOf(id: number): number {
    return this.rows[id]!.event;
  }
  hiOf(id: number): number {
    return this.rows[id]!.hi;
  }
  loOf(id: number): number {
    return this.rows[id]!.lo;
  }
}
