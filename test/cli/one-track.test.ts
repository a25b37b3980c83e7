import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { clusterLibrary } from '../../src/cli/pipeline/cluster-library.js';
import { Spaces } from '../../src/cli/pipeline/spaces.js';
import { parseClusterOptions } from '../../src/cli/options.js';
import { synthTrack, wavBytes } from '../analysis/synth-wav.js';
import { cliPath, tempDir } from '../helpers.js';

test('a one-track library: every space puts the track at the origin and it forms one cluster', () => {
  const Z = { rows: 1, cols: 4, data: Float64Array.from([0, 0, 0, 0]) };
  const spaces = new Spaces(Z, Z, { seed: 0, epochLimit: 10 });
  for (const name of ['pca3', 'pca8', 'pcafull', 'ae3', 'umap3', 'umap2']) {
    const m = spaces.get(name);
    assert.equal(m.rows, 1, name);
    assert.deepEqual([...m.data], new Array(m.cols).fill(0), name);
  }
  assert.throws(() => spaces.get('nonsense'), /unknown space/);
  const r = clusterLibrary(Z, [null], { ...parseClusterOptions({}, 1) });
  assert.equal(r.k, 1);
  assert.deepEqual([...r.labels], [0]);
  assert.match(r.reason, /too few tracks \(1\)/);
});

test('run on a folder with one track writes one playlist holding it (it used to stop with "pca: needs at least 2 rows")', () => {
  const dir = tempDir('mcp-one-track-');
  const lib = join(dir, 'lib');
  mkdirSync(lib);
  writeFileSync(join(lib, 'only.wav'), wavBytes(synthTrack(3, 4), 22050));
  const out = join(dir, 'out');
  const r = spawnSync(process.execPath, [cliPath, 'run', lib, '--out-dir', out], { encoding: 'utf8', timeout: 5 * 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /analysed 1 track \(/);
  assert.match(r.stderr, /clustered 1 track into 1 cluster \(/);
  const lists = readdirSync(join(out, 'playlists'));
  assert.equal(lists.length, 1);
  assert.match(readFileSync(join(out, 'playlists', lists[0]!), 'utf8'), /only\.wav/);
  assert.ok(readFileSync(join(out, 'report.html'), 'utf8').includes('only.wav'));
});
