import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { test } from 'node:test';
import { scoreAgainstLabels } from '../../src/evaluate/index.js';
import { FEATURES_VERSION } from '../../src/features/index.js';
import { writeLibrary } from '../analysis/synth-wav.js';
import { cliPath, tempDir } from '../helpers.js';
import { readClustersCsv } from '../e2e/outputs-check.js';

function cli(args: string[]) {
  return spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', timeout: 10 * 60_000 });
}

// Two "styles" in two folders (the GTZAN layout), 6 synthetic tracks each.
const dir = tempDir('mcp-labels-cli-');
const lib = join(dir, 'lib');
for (const [k, style] of ['low', 'high'].entries()) {
  mkdirSync(join(lib, style), { recursive: true });
  writeLibrary(join(lib, style), 6, 3, k * 20);
}
const out = join(dir, 'out');

test('--labels folder: the clusters are scored against folder names, and the report says so', () => {
  const r = cli(['run', lib, '--out-dir', out, '--labels', 'folder', '--clusters', '2', '--no-sweep']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /scoring against folder names: 12 tracks labelled\n/);
  const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
  assert.equal(metrics.labels, 'folder');
  // what computed the numbers, for whoever cites them
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.deepEqual(metrics.producer, { name: 'mir-cluster-playlist', version: pkg.version, featuresVersion: FEATURES_VERSION, node: process.version });
  const rows = readClustersCsv(out);
  const expected = scoreAgainstLabels(
    rows.map((row) => Number(row.cluster)),
    rows.map((row) => basename(dirname(row.path!))),
  );
  assert.equal(metrics.chosen.metrics.n_labelled, 12);
  assert.equal(metrics.chosen.metrics.v_measure, expected.vMeasure);
  assert.equal(metrics.chosen.metrics.adjusted_rand, expected.ari);
  // clusters.csv keeps the tag column: these WAV files have no genre tag
  assert.ok(rows.every((row) => row.genre === ''));
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.match(html, /<option value="genre">folder<\/option>/);
  assert.match(html, /"labelNoun":"folder"/);
  assert.match(readFileSync(join(out, 'plots', 'genre-by-cluster.svg'), 'utf8'), />Folder distribution in each cluster</);
  assert.match(readFileSync(join(out, 'plots', 'embedding-pca2-genre.svg'), 'utf8'), />high</);
});

test('--labels FILE.csv: listed tracks are scored, the rest left out and counted; cluster reads it too', () => {
  const csv = join(dir, 'labels.csv');
  // relative to the CSV's folder; four tracks of each folder, one with an empty label
  const lines = ['path,label'];
  for (const style of ['low', 'high']) for (const i of [0, 1, 2, 3]) lines.push(`lib/${style}/t${String((style === 'high' ? 20 : 0) + i).padStart(3, '0')}.wav,${i === 3 && style === 'high' ? '' : style}`);
  writeFileSync(csv, `${lines.join('\n')}\n`);
  const again = join(dir, 'out-csv');
  const r = cli(['cluster', '--db', join(out, 'features.sqlite'), '--out-dir', again, '--labels', csv, '--clusters', '2', '--no-sweep', '--no-report']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /scoring against the labels of .*labels\.csv: 7 tracks labelled, 5 without a label left out/);
  const metrics = JSON.parse(readFileSync(join(again, 'metrics.json'), 'utf8'));
  assert.equal(metrics.labels, csv);
  assert.equal(metrics.chosen.metrics.n_labelled, 7);
  assert.equal(metrics.chosen.metrics.n_unlabelled, 5);
  const byPath = new Map(lines.slice(1).map((l) => l.split(',') as [string, string]).map(([p, l]) => [join(dir, p), l]));
  const rows = readClustersCsv(again);
  const expected = scoreAgainstLabels(
    rows.map((row) => Number(row.cluster)),
    rows.map((row) => byPath.get(row.path!) ?? null),
  );
  assert.equal(metrics.chosen.metrics.v_measure, expected.vMeasure);
});

test('a bad --labels file or a bad clustering option stops run before any analysis', () => {
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, 'a.wav,x\na.wav,y\n');
  for (const [args, message] of [
    [['--labels', bad], /bad\.csv: line 2: a\.wav is labelled both 'x' and 'y'/],
    [['--labels', join(dir, 'none.csv')], /none\.csv: cannot read the label file/],
    [['--space', 'pca99x'], /--space must be one of/],
  ] as const) {
    const o = join(dir, `never-${basename(String(args[1]))}`);
    const r = cli(['run', lib, '--out-dir', o, ...args]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /analys/);
    assert.ok(!existsSync(o), 'nothing analysed or written');
  }
});
