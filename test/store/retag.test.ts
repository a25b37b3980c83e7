// A retagged file keeps its analysis. Taggers (Picard and beets use mutagen; metaflac, mid3v2 and
// vorbiscomment are the command-line ones) rewrite the bytes of a file, often all of them, but not
// its audio data: the audio print must stay, the file fingerprint must not. Every edit here is made
// by the real tool, on files ffmpeg encoded from a real soundtrack.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import Database from 'better-sqlite3';
import { audioPayloadPrint } from '../../src/audio/index.js';
import { fingerprintFile } from '../../src/store/index.js';
import { startCli } from '../analysis/child-cli.js';
import { soundtrackExcerpt, synthFile } from '../audio/fixtures.js';
import { tempDir } from '../helpers.js';

// Debian's python3 with python3-mutagen (what Picard, beets and Quod Libet tag with).
const PYTHON = '/usr/bin/python3';

/** Runs mutagen on `path`: `code` sees `f` (the file's path) and `big` (a 40 kB text). */
function mutagen(path: string, code: string): void {
  const script = `import sys, mutagen\nf = sys.argv[1]\nbig = 'x' * 40000\n${code}\n`;
  execFileSync(PYTHON, ['-c', script, path], { stdio: ['ignore', 'ignore', 'pipe'] });
}

function tool(cmd: string, args: string[]): void {
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Each format, how it is made, and the taggers' edits, small (in place, into padding) and large. */
const EDITS: { ext: string; extra?: string[]; edits: ((f: string) => void)[] }[] = [
  {
    ext: 'flac',
    edits: [
      (f) => tool('metaflac', ['--set-tag=GENRE=Jazz', f]),
      (f) => tool('metaflac', [`--set-tag=COMMENT=${'y'.repeat(30000)}`, f]),
      (f) => mutagen(f, "m = mutagen.File(f); m['title'] = big; m.save()"),
    ],
  },
  {
    ext: 'mp3',
    edits: [
      (f) => tool('mid3v2', ['-g', 'Rock', '-t', 'New title', f]),
      (f) => tool('mid3v2', ['-c', 'x'.repeat(20000), f]),
      // ID3v1 and APEv2 at the end, as foobar2000 and Mp3tag write them.
      (f) => mutagen(f, "from mutagen.id3 import ID3\nt = ID3(f); t.save(v1=2)\nfrom mutagen.apev2 import APEv2\na = APEv2(); a['Title'] = 'ape'; a.save(f)"),
    ],
  },
  {
    ext: 'ogg',
    edits: [
      // vorbiscomment pages the whole stream anew; mutagen renumbers every page after the comments.
      (f) => tool('vorbiscomment', ['-w', '-t', 'GENRE=Ambient', f]),
      (f) => mutagen(f, "m = mutagen.File(f); m['title'] = big; m.save()"),
    ],
  },
  { ext: 'opus', edits: [(f) => mutagen(f, "m = mutagen.File(f); m['genre'] = 'Folk'; m.save()"), (f) => mutagen(f, "m = mutagen.File(f); m['title'] = big; m.save()")] },
  {
    ext: 'm4a',
    // the index (moov) before the audio (mdat), as iTunes writes it: a larger tag moves the audio
    extra: ['-movflags', '+faststart'],
    edits: [(f) => mutagen(f, "m = mutagen.File(f); m['\\xa9gen'] = ['Pop']; m.save()"), (f) => mutagen(f, "m = mutagen.File(f); m['\\xa9nam'] = [big]; m.save()")],
  },
  { ext: 'wav', edits: [(f) => mutagen(f, "from mutagen.wave import WAVE\nm = WAVE(f); m.add_tags(); from mutagen.id3 import TIT2\nm.tags.add(TIT2(encoding=3, text=[big])); m.save()")] },
  { ext: 'aiff', edits: [(f) => mutagen(f, "from mutagen.aiff import AIFF\nm = AIFF(f); m.add_tags(); from mutagen.id3 import TIT2\nm.tags.add(TIT2(encoding=3, text=[big])); m.save()")] },
];

/** `analyze LIB --db DB --json`, which must succeed: its JSON summary, and its stderr. */
async function analyzeJson(lib: string, db: string): Promise<{ summary: Record<string, number>; stderr: string }> {
  const run = startCli(['analyze', lib, '--db', db, '--json']);
  assert.equal((await run.exited).code, 0, run.stderr());
  return { summary: JSON.parse(run.stdout()) as Record<string, number>, stderr: run.stderr() };
}

let dir = '';
before(() => {
  dir = tempDir('mcp-retag-');
});

test('the audio print survives every tagger edit, and the file fingerprint does not', () => {
  for (const { ext, extra, edits } of EDITS) {
    const f = soundtrackExcerpt(dir, 'excerpt', ext, 20, 10, extra);
    const print = audioPayloadPrint(f);
    assert.match(print ?? '', /^ap1:[0-9a-f]{40}$/, ext);
    for (const [i, edit] of edits.entries()) {
      const fp = fingerprintFile(f);
      const bytes = readFileSync(f);
      edit(f);
      assert.notDeepEqual(readFileSync(f), bytes, `${ext} edit ${i}: the tool changed the file`);
      assert.notEqual(fingerprintFile(f), fp, `${ext} edit ${i}`);
      assert.equal(audioPayloadPrint(f), print, `${ext} edit ${i}: same audio, same print`);
    }
  }
});

test('a change of the audio changes the print; formats of unknown layout have none', () => {
  for (const ext of ['flac', 'mp3', 'ogg', 'wav']) {
    // the same length, other music
    const a = soundtrackExcerpt(dir, 'a', ext, 6, 10);
    const b = soundtrackExcerpt(dir, 'b', ext, 6, 40);
    assert.notEqual(audioPayloadPrint(a), audioPayloadPrint(b), ext);
  }
  // One byte of MP3 audio data changed, in the first frames.
  const mp3 = synthFile(dir, 'c', 'mp3', 6);
  const print = audioPayloadPrint(mp3);
  const bytes = readFileSync(mp3);
  bytes[2000] ^= 0x10;
  writeFileSync(mp3, bytes);
  assert.notEqual(audioPayloadPrint(mp3), print);
  const text = join(dir, 'notes.mp3');
  writeFileSync(text, 'not audio, only text named like it');
  assert.equal(audioPayloadPrint(text), undefined);
  const mod = join(dir, 'song.it');
  copyFileSync('/usr/share/games/pingus/data/music/pingus-1.it', mod);
  assert.equal(audioPayloadPrint(mod), undefined);
});

test('a retagged library is not analysed again: tags read again, features kept, a moved and retagged file followed', async () => {
  const lib = join(dir, 'lib');
  mkdirSync(lib);
  const files = ['flac', 'mp3', 'ogg', 'opus'].map((ext, i) => soundtrackExcerpt(lib, `t${i}`, ext, 8, 10 + 10 * i));
  const db = join(dir, 'lib.sqlite');
  const analyse = async () => (await analyzeJson(lib, db)).summary;
  const exportRows = async (): Promise<Map<string, string[]>> => {
    const run = startCli(['export', '--db', db, '--csv']);
    assert.equal((await run.exited).code, 0, run.stderr());
    const [head, ...rows] = run.stdout().trim().split(/\r?\n/);
    assert.deepEqual(head!.split(',').slice(0, 5), ['path', 'title', 'artist', 'album', 'genre']);
    return new Map(rows.map((r) => [r.split(',')[0]!, r.split(',')]));
  };
  const first = await analyse();
  assert.equal(first.analysed, 4);
  const before = await exportRows();

  tool('metaflac', ['--set-tag=GENRE=Jazz', files[0]!]);
  tool('mid3v2', ['-g', 'Rock', files[1]!]);
  tool('vorbiscomment', ['-w', '-t', 'GENRE=Ambient', files[2]!]);
  mutagen(files[3]!, "m = mutagen.File(f); m['genre'] = 'Folk'; m['title'] = big; m.save()");
  // beets' import: the file moved into an album folder and retagged at once
  mkdirSync(join(lib, 'Album'));
  const moved = join(lib, 'Album', 't1.mp3');
  renameSync(files[1]!, moved);

  const second = await analyse();
  assert.deepEqual([second.analysed, second.reused, second.retagged, second.failed], [0, 4, 4, 0]);
  const after = await exportRows();
  const paths = [files[0]!, moved, files[2]!, files[3]!];
  assert.deepEqual([...after.keys()].sort(), [...paths].sort());
  assert.deepEqual(
    paths.map((p) => after.get(p)![4]),
    ['Jazz', 'Rock', 'Ambient', 'Folk'],
  );
  for (const [i, p] of paths.entries()) {
    const was = before.get(files[i]!)!;
    assert.deepEqual(after.get(p)!.slice(6), was.slice(6), `${p}: the same feature values`);
  }

  // Nothing left to do: the next run reuses all by stat alone.
  const third = await analyse();
  assert.deepEqual([third.analysed, third.reused, third.retagged], [0, 4, 0]);

  // New audio under an old name is analysed again, whatever its tags.
  soundtrackExcerpt(lib, 't0', 'flac', 8, 70);
  const fourth = await analyse();
  assert.deepEqual([fourth.analysed, fourth.reused, fourth.retagged], [1, 3, 0]);
});

test('tracks analysed before audio prints get theirs on a later run, once, and are then kept through a retag', async () => {
  const lib = join(dir, 'older');
  mkdirSync(lib);
  const flac = soundtrackExcerpt(lib, 'a', 'flac', 6, 10);
  const ogg = soundtrackExcerpt(lib, 'b', 'ogg', 6, 30);
  const mod = join(lib, 'c.it');
  copyFileSync('/usr/share/games/pingus/data/music/pingus-1.it', mod);
  const db = join(dir, 'older.sqlite');
  const analyse = async () => (await analyzeJson(lib, db)).summary;
  assert.equal((await analyse()).analysed, 3);
  // As a store upgraded from schema 7 holds them: no print computed yet.
  const sql = new Database(db);
  sql.prepare('UPDATE tracks SET audio_print = NULL').run();
  sql.close();

  const { summary: upgraded, stderr } = await analyzeJson(lib, db);
  assert.deepEqual([upgraded.analysed, upgraded.reused, upgraded.printed], [0, 3, 3]);
  assert.match(stderr, /note: reading the audio print of 3 of 3 tracks analysed before audio prints/);
  const stored = new Database(db, { readonly: true });
  const prints = new Map((stored.prepare('SELECT path, audio_print AS p FROM tracks').all() as { path: string; p: string }[]).map((r) => [r.path, r.p]));
  stored.close();
  assert.equal(prints.get(flac), audioPayloadPrint(flac));
  assert.equal(prints.get(ogg), audioPayloadPrint(ogg));
  assert.equal(prints.get(mod), '', 'a tracker module has none, and is not asked again');
  assert.equal((await analyse()).printed, 0);

  tool('metaflac', ['--set-tag=GENRE=Jazz', flac]);
  tool('vorbiscomment', ['-w', '-t', 'GENRE=Ambient', ogg]);
  const retagged = await analyse();
  assert.deepEqual([retagged.analysed, retagged.retagged], [0, 2]);
});

test('a FLAC file recompressed at another level keeps its print: the digest of its decoded samples', () => {
  const a = soundtrackExcerpt(dir, 'level', 'flac', 12, 20);
  const b = join(dir, 'level-8.flac');
  tool('flac', ['-s', '-8', '-f', a, '-o', b]);
  assert.notDeepEqual(readFileSync(b), readFileSync(a), 'flac -8 wrote other frames');
  assert.notEqual(fingerprintFile(b), fingerprintFile(a));
  assert.match(audioPayloadPrint(a) ?? '', /^ap1:[0-9a-f]{40}$/);
  assert.equal(audioPayloadPrint(b), audioPayloadPrint(a));
  // An encoder that left the digest unset (all zeros): the frames are printed instead, and a
  // retag still keeps that print.
  const bytes = readFileSync(a);
  assert.equal(bytes.toString('latin1', 0, 4), 'fLaC');
  bytes.fill(0, 8 + 18, 8 + 34);
  const c = join(dir, 'no-md5.flac');
  writeFileSync(c, bytes);
  const framePrint = audioPayloadPrint(c);
  assert.match(framePrint ?? '', /^ap1:[0-9a-f]{40}$/);
  assert.notEqual(framePrint, audioPayloadPrint(a));
  tool('metaflac', [`--set-tag=COMMENT=${'z'.repeat(20000)}`, c]);
  assert.equal(audioPayloadPrint(c), framePrint);
});

test('a store of schema 8 reads its FLAC prints again, and a recompressed FLAC is then not analysed again', async () => {
  const lib = join(dir, 'schema8');
  mkdirSync(lib);
  const flac = soundtrackExcerpt(lib, 'a', 'flac', 6, 10);
  const ogg = soundtrackExcerpt(lib, 'b', 'ogg', 6, 30);
  const db = join(dir, 'schema8.sqlite');
  const analyse = async () => (await analyzeJson(lib, db)).summary;
  assert.equal((await analyse()).analysed, 2);
  // As schema 8 left it: the FLAC file's print taken from its frames.
  const frameRun = 'ap1:' + 'f'.repeat(40);
  let sql = new Database(db);
  sql.prepare('UPDATE tracks SET audio_print = ? WHERE path = ?').run(frameRun, flac);
  sql.prepare('DELETE FROM schema_migrations WHERE version > 8').run();
  sql.pragma('user_version = 8');
  sql.close();
  const upgraded = await analyse();
  assert.deepEqual([upgraded.analysed, upgraded.reused, upgraded.printed], [0, 2, 1]);
  sql = new Database(db, { readonly: true });
  const prints = new Map((sql.prepare('SELECT path, audio_print AS p FROM tracks').all() as { path: string; p: string }[]).map((r) => [r.path, r.p]));
  assert.equal(sql.pragma('user_version', { simple: true }), 9);
  sql.close();
  assert.equal(prints.get(flac), audioPayloadPrint(flac));
  assert.equal(prints.get(ogg), audioPayloadPrint(ogg), 'other formats keep theirs');

  const recompressed = join(dir, 'recompressed.flac');
  tool('flac', ['-s', '-0', '-f', flac, '-o', recompressed]);
  renameSync(recompressed, flac);
  const after = await analyse();
  assert.deepEqual([after.analysed, after.reused, after.retagged], [0, 2, 1]);
  // the summary line says what happened in words that fit a recompress too
  tool('flac', ['-s', '-8', '-f', flac, '-o', recompressed]);
  renameSync(recompressed, flac);
  const run = startCli(['analyze', lib, '--db', db]);
  assert.equal((await run.exited).code, 0, run.stderr());
  assert.match(run.stdout(), /2 reused \(1 retagged or recompressed: the same audio, tags read again\)/);
});
