import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Spaces, umapNeighbours } from '../../src/cli/pipeline/spaces.js';
import { pca } from '../../src/embed/index.js';

test('umap spaces on a 2-track library fall back to the PCA projection instead of failing', () => {
  const Z = { rows: 2, cols: 3, data: Float64Array.from([1, -2, 0.5, -1, 2, -0.5]) };
  const S = new Spaces(Z, Z, { seed: 0, epochLimit: 10 }).get('umap3');
  const P = pca(Z, 1).transformed;
  assert.equal(S.rows, 2);
  assert.equal(S.cols, 1);
  assert.deepEqual([...S.data], [...P.data]);
  assert.ok(Math.abs(S.data[0]! - S.data[1]!) > 1, 'the two tracks stay apart');
});

test('umap spaces on 3 or more tracks still use UMAP (3 columns)', () => {
  const rows = 12;
  const data = new Float64Array(rows * 4);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 1.7) + (i % 4 === 0 ? Math.floor(i / 24) * 5 : 0);
  const S = new Spaces({ rows, cols: 4, data }, { rows, cols: 4, data }, { seed: 0, epochLimit: 10 }).get('umap3');
  assert.equal(S.cols, 3);
  assert.equal(S.rows, rows);
});

test('UMAP neighbourhood: 15 for large libraries, a tenth of a small one, never below 5', () => {
  assert.deepEqual([20, 50, 132, 150, 100000].map(umapNeighbours), [5, 5, 13, 15, 15]);
});
