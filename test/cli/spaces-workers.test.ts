import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ComputePool } from '../../src/cli/pipeline/compute-pool.js';
import { Spaces } from '../../src/cli/pipeline/spaces.js';
import { kmeans } from '../../src/cluster/index.js';
import { chooseK } from '../../src/evaluate/index.js';
import { createRng } from '../../src/util/rng.js';

function library(rows: number, cols: number): { rows: number; cols: number; data: Float64Array } {
  const rng = createRng(3);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = rng.normal() + 3 * (Math.floor(i / cols) % 4) * ((i % cols) % 3 === 0 ? 1 : 0);
  return { rows, cols, data };
}

test('autoencoders, UMAP and k-means computed on worker threads are bit-identical to this thread', async () => {
  const Z = library(80, 12);
  const opts = { seed: 4, epochLimit: 30 };
  const here = new Spaces(Z, Z, opts);
  const there = new Spaces(Z, Z, opts);
  const pool = new ComputePool(2);
  try {
    const [ae3, umap3, pca3] = await Promise.all(['ae3', 'umap3', 'pca3'].map((s) => there.prefetch(s, pool)));
    assert.deepEqual([...there.onWorker].sort(), ['ae3', 'umap3']);
    assert.deepEqual(ae3!.data, here.get('ae3').data);
    assert.deepEqual(umap3!.data, here.get('umap3').data);
    assert.deepEqual(pca3!.data, here.get('pca3').data);
    assert.equal(there.get('ae3'), ae3, 'a prefetched space is served from the cache');
    const r = await pool.kmeans(Z, 4, 2, 3);
    const local = kmeans(Z, 4, { seed: 2, nInit: 3 });
    assert.deepEqual(r.labels, local.labels);
    assert.equal(r.inertia, local.inertia);
  } finally {
    await pool.close();
  }
});

test('a space whose worker fails is computed on this thread instead, with the same result', async () => {
  const Z = library(40, 6);
  const pool = new ComputePool(1);
  await pool.close();
  const spaces = new Spaces(Z, Z, { seed: 1, epochLimit: 10 });
  assert.equal(await spaces.prefetch('ae2', pool), undefined);
  assert.equal(spaces.onWorker.size, 0);
  assert.deepEqual(spaces.get('ae2').data, new Spaces(Z, Z, { seed: 1, epochLimit: 10 }).get('ae2').data);
  await assert.rejects(pool.kmeans(Z, 2, 0, 1), /closed/);
});

test('choosing k from k-means runs and sampled silhouettes done on workers gives the same curve and labels', async () => {
  const Z = library(4200, 3);
  const pool = new ComputePool(2);
  try {
    const done = new Map<number, Awaited<ReturnType<ComputePool['kmeans']>>>();
    await Promise.all([2, 3, 4].map(async (k) => done.set(k, await pool.kmeans(Z, k, 6, 2, true))));
    // above 4,000 rows silhouettes are sampled, so the worker computes them; below, they are exact and left to the caller
    assert.ok(Number.isFinite(done.get(3)!.silhouette));
    assert.equal((await pool.kmeans(library(50, 3), 3, 6, 2, true)).silhouette, undefined);
    const opts = { seed: 6, kMin: 2, kMax: 4, nInit: 2 };
    const there = chooseK(Z, { ...opts, kmeansDone: (k) => done.get(k) });
    const here = chooseK(Z, opts);
    assert.deepEqual(there.curve, here.curve);
    assert.deepEqual(there.labels, here.labels);
    assert.equal(there.k, here.k);
  } finally {
    await pool.close();
  }
});
