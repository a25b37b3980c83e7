import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LabelError, leaveOneOutKnn, leaveOneOutKnnAccuracy, majorityShare } from '../../src/evaluate/index.js';
import { fromRows } from '../../src/util/matrix.js';
import { readGolden } from '../helpers.js';

test('leave-one-out kNN accuracy on five points of a line, worked by hand for k = 1, 2, 3', () => {
  const X = fromRows([[0], [1], [2], [10], [11]]);
  const y = ['a', 'a', 'b', 'b', 'b'];
  // k=1: only x=2 is misread (its nearest is x=1, an 'a'); x=1's tie between 0 and 2 goes to row 0
  assert.equal(leaveOneOutKnnAccuracy(X, y, 1), 0.8);
  // k=2: x=0 and x=1 see one 'a' and one 'b'; the tie goes to 'a', first in sorted order
  assert.equal(leaveOneOutKnnAccuracy(X, y, 2), 0.8);
  // k=3: the three left points are outvoted
  assert.equal(leaveOneOutKnnAccuracy(X, y, 3), 0.4);
  // the predictions behind those accuracies, in the caller's label values
  assert.deepEqual(leaveOneOutKnn(X, y, 1).predicted, ['a', 'a', 'a', 'b', 'b']);
  assert.deepEqual(leaveOneOutKnn(X, y, 3).predicted, ['b', 'b', 'a', 'b', 'b']);
  assert.deepEqual(leaveOneOutKnn(X, [5, 5, 7, 7, 7], 1), { predicted: [5, 5, 5, 7, 7], accuracy: 0.8 });
  assert.equal(majorityShare(y), 0.6);
  assert.throws(() => leaveOneOutKnnAccuracy(X, y, 5), LabelError);
  assert.throws(() => leaveOneOutKnnAccuracy(X, ['a'], 1), LabelError);
});

test('five separated blobs labelled by their k-means clusters are read back perfectly; shuffled labels are not', () => {
  const g = readGolden<{ Z: number[][]; kmeans_n_init10_seed0: Record<string, { labels: number[] }> }>('sklearn/geometry.json');
  const Z = fromRows(g.Z);
  const labels = g.kmeans_n_init10_seed0['5']!.labels;
  assert.equal(leaveOneOutKnnAccuracy(Z, labels, 1), 1);
  assert.equal(leaveOneOutKnnAccuracy(Z, labels, 5), 1);
  const rotated = labels.map((_, i) => labels[(i * 7 + 3) % labels.length]!);
  assert.ok(leaveOneOutKnnAccuracy(Z, rotated, 1) < 0.6);
});
