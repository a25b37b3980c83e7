import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  decodePlaylistText,
  isAudioFileName,
  parseM3u,
  readLibrary,
} from '../../src/library/index.js';
import { tempDir } from '../helpers.js';

/** Creates a small file (content irrelevant: the library stage never decodes). */
function touch(path: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, 'x');
  return path;
}

test('isAudioFileName: by extension, case-insensitive', () => {
  assert.equal(isAudioFileName('/a/b/Song.MP3'), true);
  assert.equal(isAudioFileName('x.flac'), true);
  assert.equal(isAudioFileName('mod.it'), true);
  assert.equal(isAudioFileName('cover.jpg'), false);
  assert.equal(isAudioFileName('notes.txt'), false);
  assert.equal(isAudioFileName('noext'), false);
});

test('parseM3u: EXTINF titles, comments, blank lines, CRLF', () => {
  const text = '#EXTM3U\r\n#EXTINF:123,Artist - Title, with comma\r\na.mp3\r\n\r\n# comment\r\nb.ogg\r\n';
  assert.deepEqual(parseM3u(text), [
    { entry: 'a.mp3', line: 3, title: 'Artist - Title, with comma' },
    { entry: 'b.ogg', line: 6 },
  ]);
});

test('decodePlaylistText: BOM dropped, UTF-8 kept, Latin-1 fallback', () => {
  const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('Café.mp3', 'utf8')]);
  assert.equal(decodePlaylistText(utf8), 'Café.mp3');
  const latin1 = new Uint8Array(Buffer.from('Café.mp3', 'latin1'));
  assert.equal(decodePlaylistText(latin1), 'Café.mp3');
});

test('readLibrary: playlist with relative paths, file:// URIs, CRLF, BOM, missing entries, duplicates', async () => {
  const d = tempDir();
  const a = touch(join(d, 'music', 'Ä b', 'a song.mp3'));
  const b = touch(join(d, 'music', 'b.flac'));
  const c = touch(join(d, 'elsewhere', 'c#1.ogg'));
  const lines = [
    '#EXTM3U',
    '#EXTINF:200,First',
    'music/Ä b/a song.mp3',
    pathToFileURL(b).href, // percent-encoded
    `file://${c.replace('#', '%23')}`,
    'music/missing.wav',
    './music/b.flac', // duplicate of the URI above
    'https://example.com/stream.mp3',
  ];
  const pl = join(d, 'list.m3u8');
  writeFileSync(pl, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n'), 'utf8')]));
  const { tracks, problems } = await readLibrary([pl]);
  assert.deepEqual(
    tracks.map((t) => t.path),
    [a, b, c],
  );
  assert.equal(tracks[0].playlistTitle, 'First');
  assert.equal(tracks[0].entry, 'music/Ä b/a song.mp3');
  assert.equal(problems.length, 2);
  assert.equal(problems[0].path, join(d, 'music', 'missing.wav'));
  assert.match(problems[0].reason, /^file not found \(line 6 of .*list\.m3u8\)$/);
  assert.match(problems[1].reason, /not a local file/);
});

test('readLibrary: Latin-1 .m3u without #EXTM3U, absolute paths, Windows separators', async () => {
  const d = tempDir();
  const a = touch(join(d, 'Müsik', 'été.wav'));
  const b = touch(join(d, 'sub', 'x.mp3'));
  const pl = join(d, 'old.m3u');
  writeFileSync(pl, Buffer.from(`${a}\nsub\\x.mp3\n`, 'latin1'));
  const { tracks, problems } = await readLibrary([pl]);
  assert.deepEqual(problems, []);
  assert.deepEqual(
    tracks.map((t) => t.path),
    [a, b],
  );
});

test('readLibrary: folder scan is recursive, sorted, audio only, skips hidden files', async () => {
  const d = tempDir();
  touch(join(d, 'lib', 'b', '2.flac'));
  touch(join(d, 'lib', 'b', '10.flac'));
  touch(join(d, 'lib', 'a.MP3'));
  touch(join(d, 'lib', 'cover.jpg'));
  touch(join(d, 'lib', '._a.mp3'));
  touch(join(d, 'lib', 'c', 'deep', 'z.ogg'));
  symlinkSync(join(d, 'lib'), join(d, 'lib', 'c', 'loop')); // symlink loop must terminate
  symlinkSync(join(d, 'nowhere.mp3'), join(d, 'lib', 'dangling.mp3'));
  const { tracks, problems } = await readLibrary([join(d, 'lib')]);
  assert.deepEqual(problems, []);
  assert.deepEqual(
    tracks.map((t) => t.path.slice(d.length + 1)),
    ['lib/a.MP3', 'lib/b/10.flac', 'lib/b/2.flac', 'lib/c/deep/z.ogg'],
  );
  // Same result twice: deterministic.
  const again = await readLibrary([join(d, 'lib')]);
  assert.deepEqual(again.tracks, tracks);
});

test('readLibrary: single files, nested playlists, missing inputs, duplicates across inputs', async () => {
  const d = tempDir();
  const a = touch(join(d, 'a.opus'));
  const b = touch(join(d, 'b.m4a'));
  writeFileSync(join(d, 'inner.m3u'), 'b.m4a\n');
  writeFileSync(join(d, 'outer.m3u'), 'inner.m3u\na.opus\nouter.m3u\n');
  const { tracks, problems } = await readLibrary([a, join(d, 'outer.m3u'), join(d, 'gone.mp3'), d]);
  assert.deepEqual(
    tracks.map((t) => t.path),
    [a, b],
  );
  assert.deepEqual(
    problems.map((p) => [p.path, p.reason]),
    [
      [join(d, 'outer.m3u'), 'playlist includes itself'],
      [join(d, 'gone.mp3'), 'file not found'],
    ],
  );
});

test('names that are not UTF-8 (a Latin-1 collection) are named as problems with what to do, not "file not found"', async () => {
  const dir = tempDir('mcp-latin1-');
  const lib = join(dir, 'lib');
  touch(join(lib, 'fine.ogg'));
  // café.ogg, a folder "müsik" holding a track, and a text file, all with Latin-1 bytes in their names
  writeFileSync(Buffer.concat([Buffer.from(`${lib}/caf`), Buffer.from([0xe9]), Buffer.from('.ogg')]), 'x');
  const folder = Buffer.concat([Buffer.from(`${lib}/m`), Buffer.from([0xfc]), Buffer.from('sik')]);
  mkdirSync(folder);
  writeFileSync(Buffer.concat([folder, Buffer.from('/t.ogg')]), 'x');
  writeFileSync(Buffer.concat([Buffer.from(`${lib}/notes`), Buffer.from([0xe9]), Buffer.from('.txt')]), 'x');
  const r = await readLibrary([lib]);
  assert.deepEqual(r.tracks.map((t) => t.path), [join(lib, 'fine.ogg')]);
  assert.deepEqual(
    r.problems.map((p) => p.path),
    [join(lib, 'caf\\xE9.ogg'), join(lib, 'm\\xFCsik')],
    'the audio file and the folder are reported with their bytes shown; the text file is ignored as always',
  );
  for (const p of r.problems) assert.match(p.reason, /^name is not valid UTF-8, .*rename it to UTF-8 \(e\.g\. convmv/);
  // a Latin-1 playlist naming that file (the playlist itself is read as Latin-1, so the text is "café.ogg")
  const m3u = join(dir, 'old.m3u');
  writeFileSync(m3u, Buffer.concat([Buffer.from('lib/caf'), Buffer.from([0xe9]), Buffer.from('.ogg\nlib/gone\xe9.ogg\n', 'latin1')]));
  const fromList = await readLibrary([m3u]);
  assert.equal(fromList.tracks.length, 0);
  assert.deepEqual(fromList.problems.map((p) => [p.path, p.reason.split(' (line')[0]!.slice(0, 30)]), [
    [join(lib, 'caf\\xE9.ogg'), 'name is not valid UTF-8, so it'],
    [join(lib, 'goneé.ogg'), 'file not found'],
  ]);
});

test('names with a line break (legal on Linux, impossible in an M3U) are problems shown on one line; the rest of the library is read', async () => {
  const dir = tempDir('mcp-linebreak-');
  const lib = join(dir, 'lib');
  touch(join(lib, 'fine.ogg'));
  touch(join(lib, 'two\nlines.ogg'));
  touch(join(lib, 'album\r\nname', 'inside.ogg'));
  touch(join(lib, 'notes\n.txt'));
  const r = await readLibrary([lib, join(dir, 'arg\nument.ogg')]);
  assert.deepEqual(r.tracks.map((t) => t.path), [join(lib, 'fine.ogg')]);
  assert.deepEqual(
    r.problems.map((p) => p.path),
    [join(lib, 'album\\r\\nname'), join(lib, 'two\\nlines.ogg'), join(dir, 'arg\\nument.ogg')],
  );
  for (const p of r.problems) {
    assert.ok(!/[\r\n]/.test(p.path), p.path);
    assert.equal(p.reason, 'name holds a line break, which an M3U playlist cannot list (one path per line): rename it');
  }
});

test('a library copied from macOS (decomposed names) is found by playlists and arguments that write names composed', async () => {
  const d = tempDir('mcp-nfd-');
  const nfd = touch(join(d, 'Beyonce\u0301', 'Cafe\u0301 Noe\u0308l.mp3'));
  const nfc = nfd.normalize('NFC');
  assert.notEqual(nfc, nfd);
  writeFileSync(join(d, 'list.m3u8'), `${'Beyoncé/Café Noël.mp3'.normalize('NFC')}\nBeyoncé\\Café Noël.mp3\n`);
  const { tracks, problems } = await readLibrary([join(d, 'list.m3u8'), nfc, join(d, 'Beyonce\u0301')]);
  assert.deepEqual(problems, []);
  assert.deepEqual(tracks.map((t) => t.path), [nfd], 'the file as it is named on disk, once');
  // and the other way round: a composed name on disk, a decomposed entry
  const composed = touch(join(d, 'Zwölf.flac'.normalize('NFC')));
  writeFileSync(join(d, 'mac.m3u'), 'Zwölf.flac'.normalize('NFD'));
  assert.deepEqual((await readLibrary([join(d, 'mac.m3u')])).tracks.map((t) => t.path), [composed]);
});

test("readLibrary: '-' reads a playlist or one path a line from stdin, relative to the working folder, once", async () => {
  const d = tempDir('mcp-stdin-');
  const a = touch(join(d, 'a.flac'));
  const b = touch(join(d, 'sub', 'b.ogg'));
  const stdin = async (): Promise<Uint8Array> => Buffer.from(`${a}\nsub/b.ogg\r\nmissing.mp3\n`);
  const cwd = process.cwd();
  process.chdir(d);
  try {
    const r = await readLibrary(['-', '-'], { stdin });
    assert.deepEqual(r.tracks.map((t) => t.path), [a, b]);
    assert.deepEqual(r.problems.map((p) => p.reason), ['file not found (line 3 of (stdin))']);
  } finally {
    process.chdir(cwd);
  }
  const none = await readLibrary(['-'], { stdin: async () => null });
  assert.deepEqual(none.problems.map((p) => [p.path, p.reason]), [['(stdin)', "'-' reads a playlist or one path a line from standard input, but nothing is piped in"]]);
});

test('readLibrary: a folder scan skips recycle bins and file-system folders, unless one is named itself', async () => {
  const d = tempDir();
  const kept = [
    touch(join(d, 'drive', 'Music', 'a.mp3')),
    // Albums may be called so: only the system folders' exact names are skipped.
    touch(join(d, 'drive', 'Nektar', 'Recycled', 'b.flac')),
    touch(join(d, 'drive', 'Recycler', 'c.ogg')),
  ];
  const binned = touch(join(d, 'drive', '$RECYCLE.BIN', 'S-1-5-21-1000', '$R0QF2KX.mp3'));
  touch(join(d, 'drive', 'System Volume Information', 'x.wav'));
  touch(join(d, 'drive', 'lost+found', '#1234.mp3'));
  touch(join(d, 'drive', 'sub', '$recycle.bin', 'old.mp3'));
  const lib = await readLibrary([join(d, 'drive')]);
  assert.deepEqual(lib.tracks.map((t) => t.path).sort(), [...kept].sort());
  assert.deepEqual(lib.problems, [], 'skipped without a word, like hidden folders');
  const named = await readLibrary([join(d, 'drive', '$RECYCLE.BIN')]);
  assert.deepEqual(named.tracks.map((t) => t.path), [binned]);
});

test('readLibrary: a playlist line naming the root folder (/, or an empty file:// cut short) is a problem, not a scan of the whole disk', async () => {
  const d = tempDir();
  const a = touch(join(d, 'a.ogg'));
  const b = touch(join(d, 'b.ogg'));
  const list = join(d, 'damaged.m3u');
  writeFileSync(list, '#EXTM3U\na.ogg\nfile://\n/\nfile:///\nb.ogg\n');
  const lib = await readLibrary([list]);
  assert.deepEqual(lib.tracks.map((t) => t.path), [a, b]);
  assert.deepEqual(
    lib.problems.map((p) => `${p.path}: ${p.reason}`),
    [3, 4, 5].map((n) => `/: names the root folder, which is not scanned for a playlist (line ${n} of ${list})`),
  );
});

test('readLibrary: a scan of / skips /proc, /sys and /dev, and ends', { timeout: 180_000 }, async () => {
  const lib = await readLibrary(['/'], { exclude: (p) => p.startsWith('/work') || p.startsWith('/tmp') || p.startsWith('/root') });
  const paths = [...lib.tracks.map((t) => t.path), ...lib.problems.map((p) => p.path)];
  assert.ok(lib.tracks.some((t) => t.path.startsWith('/usr/share/games/supertux2/music/')), 'the soundtracks under /usr are found');
  assert.deepEqual(paths.filter((p) => /^\/(proc|sys|dev)\//.test(p)), []);
});

test('readLibrary: an entry of an XML playlist spanning lines (a damaged file) is a one-line problem', async () => {
  const d = tempDir();
  const a = touch(join(d, 'a.ogg'));
  const list = join(d, 'damaged.wpl');
  writeFileSync(list, '<?wpl version="1.0"?><smil><body><seq><media src="a.o\ng"/><media src="a.ogg"/></seq></body></smil>');
  const lib = await readLibrary([list]);
  assert.deepEqual(lib.tracks.map((t) => t.path), [a]);
  assert.deepEqual(lib.problems, [{ path: join(d, 'a.o\\ng'), reason: `file not found (line 1 of ${list})` }]);
});

test('a playlist made on Windows or macOS, whose entries differ from the files in letter case, finds them on a case-sensitive disk, with one note', async () => {
  const d = tempDir('mcp-case-');
  const music = join(d, 'Music');
  const one = touch(join(music, 'ABBA', 'Arrival', '01 When I Kissed the Teacher.mp3'));
  const two = touch(join(music, 'ABBA', 'Arrival', '02 Dancing Queen.mp3'));
  const three = touch(join(music, 'Beyonce\u0301', 'Halo.flac'));
  const exact = touch(join(music, 'exact.ogg'));
  // Two files one letter-case apart: an entry matching both is not guessed.
  touch(join(music, 'Twins', 'Song.ogg'));
  touch(join(music, 'Twins', 'song.ogg'));
  writeFileSync(
    join(d, 'windows.m3u'),
    [
      'Music\\abba\\ARRIVAL\\01 when i kissed the teacher.MP3',
      `${pathToFileURL(join(music, 'abba', 'arrival', '02 DANCING QUEEN.mp3')).href}`,
      // other case and the composed form of a decomposed name at once
      'music/BEYONCÉ/halo.FLAC'.normalize('NFC'),
      'Music/exact.ogg',
      'Music/Twins/SONG.ogg',
      'Music/Nowhere/gone.mp3',
    ].join('\r\n'),
  );
  const { tracks, problems, notes } = await readLibrary([join(d, 'windows.m3u')]);
  assert.deepEqual(tracks.map((t) => t.path), [one, two, three, exact], 'the files as the disk names them');
  assert.deepEqual(
    problems.map((p) => p.reason),
    [`file not found (line 5 of ${join(d, 'windows.m3u')})`, `file not found (line 6 of ${join(d, 'windows.m3u')})`],
  );
  assert.deepEqual(notes, [
    `${join(d, 'windows.m3u')}: 3 entries name their files in other letter case than the disk has (as Windows and macOS allow), and they were read as the files that match: e.g. line 1, Music\\abba\\ARRIVAL\\01 when i kissed the teacher.MP3 is ${one}`,
  ]);
});
