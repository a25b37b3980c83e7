import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kmeans } from '../../src/cluster/index.js';
import { umap } from '../../src/embed/index.js';
import { adjustedRandScore } from '../../src/evaluate/index.js';
import { fromRows } from '../../src/util/matrix.js';
import { readGolden } from '../helpers.js';

const g = readGolden<{ Z: number[][]; y_true: number[] }>('sklearn/geometry.json');
const Z = fromRows(g.Z);

test('UMAP: seeded (same seed, same coordinates), requested dimensions, and it keeps the five blobs apart', () => {
  const a = umap(Z, { nComponents: 2, seed: 3, nEpochs: 200 });
  const b = umap(Z, { nComponents: 2, seed: 3, nEpochs: 200 });
  assert.equal(a.rows, 120);
  assert.equal(a.cols, 2);
  assert.deepEqual(a.data, b.data);
  for (const v of a.data) assert.ok(Number.isFinite(v));
  const ari = adjustedRandScore(g.y_true, kmeans(a, 5, { seed: 0 }).labels);
  assert.ok(ari > 0.9, `ARI of k-means on the UMAP embedding ${ari}`);
  const three = umap(Z, { nComponents: 3, seed: 3, nEpochs: 50 });
  assert.equal(three.cols, 3);
  assert.notDeepEqual(umap(Z, { nComponents: 2, seed: 4, nEpochs: 200 }).data, a.data);
  assert.throws(() => umap(Z, { nComponents: 0, seed: 1 }), /nComponents must be a positive integer/);
});
