// An out folder may be one the user keeps playlists in (`--out-dir ~/Music`): a run replaces its own
// earlier playlists and nothing else there.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeLibrary } from '../analysis/synth-wav.js';
import { cliPath, tempDir } from '../helpers.js';

test('a run replaces the playlists of the earlier run in its folder, and keeps the ones the user made there', () => {
  const dir = tempDir('mcp-user-playlists-');
  const lib = join(dir, 'lib');
  mkdirSync(lib);
  writeLibrary(lib, 8, 2);
  const out = join(dir, 'out');
  mkdirSync(join(out, 'playlists'), { recursive: true });
  const mine = ['09-road-trip.m3u8', '01-party.m3u8', 'My favourites.m3u8'];
  for (const f of mine) writeFileSync(join(out, 'playlists', f), '#EXTM3U\n../lib/a.wav\n');
  const run = (k: string) => {
    const r = spawnSync(process.execPath, [cliPath, 'run', lib, '--out-dir', out, '--clusters', k, '--no-sweep', '--concurrency', '1'], { encoding: 'utf8', timeout: 5 * 60_000 });
    assert.equal(r.status, 0, r.stderr);
    return readdirSync(join(out, 'playlists')).filter((f) => !mine.includes(f));
  };
  const first = run('4');
  assert.equal(first.length, 4, first.join(' '));
  const second = run('2');
  assert.equal(second.length, 2, `the first run's four are gone: ${second.join(' ')}`);
  for (const f of mine) assert.equal(readFileSync(join(out, 'playlists', f), 'utf8'), '#EXTM3U\n../lib/a.wav\n', f);
});
