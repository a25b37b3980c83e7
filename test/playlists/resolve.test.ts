import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type NamedTrack, resolveTrack, TrackNameError, trackLabel } from '../../src/playlists/resolve.js';
import { parseCsv } from '../../src/playlists/search-space.js';

const tracks: NamedTrack[] = [
  { path: '/music/hedgewars/City.ogg', title: 'City', artist: 'Hedgewars' },
  { path: '/music/hedgewars/Rock.ogg', title: 'Rock', artist: 'Hedgewars' },
  { path: '/music/supertux/city.ogg' },
  { path: '/music/other/Rock and Roll.ogg', title: 'Rock and Roll', artist: 'Someone' },
  ...Array.from({ length: 14 }, (_, i) => ({ path: `/music/pad/pad${i}.wav`, title: `Pad ${i}`, artist: 'Demo' })),
];

function fails(q: string, re: RegExp, reason: 'unknown' | 'ambiguous', opts = {}): TrackNameError {
  try {
    resolveTrack(q, tracks, opts);
  } catch (e) {
    assert.ok(e instanceof TrackNameError, String(e));
    assert.match(e.message, re);
    assert.equal(e.reason, reason);
    return e;
  }
  assert.fail(`'${q}' resolved`);
}

test('trackLabel is artist - title, else title, else file name', () => {
  assert.equal(trackLabel(tracks[0]!), 'Hedgewars - City');
  assert.equal(trackLabel(tracks[2]!), 'city');
  assert.equal(trackLabel({ path: '/x/y.ogg', title: 'T' }), 'T');
});

test('resolveTrack by row, exact path, path suffix and label substring', () => {
  assert.equal(resolveTrack('#2', tracks), 1);
  assert.equal(resolveTrack('row:4', tracks), 3);
  assert.equal(resolveTrack('#1', tracks, { rowPaths: ['/music/supertux/city.ogg', '/music/hedgewars/City.ogg'] }), 2);
  assert.equal(resolveTrack('/music/hedgewars/Rock.ogg', tracks), 1);
  assert.equal(resolveTrack('supertux/city.ogg', tracks), 2);
  assert.equal(resolveTrack('hedgewars - city', tracks), 0);
  assert.equal(resolveTrack('someone', tracks), 3);
  assert.equal(resolveTrack('pad 13', tracks), 17);
  // An exact whole-label match wins over longer labels containing it.
  assert.equal(resolveTrack('Demo - Pad 1', tracks), 5);
});

test('resolveTrack names a tagged track by its file name when no label matches', () => {
  const tagged: NamedTrack[] = [
    { path: '/music/mars/03_fear.ogg', title: 'Fear', artist: 'Obsidian Shell' },
    { path: '/music/mars/10_farewell.ogg', title: 'Farewell', artist: 'Obsidian Shell' },
    { path: '/music/mars/10_farewell_long.ogg', title: 'Farewell (long)', artist: 'Obsidian Shell' },
    { path: '/music/x/_take.ogg', title: 'Take Five', artist: 'Someone' },
  ];
  assert.equal(resolveTrack('03_fear', tagged), 0);
  assert.equal(resolveTrack('03_FEAR.OGG', tagged), 0);
  // the whole file name, with or without its extension, wins over longer names containing it
  assert.equal(resolveTrack('10_farewell', tagged), 1);
  // a label match still comes first: 'take' is in a title and in a file name
  assert.equal(resolveTrack('take', tagged), 3);
  assert.throws(() => resolveTrack('_fare', tagged), (e: unknown) => e instanceof TrackNameError && e.reason === 'ambiguous' && /matches 2 file names/.test(e.message));
});

test('resolveTrack takes the first of several files that are copies of one recording', () => {
  const lib: NamedTrack[] = [
    { path: '/music/asc/Machine Wars.mp3', title: 'Machine Wars', artist: 'Asc', fingerprint: 'fp1:aa' },
    { path: '/backup/asc/Machine Wars.mp3', title: 'Machine Wars', artist: 'Asc', fingerprint: 'fp1:aa' },
    { path: '/music/asc/Frontiers.flac', title: 'Frontiers', artist: 'Asc', fingerprint: 'fp1:bb' },
    { path: '/music/asc/Frontiers.mp3', title: 'Frontiers', artist: 'Asc', fingerprint: 'fp1:cc' },
    { path: '/music/x/loop.wav', fingerprint: 'fp1:dd' },
    { path: '/backup/x/loop.wav', fingerprint: 'fp1:dd' },
    { path: '/music/y/untagged.wav' },
    { path: '/backup/y/untagged.wav' },
  ];
  // by label, by path suffix and by file name: copies resolve to the first
  assert.equal(resolveTrack('machine wars', lib), 0);
  assert.equal(resolveTrack('asc/Machine Wars.mp3', lib), 0);
  assert.equal(resolveTrack('loop', lib), 4);
  assert.equal(resolveTrack('x/loop.wav', lib), 4);
  // different recordings of one title stay ambiguous, as do files of unknown content
  for (const q of ['Frontiers', 'untagged']) {
    assert.throws(
      () => resolveTrack(q, lib),
      (e: unknown) => e instanceof TrackNameError && e.reason === 'ambiguous',
      q,
    );
  }
  // files of different content that the caller knows to be one recording (FLAC and MP3 of it)
  const frontiers = (i: number, j: number): boolean => (i === 2 && j === 3) || (i === 3 && j === 2);
  assert.equal(resolveTrack('Frontiers', lib, { sameRecording: frontiers }), 2);
  // of several files of one recording, the one of the highest bit rate (as in the playlists)
  const rated = lib.map((t, i) => ({ ...t, bytesPerSec: i === 3 ? 40_000 : 16_000 }));
  assert.equal(resolveTrack('Frontiers', rated, { sameRecording: frontiers }), 3);
  assert.throws(() => resolveTrack('asc', lib, { sameRecording: frontiers }), TrackNameError, 'Machine Wars is another recording');
});

test('resolveTrack errors list candidates (at most 10)', () => {
  const amb = fails('rock', /matches 2 tracks/, 'ambiguous');
  assert.deepEqual(amb.candidates, [1, 3]);
  assert.match(amb.message, /#2 {2}Hedgewars - Rock/);
  const many = fails('pad', /matches 14 tracks[\s\S]*and 4 more/, 'ambiguous');
  assert.equal(many.message.split('\n').filter((l) => l.includes('/music/pad/')).length, 10);
  const city = fails('cit', /matches 2 tracks/, 'ambiguous');
  assert.deepEqual(city.candidates, [0, 2]);
  // The whole label of one track is not ambiguous.
  assert.equal(resolveTrack('City', tracks), 2);
  const unk = fails('hedgewars castle', /matches no track[\s\S]*similar names/, 'unknown');
  assert.deepEqual(unk.candidates, [0, 1]);
  fails('zzz', /matches no track in the feature store$/, 'unknown');
  fails('#99', /no row 99/, 'unknown');
  fails('#1', /not in the feature store/, 'unknown', { rowPaths: ['/gone.ogg'] });
  fails('other/', /matches no track/, 'unknown');
});

test('parseCsv reads RFC 4180 records (quotes, doubled quotes, CRLF)', () => {
  assert.deepEqual(parseCsv('a,b\r\n"x, y","say ""hi"""\r\n,\n'), [
    ['a', 'b'],
    ['x, y', 'say "hi"'],
    ['', ''],
  ]);
  assert.deepEqual(parseCsv('p\n"multi\nline"'), [['p'], ['multi\nline']]);
});

test('names are matched ignoring accents, apostrophes and the kind of quote or dash, as a user types them', () => {
  const lib: NamedTrack[] = [
    { path: '/m/a.flac', title: 'Don’t Stop – Live', artist: 'Beyoncé' },
    { path: '/m/b.flac', title: 'Hoppípolla', artist: 'Sigur Rós' },
    { path: '/m/Motörhead – Ace of Spades.mp3' },
    { path: '/m/c.flac', title: '“Heroes”', artist: 'David Bowie' },
    { path: '/m/d.flac', title: 'Dont Stop Me Now', artist: 'Queen' },
  ];
  assert.equal(resolveTrack('beyonce - dont stop', lib), 0);
  assert.equal(resolveTrack("Beyonce - Don't Stop - Live", lib), 0, 'the whole label, typed in ASCII');
  assert.equal(resolveTrack('sigur ros', lib), 1);
  assert.equal(resolveTrack('HOPPIPOLLA', lib), 1);
  assert.equal(resolveTrack('motorhead - ace of spades', lib), 2, 'an untagged file by its name');
  assert.equal(resolveTrack('"heroes"', lib), 3);
  // "dont stop" names two tracks: both listed, as before
  try {
    resolveTrack('dont stop', lib);
    assert.fail('resolved');
  } catch (e) {
    assert.ok(e instanceof TrackNameError && e.reason === 'ambiguous' && e.candidates.length === 2, String(e));
  }
});
