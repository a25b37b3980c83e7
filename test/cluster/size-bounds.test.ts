import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boundClusterSizes, sizeBounds } from '../../src/cluster/index.js';
import type { Matrix } from '../../src/util/matrix.js';
import { createRng } from '../../src/util/rng.js';

/** Blobs of the given sizes around the given centres (2-D, unit spread), with each row's blob as its label. */
function blobs(spec: [number, number, number][], seed = 3): { X: Matrix; blob: Int32Array } {
  const rng = createRng(seed);
  const data: number[] = [];
  const blob: number[] = [];
  spec.forEach(([size, cx, cy], b) => {
    for (let i = 0; i < size; i++) {
      data.push(cx + rng.normal(), cy + rng.normal());
      blob.push(b);
    }
  });
  return { X: { rows: blob.length, cols: 2, data: Float64Array.from(data) }, blob: Int32Array.from(blob) };
}

function sizes(labels: Int32Array): number[] {
  const m = new Map<number, number>();
  for (const l of labels) m.set(l, (m.get(l) ?? 0) + 1);
  return [...m.keys()].sort((a, b) => a - b).map((k) => m.get(k)!);
}

test('sizeBounds: about N means N/2 (rounded up) to 3N/2 (rounded down)', () => {
  assert.deepEqual(sizeBounds(10), { min: 5, max: 15 });
  assert.deepEqual(sizeBounds(25), { min: 13, max: 37 });
  assert.deepEqual(sizeBounds(1), { min: 1, max: 1 });
  assert.deepEqual(sizeBounds(2), { min: 1, max: 3 });
  assert.throws(() => sizeBounds(0), /positive integer/);
});

test('an oversized cluster is cut into coherent parts, and a tiny one joins its nearest neighbour with room', () => {
  // one broad group of 60 (four sub-blobs), two groups of 10, and a pair near the second group
  const { X, blob } = blobs([
    [15, 0, 0],
    [15, 0, 12],
    [15, 12, 0],
    [15, 12, 12],
    [10, 60, 0],
    [10, 60, 40],
    [2, 66, 46],
  ]);
  const start = Int32Array.from(blob, (b) => (b <= 3 ? 0 : b - 3));
  assert.deepEqual(sizes(start), [60, 10, 10, 2]);
  const out = boundClusterSizes(X, start, 10, { seed: 0 });
  const got = sizes(out);
  assert.ok(
    got.every((s) => s >= 5 && s <= 15),
    `sizes ${got}`,
  );
  assert.equal(got.length, 8, 'the 60 in six parts of about 10, the two tens, the pair merged');
  // no part mixes rows of the broad group with the others, and the two tens stay whole
  for (const c of new Set(out)) {
    const members = blob.filter((_, i) => out[i] === c);
    assert.ok(members.every((b) => b <= 3) || members.every((b) => b > 3), `cluster ${c}: blobs ${[...new Set(members)]}`);
  }
  const pairLabel = out[X.rows - 1]!;
  assert.equal(out[X.rows - 2], pairLabel);
  assert.ok(
    blob.every((b, i) => (b === 5) === (out[i] === pairLabel) || b === 6),
    'the pair joins the group at (60, 40), its nearest',
  );
  // labels count up in order of each cluster's first row
  const firstSeen: number[] = [];
  for (const l of out) if (!firstSeen.includes(l)) firstSeen.push(l);
  assert.deepEqual(
    firstSeen,
    firstSeen.map((_, i) => i),
  );
  assert.deepEqual(boundClusterSizes(X, start, 10, { seed: 0 }), out, 'same seed, same labels');
});

test('clusters already within the bounds are kept as they are (renumbered only)', () => {
  const { X, blob } = blobs([
    [8, 0, 0],
    [12, 30, 0],
    [14, 0, 30],
  ]);
  const reversed = Int32Array.from(blob, (b) => 2 - b);
  assert.deepEqual(Array.from(boundClusterSizes(X, reversed, 10, { seed: 1 })), Array.from(blob));
});

test('a small cluster stays small when no cluster has room for it; unassigned rows stay unassigned', () => {
  const { X, blob } = blobs([
    [15, 0, 0],
    [15, 30, 0],
    [3, 15, 30],
    [4, 200, 200],
  ]);
  const labels = Int32Array.from(blob, (b) => (b === 3 ? -1 : b));
  const out = boundClusterSizes(X, labels, 10, { seed: 0 });
  assert.deepEqual(sizes(out.filter((l) => l >= 0)), [15, 15, 3]);
  assert.deepEqual(Array.from(out.slice(-4)), [-1, -1, -1, -1]);
});

test('identical rows are cut in row order, into parts within the bounds', () => {
  const X: Matrix = { rows: 40, cols: 3, data: new Float64Array(120).fill(0.5) };
  const out = boundClusterSizes(X, new Int32Array(40), 10, { seed: 0 });
  assert.deepEqual(sizes(out), [10, 10, 10, 10]);
  for (let i = 1; i < 40; i++) assert.ok(out[i]! >= out[i - 1]!, 'row order');
});
