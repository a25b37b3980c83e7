import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterLibrary } from '../../src/cli/pipeline/cluster-library.js';
import { DEFAULTS, parseClusterOptions, UsageError } from '../../src/cli/options.js';
import { createRng } from '../../src/util/rng.js';

/** Two groups 100 apart, each of three tight blobs 10 apart: the silhouette prefers 2, the elbow 6. */
function nestedBlobs(): { rows: number; cols: number; data: Float64Array } {
  const rng = createRng(1);
  const rows: number[] = [];
  for (const gx of [0, 100]) {
    for (const [bx, by] of [
      [0, 0],
      [10, 0],
      [5, 9],
    ]) {
      for (let i = 0; i < 15; i++) rows.push(gx + bx! + rng.normal(), by! + rng.normal());
    }
  }
  return { rows: rows.length / 2, cols: 2, data: Float64Array.from(rows) };
}

test('--choose-k: the elbow (default) and the silhouette maximum pick different k on nested blobs, and the reason says which decided', () => {
  const Z = nestedBlobs();
  const genres = new Array<string | null>(Z.rows).fill(null);
  const base = { ...parseClusterOptions({}), space: 'full', sweepSpaces: [] };
  assert.equal(base.chooseK, 'elbow');
  assert.equal(DEFAULTS.chooseK, 'elbow');
  const elbow = clusterLibrary(Z, genres, base);
  assert.equal(elbow.k, 6);
  assert.equal(elbow.kByElbow, 6);
  assert.equal(elbow.kBySilhouette, 2);
  assert.match(elbow.reason, /^elbow of the inertia curve over k = 2\.\.20 \(the silhouette maximum is at k = 2\)$/);
  assert.equal(new Set(elbow.labels).size, 6);
  const sil = clusterLibrary(Z, genres, { ...base, ...parseClusterOptions({ 'choose-k': 'silhouette' }), space: 'full', sweepSpaces: [] });
  assert.equal(sil.k, 2);
  assert.match(sil.reason, /^silhouette maximum over k = 2\.\.20 \(the elbow suggests 6\)$/);
  // genre-bias agglomerative takes the distance path, which follows the same rule
  const biased = { ...base, method: 'agglomerative' as const, genreBias: 0.5 };
  assert.equal(clusterLibrary(Z, genres, biased).k, 6);
  assert.equal(clusterLibrary(Z, genres, { ...biased, chooseK: 'silhouette' }).k, 2);
  assert.throws(() => parseClusterOptions({ 'choose-k': 'gap' }), UsageError);
});
