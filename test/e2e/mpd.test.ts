// Playlists played by a real Music Player Daemon (Debian's mpd, driven by mpc). MPD resolves a
// stored playlist's entries (its playlist_directory) against its music_directory, and a playlist
// inside the music folder against that playlist's own folder: --relative-to serves the first, the
// default paths the second.
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import { startCli } from '../analysis/child-cli.js';
import { requirePath, tempDir } from '../helpers.js';

const SUPERTUX = '/usr/share/games/supertux2/music';

let root = '';
let music = '';
let lists = '';
let socket = '';
let mpd: ChildProcess | undefined;

function mpc(...args: string[]): string {
  return execFileSync('mpc', args, { env: { ...process.env, MPD_HOST: socket }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** MPD's queue after loading `name` into an empty one: the files it resolved, as it names them. */
function loaded(name: string): string[] {
  mpc('-q', 'clear');
  try {
    mpc('-q', 'load', name);
  } catch {
    // nothing in it resolved (MPD says so); the queue stays empty
  }
  return mpc('-f', '%file%', 'playlist').split('\n').filter((l) => l !== '');
}

/** The entry lines of a playlist's text. */
function entryLines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
}

/** The entry lines of a playlist file. */
function entries(file: string): string[] {
  return entryLines(readFileSync(file, 'utf8'));
}

async function cli(args: string[]): Promise<{ stdout: string; stderr: string }> {
  const run = startCli(args);
  const { code } = await run.exited;
  assert.equal(code, 0, run.stderr());
  return { stdout: run.stdout(), stderr: run.stderr() };
}

before(async () => {
  requirePath('/usr/bin/mpd', 'mpd');
  requirePath('/usr/bin/mpc', 'mpc');
  root = tempDir('mcp-mpd-');
  music = join(root, 'Music');
  lists = join(root, 'mpd-playlists');
  for (const d of ['forest', 'castle']) {
    const from = join(requirePath(SUPERTUX, 'supertux-data'), d);
    mkdirSync(join(music, d), { recursive: true });
    for (const f of readdirSync(from).filter((f) => f.endsWith('.ogg')).sort().slice(0, 4)) copyFileSync(join(from, f), join(music, d, f));
  }
  mkdirSync(lists);
  mkdirSync(join(root, 'state'));
  socket = join(root, 'state', 'socket');
  const conf = join(root, 'mpd.conf');
  writeFileSync(
    conf,
    [
      `music_directory "${music}"`,
      `playlist_directory "${lists}"`,
      `db_file "${join(root, 'state', 'db')}"`,
      `state_file "${join(root, 'state', 'state')}"`,
      `pid_file "${join(root, 'state', 'pid')}"`,
      `bind_to_address "${socket}"`,
      'audio_output {\n  type "null"\n  name "null"\n}',
      '',
    ].join('\n'),
  );
  mpd = spawn('mpd', ['--no-daemon', '--stderr', conf], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(existsSync(socket), 'mpd listens on its socket');
});

after(() => {
  mpd?.kill();
});

test('MPD plays the playlists: stored ones written --relative-to its music folder, and ones inside that folder as written by default', async () => {
  // A track outside the music folder: its entry stays absolute, and the run says so.
  const outside = join(root, 'elsewhere', 'extra.ogg');
  mkdirSync(join(root, 'elsewhere'));
  copyFileSync(join(SUPERTUX, 'misc', readdirSync(join(SUPERTUX, 'misc')).filter((f) => f.endsWith('.ogg')).sort()[0]!), outside);
  const out = join(root, 'out');
  const run = await cli(['run', music, outside, '--out-dir', out, '--relative-to', music, '--clusters', '2', '--no-sweep', '--no-report']);
  assert.match(run.stderr, new RegExp(`note: 1 track lies outside --relative-to ${music} \\(e\\.g\\. ${outside}\\): its entry names it by absolute path`));
  const files = readdirSync(join(out, 'playlists')).sort();
  assert.equal(files.length, 2);
  const all = files.flatMap((f) => entries(join(out, 'playlists', f)));
  const inMusic = ['forest', 'castle'].flatMap((d) => readdirSync(join(music, d)));
  assert.ok(inMusic.length >= 6);
  assert.equal(all.length, inMusic.length + 1);
  assert.deepEqual(all.filter((e) => e.startsWith('/')), [outside]);
  for (const e of all.filter((e) => !e.startsWith('/'))) assert.ok(existsSync(join(music, e)) && !e.startsWith('..'), e);

  // MPD's stored playlists are NAME.m3u in its playlist_directory.
  for (const f of files) copyFileSync(join(out, 'playlists', f), join(lists, `${basename(f, '.m3u8')}.m3u`));
  const db = join(out, 'features.sqlite');
  const seed = join(music, 'castle', readdirSync(join(music, 'castle')).sort()[0]!);
  await cli(['similar', seed, '--db', db, '--relative-to', music, '--n', '4', '--out', join(lists, 'radio.m3u')]);
  // The same playlist as written by default, relative to the playlist file: not MPD's way.
  await cli(['similar', seed, '--db', db, '--n', '4', '--out', join(lists, 'control.m3u')]);
  // Inside the music folder, as written by default.
  await cli(['cluster', '--db', db, '--out-dir', join(music, 'lists'), '--clusters', '2', '--no-sweep', '--no-report']);

  mpc('-q', 'update', '--wait');
  assert.deepEqual(mpc('lsplaylists').split('\n').filter((l) => l !== '').sort(), [...files.map((f) => basename(f, '.m3u8')), 'control', 'radio'].sort());
  for (const f of files) {
    const relative = entries(join(out, 'playlists', f)).filter((e) => !e.startsWith('/'));
    assert.deepEqual(loaded(basename(f, '.m3u8')).filter((e) => !e.startsWith('/')), relative, f);
  }
  const radio = loaded('radio');
  assert.equal(radio.length, 5);
  assert.deepEqual(radio, entries(join(lists, 'radio.m3u')));
  assert.ok(radio.every((e) => e.startsWith('castle/') || e.startsWith('forest/')));
  assert.deepEqual(loaded('control'), [], 'entries relative to the playlist file do not resolve in a stored playlist');
  for (const f of readdirSync(join(music, 'lists', 'playlists')).sort()) {
    const inLibrary = loaded(`lists/playlists/${f}`);
    assert.ok(inLibrary.length > 0, f);
    // `../../castle/x.ogg` from lists/playlists/; the track outside the music folder is not MPD's
    const expected = entries(join(music, 'lists', 'playlists', f))
      .map((e) => e.replace(/^\.\.\/\.\.\//, ''))
      .filter((e) => !e.startsWith('..'));
    assert.deepEqual(inLibrary, expected, f);
  }
  // `mpc add` takes the music folder's paths, as `similar` prints them with --relative-to.
  const printed = await cli(['similar', seed, '--db', db, '--relative-to', music, '--n', '2']);
  mpc('-q', 'clear');
  execFileSync('mpc', ['add'], { env: { ...process.env, MPD_HOST: socket }, input: entryLines(printed.stdout).join('\n') });
  assert.deepEqual(mpc('-f', '%file%', 'playlist').split('\n').filter((l) => l !== ''), entryLines(printed.stdout));
});

test('--relative-to a link to the music folder: a library read through the link target is still relative to it', async () => {
  const link = join(root, 'MusicLink');
  symlinkSync(music, link);
  const out = join(root, 'out-link');
  const r = await cli(['cluster', '--db', join(root, 'out', 'features.sqlite'), '--out-dir', out, '--relative-to', link, '--clusters', '2', '--no-sweep', '--no-report']);
  // only the track outside the music folder is named absolutely, and only it is noted
  assert.match(r.stderr, /note: 1 track lies outside --relative-to/);
  const all = readdirSync(join(out, 'playlists')).flatMap((f) => entries(join(out, 'playlists', f)));
  const relative = all.filter((e) => !e.startsWith('/'));
  assert.equal(relative.length, all.length - 1);
  for (const e of relative) assert.ok(existsSync(join(link, e)), e);
});
