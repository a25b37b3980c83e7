// Which stored analyses `similar`, `path`, `cluster` and `export` use when none is named: a store
// keeps the analyses of earlier features versions, and those must never be picked over current ones.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { chooseSettingsKey } from '../../src/cli/commands/export.js';
import { FEATURES_VERSION } from '../../src/features/index.js';
import { chooseSearchKey } from '../../src/playlists/index.js';
import { FeatureStore, fingerprintFile, settingsKey, type StoredTrack } from '../../src/store/index.js';
import { cliPath, tempDir } from '../helpers.js';

const keyOf = (featuresVersion: number, set = 'full') => settingsKey({ set, featuresVersion, sampleRate: 22050, decoder: 'auto' });

/** A store whose files exist, with `old` tracks analysed under features version 1 and `current` under this release's. */
function storeWith(old: number, current: number): string {
  const dir = tempDir('mcp-search-key-');
  const db = join(dir, 'features.sqlite');
  const store = FeatureStore.open(db);
  const put = (i: number, version: number): void => {
    const path = join(dir, `t${i}.wav`);
    writeFileSync(path, Buffer.from(`track ${i}`));
    const st = statSync(path);
    const rec: StoredTrack = {
      path,
      size: st.size,
      mtimeMs: st.mtimeMs,
      fingerprint: fingerprintFile(path),
      tags: {},
      durationSec: 3,
      settingsKey: keyOf(version),
      featuresVersion: version,
      values: { 'rms.mean': i, 'zero_crossing_rate.mean': i * i },
    };
    store.put(rec);
  };
  for (let i = 0; i < old; i++) put(i, 1);
  for (let i = 0; i < current; i++) put(i, FEATURES_VERSION);
  store.close();
  return db;
}

test('the default analyses are those of this features version, even when older ones are as many or more', () => {
  for (const [old, current] of [
    [3, 3],
    [5, 3],
  ] as const) {
    const store = FeatureStore.open(storeWith(old, current), { readonly: true });
    try {
      assert.equal(chooseSearchKey(store), keyOf(FEATURES_VERSION), `${old} old, ${current} current`);
      assert.equal(chooseSearchKey(store, 'full'), keyOf(FEATURES_VERSION));
      assert.equal(chooseSettingsKey(store), keyOf(FEATURES_VERSION));
      // named explicitly, the old analyses are still there to search or export
      assert.equal(chooseSearchKey(store, undefined, keyOf(1)), keyOf(1));
    } finally {
      store.close();
    }
  }
});

test('a store of older analyses only: search and cluster say so; export still exports them', () => {
  const db = storeWith(4, 0);
  const store = FeatureStore.open(db, { readonly: true });
  try {
    assert.throws(
      () => chooseSearchKey(store),
      new RegExp(`its analyses are of features version 1, and this release computes version ${FEATURES_VERSION}: analyse the library again`),
    );
    assert.equal(chooseSettingsKey(store), keyOf(1));
  } finally {
    store.close();
  }
  const r = spawnSync(process.execPath, [cliPath, 'cluster', '--db', db, '--out-dir', join(tempDir(), 'out'), '--no-report'], { encoding: 'utf8' });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /features version 1, and this release computes version \d+: analyse the library again/);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
});

test('a library analysed with several sets or decoders: the most analysed wins, and a tie goes to what run analyses by default', () => {
  const dir = tempDir('mcp-search-tie-');
  const db = join(dir, 'features.sqlite');
  const key = (set: string, decoder: string) => settingsKey({ set, featuresVersion: FEATURES_VERSION, sampleRate: 22050, decoder });
  /** Stores an analysis of each named file (made as needed) under `set` and `decoder`. */
  const put = (names: string[], set: string, decoder: string): void => {
    const store = FeatureStore.open(db);
    for (const [i, name] of names.entries()) {
      const path = join(dir, name);
      writeFileSync(path, Buffer.from(name));
      const st = statSync(path);
      const settings = key(set, decoder);
      store.put({ path, size: st.size, mtimeMs: st.mtimeMs, fingerprint: fingerprintFile(path), tags: {}, durationSec: 3, settingsKey: settings, featuresVersion: FEATURES_VERSION, values: { 'rms.mean': i } });
    }
    store.close();
  };
  const chosen = (): string[] => {
    const store = FeatureStore.open(db, { readonly: true });
    try {
      return [chooseSearchKey(store), chooseSettingsKey(store)];
    } finally {
      store.close();
    }
  };
  const three = ['t0.wav', 't1.wav', 't2.wav'];
  // 'blog' sorts before 'full' and 'ffmpeg' before 'wasm': the tie used to go to the key text, blog
  put(three, 'blog', 'auto');
  put(three, 'full', 'wasm');
  put(three, 'full', 'auto');
  put(['t0.wav'], 'blog', 'ffmpeg');
  assert.deepEqual(chosen(), [key('full', 'auto'), key('full', 'auto')]);
  put(['b0.wav'], 'blog', 'auto');
  assert.deepEqual(chosen(), [key('blog', 'auto'), key('blog', 'auto')], 'the key with the most analyses still wins');
});
