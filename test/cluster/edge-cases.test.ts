import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cutTree, kmeans, linkage } from '../../src/cluster/index.js';
import { chooseK } from '../../src/evaluate/index.js';
import { fromRows } from '../../src/util/matrix.js';

test('linkage of two rows is one merge; cutTree at k = 1 and k = n', () => {
  const L = linkage(fromRows([[0, 0], [3, 4]]), 'ward');
  assert.deepEqual(Array.from(L), [0, 1, 5, 2]);
  const X = fromRows([[0], [1], [5], [6], [20]]);
  for (const m of ['ward', 'average', 'complete', 'single'] as const) {
    const Z = linkage(X, m);
    assert.deepEqual(Array.from(cutTree(Z, 5, 1)), [0, 0, 0, 0, 0]);
    assert.deepEqual(Array.from(cutTree(Z, 5, 5)), [0, 1, 2, 3, 4]);
    assert.deepEqual(Array.from(cutTree(Z, 5, 3)), [0, 0, 1, 1, 2], m);
  }
  assert.throws(() => cutTree(linkage(X, 'ward'), 5, 6), /k must be an integer from 1 to 5/);
  assert.throws(() => linkage(fromRows([[1]]), 'ward'), /at least 2 rows/);
});

test('k-means with k = n puts every row alone (inertia 0); k = 1 gives the mean', () => {
  const X = fromRows([[0, 1], [2, 3], [4, 9]]);
  const all = kmeans(X, 3, { seed: 0 });
  assert.equal(new Set(all.labels).size, 3);
  assert.equal(all.inertia, 0);
  const one = kmeans(X, 1, { seed: 0 });
  assert.deepEqual(Array.from(one.centers.data), [2, 13 / 3]);
});

test('chooseK on a tiny input limits the range to 2..n−1', () => {
  const r = chooseK(fromRows([[0], [0.1], [5], [5.1]]), { seed: 0 });
  assert.deepEqual(
    r.curve.map((c) => c.k),
    [2, 3],
  );
  assert.equal(r.silhouetteK, 2);
  assert.throws(() => chooseK(fromRows([[0], [1]]), { seed: 0 }), /no k in 2\.\.1 for 2 rows/);
});
