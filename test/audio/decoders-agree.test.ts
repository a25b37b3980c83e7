// The WASM path (built-in decoders + our resampler) and the ffmpeg path (ffmpeg + soxr HQ) must
// give nearly the same 22,050 Hz mono signal for the same file.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { type DecodedAudio, decodeAudio } from '../../src/audio/index.js';
import { ffmpegArgs } from '../../src/audio/ffmpeg.js';
import { requirePath, tempDir } from '../helpers.js';
import { ffmpeg, SOUNDTRACK_OGG, sine, synthFile, writeWav } from './fixtures.js';
import { bandLevelsDb, rms } from './spectrum.js';

/** Lag (samples, b relative to a) in ±range minimising the squared difference over the first 3 s. */
function bestLag(a: Float32Array, b: Float32Array, range: number): number {
  const n = Math.min(a.length, b.length, 3 * 22050) - range;
  let best = 0;
  let bestE = Number.POSITIVE_INFINITY;
  for (let lag = -range; lag <= range; lag++) {
    let e = 0;
    for (let i = range; i < n; i += 5) {
      const d = a[i] - b[i + lag];
      e += d * d;
    }
    if (e < bestE) {
      bestE = e;
      best = lag;
    }
  }
  return best;
}

/** Signal-to-difference ratio in dB after aligning b to a by `lag`. */
function snrDb(a: Float32Array, b: Float32Array, lag: number): number {
  const from = Math.max(0, -lag);
  const to = Math.min(a.length, b.length - lag);
  let s = 0;
  let e = 0;
  for (let i = from; i < to; i++) {
    s += a[i] * a[i];
    e += (a[i] - b[i + lag]) ** 2;
  }
  return 10 * Math.log10(s / e);
}

function compare(name: string, w: DecodedAudio, f: DecodedAudio): void {
  assert.equal(w.decoder, 'wasm');
  assert.equal(f.decoder, 'ffmpeg');
  assert.equal(w.format, f.format);
  // Same length to within one 22,050 Hz sample.
  assert.ok(Math.abs(w.samples.length - f.samples.length) <= 1, `${name}: ${w.samples.length} vs ${f.samples.length} samples`);
  const ratio = rms(w.samples) / rms(f.samples);
  assert.ok(Math.abs(ratio - 1) < 0.001, `${name}: RMS ratio ${ratio}`);
  // MP3 and Opus carry codec delay: both paths must remove it the same way (no lag at all).
  const lag = bestLag(w.samples, f.samples, 1200);
  assert.equal(lag, 0, `${name}: the two decodes are offset by ${lag} samples`);
  const snr = snrDb(w.samples, f.samples, lag);
  assert.ok(snr > 55, `${name}: the decodes differ by ${snr.toFixed(1)} dB below the signal`);
  // Average magnitude spectrum in 16 bands of 689 Hz: identical below 9.6 kHz; the top band holds
  // the resamplers' transition bands (ours and soxr's differ there by under 1 dB).
  const bw = bandLevelsDb(w.samples, 16);
  const bf = bandLevelsDb(f.samples, 16);
  for (let b = 0; b < 16; b++) {
    const tol = b < 14 ? 0.02 : b === 14 ? 0.1 : 1.0;
    assert.ok(Math.abs(bw[b] - bf[b]) < tol, `${name}: band ${b} differs by ${(bw[b] - bf[b]).toFixed(3)} dB`);
  }
}

let dir = '';
before(() => {
  dir = tempDir();
});

for (const ext of ['wav', 'mp3', 'flac', 'ogg', 'opus']) {
  test(`decoders agree on a synthetic ${ext} (44.1 kHz stereo, 4 s)`, async () => {
    const p = synthFile(dir, `agree-${ext}`, ext, 4);
    const w = await decodeAudio(p, { decoder: 'wasm' });
    const f = await decodeAudio(p, { decoder: 'ffmpeg' });
    assert.ok(Math.abs(w.durationSec - 4) < 0.01, `duration ${w.durationSec}`);
    compare(ext, w, f);
  });
}

test('decoders agree on a real soundtrack (hedgewars snow.ogg)', async () => {
  const p = requirePath(SOUNDTRACK_OGG, 'hedgewars-data');
  const w = await decodeAudio(p, { decoder: 'wasm' });
  const f = await decodeAudio(p, { decoder: 'ffmpeg' });
  assert.equal(w.format, 'ogg-vorbis');
  assert.equal(w.sourceRate, 44100);
  assert.ok(w.durationSec > 60, `duration ${w.durationSec}`);
  compare('snow.ogg', w, f);
});

test('surround 5.1: both paths give the plain mean of the six channels (LFE included)', async () => {
  // Only the LFE channel (index 3) carries a tone: ffmpeg's standard downmix would drop it.
  const rate = 44100;
  const tone = sine(100, rate, 2, 0.6);
  const zeros = new Float32Array(tone.length);
  const wav = writeWav(join(dir, 'lfe-only.wav'), [zeros, zeros, zeros, tone, zeros, zeros], rate, 's16');
  const flac = join(dir, 'lfe-only.flac');
  const m4a = join(dir, 'lfe-only.m4a');
  ffmpeg(['-i', wav, '-c:a', 'flac', flac]);
  ffmpeg(['-i', wav, '-c:a', 'aac', '-b:a', '256k', m4a]);
  const want = 0.6 / Math.SQRT2 / 6;
  const cases: [string, 'wasm' | 'ffmpeg'][] = [
    [wav, 'wasm'],
    [wav, 'ffmpeg'],
    [flac, 'wasm'],
    [flac, 'ffmpeg'],
    [m4a, 'ffmpeg'],
  ];
  for (const [p, decoder] of cases) {
    const r = await decodeAudio(p, { decoder });
    const got = rms(r.samples, 2205, r.samples.length - 2205);
    // AAC is lossy (and low-passes), so it gets a looser bound.
    const tol = p.endsWith('.m4a') ? 0.05 : 0.002;
    assert.ok(Math.abs(got / want - 1) < tol, `${p} via ${decoder}: RMS ${got}, want ${want}`);
  }
});

test('ffmpeg without libsoxr: the swr fallback arguments still decode to the channel mean', async () => {
  const p = synthFile(dir, 'noswr', 'flac', 2);
  const out = execFileSync('ffmpeg', ffmpegArgs(p, 22050, 2, false), { maxBuffer: 1 << 26 });
  const swr = new Float32Array(out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength));
  const w = await decodeAudio(p, { decoder: 'wasm' });
  assert.ok(Math.abs(swr.length - w.samples.length) <= 1);
  const ratio = rms(swr) / rms(w.samples);
  assert.ok(Math.abs(ratio - 1) < 0.002, `RMS ratio ${ratio}`);
  assert.ok(snrDb(w.samples, swr, 0) > 40, `differ by ${snrDb(w.samples, swr, 0).toFixed(1)} dB`);
  assert.ok(ffmpegArgs(p, 22050, 2, true).join(' ').includes('resampler=soxr:precision=20'));
});
