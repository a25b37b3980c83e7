import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { decodeAudio, readTags } from '../../src/audio/index.js';
import { flacCueSheetSongs } from '../../src/audio/embedded-cue.js';
import { cliPath, requirePath, tempDir } from '../helpers.js';
import { writeWav } from './fixtures.js';

/** An EAC-style sheet of three songs in one 9 s CD-audio file (tracks at 0, 3 and 6 s). */
const SHEET = ['PERFORMER "Ann"', 'TITLE "Album"', 'FILE "album.wav" WAVE', '  TRACK 01 AUDIO', '    INDEX 01 00:00:00', '  TRACK 02 AUDIO', '    INDEX 01 00:03:00', '  TRACK 03 AUDIO', '    INDEX 01 00:06:00', ''].join('\r\n');

let dir = '';
/** A CD-audio FLAC (44.1 kHz, 16-bit stereo) without any cue sheet. */
let plain = '';
before(() => {
  requirePath('/usr/bin/metaflac', 'flac');
  dir = tempDir('mcp-embedded-cue-');
  const n = 9 * 44100;
  const l = new Float32Array(n);
  const r = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    l[i] = 0.3 * Math.sin((2 * Math.PI * 220 * (1 + Math.floor(i / 132300))) * (i / 44100));
    r[i] = 0.8 * l[i]!;
  }
  const wav = writeWav(join(dir, 'album.wav'), [l, r], 44100, 's16');
  plain = join(dir, 'plain.flac');
  execFileSync('flac', ['--silent', '--force', '-o', plain, wav]);
  writeFileSync(join(dir, 'album.cue'), SHEET);
});

/** A copy of the plain FLAC with the sheet imported by metaflac as it says (block or tag), after `first` blocks. */
function withSheet(name: string, how: 'block' | 'tag', first: string[] = []): string {
  const p = join(dir, name);
  copyFileSync(plain, p);
  if (first.length > 0) execFileSync('metaflac', [...first, p]);
  const sheet = join(dir, 'album.cue');
  execFileSync('metaflac', how === 'block' ? [`--import-cuesheet-from=${sheet}`, p] : [`--set-tag-from-file=CUESHEET=${sheet}`, p]);
  return p;
}

test('readTags: a cue sheet inside a FLAC file, as a CUESHEET block (metaflac, EAC) or a CUESHEET tag (foobar2000), counts its songs', async () => {
  assert.equal((await readTags(plain)).cueSongs, undefined);
  const block = withSheet('block.flac', 'block');
  assert.match(execFileSync('metaflac', ['--list', '--block-type=CUESHEET', block], { encoding: 'utf8' }), /number of tracks: 4/, 'three songs and the lead-out');
  assert.equal((await readTags(block)).cueSongs, 3);
  assert.equal((await readTags(withSheet('tag.flac', 'tag'))).cueSongs, 3);
  // the block follows a large picture block: found by walking the block headers
  const jpeg = join(dir, 'cover.jpg');
  writeFileSync(jpeg, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300_000, 7), Buffer.from([0xff, 0xd9])]));
  const pictured = withSheet('pictured.flac', 'block', [`--import-picture-from=3|image/jpeg||600x600x24|${jpeg}`]);
  const types = [...execFileSync('metaflac', ['--list', pictured], { encoding: 'utf8', maxBuffer: 64 << 20 }).matchAll(/^ {2}type: \d+ \((\w+)\)/gm)].map((m) => m[1]);
  assert.ok(types.indexOf('PICTURE') >= 0 && types.indexOf('PICTURE') < types.indexOf('CUESHEET'), types.join(' '));
  assert.equal((await readTags(pictured)).cueSongs, 3);
  // decoders skip the block: the audio is the plain file's
  const a = await decodeAudio(plain);
  const b = await decodeAudio(block);
  assert.equal(b.samples.length, a.samples.length);
  assert.deepEqual(b.samples.subarray(0, 1000), a.samples.subarray(0, 1000));
});

test('flacCueSheetSongs: lead-out and data tracks are not songs; a cut-short block is malformed', () => {
  const track = (number: number, data: boolean, indexes: number): Buffer => {
    const t = Buffer.alloc(36 + 12 * indexes);
    t[8] = number;
    t[21] = data ? 0x80 : 0;
    t[35] = indexes;
    return t;
  };
  const head = Buffer.alloc(396);
  head[395] = 4;
  const block = Buffer.concat([head, track(1, false, 1), track(2, false, 2), track(3, true, 1), track(170, false, 0)]);
  assert.equal(flacCueSheetSongs(block), 2);
  assert.equal(flacCueSheetSongs(block.subarray(0, block.length - 10)), null);
  assert.equal(flacCueSheetSongs(Buffer.alloc(100)), null);
});

test('analyze says after the analysis that a file with a cue sheet inside is a whole album, also when it is cached', () => {
  const lib = join(dir, 'lib');
  mkdirSync(lib);
  copyFileSync(withSheet('rip.flac', 'block'), join(lib, 'Ann - Album.flac'));
  copyFileSync(plain, join(lib, 'song.flac'));
  const db = join(dir, 'lib.sqlite');
  const expected = `note: 1 file is a whole album with a CUE sheet inside (e.g. ${join(lib, 'Ann - Album.flac')}: 3 songs); each is analysed as one track: split them into one file per song (e.g. shnsplit, or ffmpeg -ss/-to) for playlists of songs`;
  for (const pass of ['first', 'cached']) {
    const r = spawnSync(process.execPath, [cliPath, 'analyze', lib, '--db', db, '--json'], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(
      r.stderr.split('\n').filter((l) => l.startsWith('note: ')),
      [expected],
      pass,
    );
    const summary = JSON.parse(r.stdout) as { tracks: number; analysed: number; wholeAlbums: number };
    assert.deepEqual([summary.tracks, summary.wholeAlbums], [2, 1], pass);
    assert.equal(summary.analysed, pass === 'first' ? 2 : 0);
  }
  // a sheet beside the file as well: said once, by the sheet beside it
  writeFileSync(join(lib, 'Ann - Album.cue'), readFileSync(join(dir, 'album.cue'), 'utf8').replace('album.wav', 'Ann - Album.wav'));
  const r = spawnSync(process.execPath, [cliPath, 'analyze', lib, '--db', db], { encoding: 'utf8', timeout: 120_000 });
  const notes = r.stderr.split('\n').filter((l) => l.startsWith('note: '));
  assert.equal(notes.length, 1, notes.join('\n'));
  assert.match(notes[0]!, /cut into songs by a CUE sheet \(e\.g\. .*Ann - Album\.flac: 3 songs in Ann - Album\.cue\)/);
});
