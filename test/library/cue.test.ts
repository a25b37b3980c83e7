import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseCueSheet, readLibrary } from '../../src/library/index.js';
import { synthTrack, wavBytes } from '../analysis/synth-wav.js';
import { cliPath, tempDir } from '../helpers.js';

const EAC_SHEET = [
  'REM GENRE Rock',
  'PERFORMER "Ann"',
  'TITLE "Album"',
  'FILE "Ann - Album.wav" WAVE',
  '  TRACK 01 AUDIO',
  '    TITLE "One"',
  '    INDEX 01 00:00:00',
  '  TRACK 02 AUDIO',
  '    TITLE "Two"',
  '    INDEX 00 03:10:20',
  '    INDEX 01 03:12:00',
  '  TRACK 03 AUDIO',
  '    INDEX 01 07:00:00',
].join('\r\n');

test('parseCueSheet: the files a sheet cuts and how many songs each holds', () => {
  assert.deepEqual(parseCueSheet(EAC_SHEET), [{ name: 'Ann - Album.wav', tracks: 3 }]);
  assert.deepEqual(parseCueSheet('FILE disc1.flac WAVE\nTRACK 01 AUDIO\nTRACK 02 AUDIO\nFILE "disc2.flac" WAVE\nTRACK 03 AUDIO\n'), [
    { name: 'disc1.flac', tracks: 2 },
    { name: 'disc2.flac', tracks: 1 },
  ]);
  assert.deepEqual(parseCueSheet('TRACK 01 AUDIO\nnot a sheet'), []);
});

test('readLibrary: a file a CUE sheet beside it cuts into songs is a whole album, also when the sheet names the .wav it was ripped to', async () => {
  const d = tempDir('mcp-cue-');
  const album = join(d, 'Ann', 'Album');
  mkdirSync(album, { recursive: true });
  for (const f of ['Ann - Album.flac', 'bonus.ogg', 'single.mp3']) writeFileSync(join(album, f), 'x');
  writeFileSync(join(album, 'Ann - Album.cue'), EAC_SHEET);
  // a per-song sheet (one TRACK per FILE) is not an album
  writeFileSync(join(album, 'single.cue'), 'FILE "single.mp3" MP3\nTRACK 01 AUDIO\n');
  const lib = await readLibrary([d]);
  assert.equal(lib.tracks.length, 3);
  assert.deepEqual(lib.wholeAlbums, [{ path: join(album, 'Ann - Album.flac'), cue: join(album, 'Ann - Album.cue'), tracks: 3 }]);
  assert.deepEqual((await readLibrary([join(album, 'bonus.ogg')])).wholeAlbums, [], 'no folder scan, no sheet read');
});

test('analyze says once that whole albums are analysed as one track each, and analyses them', () => {
  const d = tempDir('mcp-cue-cli-');
  const lib = join(d, 'lib');
  mkdirSync(lib);
  writeFileSync(join(lib, 'Ann - Album.wav'), wavBytes(synthTrack(1, 6), 22050));
  writeFileSync(join(lib, 'Ann - Album.cue'), EAC_SHEET);
  writeFileSync(join(lib, 'song.wav'), wavBytes(synthTrack(2, 3), 22050));
  const r = spawnSync(process.execPath, [cliPath, 'analyze', lib, '--db', join(d, 's.sqlite')], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const notes = r.stderr.split('\n').filter((l) => l.startsWith('note: '));
  assert.deepEqual(notes, [
    `note: 1 file is a whole album cut into songs by a CUE sheet (e.g. ${join(lib, 'Ann - Album.wav')}: 3 songs in Ann - Album.cue); each is analysed as one track: split them into one file per song (e.g. shnsplit, or ffmpeg -ss/-to) for playlists of songs`,
  ]);
  assert.match(r.stdout + r.stderr, /2 tracks: 2 analysed/);
});
