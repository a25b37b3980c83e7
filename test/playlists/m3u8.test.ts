import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { test } from 'node:test';
import { readLibrary } from '../../src/library/index.js';
import { buildClusterPlaylists } from '../../src/playlists/cluster-playlists.js';
import {
  displayTitle,
  entryLine,
  formatM3u8,
  isInside,
  type PlaylistEntry,
  playlistFileName,
  writeClusterPlaylists,
} from '../../src/playlists/m3u8.js';
import { fromRows } from '../../src/util/matrix.js';
import { requirePath, tempDir } from '../helpers.js';

const HEDGEWARS = '/usr/share/games/hedgewars/Data/Music';

function makeLibrary(): { root: string; entries: PlaylistEntry[] } {
  const root = tempDir('mcp-m3u8-');
  const names = ['a b.ogg', 'Ünïcode ♫.flac', '#hash.mp3', 'plain.wav', 'x,y.ogg', 'last.opus'];
  const entries: PlaylistEntry[] = names.map((n, i) => {
    const p = join(root, 'music', i % 2 ? 'sub dir' : '', n);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, 'x');
    return { path: p, durationSec: 60 + i + 0.4 };
  });
  entries[0]!.title = 'Title';
  entries[0]!.artist = 'Artist';
  entries[1]!.title = 'evil\n/etc/passwd\r\n#EXTINF:1,x';
  entries[2]!.durationSec = Number.NaN;
  return { root, entries };
}

test('displayTitle falls back from artist - title to title to file name', () => {
  assert.equal(displayTitle({ path: '/m/x.ogg', title: 'T', artist: 'A' }), 'A - T');
  assert.equal(displayTitle({ path: '/m/x.ogg', title: 'T' }), 'T');
  assert.equal(displayTitle({ path: '/m/My Song.flac', artist: 'A' }), 'My Song');
  assert.equal(displayTitle({ path: '/m/x.ogg', title: 'a\nb\tc' }), 'a b c');
  assert.equal(playlistFileName(0, 'dark-smooth'), '01-dark-smooth.m3u8');
  assert.equal(playlistFileName(11, 'x', 3), '012-x.m3u8');
});

test('--relative-to: entries relative to a music folder, wherever the playlist is; outside it, absolute', () => {
  const pl = '/home/u/.mpd/playlists/radio.m3u';
  const o = { relativeTo: '/home/u/Music' };
  assert.equal(entryLine('/home/u/Music/Artist/01 a.flac', pl, o), 'Artist/01 a.flac');
  assert.equal(entryLine('/home/u/Music/#1.ogg', pl, o), './#1.ogg');
  // a sibling folder whose name starts like the base's is outside it
  assert.equal(entryLine('/home/u/Music2/x.ogg', pl, o), '/home/u/Music2/x.ogg');
  assert.equal(entryLine('/srv/y.ogg', pl, o), '/srv/y.ogg');
  assert.equal(entryLine('/home/u/Music/..x/z.ogg', pl, o), '..x/z.ogg');
  assert.equal(entryLine('/home/u/Music/a.ogg', pl, { relativeTo: '/home/u/Music/' }), 'a.ogg');
  assert.equal(isInside('/home/u/Music', '/home/u/Music'), false);
  assert.equal(isInside('/home/u/Music/a/../b.ogg', '/home/u/Music'), true);
  assert.equal(isInside('/home/u/Music/../b.ogg', '/home/u/Music'), false);
  // ~/Music a link to /srv/music, and the library read through the link's target
  const linked = { relativeTo: '/home/u/Music', relativeToReal: '/srv/music' };
  assert.equal(entryLine('/srv/music/Artist/a.flac', pl, linked), 'Artist/a.flac');
  assert.equal(entryLine('/home/u/Music/Artist/a.flac', pl, linked), 'Artist/a.flac');
  assert.equal(entryLine('/srv/other/a.flac', pl, linked), '/srv/other/a.flac');
});

test('formatM3u8 writes #EXTM3U, #EXTINF with rounded seconds, relative forward-slash paths, no BOM or CR', () => {
  const { root, entries } = (() => {
    const root = '/lib';
    return {
      root,
      entries: [
        { path: '/lib/music/a b.ogg', durationSec: 61.6, title: 'T', artist: 'A' },
        { path: '/lib/music/#x.ogg' },
        { path: '/other/y.ogg', durationSec: 3 },
      ] as PlaylistEntry[],
    };
  })();
  const text = formatM3u8(entries, join(root, 'out', 'playlists', '01-x.m3u8'));
  assert.equal(
    text,
    '#EXTM3U\n#EXTINF:62,A - T\n../../music/a b.ogg\n#EXTINF:-1,#x\n../../music/#x.ogg\n#EXTINF:3,y\n../../../other/y.ogg\n',
  );
  assert.equal(formatM3u8([{ path: '/lib/music/#x.ogg' }], '/lib/music/p.m3u8'), '#EXTM3U\n#EXTINF:-1,#x\n./#x.ogg\n');
  const abs = formatM3u8(entries, '/lib/out/p.m3u8', { absolute: true });
  assert.ok(abs.includes('\n/lib/music/a b.ogg\n') && abs.includes('\n/other/y.ogg\n'));
});

test('writeClusterPlaylists: every entry resolves, every track in exactly one playlist, the earlier run\'s files removed, the user\'s kept', async () => {
  const { root, entries } = makeLibrary();
  const out = join(root, 'out');
  writeFileSync(join(root, 'keep.txt'), 'x');
  // A stale playlist of an earlier run must disappear; one the user made, named like ours, stays.
  writeClusterPlaylists(out, entries, [{ label: 0, name: 'stale', members: [0] }]);
  assert.ok(existsSync(join(out, 'playlists', '01-stale.m3u8')));
  writeFileSync(join(out, 'playlists', '09-road-trip.m3u8'), '#EXTM3U\n');

  const points = fromRows(entries.map((_, i) => [i, i % 2]));
  const labels = [0, 1, 0, 1, -1, 0];
  const values = entries.map((_, i) => ({ 'spectral_centroid.mean': i % 2 ? 1000 : 3000, 'rms.mean': 0.1 * i }));
  const lists = buildClusterPlaylists(points, labels, values, 1);
  assert.deepEqual(
    lists.map((l) => l.label),
    [0, 1, -1],
  );
  assert.equal(lists[2]!.name, 'unassigned');
  const written = writeClusterPlaylists(out, entries, lists, { replace: ['01-stale.m3u8'] });
  const files = readdirSync(join(out, 'playlists'))
    .filter((f) => f !== '09-road-trip.m3u8')
    .sort();
  assert.deepEqual(files, written.map((w) => basename(w.file)).sort());
  assert.ok(existsSync(join(out, 'playlists', '09-road-trip.m3u8')), "the user's playlist is kept");
  assert.ok(files[0]!.startsWith('01-') && files[2] === '03-unassigned.m3u8', files.join(' '));

  const count = new Map<string, number>();
  for (const w of written) {
    const bytes = readFileSync(w.file);
    assert.notEqual(bytes[0], 0xef, 'no BOM');
    const text = bytes.toString('utf8');
    assert.ok(text.startsWith('#EXTM3U\n'));
    assert.ok(!text.includes('\r'));
    assert.ok(!text.includes('/etc/passwd\n'), 'a tag cannot inject a path line');
    const lines = text.trimEnd().split('\n');
    const paths = lines.filter((l) => !l.startsWith('#'));
    assert.equal(lines.filter((l) => l.startsWith('#EXTINF:')).length, paths.length);
    for (const p of paths) {
      assert.ok(!isAbsolute(p) && !p.includes('\\'), p);
      const abs = resolve(dirname(w.file), p);
      assert.ok(existsSync(abs), `${p} in ${w.file} does not resolve`);
      count.set(abs, (count.get(abs) ?? 0) + 1);
    }
    // The library reader (how players and our own tool read playlists) finds every file.
    const lib = await readLibrary([w.file]);
    assert.deepEqual(lib.problems, []);
    assert.deepEqual(
      lib.tracks.map((t) => t.path),
      w.members.map((m) => entries[m]!.path),
    );
  }
  assert.equal(count.size, entries.length);
  for (const e of entries) assert.equal(count.get(e.path), 1, e.path);
  assert.ok(existsSync(join(root, 'keep.txt')));
});

test('writeClusterPlaylists with absolute paths on real music files', async () => {
  requirePath(HEDGEWARS, 'hedgewars-data');
  const files = readdirSync(HEDGEWARS)
    .filter((f) => f.endsWith('.ogg'))
    .sort()
    .slice(0, 6)
    .map((f) => join(HEDGEWARS, f));
  const out = tempDir('mcp-m3u8-abs-');
  const entries = files.map((p) => ({ path: p, durationSec: 100 }));
  const [rel] = writeClusterPlaylists(out, entries, [{ label: 0, name: 'all', members: [0, 1, 2, 3, 4, 5] }]);
  const relLines = readFileSync(rel!.file, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  assert.ok(relLines.every((l) => l.startsWith('../')));
  assert.deepEqual((await readLibrary([rel!.file])).tracks.map((t) => t.path), files);
  const [abs] = writeClusterPlaylists(out, entries, [{ label: 0, name: 'all', members: [5, 4, 3, 2, 1, 0] }], { absolute: true });
  const absLines = readFileSync(abs!.file, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  assert.deepEqual(absLines, [...files].reverse());
});

test('writeClusterPlaylists rejects unsafe or duplicate names and bad indices', () => {
  const out = tempDir('mcp-m3u8-bad-');
  const e = [{ path: '/x/a.ogg' }];
  assert.throws(() => writeClusterPlaylists(out, e, [{ label: 0, name: '../evil', members: [0] }]), /not file-system safe/);
  assert.throws(
    () => writeClusterPlaylists(out, e, [
      { label: 0, name: 'a', members: [0] },
      { label: 1, name: 'a', members: [] },
    ]),
    /two playlists/,
  );
  assert.throws(() => writeClusterPlaylists(out, e, [{ label: 0, name: 'a', members: [3] }]), /refers to track 3/);
});
