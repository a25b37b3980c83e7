import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { readTags } from '../../src/audio/index.js';
import { requirePath, tempDir } from '../helpers.js';
import { synthFile } from './fixtures.js';

let dir = '';
before(() => {
  dir = tempDir();
});

const META = ['-metadata', 'title=Zwölf Töne', '-metadata', 'artist=The Testers', '-metadata', 'album=Fixtures', '-metadata', 'genre=Synthpop', '-metadata', 'track=7/12'];

for (const ext of ['mp3', 'flac', 'ogg', 'opus', 'm4a']) {
  test(`readTags: title, artist, album, genre, track number and duration from ${ext}`, async () => {
    const p = synthFile(dir, `tagged-${ext}`, ext, 2, 44100, META);
    const t = await readTags(p);
    assert.equal(t.title, 'Zwölf Töne');
    assert.equal(t.artist, 'The Testers');
    assert.equal(t.album, 'Fixtures');
    assert.equal(t.genre, 'Synthpop');
    assert.equal(t.trackNumber, 7);
    assert.ok(t.durationSec !== undefined && Math.abs(t.durationSec - 2) < 0.1, `duration ${t.durationSec}`);
  });
}

test('readTags: several genres are joined; untagged files and non-audio give no tags, no error', async () => {
  const p = synthFile(dir, 'multi', 'flac', 1, 44100, ['-metadata', 'genre=Rock;Pop']);
  const t = await readTags(p);
  assert.ok(t.genre === 'Rock; Pop' || t.genre === 'Rock;Pop', `genre ${t.genre}`);
  const bare = await readTags(synthFile(dir, 'bare', 'wav', 1));
  assert.equal(bare.title, undefined);
  assert.equal(bare.genre, undefined);
  assert.ok(bare.durationSec !== undefined && Math.abs(bare.durationSec - 1) < 0.01);
  const text = join(dir, 'text.mp3');
  writeFileSync(text, 'not audio');
  assert.deepEqual(await readTags(text), {});
  assert.deepEqual(await readTags(join(dir, 'missing.ogg')), {});
});

test('readTags: a real soundtrack file (hedgewars snow.ogg)', async () => {
  const t = await readTags(requirePath('/usr/share/games/hedgewars/Data/Music/snow.ogg', 'hedgewars-data'));
  assert.ok(t.durationSec !== undefined && t.durationSec > 60);
});

/** An MP3 (from ffmpeg) whose ID3v2.3 text frames are written byte for byte with encoding 0 ("ISO-8859-1"). */
function mp3WithLatin1Frames(name: string, frames: [string, Buffer][]): string {
  const audio = readFileSync(synthFile(dir, `${name}-src`, 'mp3', 1, 44100, ['-write_id3v2', '0']));
  const body = Buffer.concat(
    frames.map(([id, text]) => {
      const head = Buffer.alloc(10);
      head.write(id, 0, 'latin1');
      head.writeUInt32BE(text.length + 1, 4);
      return Buffer.concat([head, Buffer.from([0]), text]);
    }),
  );
  const n = body.length;
  const tag = Buffer.from([0x49, 0x44, 0x33, 3, 0, 0, (n >> 21) & 127, (n >> 14) & 127, (n >> 7) & 127, n & 127]);
  const p = join(dir, `${name}.mp3`);
  writeFileSync(p, Buffer.concat([tag, body, audio]));
  return p;
}

test('readTags mends what taggers put in "Latin-1" ID3 frames: Windows-1252 quotes and dashes, and UTF-8 bytes', async () => {
  const cp1252 = mp3WithLatin1Frames('cp1252', [
    ['TIT2', Buffer.concat([Buffer.from('Don'), Buffer.from([0x92]), Buffer.from('t Stop '), Buffer.from([0x96]), Buffer.from(' Live')])],
    ['TPE1', Buffer.from('Beyonc\xe9', 'latin1')],
  ]);
  const a = await readTags(cp1252);
  assert.equal(a.title, 'Don’t Stop – Live', 'music-metadata alone gives U+0092 and U+0096 (control characters)');
  assert.equal(a.artist, 'Beyoncé', 'true Latin-1 stays as it is');
  const utf8 = mp3WithLatin1Frames('utf8', [
    ['TIT2', Buffer.from('Hoppípolla', 'utf8')],
    ['TPE1', Buffer.from('Sigur Rós', 'utf8')],
    ['TCON', Buffer.from('Post-rock', 'utf8')],
  ]);
  const b = await readTags(utf8);
  assert.deepEqual([b.title, b.artist, b.genre], ['Hoppípolla', 'Sigur Rós', 'Post-rock'], 'not HoppÃ­polla / Sigur RÃ³s');
});

test('readTags: an MP3 length only from a header that counts the frames, not guessed from the first frame', async () => {
  // 10 s of silence, then 10 s of noise, VBR: the first frames are 32 kbit/s, the rest far more
  const make = (name: string, xing: boolean): string => {
    const p = join(dir, `${name}.mp3`);
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'anullsrc=r=44100:cl=stereo:d=10', '-f', 'lavfi', '-i', 'anoisesrc=a=0.5:c=white:r=44100:d=10', '-filter_complex', '[0][1]concat=n=2:v=0:a=1', '-c:a', 'libmp3lame', '-q:a', '0', '-write_xing', xing ? '1' : '0', p]);
    return p;
  };
  const counted = await readTags(make('vbr-xing', true));
  assert.ok(counted.durationSec !== undefined && Math.abs(counted.durationSec - 20) < 0.1, `${counted.durationSec}`);
  // music-metadata guesses 59.7 s for this one (3 times too long); we say nothing
  assert.equal((await readTags(make('vbr-no-xing', false))).durationSec, undefined);
});
