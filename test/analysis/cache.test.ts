import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { analysisSettingsKey, analyzeLibrary } from '../../src/analysis/index.js';
import type { AnalyzeOptions, CachePolicy } from '../../src/analysis/index.js';
import { DESCRIPTIVE_NAMES, featureNames } from '../../src/features/index.js';
import type { TrackRef } from '../../src/library/index.js';
import { FeatureStore, fingerprintFile } from '../../src/store/index.js';
import { tempDir } from '../helpers.js';
import { synthTrack, wavBytes, writeLibrary } from './synth-wav.js';

const refs = (paths: string[]): TrackRef[] => paths.map((path) => ({ path, entry: path }));

function opts(store: FeatureStore, cache: CachePolicy, more: Partial<AnalyzeOptions> = {}): AnalyzeOptions {
  return { store, set: 'blog', concurrency: 2, cache, decoder: 'wasm', ...more };
}

test('cache policies: auto reuses unchanged, touched and moved files; off redoes all; trust never looks', async () => {
  const dir = tempDir();
  const lib = join(dir, 'lib');
  mkdirSync(lib);
  const paths = writeLibrary(lib, 6, 2);
  const store = FeatureStore.open(join(dir, 'features.sqlite'));
  try {
    const r1 = await analyzeLibrary(refs(paths), opts(store, 'auto'));
    assert.deepEqual([r1.fresh, r1.reused, r1.sameContent, r1.failures.length], [6, 0, 0, 0]);
    assert.deepEqual(
      r1.analysed.map((t) => t.path),
      paths,
    );
    assert.deepEqual(Object.keys(r1.analysed[0]!.values), [...featureNames('blog'), ...DESCRIPTIVE_NAMES]);
    assert.ok(r1.analysed.every((t) => Math.abs(t.durationSec - 2) < 0.01));

    const r2 = await analyzeLibrary(refs(paths), opts(store, 'auto'));
    assert.deepEqual([r2.fresh, r2.reused], [0, 6]);
    // Reused values are the stored ones, bit for bit.
    assert.deepEqual(r2.analysed, r1.analysed.map((t) => ({ ...t, id: r2.analysed.find((u) => u.path === t.path)!.id })));

    // Changed content: re-analysed, with different values. Touched (same bytes): reused.
    writeFileSync(paths[0]!, wavBytes(synthTrack(100, 2), 22050));
    utimesSync(paths[1]!, new Date(2000, 0, 1), new Date(2000, 0, 1));
    // Renamed: the analysis follows the file.
    const moved = join(lib, 'renamed.wav');
    renameSync(paths[2]!, moved);
    const now = [paths[0]!, paths[1]!, moved, ...paths.slice(3)];
    const r3 = await analyzeLibrary(refs(now), opts(store, 'auto'));
    // the renamed file's analysis is from the store, not a copy of this run's
    assert.deepEqual([r3.fresh, r3.reused, r3.sameContent], [1, 5, 0]);
    assert.notDeepEqual(r3.analysed[0]!.values, r1.analysed[0]!.values);
    assert.deepEqual(r3.analysed[2]!.values, r1.analysed[2]!.values);
    assert.equal(r3.analysed[2]!.path, moved);
    assert.equal(store.count(r3.settingsKey), 6);

    const off = await analyzeLibrary(refs(now), opts(store, 'off'));
    assert.deepEqual([off.fresh, off.reused], [6, 0]);
    // Deterministic analysis: the same values again.
    assert.deepEqual(off.analysed[3]!.values, r1.analysed[3]!.values);

    // trust: a deleted file and a changed file still reuse what is stored.
    unlinkSync(now[4]!);
    writeFileSync(now[5]!, wavBytes(synthTrack(200, 2), 22050));
    const tr = await analyzeLibrary(refs(now), opts(store, 'trust'));
    assert.deepEqual([tr.fresh, tr.reused, tr.failures.length], [0, 6, 0]);
    // auto notices both.
    const errLines: string[] = [];
    const sink = new (await import('node:stream')).Writable({
      write(chunk: Buffer, _e, cb) {
        errLines.push(chunk.toString());
        cb();
      },
    });
    const au = await analyzeLibrary(refs(now), opts(store, 'auto', { errors: sink }));
    assert.deepEqual([au.fresh, au.reused, au.failures.length], [1, 4, 1]);
    assert.deepEqual(au.failures[0], { path: now[4], stage: 'decode', reason: 'file not found' });
    assert.deepEqual(errLines, [`${now[4]}: decode failed: file not found\n`]);
    assert.deepEqual(store.integrityCheck(), ['ok']);
  } finally {
    store.close();
  }
});

test('--extract-limit analyses at most N new tracks; reused ones do not count', async () => {
  const dir = tempDir();
  const paths = writeLibrary(dir, 7, 1.5);
  const store = FeatureStore.open(join(dir, 'features.sqlite'));
  try {
    const a = await analyzeLibrary(refs(paths), opts(store, 'auto', { limit: 3 }));
    assert.deepEqual([a.fresh, a.reused, a.skipped, a.analysed.length], [3, 0, 4, 3]);
    const b = await analyzeLibrary(refs(paths), opts(store, 'auto', { limit: 3 }));
    assert.deepEqual([b.fresh, b.reused, b.skipped], [3, 3, 1]);
    const c = await analyzeLibrary(refs(paths), opts(store, 'auto', { limit: 3, concurrency: 1 }));
    assert.deepEqual([c.fresh, c.reused, c.skipped], [1, 6, 0]);
    assert.equal(store.count(c.settingsKey), 7);
  } finally {
    store.close();
  }
});

test('a whole library moved to another folder is recognised by fingerprint, nothing re-analysed', async () => {
  const dir = tempDir();
  const oldDir = join(dir, 'old');
  mkdirSync(oldDir);
  // Small distinct files; their stored rows are made here (no decoding needed to test reuse).
  const n = 150;
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    names.push(`x${i}.wav`);
    writeFileSync(join(oldDir, names[i]!), wavBytes(synthTrack(i, 0.05), 22050));
  }
  const store = FeatureStore.open(join(dir, 'features.sqlite'));
  try {
    const key = analysisSettingsKey('blog', 'wasm');
    for (const [i, name] of names.entries()) {
      const p = join(oldDir, name);
      const st = statSync(p);
      store.putValues(
        { path: p, size: st.size, mtimeMs: st.mtimeMs, fingerprint: fingerprintFile(p), tags: { title: name }, durationSec: 0.05, settingsKey: key, featuresVersion: 1 },
        ['v'],
        new Float64Array([i]),
      );
    }
    const newDir = join(dir, 'new');
    renameSync(oldDir, newDir);
    const r = await analyzeLibrary(refs(names.map((f) => join(newDir, f))), opts(store, 'auto'));
    assert.deepEqual([r.reused, r.fresh, r.failures.length], [n, 0, 0]);
    assert.deepEqual(
      r.analysed.map((t) => t.values.v),
      names.map((_, i) => i),
    );
    assert.ok(r.analysed.every((t) => t.path.startsWith(newDir)));
    // The rows followed the files: no stale rows left under the old folder.
    assert.equal(store.count(key), n);
    assert.ok(store.tracks(key).every((t) => t.path.startsWith(newDir) && t.tags.title === basename(t.path)));
  } finally {
    store.close();
  }
});

test('a copy of a file analysed earlier in the same run reuses that analysis and is counted as such, not as from the store', async () => {
  const dir = tempDir();
  const lib = join(dir, 'lib');
  mkdirSync(lib);
  const [a, b] = writeLibrary(lib, 2, 2);
  const copy = join(lib, 'copy of the first.wav');
  copyFileSync(a!, copy);
  const store = FeatureStore.open(join(dir, 'features.sqlite'));
  try {
    // one worker: the copy is checked after the original is stored
    const r = await analyzeLibrary(refs([a!, b!, copy]), opts(store, 'auto', { concurrency: 1 }));
    assert.deepEqual([r.fresh, r.reused, r.sameContent], [2, 1, 1]);
    assert.deepEqual(r.analysed[2]!.values, r.analysed[0]!.values);
    const again = await analyzeLibrary(refs([a!, b!, copy]), opts(store, 'auto', { concurrency: 1 }));
    assert.deepEqual([again.fresh, again.reused, again.sameContent], [0, 3, 0]);
  } finally {
    store.close();
  }
});
