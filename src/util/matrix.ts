/** A dense row-major matrix of doubles: row i, column j is data[i * cols + j]. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** A zero-filled rows × cols matrix. */
export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** A matrix from an array of equal-length rows. */
export function fromRows(rows: ArrayLike<number>[]): Matrix {
  const n = rows.length;
  const d = n === 0 ? 0 : rows[0]!.length;
  const m = zeros(n, d);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    if (r.length !== d) throw new Error(`fromRows: row ${i} has ${r.length} values, expected ${d}`);
    for (let j = 0; j < d; j++) m.data[i * d + j] = r[j]!;
  }
  return m;
}

/** Row i as a view (no copy). */
export function row(m: Matrix, i: number): Float64Array {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

/** The matrix as an array of plain number arrays (for JSON and tests). */
export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(row(m, i)));
  return out;
}

/** Columns `idx` of m, in that order, as a new matrix. */
export function selectColumns(m: Matrix, idx: readonly number[]): Matrix {
  const out = zeros(m.rows, idx.length);
  for (let i = 0; i < m.rows; i++) {
    for (let k = 0; k < idx.length; k++) out.data[i * idx.length + k] = m.data[i * m.cols + idx[k]!]!;
  }
  return out;
}

/** Squared Euclidean distance between rows i and j of the row-major data (d columns). */
export function sqDist(data: Float64Array, d: number, i: number, j: number): number {
  // summed in column order, which the UMAP layout kernel (wasm/umap.ts) repeats bit for bit
  let s = 0;
  const a = i * d;
  const b = j * d;
  for (let k = 0; k < d; k++) {
    const t = data[a + k]! - data[b + k]!;
    s += t * t;
  }
  return s;
}
