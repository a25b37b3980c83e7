import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { Spaces } from '../../src/cli/pipeline/spaces.js';
import { FeatureStore } from '../../src/store/index.js';
import { createRng } from '../../src/util/rng.js';
import { zeros } from '../../src/util/matrix.js';
import { tempDir } from '../helpers.js';

function matrix(rows: number, cols: number, seed: number) {
  const rng = createRng(seed);
  const m = zeros(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.normal();
  return m;
}

test('the store keeps encodings bit for bit and only the most recently used ones', () => {
  const s = FeatureStore.open(join(tempDir('mcp-enc-'), 'f.sqlite'));
  try {
    const a = matrix(7, 3, 1);
    s.putEncoding('a', a, 2);
    assert.deepEqual(s.getEncoding('a'), a);
    assert.equal(s.getEncoding('nope'), undefined);
    s.putEncoding('b', matrix(2, 2, 2), 2);
    s.getEncoding('a'); // used again: now newer than b
    s.putEncoding('c', matrix(2, 2, 3), 2);
    assert.ok(s.getEncoding('a'), 'a was used most recently but one: kept');
    assert.ok(s.getEncoding('c'));
    assert.equal(s.getEncoding('b'), undefined, 'b, least recently used, pruned');
  } finally {
    s.close();
  }
});

test('spaces read autoencoder and UMAP codes back from the store when matrix, seed and settings match', () => {
  const s = FeatureStore.open(join(tempDir('mcp-enc-spaces-'), 'f.sqlite'));
  try {
    const Z = matrix(40, 6, 5);
    const opts = { seed: 3, epochLimit: 15, encodings: s };
    const first = new Spaces(Z, Z, opts);
    const ae = first.get('ae2');
    const um = first.get('umap3');
    assert.equal(first.stored.size, 0, 'nothing stored yet: computed');
    const again = new Spaces(Z, Z, opts);
    assert.deepEqual(again.get('ae2'), ae);
    assert.deepEqual(again.get('umap3'), um);
    assert.deepEqual([...again.stored].sort(), ['ae2', 'umap3']);
    assert.equal(again.seconds.get('ae2'), 0);
    // the same codes as computing afresh without a store
    assert.deepEqual(new Spaces(Z, Z, { seed: 3, epochLimit: 15 }).get('ae2'), ae);
    // another seed, epoch limit or matrix: computed, not read
    for (const [m, o] of [
      [Z, { ...opts, seed: 4 }],
      [Z, { ...opts, epochLimit: 16 }],
      [matrix(40, 6, 6), opts],
    ] as const) {
      const other = new Spaces(m, m, o);
      other.get('ae2');
      assert.equal(other.stored.size, 0);
    }
    // PCA is cheap and never stored
    const p = new Spaces(Z, Z, opts);
    p.get('pca3');
    p.get('pca3');
    assert.equal(p.stored.size, 0);
  } finally {
    s.close();
  }
});
