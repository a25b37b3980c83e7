import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { decodePlaylistText, parseAsx, parseItunesPlist, parsePlaylist, parsePls, parseWpl, parseXspf, readLibrary } from '../../src/library/index.js';
import { cliPath, requirePath, tempDir } from '../helpers.js';

function touch(path: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, 'x');
  return path;
}

test('parsePls: entries in number order with their titles, keys in any case, other keys ignored', () => {
  const text = [
    '[playlist]',
    'NumberOfEntries=4',
    'File2=b.ogg',
    'Title2=Second',
    'file1 = a.mp3',
    'Length1=123',
    'File10=http://radio.example/stream',
    'Title4=no file for this number',
    'File3=',
    'Version=2',
  ].join('\r\n');
  assert.deepEqual(parsePls(text), [
    { entry: 'a.mp3', line: 5 },
    { entry: 'b.ogg', line: 3, title: 'Second' },
    { entry: 'http://radio.example/stream', line: 7 },
  ]);
});

test('parseXspf: each track\'s first location; extensions, comments and the playlist\'s own title are not tracks', () => {
  const text = `<?xml version="1.0" encoding="UTF-8"?>
<playlist xmlns="http://xspf.org/ns/0/" xmlns:vlc="http://www.videolan.org/vlc/playlist/ns/0/" version="1">
  <title>Evening</title>
  <trackList>
    <track>
      <location>file:///srv/music/A%20%26%20B.flac</location>
      <location>file:///srv/backup/other.flac</location>
      <creator>Ann &amp; Bob</creator>
      <title><![CDATA[Rock & <Roll>]]></title>
      <extension application="http://www.videolan.org/vlc/playlist/0"><location>nope.mp3</location><vlc:id>0</vlc:id></extension>
    </track>
    <!-- <track><location>commented-out.mp3</location></track> -->
    <track><identifier>urn:only-an-id</identifier></track>
    <track>
      <title>Caf&#xE9;</title>
      <location>M%C3%BCsik/caf%C3%A9%20noir.ogg</location>
    </track>
    <track><location>100%.mp3</location></track>
  </trackList>
</playlist>`;
  assert.deepEqual(parseXspf(text), [
    { entry: 'file:///srv/music/A%20%26%20B.flac', line: 5, title: 'Ann & Bob - Rock & <Roll>' },
    { entry: 'Müsik/café noir.ogg', line: 14, title: 'Café' },
    { entry: '100%.mp3', line: 18 },
  ]);
});

test('parseXspf reads tracks whose closing tags a writer left out, and ignores everything after an unclosed comment', () => {
  const text = '<playlist><trackList>\n<track><location>a.mp3</location>\n<track><location>b.mp3</location><title>B</title>\n</trackList><!-- <track><location>c.mp3</location>';
  assert.deepEqual(parseXspf(text), [
    { entry: 'a.mp3', line: 2 },
    { entry: 'b.mp3', line: 3, title: 'B' },
  ]);
});

test('parseWpl: every media src, entities decoded, comments skipped', () => {
  const text = `<?wpl version="1.0"?>
<smil>
  <head><title>Mix</title></head>
  <body><seq>
    <media src="..\\Music\\Tom &amp; Jerry.mp3" tid="{1}"/>
    <!-- <media src="old.mp3"/> -->
    <media tid="{2}" src='D:\\Rips\\b.wma' />
  </seq></body>
</smil>`;
  assert.deepEqual(parseWpl(text), [
    { entry: '..\\Music\\Tom & Jerry.mp3', line: 5 },
    { entry: 'D:\\Rips\\b.wma', line: 7 },
  ]);
});

/** An iTunes / Apple Music property-list export with the given track dictionaries and playlists. */
function itunesXml(tracks: Record<string, string>[], playlists: string[][]): string {
  const value = (v: string) => (v.startsWith('<') ? v : v === 'true' ? '<true/>' : /^\d+$/.test(v) ? `<integer>${v}</integer>` : `<string>${v}</string>`);
  const dicts = tracks.map((t) => `\t\t<key>${t['Track ID']}</key>\n\t\t<dict>\n${Object.entries(t).map(([k, v]) => `\t\t\t<key>${k}</key>${value(v)}\n`).join('')}\t\t</dict>\n`);
  const lists = playlists.map((ids, i) => `\t\t<dict>\n\t\t\t<key>Name</key><string>List ${i}</string>\n\t\t\t<key>Playlist Items</key>\n\t\t\t<array>\n${ids.map((id) => `\t\t\t\t<dict><key>Track ID</key><integer>${id}</integer></dict>\n`).join('')}\t\t\t</array>\n\t\t</dict>\n`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">\n<dict>\n\t<key>Music Folder</key><string>file:///Users/u/Music/</string>\n\t<key>Tracks</key>\n\t<dict>\n${dicts.join('')}\t</dict>\n\t<key>Playlists</key>\n\t<array>\n${lists.join('')}\t</array>\n</dict>\n</plist>\n`;
}

test('parseItunesPlist: each track\'s Location, titled "Artist - Name"; podcasts, videos and tracks with no file left out; one playlist gives the order', () => {
  const tracks: Record<string, string>[] = [
    // a dictionary nested in a track (before its Location) must not end the track, nor the list
    { 'Track ID': '101', Name: 'Tom &amp; Jerry', Artist: 'Ann', Extra: '<dict><key>Name</key><string>inner</string></dict>', Location: 'file:///Users/u/Music/iTunes%20Media/a.m4a' },
    { 'Track ID': '102', Name: 'Episode 1', Podcast: 'true', Location: 'file:///Users/u/Music/Podcasts/e1.mp3' },
    { 'Track ID': '103', Name: 'In the cloud only' },
    { 'Track ID': '104', Name: 'Clip', 'Has Video': 'true', Location: 'file:///Users/u/Movies/clip.m4v' },
    { 'Track ID': '105', Name: 'Radio', Location: 'http://radio.example/live' },
    { 'Track ID': '106', Location: 'file://localhost/Users/u/Music/b.mp3' },
  ];
  const library = itunesXml(tracks, [['101', '102', '103', '104', '105', '106'], ['106', '101']]);
  assert.deepEqual(parseItunesPlist(library), [
    { entry: 'file:///Users/u/Music/iTunes%20Media/a.m4a', line: 8, title: 'Ann - Tom & Jerry' },
    { entry: 'http://radio.example/live', line: 35, title: 'Radio' },
    { entry: 'file://localhost/Users/u/Music/b.mp3', line: 41 },
  ], 'a whole library (several playlists): the Tracks order; each line is its track\'s <key>');
  const parsedLibrary = parsePlaylist(library);
  assert.ok('format' in parsedLibrary);
  assert.equal(parsedLibrary.leftOut, '1 with no file here (in the cloud) and 2 podcasts or videos left out');
  const playlist = itunesXml([tracks[0]!, tracks[5]!], [['106', '101']]);
  assert.deepEqual(
    parseItunesPlist(playlist).map((e) => e.entry),
    ['file://localhost/Users/u/Music/b.mp3', 'file:///Users/u/Music/iTunes%20Media/a.m4a'],
    'a playlist export: its order',
  );
  const parsed = parsePlaylist(playlist);
  assert.ok('format' in parsed && parsed.format === 'itunes');
  assert.deepEqual(parsePlaylist('<?xml version="1.0"?><plist version="1.0"><dict><key>a</key><string>b</string></dict></plist>'), {
    error: 'a property list without the Tracks of an iTunes / Apple Music export',
  });
});

test('parsePlaylist tells the format by content, not by name, and refuses XML it cannot read', () => {
  const pls = parsePlaylist('\uFEFF\n[Playlist]\nFile1=a.mp3\n');
  assert.ok('format' in pls && pls.format === 'pls' && pls.entries[0]!.entry === 'a.mp3');
  const m3u = parsePlaylist('#EXTM3U\na.mp3\n');
  assert.ok('format' in m3u && m3u.format === 'm3u');
  const xspf = parsePlaylist('<playlist version="1"><trackList><track><location>a.mp3</location></track></trackList></playlist>');
  assert.ok('format' in xspf && xspf.format === 'xspf' && xspf.entries.length === 1);
  const wpl = parsePlaylist('<?wpl version="1.0"?><smil><body><seq><media src="a.mp3"/></seq></body></smil>');
  assert.ok('format' in wpl && wpl.format === 'wpl' && wpl.entries.length === 1);
  assert.deepEqual(parsePlaylist('<asx version="3.0"><entry><ref href="a.mp3"/></entry></asx>'), { format: 'asx', entries: [{ entry: 'a.mp3', line: 1 }] });
  assert.deepEqual(parsePlaylist('<html><body>a.mp3</body></html>'), { error: 'XML that is neither an XSPF, a WPL, an ASX nor an iTunes playlist' });
});

test('decodePlaylistText: UTF-16 with a byte-order mark (Notepad, Media Player) and an XML declaration\'s encoding', () => {
  const text = '#EXTM3U\r\nCafé – Noël.mp3\r\n';
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  assert.equal(decodePlaylistText(le), text);
  const be = Buffer.from(le);
  be.swap16();
  assert.equal(decodePlaylistText(be), text);
  // windows-1252 declared: 0x96 is an en dash there (it would be a C1 control in ISO-8859-1)
  const xml = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="windows-1252"?><smil><media src="Caf'), Buffer.from([0xe9, 0x20, 0x96]), Buffer.from('.mp3"/></smil>')]);
  assert.match(decodePlaylistText(xml), /src="Café –\.mp3"/);
});

test('a Windows-1252 M3U names files with curly quotes and dashes (bytes 0x80–0x9F), which ISO-8859-1 would turn into control characters', async () => {
  const d = tempDir('mcp-cp1252-');
  const utf8Name = touch(join(d, 'Don’t Stop – Live.mp3'));
  // a file whose name on disk is itself in Windows-1252: reported as such, not as "file not found"
  writeFileSync(Buffer.concat([Buffer.from(`${d}/Legacy `), Buffer.from([0x93, 0x71, 0x94]), Buffer.from('.mp3')]), 'x');
  const m3u = join(d, 'windows.m3u');
  writeFileSync(m3u, Buffer.concat([Buffer.from('Don'), Buffer.from([0x92]), Buffer.from('t Stop '), Buffer.from([0x96]), Buffer.from(' Live.mp3\r\nLegacy '), Buffer.from([0x93, 0x71, 0x94]), Buffer.from('.mp3\r\n')]));
  const { tracks, problems } = await readLibrary([m3u]);
  assert.deepEqual(tracks.map((t) => t.path), [utf8Name]);
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.path, join(d, 'Legacy \\x93q\\x94.mp3'));
  assert.match(problems[0]!.reason, /^name is not valid UTF-8/);
});

test('readLibrary: XSPF, PLS, WPL and a UTF-16 M3U, nested, each entry resolved against its own playlist', async () => {
  const d = tempDir('mcp-pl-formats-');
  const a = touch(join(d, 'Music', 'Ann & Bob', 'A B.flac'));
  const b = touch(join(d, 'Music', 'Müsik', 'café noir.ogg'));
  const c = touch(join(d, 'Music', 'Rips', 'c.mp3'));
  const e = touch(join(d, 'Radio', 'e.opus'));
  mkdirSync(join(d, 'Lists'));
  writeFileSync(
    join(d, 'Lists', 'vlc.xspf'),
    `<?xml version="1.0" encoding="UTF-8"?>\n<playlist xmlns="http://xspf.org/ns/0/" version="1"><trackList>\n` +
      `<track><location>${pathToFileURL(a).href}</location></track>\n` +
      `<track><location>../Music/M%C3%BCsik/caf%C3%A9%20noir.ogg</location></track>\n` +
      `<track><location>../Music/gone.flac</location></track>\n` +
      `<track><location>wmp.wpl</location></track>\n` +
      `</trackList></playlist>\n`,
  );
  writeFileSync(join(d, 'Lists', 'wmp.wpl'), '<?wpl version="1.0"?>\r\n<smil><body><seq>\r\n<media src="..\\Music\\Rips\\c.mp3"/>\r\n<media src="..\\Music\\Ann &amp; Bob\\A B.flac"/>\r\n</seq></body></smil>\r\n');
  writeFileSync(join(d, 'Radio', 'r.pls'), '[playlist]\nFile1=e.opus\nTitle1=Evening\nFile2=https://radio.example/live\nNumberOfEntries=2\n');
  writeFileSync(join(d, 'notepad.m3u'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Lists\\vlc.xspf\r\nRadio/r.pls\r\n', 'utf16le')]));
  writeFileSync(join(d, 'old.xspf'), '<html><body><a href="Music/Rips/c.mp3">c</a></body></html>');
  const { tracks, problems } = await readLibrary([join(d, 'notepad.m3u'), join(d, 'old.xspf')]);
  assert.deepEqual(
    tracks.map((t) => t.path),
    [a, b, c, e],
    'XSPF order, then the WPL it lists (its second entry already read), then the PLS',
  );
  assert.equal(tracks[1]!.entry, '../Music/Müsik/café noir.ogg');
  assert.equal(tracks[3]!.playlistTitle, 'Evening');
  assert.deepEqual(
    problems.map((p) => [p.path, p.reason]),
    [
      [join(d, 'Music', 'gone.flac'), `file not found (line 5 of ${join(d, 'Lists', 'vlc.xspf')})`],
      ['https://radio.example/live', `not a local file (URL) (line 4 of ${join(d, 'Radio', 'r.pls')})`],
      [join(d, 'old.xspf'), 'cannot read playlist: XML that is neither an XSPF, a WPL, an ASX nor an iTunes playlist'],
    ],
  );
});

test('readLibrary: an Apple Music Library.xml given on the command line is read as a playlist, not decoded as audio', async () => {
  const d = tempDir('mcp-itunes-');
  const a = touch(join(d, 'Music', 'Media', 'Ann & Bob', '01 Zwölf.m4a'));
  const xml = itunesXml(
    [
      { 'Track ID': '7', Name: 'Zwölf', Location: pathToFileURL(a).href },
      { 'Track ID': '8', Name: 'Moved', Location: pathToFileURL(join(d, 'Music', 'Media', 'moved.mp3')).href },
      { 'Track ID': '9', Name: 'Streamed only' },
    ],
    [['7', '8', '9'], ['8']],
  );
  writeFileSync(join(d, 'Library.xml'), xml);
  const { tracks, problems, notes } = await readLibrary([join(d, 'Library.xml')]);
  assert.deepEqual(tracks.map((t) => [t.path, t.playlistTitle]), [[a, 'Zwölf']]);
  assert.deepEqual(notes, [`${join(d, 'Library.xml')}: 1 with no file here (in the cloud) left out`]);
  assert.deepEqual(problems.map((p) => p.reason), [`file not found (line 14 of ${join(d, 'Library.xml')})`]);
});

test('run on a VLC playlist (XSPF) and a PLS of real music clusters every track once and records the missing one', () => {
  const dir = tempDir('mcp-xspf-run-');
  const music = join(dir, 'My Music');
  const sources = [
    requirePath('/usr/share/games/hedgewars/Data/Music/sdmusic.ogg', 'hedgewars-data'),
    requirePath('/usr/share/games/enigma/music/game/skull_stones.ogg', 'enigma-data'),
    requirePath('/usr/share/games/xmoto/Textures/Musics/MadeiraStew.ogg', 'xmoto-data'),
    requirePath('/usr/share/games/xmoto/Textures/Musics/speeditup.ogg', 'xmoto-data'),
  ];
  const names = ['Sudden Death #1.ogg', 'Skull & Stones.ogg', 'Madeira Stew.ogg', 'Speed it up.ogg'];
  mkdirSync(music);
  const files = names.map((n, i) => {
    copyFileSync(sources[i]!, join(music, n));
    return join(music, n);
  });
  const track = (p: string) => `    <track><location>${pathToFileURL(p).href}</location></track>\n`;
  writeFileSync(
    join(dir, 'vlc.xspf'),
    `<?xml version="1.0" encoding="UTF-8"?>\n<playlist xmlns="http://xspf.org/ns/0/" version="1">\n  <trackList>\n${track(files[0]!)}${track(files[1]!)}${track(join(music, 'missing.ogg'))}  </trackList>\n</playlist>\n`,
  );
  writeFileSync(join(dir, 'more.pls'), `[playlist]\nFile1=My Music/${names[2]}\nFile2=My Music/${names[3]}\nFile3=My Music/${names[0]}\nNumberOfEntries=3\n`);
  const out = join(dir, 'out');
  const r = spawnSync(process.execPath, [cliPath, 'run', join(dir, 'vlc.xspf'), join(dir, 'more.pls'), '--out-dir', out, '--clusters', '2'], {
    encoding: 'utf8',
    timeout: 5 * 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /missing\.ogg: library failed: file not found \(line 6 of .*vlc\.xspf\)/);
  assert.match(r.stderr, /analysed 4 tracks \(/);
  const listed = readdirSync(join(out, 'playlists'))
    .flatMap((f) => readFileSync(join(out, 'playlists', f), 'utf8').split('\n'))
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.split('/').pop())
    .sort();
  assert.deepEqual(listed, [...names].sort(), 'each of the four tracks in exactly one playlist');
  assert.match(readFileSync(join(out, 'errors.csv'), 'utf8'), /missing\.ogg.*file not found \(line 6 of /);
});

test('parseAsx: Windows Media Player\'s ASX, case-insensitive names, the first ref of an entry, titles, entryref, comments', () => {
  const asx = [
    '<ASX VERSION="3.0">',
    '  <TITLE>Evening</TITLE>',
    '  <!-- <Entry><Ref href="commented.mp3"/></Entry> -->',
    '  <Entry>',
    '    <Title>Caf&#233; &amp; Bar</Title>',
    '    <Ref HREF="C:\\Users\\ann\\Music\\a.wma"/>',
    '    <Ref HREF="http://mirror.example/a.wma"/>',
    '  </Entry>',
    "  <entry><ref href='Rips\\b.mp3' /></entry>",
    '  <entry><title>no ref</title></entry>',
    '  <EntryRef HREF="more.asx"/>',
    '</ASX>',
  ].join('\r\n');
  assert.deepEqual(parseAsx(asx), [
    { entry: 'C:\\Users\\ann\\Music\\a.wma', line: 6, title: 'Café & Bar' },
    { entry: 'Rips\\b.mp3', line: 9 },
    { entry: 'more.asx', line: 11 },
  ]);
});

test('readLibrary: an ASX playlist names its tracks relative to itself, with Windows separators', async () => {
  const d = tempDir('mcp-asx-');
  const a = touch(join(d, 'Music', 'Rips', 'a.mp3'));
  const b = touch(join(d, 'Music', 'b c.flac'));
  writeFileSync(join(d, 'Music', 'list.asx'), '<asx version="3.0"><entry><ref href="Rips\\a.mp3"/></entry><entry><ref href="b c.flac"/></entry><entry><ref href="gone.ogg"/></entry></asx>');
  const { tracks, problems } = await readLibrary([join(d, 'Music', 'list.asx')]);
  assert.deepEqual(tracks.map((t) => t.path), [a, b]);
  assert.deepEqual(problems.map((p) => p.path), [join(d, 'Music', 'gone.ogg')]);
});
