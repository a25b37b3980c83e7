import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeAudio, resample } from '../../src/audio/index.js';
import { tempDir } from '../helpers.js';
import { FULL_SCALE, sine, type WavEncoding, writeWav } from './fixtures.js';
import { rms } from './spectrum.js';

const ENCODINGS: WavEncoding[] = ['u8', 's16', 's24', 's32', 'f32', 'f64'];

/** The value a decoder must produce for v after quantising to `enc` (mirrors the fixture writer). */
function quantised(v: number, enc: WavEncoding): number {
  const fs = FULL_SCALE[enc];
  if (enc === 'f32') return Math.fround(v);
  if (enc === 'f64') return v;
  return Math.max(-fs, Math.min(fs - 1, Math.round(v * fs))) / fs;
}

for (const enc of ENCODINGS) {
  for (const extensible of [false, true]) {
    test(`WAV ${enc}${extensible ? ' (WAVE_FORMAT_EXTENSIBLE)' : ''}, 3 channels at 16 kHz: mean of channels, exact`, async () => {
      const d = tempDir();
      const rate = 16000;
      const chans = [sine(300, rate, 0.5, 0.9), sine(1000, rate, 0.5, -0.4), sine(50, rate, 0.5, 0.2)];
      const p = writeWav(join(d, `t-${enc}.wav`), chans, rate, enc, extensible);
      const r = await decodeAudio(p, { decoder: 'wasm', sampleRate: rate });
      assert.equal(r.format, 'wav');
      assert.equal(r.decoder, 'wasm');
      assert.equal(r.sourceRate, rate);
      assert.equal(r.samples.length, chans[0].length);
      let maxErr = 0;
      for (let i = 0; i < r.samples.length; i++) {
        const want = Math.fround((quantised(chans[0][i], enc) + quantised(chans[1][i], enc) + quantised(chans[2][i], enc)) / 3);
        maxErr = Math.max(maxErr, Math.abs(r.samples[i] - want));
      }
      assert.ok(maxErr <= 1e-7, `max error ${maxErr}`);
    });
  }
}

test('WAV stereo 44.1 kHz → 22,050 Hz equals resample(mean of channels)', async () => {
  const d = tempDir();
  const l = sine(440, 44100, 1, 0.5);
  const r = sine(3000, 44100, 1, 0.25);
  const p = writeWav(join(d, 'st.wav'), [l, r], 44100, 'f32');
  const got = await decodeAudio(p, { decoder: 'wasm' });
  const mono = new Float32Array(l.length);
  for (let i = 0; i < l.length; i++) mono[i] = (l[i] + r[i]) * 0.5;
  const want = resample(mono, 44100, 22050);
  assert.equal(got.samples.length, 22050);
  assert.equal(got.durationSec, 1);
  assert.deepEqual(got.samples, want);
  assert.ok(rms(got.samples) > 0.1);
});
