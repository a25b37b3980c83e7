import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
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
