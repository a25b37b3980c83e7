// The same library and seed give the same playlists however the tracks are listed: `run A B`,
// `run B A`, an M3U in another order, and `cluster` from the store. Real WAVs, the real CLI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeLibrary } from '../analysis/synth-wav.js';
import { cliPath, tempDir } from '../helpers.js';

const cli = (args: string[]) => spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', timeout: 5 * 60_000 });

/** clusters.csv (coordinates included) and every playlist file, as text. */
function outputs(out: string): string[] {
  const dir = join(out, 'playlists');
  return [readFileSync(join(out, 'clusters.csv'), 'utf8'), ...readdirSync(dir).sort().map((f) => `${f}\n${readFileSync(join(dir, f), 'utf8')}`)];
}

test('run A B, run B A, a shuffled M3U and cluster from the store write the same playlists and map', () => {
  const dir = tempDir('mcp-input-order-');
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  mkdirSync(a);
  mkdirSync(b);
  const paths = [...writeLibrary(a, 7, 2), ...writeLibrary(b, 7, 2, 7)];
  const db = join(dir, 'features.sqlite');
  const opts = ['--db', db, '--clusters', '3', '--no-sweep', '--no-report', '--absolute-paths', '--concurrency', '1'];
  const runs: string[][] = [];
  for (const [name, inputs] of [
    ['ab', [a, b]],
    ['ba', [b, a]],
  ] as const) {
    const r = cli(['run', ...inputs, '--out-dir', join(dir, name), ...opts]);
    assert.equal(r.status, 0, r.stderr);
    runs.push(outputs(join(dir, name)));
  }
  // an M3U listing the tracks from the last to the first
  const m3u = join(dir, 'reversed.m3u');
  writeFileSync(m3u, `${[...paths].reverse().join('\n')}\n`);
  const viaM3u = cli(['run', m3u, '--out-dir', join(dir, 'm3u'), ...opts]);
  assert.equal(viaM3u.status, 0, viaM3u.stderr);
  runs.push(outputs(join(dir, 'm3u')));
  const fromStore = cli(['cluster', '--out-dir', join(dir, 'store'), ...opts]);
  assert.equal(fromStore.status, 0, fromStore.stderr);
  runs.push(outputs(join(dir, 'store')));
  assert.equal(runs[0]!.length, 4, 'clusters.csv and three playlists');
  for (const other of runs.slice(1)) assert.deepEqual(other, runs[0]);
});
