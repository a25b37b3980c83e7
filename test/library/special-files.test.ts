import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readLibrary } from '../../src/library/index.js';
import { tempDir } from '../helpers.js';

test('pipes and devices are no tracks: named, they are problems; in a playlist, problems with their line; in a folder, skipped; nothing waits on them', async () => {
  const d = tempDir('mcp-special-');
  const music = join(d, 'music');
  mkdirSync(music);
  writeFileSync(join(music, 'song.mp3'), 'x');
  // a pipe with an audio name, which nobody will ever write to: opening it to read would wait for ever
  execFileSync('mkfifo', [join(music, 'stuck.mp3')]);
  const scanned = await readLibrary([music]);
  assert.deepEqual(
    scanned.tracks.map((t) => t.path),
    [join(music, 'song.mp3')],
  );
  assert.deepEqual(scanned.problems, []);
  const list = join(d, 'list.m3u');
  writeFileSync(list, `song.mp3\n/dev/zero\nmusic/stuck.mp3\n`.replace('song.mp3', join(music, 'song.mp3')));
  const fromList = await readLibrary([list, '/dev/null']);
  assert.deepEqual(
    fromList.tracks.map((t) => t.path),
    [join(music, 'song.mp3')],
  );
  assert.deepEqual(fromList.problems, [
    { path: '/dev/zero', reason: `not a regular file (a device) (line 2 of ${list})` },
    { path: join(music, 'stuck.mp3'), reason: `not a regular file (a named pipe) (line 3 of ${list})` },
    { path: '/dev/null', reason: 'not a regular file (a device)' },
  ]);
});
