import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseCsv } from '../../src/playlists/search-space.js';
import { synthTrack, wavBytes } from '../analysis/synth-wav.js';
import { cliPath, tempDir } from '../helpers.js';

test('features: a folder or a playlist stands for its tracks, with the values each file gives alone', () => {
  const d = tempDir('mcp-features-cmd-');
  mkdirSync(join(d, 'lib', 'sub'), { recursive: true });
  writeFileSync(join(d, 'lib', 'a.wav'), wavBytes(synthTrack(1, 3), 22050));
  writeFileSync(join(d, 'lib', 'sub', 'b.wav'), wavBytes(synthTrack(5, 3), 22050));
  writeFileSync(join(d, 'c.wav'), wavBytes(synthTrack(9, 3), 22050));
  writeFileSync(join(d, 'list.m3u'), 'c.wav\ngone.wav\n');
  const r = spawnSync(process.execPath, [cliPath, 'features', join(d, 'lib'), join(d, 'list.m3u'), '--set', 'blog', '--csv'], { cwd: d, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 1, 'one entry failed');
  assert.match(r.stderr, /gone\.wav: library failed: file not found \(line 2 of .*list\.m3u\)/);
  const rows = parseCsv(r.stdout);
  assert.deepEqual(
    rows.slice(1).map((row) => row[0]),
    [join(d, 'lib', 'a.wav'), join(d, 'lib', 'sub', 'b.wav'), join(d, 'c.wav')],
  );
  const alone = spawnSync(process.execPath, [cliPath, 'features', 'c.wav', '--set', 'blog', '--csv'], { cwd: d, encoding: 'utf8', timeout: 60_000 });
  assert.equal(alone.status, 0, alone.stderr);
  const one = parseCsv(alone.stdout);
  assert.equal(one[1]![0], 'c.wav', 'a file is printed as it was named');
  assert.deepEqual(one[1]!.slice(1), rows[3]!.slice(1));
});
