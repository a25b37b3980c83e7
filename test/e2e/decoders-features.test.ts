import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeAudio } from '../../src/audio/index.js';
import { extractFeatures, featureNames } from '../../src/features/index.js';
import { requirePath, tempDir } from '../helpers.js';

// The two decoder paths (in-process WebAssembly, ffmpeg) must give features that agree closely on
// the same file: the user's choice of decoder must not move a track to another cluster.
const SNOW = requirePath('/usr/share/games/hedgewars/Data/Music/snow.ogg', 'hedgewars-data');
const dir = tempDir('mcp-dec-feat-');
const flac = join(dir, 'snow-60s.flac');
const mp3 = join(dir, 'snow-60s.mp3');
execFileSync('ffmpeg', ['-v', 'error', '-y', '-t', '60', '-i', SNOW, flac]);
execFileSync('ffmpeg', ['-v', 'error', '-y', '-t', '60', '-i', SNOW, '-b:a', '192k', mp3]);

// Mel bands 124–127 and the top contrast band reach above 10 kHz.
const TRANSITION_BAND = /^(melspectrogram\.mean\.12[4-7]|spectral_contrast\.mean\.6)$/;

for (const [label, path] of [
  ['ogg vorbis', SNOW],
  ['flac', flac],
  ['mp3', mp3],
] as const) {
  test(`${label}: wasm and ffmpeg decodes give the same features`, async () => {
    const [a, b] = await Promise.all([decodeAudio(path, { decoder: 'wasm' }), decodeAudio(path, { decoder: 'ffmpeg' })]);
    assert.equal(a.decoder, 'wasm');
    assert.equal(b.decoder, 'ffmpeg');
    const fa = extractFeatures(a.samples, a.sampleRate, 'full').values;
    const fb = extractFeatures(b.samples, b.sampleRate, 'full').values;
    for (const n of featureNames('full')) {
      const x = fa[n]!;
      const y = fb[n]!;
      if (TRANSITION_BAND.test(n)) {
        // Above ~10 kHz both resamplers are in their transition band (flat to 0.91 of Nyquist) and
        // shape it differently; these columns hold under 0.1 % of the energy. Measured: ≤ 20 %, ≤ 1.8 dB.
        if (n.startsWith('spectral_contrast')) assert.ok(Math.abs(x - y) < 3, `${n}: ${x} vs ${y} dB`);
        else assert.ok(Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y)) < 0.3, `${n}: ${x} vs ${y}`);
      } else if (/^(mfcc|spectral_contrast)\./.test(n)) {
        assert.ok(Math.abs(x - y) < 0.5, `${n}: ${x} vs ${y} (dB-based)`);
      } else {
        // Measured: at most 1.4 % (spectral_flatness.clip_std) on these files.
        assert.ok(Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y), 1e-6) < 0.02, `${n}: ${x} vs ${y}`);
      }
    }
  });
}
