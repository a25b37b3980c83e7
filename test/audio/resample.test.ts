import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_RESAMPLER_DESIGN, resample, StreamingResampler } from '../../src/audio/index.js';
import { createSimdDot } from '../../src/audio/simd-dot.js';
import { sine } from './fixtures.js';
import { leakageDb, powerSpectrum, rms } from './spectrum.js';

/** Middle 16384 samples (far from the zero-padded edges). */
function middle(y: Float32Array): Float32Array {
  const a = Math.floor((y.length - 16384) / 2);
  return y.subarray(a, a + 16384);
}

for (const from of [44100, 48000]) {
  test(`resample ${from} → 22050: 1 kHz sine keeps its RMS within 0.1 % and leaks < -90 dB`, () => {
    const x = sine(1000, from, 3, 0.5);
    const y = resample(x, from, 22050);
    assert.equal(y.length, Math.ceil((x.length * 22050) / from));
    const m = middle(y);
    const rmsIn = rms(middle(x));
    const rel = Math.abs(rms(m) / rmsIn - 1);
    assert.ok(rel < 0.001, `RMS changed by ${(rel * 100).toFixed(4)} %`);
    const leak = leakageDb(powerSpectrum(m), 1000, 22050, 12);
    assert.ok(leak < -90, `energy away from 1 kHz: ${leak.toFixed(1)} dB`);
  });
}

test('resample 44100 → 22050: passband flat to 0.9 × Nyquist, stopband ≥ 100 dB down', () => {
  // 9.9 kHz is inside the passband (0.91 × 11025 Hz); 12–20 kHz must vanish (would alias).
  const pass = resample(sine(9900, 44100, 2, 0.5), 44100, 22050);
  const gainDb = 20 * Math.log10(rms(middle(pass)) / (0.5 / Math.SQRT2));
  assert.ok(Math.abs(gainDb) < 0.001, `passband gain ${gainDb} dB`);
  for (const f of [11100, 12000, 15000, 20000]) {
    const stop = resample(sine(f, 44100, 2, 0.5), 44100, 22050);
    const att = 20 * Math.log10(rms(middle(stop)) / (0.5 / Math.SQRT2));
    assert.ok(att < -100, `${f} Hz only ${att.toFixed(1)} dB down`);
  }
});

test('resample upward 8000 → 22050 and an odd ratio 44056 → 22050 keep a 1 kHz sine clean', () => {
  for (const from of [8000, 44056]) {
    const y = resample(sine(1000, from, 2, 0.5), from, 22050);
    const m = middle(y);
    assert.ok(Math.abs(rms(m) / (0.5 / Math.SQRT2) - 1) < 0.001, `${from}: RMS ${rms(m)}`);
    const leak = leakageDb(powerSpectrum(m), 1000, 22050, 12);
    assert.ok(leak < -90, `${from}: leakage ${leak.toFixed(1)} dB`);
  }
});

test('StreamingResampler: any chunking gives exactly the one-shot result; output is not delayed', () => {
  // 3.3 s: more than the resampler's first buffer, so the one-shot run grows the WebAssembly memory
  const x = sine(440, 48000, 3.3, 0.8);
  const whole = resample(x, 48000, 22050);
  for (const step of [1, 777, 48000, 100000]) {
    const r = new StreamingResampler(48000, 22050);
    const parts: Float32Array[] = [];
    for (let i = 0; i < x.length; i += step) parts.push(r.push(x.subarray(i, i + step)));
    parts.push(r.flush());
    const joined = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
    let o = 0;
    for (const p of parts) {
      joined.set(p, o);
      o += p.length;
    }
    assert.deepEqual(joined, whole, `chunk size ${step}`);
  }
  // Zero-phase: the resampled sine lines up with the ideal 22,050 Hz sine (no group delay).
  let err = 0;
  for (let j = 5000; j < 15000; j++) err = Math.max(err, Math.abs(whole[j] - 0.8 * Math.sin((2 * Math.PI * 440 * j) / 22050)));
  assert.ok(err < 1e-4, `max deviation from the ideal sine ${err}`);
});

test("the SIMD module's block loop (dots) gives the bits of one dot per output, phases and steps included", () => {
  const simd = createSimdDot();
  assert.ok(simd);
  simd.memory.grow(1);
  const K = 32;
  const L = 3;
  const f = new Float32Array(simd.memory.buffer);
  // rows at byte 0 (L × K taps), input from byte 4096, outputs from byte 16384
  for (let i = 0; i < L * K; i++) f[i] = Math.sin(i * 1.7) / K;
  for (let i = 0; i < 2000; i++) f[1024 + i] = Math.cos(i * 0.37) * 0.9;
  const n = 300;
  // M = 7, L = 3: two samples per output, and one more each time the phase wraps past L
  simd.dots(0, 4096, K, 16384, 16384 + 4 * n, 1, L, 2 * 4, 1);
  let phase = 1;
  let x = 4096;
  for (let o = 0; o < n; o++) {
    assert.equal(f[4096 + o], simd.dot(phase * K * 4, x, K), `output ${o}`);
    x += 8;
    phase += 1;
    if (phase >= L) {
      phase -= L;
      x += 4;
    }
  }
});

test('resample: same rate returns a copy; bad rates are refused', () => {
  const x = new Float32Array([1, 2, 3]);
  const y = resample(x, 22050, 22050);
  assert.deepEqual(y, x);
  assert.notEqual(y, x);
  assert.throws(() => resample(x, 0, 22050), RangeError);
  assert.throws(() => resample(x, 44100.5, 22050), RangeError);
});

test('resample: the WebAssembly SIMD (float32) and plain-JS (float64) paths agree', () => {
  for (const from of [44100, 48000, 44056]) {
    const x = sine(1000, from, 1, 0.5);
    const run = (simd: boolean) => {
      const r = new StreamingResampler(from, 22050, DEFAULT_RESAMPLER_DESIGN, { simd });
      const a = r.push(x);
      const b = r.flush();
      const y = new Float32Array(a.length + b.length);
      y.set(a);
      y.set(b, a.length);
      return y;
    };
    const s = run(true);
    const j = run(false);
    assert.equal(s.length, j.length);
    let maxDiff = 0;
    for (let i = 0; i < s.length; i++) maxDiff = Math.max(maxDiff, Math.abs(s[i] - j[i]));
    assert.ok(maxDiff < 2e-6, `${from}: max difference ${maxDiff}`);
    assert.ok(leakageDb(powerSpectrum(middle(j)), 1000, 22050, 12) < -90);
  }
});
