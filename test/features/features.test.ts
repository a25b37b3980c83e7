import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fftFrequencies } from '../../src/dsp/index.js';
import {
  BARK_EDGES_HZ,
  DESCRIPTIVE_NAMES,
  DESCRIPTORS,
  AnalysisError,
  clipStats,
  extractFeatures,
  FEATURES_VERSION,
  featureNames,
  README16,
  TrackContext,
} from '../../src/features/index.js';
import { loadSignal } from '../dsp/golden.js';

function rowMean(rows: number[][], r: number): number {
  const x = rows[r]!;
  return x.reduce((a, v) => a + v, 0) / x.length;
}

describe('feature names', () => {
  it('blog, readme and full have the documented sizes and librosa-style names', () => {
    const blog = featureNames('blog');
    const readme = featureNames('readme');
    const full = featureNames('full');
    assert.equal(blog.length, 4 + 12 + 128 + 20 + 7);
    assert.equal(readme.length, (8 + 6) * 3);
    assert.equal(full.length, blog.length + readme.length + 2);
    for (const n of ['mfcc.mean.3', 'chroma_stft.mean.11', 'melspectrogram.mean.127', 'spectral_contrast.mean.6', 'rms.mean']) {
      assert.ok(blog.includes(n), n);
    }
    for (const n of [
      'spectral_rolloff_0.9.clip_median',
      'spectral_rolloff_0.1.clip_mean',
      'hpss_rms_difference.clip_std',
      'spectral_centroid_mel.clip_mean',
      'bark_band_magnitude.clip_mean.0',
      'bark_band_magnitude.clip_std.5',
      'tempogram_flatness.clip_median',
    ]) {
      assert.ok(readme.includes(n), n);
    }
    assert.ok(full.includes('spectral_centroid.mean') && full.includes('spectral_rolloff.mean'));
    assert.equal(new Set(full).size, full.length);
    assert.ok(Number.isInteger(FEATURES_VERSION) && FEATURES_VERSION >= 1);
  });
  it('readme16 is 16 distinct readme columns', () => {
    const readme = new Set(featureNames('readme'));
    assert.equal(README16.length, 16);
    assert.equal(new Set(README16).size, 16);
    for (const n of README16) assert.ok(readme.has(n), n);
    assert.deepEqual(featureNames('readme16'), [...README16]);
  });
});

describe('extractFeatures', () => {
  const { y, sr, features: g } = loadSignal('real_excerpt');
  const full = extractFeatures(y, sr, 'full', { frames: true });

  it('returns every name of the set, all finite', () => {
    assert.deepEqual(Object.keys(full.values), [...featureNames('full'), ...DESCRIPTIVE_NAMES]);
    for (const [k, v] of Object.entries(full.values)) assert.ok(Number.isFinite(v), `${k} = ${v}`);
  });
  it('adds the five-number summary of librosa’s spectral centroid (golden real excerpt), in Hz', () => {
    const sorted = [...(g.spectral_centroid as number[])].sort((a, b) => a - b);
    const pct = (q: number): number => {
      const pos = (q / 100) * (sorted.length - 1);
      const lo = Math.floor(pos);
      const hi = Math.min(sorted.length - 1, lo + 1);
      return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
    };
    const want = [pct(0), pct(25), pct(50), pct(75), pct(100)];
    const got = DESCRIPTIVE_NAMES.map((n) => full.values[n]!);
    for (const [i, v] of got.entries()) {
      assert.ok(Math.abs(v - want[i]!) <= 1e-4 * Math.abs(want[i]!), `${DESCRIPTIVE_NAMES[i]}: ${v} vs ${want[i]}`);
    }
    for (let i = 1; i < got.length; i++) assert.ok(got[i]! >= got[i - 1]!);
  });
  it('.mean values are the plain means of librosa’s frame series (golden real excerpt)', () => {
    const v = full.values;
    const rel = (a: number, e: number) => Math.abs(a - e) / Math.abs(e);
    assert.ok(rel(v['spectral_centroid.mean']!, g.spectral_centroid.reduce((a: number, x: number) => a + x, 0) / g.spectral_centroid.length) < 1e-4);
    assert.ok(rel(v['spectral_rolloff.mean']!, g['spectral_rolloff_0.85'].reduce((a: number, x: number) => a + x, 0) / g.spectral_centroid.length) < 1e-4);
    assert.ok(rel(v['rms.mean']!, g.rms.reduce((a: number, x: number) => a + x, 0) / g.rms.length) < 1e-4);
    for (const b of [0, 3, 19]) assert.ok(Math.abs(v[`mfcc.mean.${b}`]! - rowMean(g.mfcc, b)) < 1e-3, `mfcc ${b}`);
    for (const b of [0, 11]) assert.ok(rel(v[`chroma_stft.mean.${b}`]!, rowMean(g.chroma_stft, b)) < 1e-4, `chroma ${b}`);
    for (const b of [0, 64, 127]) assert.ok(rel(v[`melspectrogram.mean.${b}`]!, rowMean(g.melspectrogram, b)) < 1e-4, `mel ${b}`);
    for (const b of [0, 6]) assert.ok(Math.abs(v[`spectral_contrast.mean.${b}`]! - rowMean(g.spectral_contrast, b)) < 1e-3, `contrast ${b}`);
  });
  it('readme summaries are computed on the frame series after 1–99 % clipping', () => {
    const f = full.frames!;
    assert.equal(f['spectral_rolloff_0.9']!.length, g['spectral_rolloff_0.9'].length);
    const c = clipStats(f['spectral_rolloff_0.9']!);
    assert.equal(full.values['spectral_rolloff_0.9.clip_median'], c.median);
    const h = g.hpss;
    const diff = h.decompose_rms_harmonic_frames.map((x: number, i: number) => x - h.decompose_rms_percussive_frames[i]);
    const ref = clipStats(diff);
    assert.ok(Math.abs(full.values['hpss_rms_difference.clip_mean']! - ref.mean) < 1e-4 * Math.abs(ref.mean) + 1e-7);
    assert.equal(f['bark_band_magnitude.5']!.length, f.rms!.length);
  });
  it('readme16 values equal the same columns of the readme set', () => {
    const a = extractFeatures(y, sr, 'readme').values;
    const b = extractFeatures(y, sr, 'readme16').values;
    assert.deepEqual(Object.keys(b), [...README16, ...DESCRIPTIVE_NAMES]);
    for (const n of README16) assert.equal(b[n], a[n]);
  });
  it('refuses silent and too short audio with an AnalysisError', () => {
    assert.throws(
      () => extractFeatures(new Float32Array(22050), 22050, 'blog'),
      (e: unknown) => e instanceof AnalysisError && e.stage === 'analysis' && /silent/.test(e.reason),
    );
    assert.throws(
      () => extractFeatures(new Float32Array(100).fill(0.5), 22050, 'blog'),
      (e: unknown) => e instanceof AnalysisError && /too short/.test(e.message),
    );
    const bad = new Float32Array(4096).fill(0.1);
    bad[7] = Number.NaN;
    assert.throws(() => extractFeatures(bad, 22050, 'readme'), /not a finite number/);
    bad[7] = 0.1;
    bad[4095] = Number.NEGATIVE_INFINITY;
    assert.throws(() => extractFeatures(bad, 22050, 'blog'), /sample 4095 is not a finite number/);
    bad[4095] = -0.9;
    bad[4094] = 0.2;
    assert.ok(Number.isFinite(extractFeatures(bad, 22050, 'blog').values['rms.mean']!));
  });
});

describe('clipStats', () => {
  it('clips to the 1st and 99th percentiles (numpy linear interpolation) before mean, median and std', () => {
    const x = Array.from({ length: 101 }, (_, i) => i);
    x[100] = 1e6; // an outlier: p99 interpolates between 99 and 1e6
    const p99 = 99; // position 0.99·100 = 99 falls exactly on x[99]
    const c = clipStats(x);
    assert.equal(c.median, 50);
    const clipped = x.map((v) => Math.min(p99, Math.max(1, v)));
    const m = clipped.reduce((a, v) => a + v, 0) / clipped.length;
    assert.ok(Math.abs(c.mean - m) < 1e-9);
    const sd = Math.sqrt(clipped.reduce((a, v) => a + (v - m) ** 2, 0) / clipped.length);
    assert.ok(Math.abs(c.std - sd) < 1e-9);
  });
});

describe('bark band magnitudes', () => {
  it('are each band’s mean |S| over its bins, summed in bin order, bit for bit, whatever the frame count', () => {
    const { y, sr } = loadSignal('chirp_100_8000');
    // 4k, 4k + 1, 4k + 2 and 4k + 3 frames: the four-frame loop and the frames left over
    for (const cut of [0, 512, 1024, 1536]) {
      const samples = y.subarray(0, y.length - cut);
      const ctx = new TrackContext(samples, sr);
      try {
        const got = DESCRIPTORS.get('bark_band_magnitude')!.compute(ctx);
        const S = ctx.magnitude;
        const f = fftFrequencies(sr, 2 * (S.nBins - 1));
        let prev = 0;
        for (const [b, edge] of BARK_EDGES_HZ.entries()) {
          const bins = [...f.keys()].filter((k) => f[k]! >= prev && f[k]! < edge);
          prev = edge;
          for (let t = 0; t < S.nFrames; t++) {
            let s = 0;
            for (const k of bins) s += S.data[t * S.nBins + k]!;
            assert.equal(got.data[t * got.rows + b], s / bins.length, `band ${b}, frame ${t} of ${S.nFrames}`);
          }
        }
      } finally {
        ctx.dispose();
      }
    }
  });
});
