import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeLibrary } from '../../src/analysis/index.js';
import { DamageLog, decodeAudio } from '../../src/audio/index.js';
import { FeatureStore } from '../../src/store/index.js';
import { tempDir } from '../helpers.js';

/** A 10 s MP3 (ffmpeg's LAME) and a copy with 3 kB of its middle overwritten. */
function mp3Pair(dir: string): { clean: string; damaged: string } {
  const clean = join(dir, 'clean.mp3');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100', '-t', '10', '-c:a', 'libmp3lame', '-b:a', '128k', clean]);
  const b = Buffer.from(readFileSync(clean));
  for (let o = Math.floor(b.length / 3); o < Math.floor(b.length / 3) + 3000; o += 7) b[o] = o % 2 ? 0xff : 0x00;
  const damaged = join(dir, 'damaged.mp3');
  writeFileSync(damaged, b);
  return { clean, damaged };
}

test('DamageLog counts decoding errors across chunk boundaries, keeps the first specific complaint and ignores muxer timestamp noise', () => {
  const log = new DamageLog();
  log.push('[f32le @ 0x55aa] Application provided invalid, non monotonically increasing dts to muxer in stream 0: 5 >= 3\n');
  assert.equal(log.summary(), undefined);
  const d = new DamageLog();
  d.push('[mp3float @ 0x5621ae134800] Header mis');
  d.push('sing\nError while decoding stream #0:0: Invalid data found when processing input\n');
  d.push('[mp3float @ 0x5621ae134800] Header missing\nError while decoding stream #0:0: Invalid data found');
  assert.equal(d.summary(), 'damaged data skipped by ffmpeg (2 decoding errors; first: Header missing)');
  const g = new DamageLog();
  g.push('Error while decoding stream #0:0: Invalid argument\n');
  assert.equal(g.summary(), 'damaged data skipped by ffmpeg (1 decoding error; first: Error while decoding stream #0:0: Invalid argument)');
});

test("DamageLog takes the Vorbis decoder's 'Overread' (a legal early end of packet) for no damage, and other decoders' overreads for damage", () => {
  const v = new DamageLog();
  // What Debian's ffmpeg prints for marsshooter-data's music, whose silent packets are one byte long.
  v.push('[vorbis @ 0x55eabfe44b40] Overread 8 bits\n[vorbis @ 0x55eabfe7d9c0] Overread 8 bits');
  assert.equal(v.summary(), undefined);
  const m = new DamageLog();
  m.push('[mp3float @ 0x5621ae134800] overread, skip -5 enddists: -3 -3\n');
  assert.equal(m.summary(), 'damaged data skipped by ffmpeg (1 decoding error; first: overread, skip -5 enddists: -3 -3)');
});

test('a damaged MP3 decodes through ffmpeg with a one-line warning; the clean one has none', async () => {
  const { clean, damaged } = mp3Pair(tempDir());
  const a = await decodeAudio(clean, { decoder: 'ffmpeg' });
  const b = await decodeAudio(damaged, { decoder: 'ffmpeg' });
  assert.deepEqual(a.warnings, []);
  assert.equal(b.warnings.length, 1);
  assert.match(b.warnings[0]!, /^damaged data skipped by ffmpeg \(\d+ decoding errors?; first: .+\)$/);
  assert.ok(b.samples.length > 0.9 * a.samples.length && b.samples.length <= a.samples.length, `${b.samples.length} of ${a.samples.length}`);
});

test('analysis keeps a damaged track, says so in one line naming the file, and lists it in the result', async () => {
  const dir = tempDir();
  const { clean, damaged } = mp3Pair(dir);
  const store = FeatureStore.open(join(dir, 'f.sqlite'));
  let said = '';
  const errors = {
    write: (s: string) => {
      said += s;
      return true;
    },
  } as unknown as NodeJS.WritableStream;
  try {
    const r = await analyzeLibrary(
      [clean, damaged].map((p) => ({ path: p, entry: p })),
      { store, set: 'blog', cache: 'auto', decoder: 'ffmpeg', concurrency: 1, errors },
    );
    assert.deepEqual(r.analysed.map((t) => t.path).sort(), [clean, damaged].sort());
    assert.equal(r.failures.length, 0);
    assert.deepEqual(r.warnings.map((w) => w.path), [damaged]);
    assert.match(said, new RegExp(`^${damaged.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: decoded with damage: damaged data skipped by ffmpeg`, 'm'));
    assert.ok(!said.includes(`${clean}:`), said);
  } finally {
    store.close();
  }
});
