// The optional @ffmpeg-installer binary stands in for a missing system ffmpeg, so that `npx` users
// without ffmpeg can still analyse M4A/AAC/ALAC (and decode 2-3x faster than the built-in
// decoders). It must decode like the system one (same decoders, same soxr resampling, Ogg trimmed
// to its granule position) and be chosen only when no ffmpeg is on the PATH.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { decodeAudio } from '../../src/audio/index.js';
import { bundledFfmpegPath } from '../../src/audio/bundled-ffmpeg.js';
import { cliPath, requirePath, tempDir } from '../helpers.js';
import { SOUNDTRACK_OGG, soundtrackExcerpt, synthFile } from './fixtures.js';

let dir = '';
before(() => {
  dir = tempDir();
});

/** Signal-to-difference ratio of b against a in dB, over the common length. */
function snrDb(a: Float32Array, b: Float32Array): number {
  const n = Math.min(a.length, b.length);
  let sig = 0;
  let err = 0;
  for (let i = 0; i < n; i++) {
    sig += a[i] * a[i];
    err += (a[i] - b[i]) ** 2;
  }
  return 10 * Math.log10(sig / err);
}

test('the optional dependency provides a runnable ffmpeg on this platform', () => {
  const path = bundledFfmpegPath();
  assert.ok(path, 'npm ci installs @ffmpeg-installer/ffmpeg with its linux-x64 binary');
  const r = spawnSync(path, ['-hide_banner', '-version'], { encoding: 'utf8' });
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^ffmpeg version/);
});

test('the bundled ffmpeg decodes AAC, ALAC, MP3, Vorbis and Opus like the system ffmpeg', async () => {
  const bundled = bundledFfmpegPath();
  assert.ok(bundled);
  const files = [
    soundtrackExcerpt(dir, 'aac-music', 'm4a', 8),
    synthFile(dir, 'alac', 'm4a', 3, 44100, ['-c:a', 'alac']),
    synthFile(dir, 'mp3', 'mp3', 3),
    // The real file: ffmpeg 4.1 decodes 36 samples of end padding that the header excludes.
    SOUNDTRACK_OGG,
    soundtrackExcerpt(dir, 'vorbis-music', 'ogg', 7),
    synthFile(dir, 'opus', 'opus', 3),
  ];
  for (const f of files) {
    const system = await decodeAudio(f, { decoder: 'ffmpeg', ffmpegPath: 'ffmpeg' });
    const own = await decodeAudio(f, { decoder: 'ffmpeg', ffmpegPath: bundled });
    assert.equal(own.samples.length, system.samples.length, f);
    assert.equal(own.sampleRate, 22050);
    // Float rounding only: both run ffmpeg's float decoders and soxr at the same precision.
    assert.ok(snrDb(system.samples, own.samples) > 100, `${f}: ${snrDb(system.samples, own.samples).toFixed(1)} dB`);
  }
});

test("'auto' falls back to the bundled ffmpeg only without a system one", () => {
  const m4a = synthFile(dir, 'auto', 'm4a', 2);
  const ogg = synthFile(dir, 'auto', 'ogg', 2);
  const it = requirePath('/usr/share/games/pingus/data/music/pingus-1.it', 'pingus-data');
  const emptyBin = join(dir, 'bin');
  mkdirSync(emptyBin);
  const audio = new URL('../../src/audio/index.js', import.meta.url).href;
  const script =
    `const { decodeAudio, ffmpegKind } = await import(${JSON.stringify(audio)});` +
    `const out = { kind: ffmpegKind() };` +
    `for (const [k, f] of [['m4a', ${JSON.stringify(m4a)}], ['ogg', ${JSON.stringify(ogg)}], ['it', ${JSON.stringify(it)}]]) {` +
    `  try { const r = await decodeAudio(f); out[k] = r.decoder + ' ' + r.samples.length; }` +
    `  catch (e) { out[k] = e.message; } }` +
    `console.log(JSON.stringify(out));`;
  const run = (env: NodeJS.ProcessEnv) => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as { kind: string; m4a: string; ogg: string; it: string };
  };
  const withSystem = run({ PATH: process.env.PATH });
  assert.equal(withSystem.kind, 'system');
  assert.match(withSystem.m4a, /^ffmpeg \d+$/);
  assert.match(withSystem.ogg, /^ffmpeg \d+$/);
  assert.match(withSystem.it, /^ffmpeg \d+$/);

  // No ffmpeg on the PATH: the bundled one decodes, to the same sample counts; it has no
  // libopenmpt, and the tracker module's error says so.
  const noPath = run({ PATH: emptyBin });
  assert.equal(noPath.kind, 'bundled');
  assert.equal(noPath.m4a, withSystem.m4a);
  assert.equal(noPath.ogg, withSystem.ogg);
  assert.equal(noPath.it, `${it}: decode failed: Impulse Tracker module audio needs ffmpeg with libopenmpt, which the bundled ffmpeg lacks and the PATH has not (install ffmpeg)`);

  // An explicit MIR_FFMPEG is taken as meant: no silent fallback when it does not run.
  const explicit = run({ PATH: emptyBin, MIR_FFMPEG: join(dir, 'no-such-ffmpeg') });
  assert.equal(explicit.kind, 'none');
  assert.match(explicit.m4a, /auto\.m4a: decode failed: MP4\/M4A \(AAC or ALAC\) audio needs ffmpeg/);
  assert.match(explicit.ogg, /^wasm \d+$/);
  assert.match(explicit.it, /needs ffmpeg, which is not on the PATH/);
});

test('with no ffmpeg at all, analyze says up front how many files will need one', () => {
  const lib = join(dir, 'mixed');
  mkdirSync(lib);
  synthFile(lib, 'song', 'm4a', 2);
  synthFile(lib, 'other', 'wav', 2);
  const analyze = (env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, [cliPath, 'analyze', lib, '--db', join(dir, `mixed-${Object.keys(env).length}.sqlite`)], { encoding: 'utf8', env });
  const none = analyze({ PATH: process.env.PATH, MIR_FFMPEG: join(dir, 'no-such-ffmpeg') });
  assert.match(none.stderr, /^note: no ffmpeg here \(none on the PATH, no bundled one\): 1 file of formats without a built-in decoder \(M4A, WMA, tracker modules, …\) will fail; install ffmpeg/m);
  assert.match(none.stderr, /song\.m4a: decode failed: MP4\/M4A \(AAC or ALAC\) audio needs ffmpeg/);
  const system = analyze({ PATH: process.env.PATH });
  assert.equal(system.status, 0, system.stderr);
  assert.doesNotMatch(system.stderr, /note: no ffmpeg/);
});
