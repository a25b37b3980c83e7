import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FeatureStore } from '../../src/store/index.js';
import { tempDir } from '../helpers.js';
import { startCli } from './child-cli.js';
import { wavBytes, writeLibrary } from './synth-wav.js';

test('failures are reported one line each, recorded in the store and errors.csv, and the run goes on', async () => {
  const dir = tempDir();
  const good = writeLibrary(dir, 4, 1.5);
  const broken = join(dir, 'broken.wav');
  writeFileSync(broken, Buffer.concat([Buffer.from('RIFF\x10\x00\x00\x00WAVEjunk'), Buffer.alloc(64, 7)]));
  const empty = join(dir, 'empty.mp3');
  writeFileSync(empty, '');
  const silent = join(dir, 'silent.wav');
  writeFileSync(silent, wavBytes(new Float32Array(22050 * 2), 22050));
  const missing = join(dir, 'gone.ogg');
  const playlist = join(dir, 'list.m3u8');
  writeFileSync(playlist, `#EXTM3U\n${good[0]}\n${missing}\n`);
  const out = join(dir, 'out');
  const args = ['analyze', dir, playlist, '--out-dir', out, '--decoder', 'wasm', '--concurrency', '2', '--json'];

  const run = startCli(args);
  const end = await run.exited;
  assert.equal(end.code, 0, run.stderr());
  const s = JSON.parse(run.stdout());
  assert.deepEqual([s.tracks, s.analysed, s.reused, s.failed, s.problems], [7, 4, 0, 3, 1]);
  const lines = run.stderr().split('\n');
  const failLine = (p: string): string | undefined => lines.find((l) => l.startsWith(`${p}: `));
  assert.match(failLine(broken)!, /^\S+broken\.wav: decode failed: \S/);
  assert.equal(failLine(empty), `${empty}: decode failed: empty file (0 bytes)`);
  assert.match(failLine(silent)!, /silent\.wav: analysis failed: \S/);
  assert.match(failLine(missing)!, /gone\.ogg: library failed: /);

  const csv = readFileSync(join(out, 'errors.csv'), 'utf8').split('\r\n');
  assert.equal(csv[0], 'path,stage,reason');
  assert.equal(csv.length, 1 + 4 + 1); // header, 4 rows, final CRLF
  assert.ok(csv[1]!.startsWith(`${missing},library,`));
  const stages = new Map(csv.slice(2, -1).map((r) => [r.split(',')[0], r.split(',')[1]]));
  assert.deepEqual(stages, new Map([[broken, 'decode'], [empty, 'decode'], [silent, 'analysis']]));

  const store = FeatureStore.open(join(out, 'features.sqlite'), { readonly: true });
  try {
    const key = s.settingsKey as string;
    assert.deepEqual(
      store.tracks(key).map((t) => t.path),
      [...good].sort(),
    );
    assert.deepEqual(
      store.errors(key).map((e) => [e.path, e.stage]),
      [[broken, 'decode'], [empty, 'decode'], [silent, 'analysis']].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    );
    assert.ok(store.errors(key).every((e) => e.reason.length > 0 && !e.reason.includes('\n')));
  } finally {
    store.close();
  }

  // Rerun: good tracks reused, failed ones reported again without decoding them again (the files
  // and the decoders are unchanged), the listing unchanged.
  const failedAt = (): string[] => {
    const st = FeatureStore.open(join(out, 'features.sqlite'), { readonly: true });
    try {
      return st.errors(s.settingsKey).map((e) => e.failedAt);
    } finally {
      st.close();
    }
  };
  const before = failedAt();
  const again = startCli(args);
  assert.equal((await again.exited).code, 0);
  const s2 = JSON.parse(again.stdout());
  assert.deepEqual([s2.analysed, s2.reused, s2.failed, s2.notRetried], [0, 4, 3, 3]);
  assert.deepEqual(failedAt(), before, 'not tried again: the stored failures are untouched');
  assert.equal(readFileSync(join(out, 'errors.csv'), 'utf8').split('\r\n').length, 6);
  // Another decoding environment (here: ffmpeg gone) tries them again
  const moved = startCli(args, { MIR_FFMPEG: join(dir, 'no-such-ffmpeg') });
  assert.equal((await moved.exited).code, 0);
  const s3 = JSON.parse(moved.stdout());
  assert.deepEqual([s3.analysed, s3.reused, s3.failed, s3.notRetried], [0, 4, 3, 0]);
  assert.notDeepEqual(failedAt(), before, 'tried again and stored again');
});
