import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { Writable } from 'node:stream';
import { analyzeLibrary } from '../../src/analysis/index.js';
import { FeatureStore } from '../../src/store/index.js';
import { tempDir } from '../helpers.js';
import { writeLibrary } from './synth-wav.js';

const quiet = new Writable({
  write(_c, _e, cb) {
    cb();
  },
});

test('a track over the time limit fails as a timeout, is recorded, and the run goes on', async () => {
  const dir = tempDir();
  const paths = writeLibrary(dir, 2, 2);
  const store = FeatureStore.open(join(dir, 'features.sqlite'));
  try {
    // 1 ms: no real analysis can finish in time.
    const r = await analyzeLibrary(
      paths.map((path) => ({ path, entry: path })),
      { store, set: 'blog', concurrency: 1, cache: 'auto', decoder: 'wasm', trackTimeoutSec: 0.001, errors: quiet },
    );
    assert.equal(r.fresh, 0);
    assert.deepEqual(
      r.failures.map((f) => [f.path, f.stage]),
      paths.map((p) => [p, 'analysis']),
    );
    assert.ok(r.failures.every((f) => /^timed out after 0 s \(worker stopped\)$/.test(f.reason)), JSON.stringify(r.failures));
    assert.equal(store.errors(r.settingsKey).length, 2);
    // With a sane limit the same tracks analyse fine.
    const ok = await analyzeLibrary(
      paths.map((path) => ({ path, entry: path })),
      { store, set: 'blog', concurrency: 1, cache: 'auto', decoder: 'wasm', trackTimeoutSec: 600, errors: quiet },
    );
    assert.deepEqual([ok.fresh, ok.failures.length], [2, 0]);
    assert.equal(store.errors(ok.settingsKey).length, 0);
  } finally {
    store.close();
  }
});

test('when every worker fails before any track succeeds, the run stops with one clear error', async () => {
  const dir = tempDir();
  const paths = writeLibrary(dir, 6, 1);
  const store = FeatureStore.open(join(dir, 'features.sqlite'));
  try {
    await assert.rejects(
      analyzeLibrary(
        paths.map((path) => ({ path, entry: path })),
        { store, set: 'blog', concurrency: 1, cache: 'auto', decoder: 'wasm', trackTimeoutSec: 0.001, errors: quiet },
      ),
      /analysis workers keep failing \(3 in a row\): timed out/,
    );
  } finally {
    store.close();
  }
});
