import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, test } from 'node:test';
import { FeatureStore } from '../../src/store/index.js';
import { standardScale } from '../../src/embed/index.js';
import { featureNames, isPowerValue } from '../../src/features/index.js';
import { loadSearchRows, loadSearchSpace, projectSpace, searchScaled, similar } from '../../src/playlists/index.js';
import { writeLibrary } from '../analysis/synth-wav.js';
import { cliPath, tempDir } from '../helpers.js';

function cli(args: string[]) {
  return spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', timeout: 10 * 60_000 });
}

const dir = tempDir('mcp-cluster-messages-');
const db = join(dir, 'out', 'features.sqlite');
before(() => {
  mkdirSync(join(dir, 'lib'));
  writeLibrary(join(dir, 'lib'), 10, 3);
  const r = cli(['run', join(dir, 'lib'), '--out-dir', join(dir, 'out'), '--no-sweep', '--no-report']);
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /listen: file:/, 'no link to a report that was not written');
  assert.match(r.stderr, /wrote \d+ playlists?, clusters\.csv and metrics \(no report\) to /, 'no claim of a report that was not written');
});

test("cluster --set blog on a store of 'full' analyses clusters the blog columns of them", () => {
  const out = join(dir, 'blog');
  const r = cli(['cluster', '--db', db, '--out-dir', out, '--set', 'blog', '--clusters', '2', '--no-sweep']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /no 'blog' analyses in .*features\.sqlite: clustering the 'blog' columns of its 'full' analyses/);
  assert.match(r.stderr, /wrote 2 playlists, report\.html and plots to /);
  // The report as a file:// URL (terminals make it a link), percent-encoded like the browser wants.
  assert.ok(r.stderr.trimEnd().endsWith(`\nlisten: ${pathToFileURL(join(out, 'report.html')).href}`), r.stderr);
  const header = readFileSync(join(out, 'features.csv'), 'utf8').split('\n')[0]!;
  for (const name of featureNames('blog')) assert.ok(header.includes(name), `${name} is a column`);
  const fullOnly = featureNames('full').filter((n) => !featureNames('blog').includes(n));
  assert.ok(fullOnly.length > 0);
  for (const name of fullOnly) assert.ok(!header.split(',').includes(name), `${name} (full only) is not a column`);
  assert.ok(existsSync(join(out, 'report.html')));
  // the same folder again without a report: the old one (and its plots) would show another clustering
  const again = cli(['cluster', '--db', db, '--out-dir', out, '--set', 'blog', '--clusters', '3', '--no-sweep', '--no-report']);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, /removed the earlier report\.html and plots from .*: they showed another clustering \(\d+ files\)/);
  assert.ok(!existsSync(join(out, 'report.html')));
  assert.deepEqual(readdirSync(join(out, 'plots')), []);
});

test('clustering again reuses the stored autoencoder and UMAP codes, with the same outputs', () => {
  const a = join(dir, 'again-a');
  const b = join(dir, 'again-b');
  const first = cli(['cluster', '--db', db, '--out-dir', a, '--seed', '7', '--no-report']);
  assert.equal(first.status, 0, first.stderr);
  assert.doesNotMatch(first.stderr, /from the store/);
  const second = cli(['cluster', '--db', db, '--out-dir', b, '--seed', '7', '--no-report', '--debug']);
  assert.equal(second.status, 0, second.stderr);
  assert.match(second.stderr, /k-means runs on \d+ worker threads \(umap3, ae3, ae8 from the store\)/);
  assert.match(second.stderr, /debug: encoding ae3: 0\.00 s \(stored\)/);
  // --no-stored-encodings: trained again, the same outputs
  const c = join(dir, 'again-c');
  const third = cli(['cluster', '--db', db, '--out-dir', c, '--seed', '7', '--no-report', '--no-stored-encodings']);
  assert.equal(third.status, 0, third.stderr);
  assert.doesNotMatch(third.stderr, /from the store/);
  for (const f of ['clusters.csv', 'metrics.csv', 'metrics.json']) {
    assert.equal(readFileSync(join(b, f), 'utf8'), readFileSync(join(a, f), 'utf8'), f);
    assert.equal(readFileSync(join(c, f), 'utf8'), readFileSync(join(a, f), 'utf8'), f);
  }
});

test('cluster explains an impossible --clusters and an empty density clustering', () => {
  const many = cli(['cluster', '--db', db, '--out-dir', join(dir, 'many'), '--clusters', '50', '--no-sweep', '--no-report']);
  assert.equal(many.status, 0, many.stderr);
  assert.match(many.stderr, /into 10 clusters \(kmeans on umap3; --clusters 50, but there are only 10 tracks: one cluster each\)/);
  const dense = cli(['cluster', '--db', db, '--out-dir', join(dir, 'dense'), '--method', 'hdbscan', '--space', 'full', '--no-sweep', '--no-report']);
  assert.equal(dense.status, 0, dense.stderr);
  assert.match(dense.stderr, /hdbscan found 0 clusters and 10 unassigned tracks \(min cluster size 5\); no group of 5 tracks is denser than the rest in 215 dimensions: try --space umap3 or a smaller --min-cluster-size/);
  const leaf = cli(['cluster', '--db', db, '--out-dir', join(dir, 'leaf'), '--method', 'hdbscan', '--hdbscan-selection', 'leaf', '--min-cluster-size', '2', '--no-sweep', '--no-report']);
  assert.equal(leaf.status, 0, leaf.stderr);
  assert.match(leaf.stderr, /hdbscan found \d+ clusters and \d+ unassigned tracks \(min cluster size 2, leaf selection\)/);
  const bad = cli(['cluster', '--db', db, '--out-dir', join(dir, 'bad'), '--method', 'hdbscan', '--hdbscan-selection', 'best']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--hdbscan-selection must be one of eom, leaf, got 'best'/);
});

test('cluster leaves out analysed tracks whose file has gone, and stops when every file has', () => {
  const store = FeatureStore.open(db);
  const key = store.settingsList()[0]!.key;
  const t = store.tracks(key)[0]!;
  const gone = join(dir, 'lib', 'deleted since.wav');
  store.put({ ...t, id: undefined, path: gone, fingerprint: 'deleted-file' });
  store.close();
  const out = join(dir, 'gone');
  const r = cli(['cluster', '--db', db, '--out-dir', out, '--clusters', '2', '--no-sweep', '--no-report']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /left out 1 analysed track whose file no longer exists \(e\.g\. .*deleted since\.wav\)/);
  assert.match(r.stderr, /clustered 10 tracks/);
  assert.ok(!readFileSync(join(out, 'clusters.csv'), 'utf8').includes('deleted since'));
  for (const f of readdirSync(join(out, 'playlists'))) assert.ok(!readFileSync(join(out, 'playlists', f), 'utf8').includes('deleted since'), f);
  // the whole library out of reach (say, a drive not mounted): a clear stop, not empty playlists
  const moved = join(dir, 'lib-unmounted');
  renameSync(join(dir, 'lib'), moved);
  try {
    const none = cli(['cluster', '--db', db, '--out-dir', join(dir, 'none'), '--no-report']);
    assert.equal(none.status, 1);
    assert.match(none.stderr, /none of the 11 analysed files in .*features\.sqlite exists any more \(moved, deleted, or on a drive that is not mounted\): nothing to cluster/);
  } finally {
    renameSync(moved, join(dir, 'lib'));
    const s2 = FeatureStore.open(db);
    s2.db.prepare('DELETE FROM tracks WHERE path = ?').run(gone);
    s2.close();
  }
});

test('a copy of a file (same content, another path) is clustered and listed once, and the log says so', () => {
  const store = FeatureStore.open(db);
  const key = store.settingsList()[0]!.key;
  const t = store.tracks(key)[2]!;
  const copy = join(dir, 'lib', 'zz copy of a track.wav');
  copyFileSync(t.path, copy);
  store.put({ ...t, id: undefined, path: copy });
  store.close();
  try {
    const out = join(dir, 'copies');
    const r = cli(['cluster', '--db', db, '--out-dir', out, '--clusters', '2', '--no-sweep']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stderr,
      /left out 1 file repeating a recording of the library \(1 with the same content; e\.g\. .*zz copy of a track\.wav, a copy of .*\): each recording is clustered and listed once/,
    );
    assert.match(r.stderr, /clustered 10 tracks/);
    const listed = readdirSync(join(out, 'playlists')).map((f) => readFileSync(join(out, 'playlists', f), 'utf8')).join('\n');
    assert.ok(!listed.includes('zz copy of a track'));
    assert.ok(listed.includes(t.path.split('/').pop()!), 'the first file stands for both');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    assert.match(html, /zz copy of a track\.wav/, 'the report lists the copy among the files not used');
    // --keep-copies: every file, as a researcher comparing with another tool's n may want
    const all = cli(['cluster', '--db', db, '--out-dir', join(dir, 'copies-kept'), '--clusters', '2', '--no-sweep', '--no-report', '--keep-copies']);
    assert.equal(all.status, 0, all.stderr);
    assert.doesNotMatch(all.stderr, /same content/);
    assert.match(all.stderr, /clustered 11 tracks/);
  } finally {
    const s2 = FeatureStore.open(db);
    s2.db.prepare('DELETE FROM tracks WHERE path = ?').run(copy);
    s2.close();
    rmSync(copy);
  }
});

test("the report's \"more like this\" lists search the mel band powers in decibels, as `similar` does", () => {
  const out = join(dir, 'near');
  const r = cli(['cluster', '--db', db, '--out-dir', out, '--clusters', '2', '--no-sweep']);
  assert.equal(r.status, 0, r.stderr);
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.ok(html.includes('PCA-9 of the scaled features, mel powers in dB'), 'the panel says which space (10 tracks: 9 components)');
  const data = JSON.parse(/<script type="application\/json" id="mcp-data">([\s\S]*?)<\/script>/.exec(html)![1]!) as { tracks: { f: string }[]; near: number[][] };
  const store = FeatureStore.open(db, { readonly: true });
  const space = loadSearchSpace(store, {});
  const rows = loadSearchRows(store, {});
  store.close();
  assert.equal(rows.columns.filter(isPowerValue).length, 128);
  const expected = projectSpace(searchScaled(rows.X, rows.columns), 'pca32');
  assert.deepEqual(Array.from(space.X.data), Array.from(expected.data));
  // and that is not the raw scaling the clustering uses
  const raw = projectSpace(standardScale(rows.X).Z, 'pca32');
  assert.ok(space.X.data.some((x, k) => Math.abs(Math.abs(x) - Math.abs(raw.data[k]!)) > 1e-3));
  const rowOf = new Map(space.tracks.map((t, i) => [t.path, i]));
  const fingerprints = space.tracks.map((t) => t.fingerprint);
  assert.equal(data.near.length, 10);
  data.tracks.forEach((t, i) => {
    const want = similar(space.X, [rowOf.get(t.f)!], { n: 10, fingerprints }).map((j) => space.tracks[j]!.path);
    assert.deepEqual(data.near[i]!.map((j) => data.tracks[j]!.f), want, t.f);
  });
});

test('files analysed only by an older features version are named and left out, not clustered on stale values or dropped silently', () => {
  const old = join(dir, 'old-store.sqlite');
  copyFileSync(db, old);
  const oldLib = join(dir, 'only-old');
  mkdirSync(oldLib);
  const extra = writeLibrary(oldLib, 2, 1, 50);
  const store = FeatureStore.open(old);
  const current = store.settingsList()[0]!.key;
  const t = store.tracks(current)[0]!;
  const oldKey = current.replace(/;fv=\d+;/, ';fv=1;');
  // version-1 analyses of two files the current version never saw, and of one it did
  for (const path of [...extra, t.path]) store.put({ ...t, id: undefined, path, settingsKey: oldKey, featuresVersion: 1 });
  store.close();
  const out = join(dir, 'older');
  const r = cli(['cluster', '--db', old, '--out-dir', out, '--clusters', '2', '--no-sweep']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /left out 2 files analysed only by an older features version \(e\.g\. .*only-old\/t050\.wav\): run 'mir-cluster-playlist analyze' on the library to include them/);
  const listed = readFileSync(join(out, 'clusters.csv'), 'utf8');
  for (const p of extra) assert.ok(!listed.includes(p), `${p} is not clustered`);
  // the report's list of files not used names them and the reason
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  for (const p of extra) assert.ok(html.includes(p), `the report names ${p}`);
  assert.ok(html.includes('analysed only by an older features version (this release computes version'));
  // --set names the set, and only old analyses of it exist: one line says why nothing is clustered
  const onlyOld = join(dir, 'only-old-store.sqlite');
  const s2 = FeatureStore.open(onlyOld);
  for (const path of extra) s2.put({ ...t, id: undefined, path, settingsKey: oldKey, featuresVersion: 1 });
  s2.close();
  const none = cli(['cluster', '--db', onlyOld, '--set', 'full', '--out-dir', join(dir, 'none-old'), '--no-report']);
  assert.equal(none.status, 1);
  assert.equal(none.stderr.trim().split('\n').length, 1, none.stderr);
  assert.match(none.stderr, /holds 2 files analysed only by an older features version .*: run 'mir-cluster-playlist analyze' on the library again/);
});
