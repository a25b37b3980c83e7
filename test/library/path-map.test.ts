import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { mapEntry, PathMapError, parsePathMap, readLibrary } from '../../src/library/index.js';
import { synthTrack, wavBytes } from '../analysis/synth-wav.js';
import { cliPath, tempDir } from '../helpers.js';

test('parsePathMap and mapEntry: Windows prefixes without case, POSIX prefixes exactly, plain paths and file URLs alike', () => {
  const win = parsePathMap('D:\\Music\\=/srv/music', '/home/u');
  assert.deepEqual(win, { from: 'D:/Music', to: '/srv/music', ignoreCase: true });
  const mac = parsePathMap('/Users/u/Music/iTunes/iTunes Media/Music=~/Music', '/home/u');
  assert.deepEqual(mac, { from: '/Users/u/Music/iTunes/iTunes Media/Music', to: '/home/u/Music', ignoreCase: false });
  const maps = [win, mac];
  const cases: [string, string | undefined][] = [
    ['D:\\Music\\Ann\\01 A.mp3', '/srv/music/Ann/01 A.mp3'],
    ['d:\\music\\Ann\\01 A.mp3', '/srv/music/Ann/01 A.mp3'],
    ['file:///D:/Music/Ann/01%20A.mp3', '/srv/music/Ann/01 A.mp3'],
    ['file://localhost/D:/Music/Ann/01%20A.mp3', '/srv/music/Ann/01 A.mp3'],
    ['D:\\Musical\\x.mp3', undefined],
    ['file://localhost/Users/u/Music/iTunes/iTunes%20Media/Music/Ann/02%20B.m4a', '/home/u/Music/Ann/02 B.m4a'],
    ['/Users/u/Music/iTunes/iTunes Media/Music/Ann/02 B.m4a', '/home/u/Music/Ann/02 B.m4a'],
    ['/users/u/Music/iTunes/iTunes Media/Music/Ann/02 B.m4a', undefined],
    ['Ann/03.mp3', undefined],
    ['https://radio.example/live', undefined],
  ];
  for (const [entry, want] of cases) assert.equal(mapEntry(entry, maps), want, entry);
  assert.equal(parsePathMap('/mnt/nas/music=/media/music=new', '/h').to, '/media/music=new', 'the first = splits');
  for (const bad of ['D:\\Music', '=/x', '/x=']) assert.throws(() => parsePathMap(bad, '/h'), PathMapError, bad);
});

test('readLibrary with pathMap: a Windows playlist and an iTunes library from a Mac find the files where they are now', async () => {
  const d = tempDir('mcp-path-map-');
  const lib = join(d, 'Music');
  const a = join(lib, 'Ann', '01 A.mp3');
  const b = join(lib, 'Ann', '02 B.m4a');
  for (const p of [a, b]) {
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, 'x');
  }
  writeFileSync(join(d, 'win.m3u'), 'D:\\Music\\Ann\\01 A.mp3\r\nD:\\Music\\Ann\\gone.mp3\r\n');
  const pathMap = [parsePathMap('D:\\Music=' + lib, '/h')];
  const r = await readLibrary([join(d, 'win.m3u')], { pathMap });
  assert.deepEqual(r.tracks.map((t) => t.path), [a]);
  assert.deepEqual(r.problems.map((p) => [p.path, p.reason]), [[join(lib, 'Ann', 'gone.mp3'), `file not found (line 2 of ${join(d, 'win.m3u')})`]], 'the new place is named');
  const without = await readLibrary([join(d, 'win.m3u')]);
  assert.equal(without.tracks.length, 0, 'without the map nothing is found');
  writeFileSync(
    join(d, 'Library.xml'),
    `<?xml version="1.0"?>\n<plist version="1.0"><dict><key>Tracks</key><dict>\n<key>1</key><dict><key>Name</key><string>B</string><key>Location</key><string>file://localhost/Users/u/Music/iTunes/iTunes%20Media/Music/Ann/02%20B.m4a</string></dict>\n</dict></dict></plist>\n`,
  );
  const mac = await readLibrary([join(d, 'Library.xml')], { pathMap: [parsePathMap(`/Users/u/Music/iTunes/iTunes Media/Music=${lib}`, '/h')] });
  assert.deepEqual(mac.tracks.map((t) => t.path), [b]);
});

test('run --path-map analyses a Windows playlist\'s tracks; a bad map is a usage error', () => {
  const d = tempDir('mcp-path-map-cli-');
  mkdirSync(join(d, 'music', 'Album'), { recursive: true });
  writeFileSync(join(d, 'music', 'Album', 'one.wav'), wavBytes(synthTrack(1, 3), 22050));
  writeFileSync(join(d, 'music', 'Album', 'two.wav'), wavBytes(synthTrack(2, 3), 22050));
  writeFileSync(join(d, 'old.m3u'), 'E:\\Rips\\Album\\one.wav\r\nE:\\Rips\\Album\\two.wav\r\n');
  const r = spawnSync(process.execPath, [cliPath, 'analyze', join(d, 'old.m3u'), '--path-map', `E:\\Rips=${join(d, 'music')}`, '--db', join(d, 's.sqlite')], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^analyze: 2 tracks: 2 analysed/m);
  for (const cmd of ['analyze', 'run']) {
    const bad = spawnSync(process.execPath, [cliPath, cmd, join(d, 'old.m3u'), '--path-map', 'E:\\Rips'], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(bad.status, 2, bad.stderr);
    assert.match(bad.stderr, /--path-map: expected FROM=TO/);
  }
});
