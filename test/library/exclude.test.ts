import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ExcludePatternError, excludeTest, readLibrary } from '../../src/library/index.js';
import { synthTrack, wavBytes } from '../analysis/synth-wav.js';
import { cliPath, tempDir } from '../helpers.js';

test('excludeTest: names at any depth, paths of components, anchored paths, globs; case-insensitive; brackets literal', () => {
  const cases: [string, string, boolean][] = [
    ['Podcasts', '/home/u/Music/Podcasts/e1.mp3', true],
    ['podcasts', '/home/u/Music/Podcasts', true],
    ['Podcasts', '/home/u/Music/MyPodcasts/e1.mp3', false],
    ['*.m4b', '/m/Books/x.M4B', true],
    ['*.m4b', '/m/x.m4b.mp3', false],
    ['Music/Audiobooks', '/home/u/Music/Audiobooks/a/b.mp3', true],
    ['Music/Audiobooks/', '/home/u/Music/Audiobooks/b.mp3', true],
    ['Music/Audiobooks', '/home/u/OldMusic/Audiobooks/b.mp3', false],
    ['/home/u/Music/Demos', '/home/u/Music/Demos/x.wav', true],
    ['/home/u/Music/Demos', '/x/home/u/Music/Demos/x.wav', false],
    ['~/Demos', join(homedir(), 'Demos', 'x.wav'), true],
    ['~/Demos', '/elsewhere/Demos/x.wav', false],
    ['Demos/*.wav', '/m/a/Demos/x.wav', true],
    ['Demos/*.wav', '/m/a/Demos/sub/x.wav', false],
    ['a/**/b', '/m/a/b/c.mp3', true],
    ['a/**/b', '/m/a/x/y/b/c.mp3', true],
    ['a/**/b', '/m/a/x/y/c.mp3', false],
    ['Demos/**', '/m/Demos/a/b.mp3', true],
    ['Live [1999]', '/m/Live [1999]/x.mp3', true],
    ['Live [1999]', '/m/Live 1/x.mp3', false],
    ['*(live)*', '/m/Song (Live).mp3', true],
    ['d?mo', '/m/demo/x.mp3', true],
    ['d?mo', '/m/dmo/x.mp3', false],
  ];
  for (const [pattern, path, want] of cases) assert.equal(excludeTest([pattern])!(path), want, `${pattern} on ${path}`);
  assert.equal(excludeTest([]), undefined);
  assert.equal(excludeTest(['*.m4b', 'Podcasts'])!('/m/Podcasts/a.mp3'), true, 'any of several patterns');
  assert.throws(() => excludeTest(['  ']), ExcludePatternError);
});

test('readLibrary with exclude: matching folders are not walked, files and playlist entries are left out, all counted', async () => {
  const d = tempDir('mcp-exclude-');
  const touch = (...p: string[]): string => {
    mkdirSync(join(d, ...p.slice(0, -1)), { recursive: true });
    writeFileSync(join(d, ...p), 'x');
    return join(d, ...p);
  };
  const keep = touch('Music', 'Album', '01.flac');
  touch('Music', 'Podcasts', 'Show', 'ep1.mp3');
  touch('Music', 'Podcasts', 'Show', 'ep2.mp3');
  touch('Music', 'Books', 'novel.m4b');
  writeFileSync(join(d, 'list.m3u'), 'Music/Books/novel.m4b\nMusic/Podcasts/gone.mp3\nMusic/Album/01.flac\n');
  const exclude = excludeTest(['podcasts', '*.m4b'])!;
  const lib = await readLibrary([join(d, 'Music'), join(d, 'list.m3u')], { exclude });
  assert.deepEqual(lib.tracks.map((t) => t.path), [keep]);
  assert.deepEqual(lib.problems, [], 'a missing entry that is excluded anyway is not a problem');
  assert.deepEqual(lib.excluded, { files: 3, folders: 1 }, 'the folder once, not its two files; novel.m4b from the scan and the playlist, and gone.mp3');
  assert.deepEqual((await readLibrary([join(d, 'Music')])).excluded, { files: 0, folders: 0 });
});

test('analyze and cluster --exclude say what they left out; analyze - reads the paths piped in; an empty pattern is a usage error before any work', () => {
  const d = tempDir('mcp-exclude-cli-');
  mkdirSync(join(d, 'lib', 'Podcasts'), { recursive: true });
  writeFileSync(join(d, 'lib', 'song.wav'), wavBytes(synthTrack(1, 3), 22050));
  writeFileSync(join(d, 'lib', 'Podcasts', 'ep.wav'), wavBytes(synthTrack(2, 3), 22050));
  const r = spawnSync(process.execPath, [cliPath, 'analyze', join(d, 'lib'), '--exclude', 'Podcasts', '--db', join(d, 's.sqlite')], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^--exclude left out 1 folder$/m);
  assert.match(r.stdout, /^analyze: 1 track: 1 analysed/m);
  const json = spawnSync(process.execPath, [cliPath, 'analyze', join(d, 'lib'), '--exclude', 'Podcasts', '--db', join(d, 's.sqlite'), '--json'], { encoding: 'utf8', timeout: 120_000 });
  const summary = JSON.parse(json.stdout) as { tracks: number; excluded: { files: number; folders: number }; wholeAlbums: number };
  assert.deepEqual([summary.tracks, summary.excluded, summary.wholeAlbums], [1, { files: 0, folders: 1 }, 0], 'the JSON summary says it too');
  // cluster leaves stored tracks out the same way
  const all = spawnSync(process.execPath, [cliPath, 'analyze', join(d, 'lib'), '--db', join(d, 's.sqlite')], { encoding: 'utf8', timeout: 120_000 });
  assert.match(all.stdout, /^analyze: 2 tracks: 1 analysed, 1 reused/m);
  const c = spawnSync(process.execPath, [cliPath, 'cluster', '--db', join(d, 's.sqlite'), '--out-dir', join(d, 'out'), '--exclude', 'podcasts', '--no-report'], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(c.status, 0, c.stderr);
  assert.match(c.stderr, /^--exclude left out 1 analysed track$/m);
  assert.match(c.stderr, /clustered 1 track into 1 cluster/);
  // a list of paths piped in (find … | analyze -)
  const piped = spawnSync(process.execPath, [cliPath, 'analyze', '-', '--db', join(d, 'piped.sqlite')], {
    encoding: 'utf8',
    timeout: 120_000,
    input: `${join(d, 'lib', 'song.wav')}\n${join(d, 'lib', 'Podcasts', 'ep.wav')}\n`,
  });
  assert.equal(piped.status, 0, piped.stderr);
  assert.match(piped.stdout, /^analyze: 2 tracks: 2 analysed/m);
  for (const cmd of [['analyze', join(d, 'lib')], ['run', join(d, 'lib'), '--out-dir', join(d, 'out')], ['cluster', '--db', join(d, 's.sqlite')]]) {
    const bad = spawnSync(process.execPath, [cliPath, ...cmd, '--exclude', ''], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(bad.status, 2, bad.stderr);
    assert.match(bad.stderr, /--exclude: empty pattern ''/);
  }
});
