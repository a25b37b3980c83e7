import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvRecords, sniffSeparator, spreadsheetCsvRecords } from '../../src/util/csv.js';

test('sniffSeparator: commas, or the semicolons and tabs spreadsheets write; a comma inside a field does not decide', () => {
  assert.equal(sniffSeparator('path,label\na.mp3,rock\n'), ',');
  assert.equal(sniffSeparator('path;label\r\na.mp3;rock\r\n'), ';');
  assert.equal(sniffSeparator('path\tlabel\na.mp3\trock\n'), '\t');
  // `Beatles, The` splits the first line by commas into 2 fields but the second into 1
  assert.equal(sniffSeparator('Beatles, The/a.mp3;rock\nb.mp3;jazz\n'), ';');
  assert.equal(sniffSeparator('"a;b.mp3",rock\nc.mp3,jazz\n'), ',');
  assert.equal(sniffSeparator('one field only\n'), ',');
});

test('spreadsheetCsvRecords drops the byte-order mark and reads quoted fields with the sniffed separator', () => {
  const { records } = spreadsheetCsvRecords('\uFEFF"row";"path"\r\n"1";"/m/a;b.ogg"\r\n');
  assert.deepEqual(
    records.map((r) => r.fields),
    [
      ['row', 'path'],
      ['1', '/m/a;b.ogg'],
    ],
  );
  assert.deepEqual(csvRecords('a;b,c', ';').records[0]!.fields, ['a', 'b,c']);
});
