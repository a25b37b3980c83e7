import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { main as exportMain, matrixToCsv, matrixToJson, METADATA_COLUMNS } from '../../src/cli/commands/export.js';
import { csvField, FeatureStore, settingsKey } from '../../src/store/index.js';
import { cliPath, tempDir } from '../helpers.js';

/** A strict RFC 4180 reader (CRLF records, quoted fields with doubled quotes), as pandas/R read it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let f = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        f += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        f += c;
        i++;
      }
    } else if (c === '"' && f === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(f);
      f = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(f);
      rows.push(row);
      row = [];
      f = '';
      i += 2;
    } else {
      assert.ok(c !== '"' && c !== '\n' && c !== '\r', `bare ${JSON.stringify(c)} at ${i}`);
      f += c;
      i++;
    }
  }
  assert.equal(f, '', 'last record must end with CRLF');
  return rows;
}

const KEY = settingsKey({ set: 'blog', featuresVersion: 1, sampleRate: 22050, decoder: 'auto' });

function fillStore(dir: string): string {
  const db = join(dir, 'features.sqlite');
  const s = FeatureStore.open(db);
  const files = [
    { name: 'b, with comma.ogg', tags: { title: 'He said "hi"', artist: 'Ann', genre: 'Rock', trackNumber: 2 } },
    { name: 'a.ogg', tags: { title: 'Line\nbreak', album: 'Ä album' } },
    { name: 'c.ogg', tags: {} },
  ];
  files.forEach((f, i) => {
    const path = join(dir, f.name);
    writeFileSync(path, `audio ${i}`);
    s.put({
      path,
      size: 7,
      mtimeMs: 1000,
      fingerprint: `fp1:${i}`,
      tags: f.tags,
      durationSec: 3 + i,
      settingsKey: KEY,
      featuresVersion: 1,
      values: { 'spectral_centroid.mean': 1000.5 + i, 'mfcc.mean.0': i === 2 ? Number.NaN : -0.1 * i, 'zcr.mean': 1 / 3 },
    });
  });
  // A second settings key with fewer analyses: not the default.
  s.put({
    path: join(dir, 'a.ogg'),
    size: 7,
    mtimeMs: 1000,
    fingerprint: 'fp1:1',
    tags: files[1]!.tags,
    durationSec: 4,
    settingsKey: settingsKey({ set: 'full', featuresVersion: 1, sampleRate: 22050, decoder: 'auto' }),
    featuresVersion: 1,
    values: { q: 1 },
  });
  s.close();
  return db;
}

test('CSV fields are quoted per RFC 4180 and numbers round-trip', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "x"'), '"say ""x"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField(undefined), '');
  assert.equal(csvField(Number.NaN), 'NaN');
  assert.equal(csvField(0.1 + 0.2), '0.30000000000000004');
  assert.equal(Number(csvField(1 / 3)), 1 / 3);
});

test('export --csv writes named columns, metadata and exact values for the most-analysed settings', async () => {
  const dir = tempDir();
  const db = fillStore(dir);
  const out = join(dir, 'out', 'features.csv');
  assert.equal(await exportMain(['--db', db, '--csv', '--out', out]), 0);
  const rows = parseCsv(readFileSync(out, 'utf8'));
  assert.deepEqual(rows[0], [...METADATA_COLUMNS, 'spectral_centroid.mean', 'mfcc.mean.0', 'zcr.mean']);
  assert.equal(rows.length, 4);
  // Ordered by path.
  assert.deepEqual(rows[1], [join(dir, 'a.ogg'), 'Line\nbreak', '', 'Ä album', '', '', '4', '1001.5', '-0.1', String(1 / 3)]);
  assert.deepEqual(rows[2], [join(dir, 'b, with comma.ogg'), 'He said "hi"', 'Ann', '', 'Rock', '2', '3', '1000.5', '0', String(1 / 3)]);
  assert.equal(rows[3]![8], 'NaN');
  assert.equal(Number(rows[1]![9]), 1 / 3);
  // No temporary file left beside it.
  assert.deepEqual(readdirSync(join(dir, 'out')), ['features.csv']);
});

test('export --json gives records with null for NaN and missing tags; --set picks the set', async () => {
  const dir = tempDir();
  const db = fillStore(dir);
  const out = join(dir, 'f.json');
  assert.equal(await exportMain(['--db', db, '--json', '--out', out]), 0);
  const j = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(j.settingsKey, KEY);
  assert.equal(j.featureSet, 'blog');
  assert.equal(j.featuresVersion, 1);
  assert.deepEqual(j.featureColumns, ['spectral_centroid.mean', 'mfcc.mean.0', 'zcr.mean']);
  assert.equal(j.rows.length, 3);
  assert.equal(j.rows[2]['mfcc.mean.0'], null);
  assert.equal(j.rows[2].title, null);
  assert.equal(j.rows[1].track_number, 2);
  assert.equal(j.rows[0]['spectral_centroid.mean'], 1001.5);
  const full = join(dir, 'full.json');
  assert.equal(await exportMain(['--db', db, '--json', '--set', 'full', '--out', full]), 0);
  const jf = JSON.parse(readFileSync(full, 'utf8'));
  assert.deepEqual(jf.featureColumns, ['q']);
  assert.equal(jf.rows.length, 1);
});

test('the export command through the CLI: stdout output, usage and store errors', () => {
  const dir = tempDir();
  const db = fillStore(dir);
  const ok = spawnSync(process.execPath, [cliPath, 'export', '--db', db, '--csv'], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(parseCsv(ok.stdout).length, 4);
  const list = spawnSync(process.execPath, [cliPath, 'export', '--db', db, '--list'], { encoding: 'utf8' });
  assert.match(list.stdout, /set=blog;fv=1;sr=22050;dec=auto\t3 analyses/);
  const both = spawnSync(process.execPath, [cliPath, 'export', '--db', db, '--csv', '--json'], { encoding: 'utf8' });
  assert.equal(both.status, 2);
  assert.match(both.stderr, /exactly one of --csv and --json/);
  const missing = spawnSync(process.execPath, [cliPath, 'export', '--db', join(dir, 'nope.sqlite'), '--csv'], { encoding: 'utf8' });
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /nope\.sqlite: feature store: no such database/);
  const noSet = spawnSync(process.execPath, [cliPath, 'export', '--db', db, '--csv', '--set', 'readme'], { encoding: 'utf8' });
  assert.equal(noSet.status, 1);
  assert.match(noSet.stderr, /no analyses for feature set 'readme'/);
});

test('chunked output equals the whole text; an empty matrix is valid JSON and a header-only CSV', () => {
  const names = ['a', 'b'];
  const rows = 600; // more than one chunk of rows
  const m = {
    settingsKey: KEY,
    names,
    rows,
    cols: 2,
    data: Float64Array.from({ length: rows * 2 }, (_, i) => i / 7),
    tracks: Array.from({ length: rows }, (_, i) => ({ path: `/m/${i}.ogg`, durationSec: i })),
  };
  const j = JSON.parse(matrixToJson(m));
  assert.equal(j.rows.length, rows);
  assert.equal(j.rows[599].b, 1199 / 7);
  assert.equal(parseCsv(matrixToCsv(m)).length, rows + 1);
  assert.equal(parseCsv(matrixToCsv(m))[600]![8], String(1199 / 7));
  const empty = { ...m, rows: 0, data: new Float64Array(0), tracks: [] };
  assert.deepEqual(JSON.parse(matrixToJson(empty)).rows, []);
  assert.equal(matrixToCsv(empty), 'path,title,artist,album,genre,track_number,duration_sec,a,b\r\n');
});
