/**
 * A growable column of 32-bit integers on one typed array (doubling), for the state graph of a
 * liveness check: per edge its source, target, event index and fairness mask, per state its
 * predicate bits. `Int32Array` or `Uint32Array` by `signed`.
 */
export class IntColumn {
  private data: Int32Array | Uint32Array;
  private count = 0;

  constructor(private readonly signed = true, initial = 1024) {
    this.data = signed ? new Int32Array(initial) : new Uint32Array(initial);
  }

  get length(): number {
    return this.count;
  }

  /** Bytes of the backing array. */
  get bytes(): number {
    return this.data.byteLength;
  }

  push(value: number): void {
    if (this.count === this.data.length) this.grow();
    this.data[this.count++] = value;
  }

  get(i: number): number {
    return this.data[i]!;
  }

  set(i: number, value: number): void {
    this.data[i] = value;
  }

  /** A column holding `values` (its own copy), as `copy` gave them. */
  static of(values: Int32Array | Uint32Array): IntColumn {
    const column = new IntColumn(values instanceof Int32Array, Math.max(1024, values.length));
    column.data.set(values);
    column.count = values.length;
    return column;
  }

  /** The values pushed, as a new array (for a checkpoint). */
  copy(): Int32Array | Uint32Array {
    return this.data.slice(0, this.count);
  }

  /** The values pushed, as a view of the backing array (valid until the next push). */
  view(): Int32Array | Uint32Array {
    return this.data.subarray(0, this.count);
  }

  private grow(): void {
    const bigger = this.signed ? new Int32Array(this.data.length * 2) : new Uint32Array(this.data.length * 2);
    bigger.set(this.data);
    this.data = bigger;
  }
}
