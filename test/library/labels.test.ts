import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { folderLabel, LabelFileError, labelKey, labelNoun, parseLabelSource, readLabelsCsv } from '../../src/library/index.js';
import { tempDir } from '../helpers.js';

test('folder labels are the name of the folder holding the file (the GTZAN layout)', () => {
  assert.equal(folderLabel('/data/genres/blues/blues.00000.wav'), 'blues');
  assert.equal(folderLabel('/data/genres/hip hop/x.mp3'), 'hip hop');
  assert.deepEqual(parseLabelSource('folder'), { kind: 'folder' });
  assert.deepEqual(parseLabelSource('genre'), { kind: 'genre' });
  const csv = parseLabelSource('labels.csv');
  assert.equal(csv.kind, 'csv');
  assert.ok(csv.kind === 'csv' && csv.path.startsWith('/') && csv.path.endsWith('/labels.csv'), 'a CSV path is made absolute');
  assert.deepEqual([labelNoun({ kind: 'genre' }), labelNoun({ kind: 'folder' }), labelNoun(csv)], ['genre', 'folder', 'label']);
});

test('a label CSV: header optional, RFC 4180 quoting, paths relative to the file, empty label = none', () => {
  const dir = tempDir('mcp-labels-');
  mkdirSync(join(dir, 'sub'));
  const file = join(dir, 'sub', 'labels.csv');
  writeFileSync(
    file,
    '\ufeffPath,Label,comment\r\n' +
      'a.ogg,rock,ignored\r\n' +
      '"../b, the second.flac","drum ""n"" bass"\r\n' +
      '"c\nd.wav",jazz\n' +
      '/abs/e.mp3,\n' +
      '\n' +
      'a.ogg,rock\n',
  );
  const m = readLabelsCsv(file);
  assert.deepEqual(
    [...m.entries()],
    [
      [join(dir, 'sub', 'a.ogg'), 'rock'],
      [join(dir, 'b, the second.flac'), 'drum "n" bass'],
      [join(dir, 'sub', 'c\nd.wav'), 'jazz'],
      ['/abs/e.mp3', ''],
    ],
  );
  // without a header the first row is data
  writeFileSync(file, 'x.wav,a\ny.wav,b\n');
  assert.equal(readLabelsCsv(file).get(join(dir, 'sub', 'x.wav')), 'a');
});

test('a label CSV saved by a spreadsheet in Windows-1252 or UTF-16 names the same files as one in UTF-8', () => {
  const dir = tempDir('mcp-labels-enc-');
  const file = join(dir, 'labels.csv');
  const want = [[join(dir, 'Café – Noël.mp3'), 'chanson']];
  writeFileSync(file, Buffer.concat([Buffer.from('Caf'), Buffer.from([0xe9, 0x20, 0x96, 0x20]), Buffer.from('No'), Buffer.from([0xeb]), Buffer.from('l.mp3,chanson\r\n')]));
  assert.deepEqual([...readLabelsCsv(file).entries()], want, 'Excel\'s "CSV (Comma delimited)" on Windows');
  writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Café – Noël.mp3,chanson\r\n', 'utf16le')]));
  assert.deepEqual([...readLabelsCsv(file).entries()], want, 'UTF-16 with a byte-order mark');
});

test('a label CSV written with composed names labels files named decomposed on disk (copied from macOS), and the other way round', () => {
  const dir = tempDir('mcp-labels-nfd-');
  const file = join(dir, 'labels.csv');
  writeFileSync(file, `${'Noël.mp3'.normalize('NFC')},xmas\n${'Café.mp3'.normalize('NFD')},bar\n`);
  const m = readLabelsCsv(file);
  assert.equal(m.get(labelKey(join(dir, 'Noël.mp3'.normalize('NFD')))), 'xmas');
  assert.equal(m.get(labelKey(join(dir, 'Café.mp3'.normalize('NFC')))), 'bar');
});

test('a bad label file fails with its name, the line and the reason', () => {
  const dir = tempDir('mcp-labels-bad-');
  const file = join(dir, 'l.csv');
  const fails = (text: string, re: RegExp): void => {
    writeFileSync(file, text);
    assert.throws(
      () => readLabelsCsv(file),
      (e: unknown) => e instanceof LabelFileError && re.test(e.message) && e.message.startsWith(file),
    );
  };
  fails('path,label\na.wav,x\nb.wav,y\na.wav,z\n', /line 4: a\.wav is labelled both 'x' and 'z'/);
  fails('a.wav,x\nb.wav\n', /line 2: expected path,label/);
  fails('a.wav,x\n,y\n', /line 2: the path is empty/);
  fails('a.wav,"x\n', /line 1: a quoted field is not closed/);
  fails('path,label\n', /no path,label rows/);
  assert.throws(() => readLabelsCsv(join(dir, 'missing.csv')), /missing\.csv: cannot read the label file: ENOENT/);
});

test('readLabelsCsv: path;label rows as a spreadsheet saves them where the decimal mark is a comma', () => {
  const dir = tempDir();
  const file = join(dir, 'labels.csv');
  writeFileSync(file, '\uFEFFpath;label\r\n"Beatles, The/a.flac";rock\r\nb.flac;jazz\r\n');
  const m = readLabelsCsv(file);
  assert.equal(m.get(labelKey(join(dir, 'Beatles, The', 'a.flac'))), 'rock');
  assert.equal(m.get(labelKey(join(dir, 'b.flac'))), 'jazz');
  assert.equal(m.size, 2);
});
