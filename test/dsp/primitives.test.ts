import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as D from '../../src/dsp/index.js';
import { residentHome } from '../../src/dsp/resident.js';
import { wasmContrastMeans, wasmLog, wasmPiptrackPeaks } from '../../src/dsp/spectral-wasm.js';
import { createRng } from '../../src/util/rng.js';

describe('RealFFT', () => {
  it('matches a direct DFT and inverts exactly (n = 16, 2048)', () => {
    const rng = createRng(7);
    for (const n of [16, 2048]) {
      const x = new Float64Array(n);
      for (let i = 0; i < n; i++) x[i] = rng.normal();
      const fft = new D.RealFFT(n);
      const re = new Float64Array(n / 2 + 1);
      const im = new Float64Array(n / 2 + 1);
      fft.forward(x, re, im);
      for (const k of [0, 1, 3, n / 4, n / 2 - 1, n / 2]) {
        let sr = 0;
        let si = 0;
        for (let i = 0; i < n; i++) {
          sr += x[i]! * Math.cos((2 * Math.PI * k * i) / n);
          si -= x[i]! * Math.sin((2 * Math.PI * k * i) / n);
        }
        assert.ok(Math.abs(sr - re[k]!) < 1e-9 && Math.abs(si - im[k]!) < 1e-9, `bin ${k}`);
      }
      const back = new Float64Array(n);
      fft.inverse(re, im, back);
      for (let i = 0; i < n; i++) assert.ok(Math.abs(back[i]! - x[i]!) < 1e-12);
    }
  });
  it('magnitudes() equals |forward()| of the windowed frame, rounded like complex64', () => {
    const rng = createRng(9);
    const n = 2048;
    const x = new Float32Array(n + 10);
    for (let i = 0; i < x.length; i++) x[i] = rng.normal();
    const win = D.hann(n);
    const fft = new D.RealFFT(n);
    const buf = new Float64Array(n);
    for (let i = 0; i < n; i++) buf[i] = win[i]! * x[i + 10]!;
    const re = new Float64Array(n / 2 + 1);
    const im = new Float64Array(n / 2 + 1);
    fft.forward(buf, re, im);
    const mag = new Float32Array(n / 2 + 1);
    fft.magnitudes(x, 10, win, mag, 0);
    for (let k = 0; k <= n / 2; k++) {
      const want = Math.hypot(re[k]!, im[k]!);
      assert.ok(Math.abs(mag[k]! - want) <= 1e-6 * want + 1e-9, `bin ${k}: ${mag[k]} vs ${want}`);
    }
  });
  it('rejects sizes that are not powers of two', () => {
    assert.throws(() => new D.RealFFT(1000), /power of two/);
  });
});

describe('sliding median (scipy.ndimage.median_filter, mode reflect)', () => {
  it('equals a direct median with reflected edges, also for sequences shorter than the kernel', () => {
    const rng = createRng(3);
    for (const n of [5, 31, 200]) {
      const x = new Float32Array(n);
      for (let i = 0; i < n; i++) x[i] = Math.round(rng.next() * 20); // ties on purpose
      const out = new Float32Array(n);
      D.slidingMedian(x, 0, 1, n, 31, out, 0, 1, new Float64Array(n + 64));
      for (let i = 0; i < n; i++) {
        const w: number[] = [];
        for (let j = -15; j <= 15; j++) w.push(x[D.reflectIndex(i + j, n)]!);
        w.sort((a, b) => a - b);
        assert.equal(out[i], w[15], `position ${i} of ${n}`);
      }
    }
  });
});

describe('HPSS median filters: WASM SIMD kernel vs JavaScript', () => {
  it('is available on this runtime and gives identical medians (ties, odd sizes, fewer frames than the kernel)', () => {
    assert.equal(D.wasmMedianAvailable(), true);
    const rng = createRng(21);
    for (const [nB, nF] of [
      [7, 9],
      [10, 50],
      [1025, 37],
      [3, 2],
      [9, 9000], // more than one 4096-frame WASM chunk
      [40, 300], // 16-series groups and 4-series groups in both directions
      [20, 4500], // 16-series groups along time across the 4096-frame chunk edge
    ] as const) {
      const data = new Float32Array(nB * nF);
      for (let i = 0; i < data.length; i++) data[i] = Math.round(rng.next() * 40) / 3;
      const S = { nBins: nB, nFrames: nF, data };
      const a = D.hpssMedians(S);
      const b = D.hpssMediansJs(S);
      assert.deepEqual(a.harm, b.harm, `harmonic ${nB}x${nF}`);
      assert.deepEqual(a.perc, b.perc, `percussive ${nB}x${nF}`);
      // the narrowest and widest kernels the WASM kernel takes (its ranks are 8-bit)
      for (const [kh, kp] of [
        [3, 63],
        [63, 5],
      ] as const) {
        const wa = D.hpssMedians(S, kh, kp);
        const wb = D.hpssMediansJs(S, kh, kp);
        assert.deepEqual(wa.harm, wb.harm, `harmonic ${nB}x${nF}, kernel ${kh}`);
        assert.deepEqual(wa.perc, wb.perc, `percussive ${nB}x${nF}, kernel ${kp}`);
      }
      // fused rms (WASM masks) against the JS masks applied to the same medians
      const fused = D.hpssRms(S);
      const h = D.hpss(S);
      const rh = D.rmsFromSpectrogram(h.harmonic);
      const rp = D.rmsFromSpectrogram(h.percussive);
      for (let t = 0; t < nF; t++) {
        assert.ok(Math.abs(fused.harmonic[t]! - rh[t]!) <= 1e-12 + 1e-9 * rh[t]!, `rms(H) frame ${t} of ${nB}x${nF}`);
        assert.ok(Math.abs(fused.percussive[t]! - rp[t]!) <= 1e-12 + 1e-9 * rp[t]!, `rms(P) frame ${t} of ${nB}x${nF}`);
      }
    }
  });
});

describe('STFT magnitude: WASM kernel vs JavaScript', () => {
  it('gives identical values, across the 4096-frame chunk edge and for signals shorter than a frame', () => {
    const rng = createRng(33);
    for (const n of [100, 5000, 512 * 4100 + 77]) {
      const y = new Float32Array(n);
      for (let i = 0; i < n; i++) y[i] = rng.normal() * 0.3;
      const a = D.stftMagnitude(y);
      const b = D.stftMagnitudeJs(y);
      assert.equal(a.nFrames, b.nFrames);
      assert.deepEqual(a.data, b.data, `n = ${n}`);
    }
  });
});

describe('tempogram statistics: WASM kernel vs JavaScript', () => {
  it('agrees for the 384 and 344 (tempo) windows and short envelopes', () => {
    const rng = createRng(44);
    for (const [n, w] of [
      [1000, 384],
      [700, 344],
      [5, 384],
    ] as const) {
      const env = new Float32Array(n);
      for (let i = 3; i < n; i++) env[i] = Math.max(0, rng.normal());
      const a = D.tempogramStats(env, w);
      const b = D.tempogramStatsJs(env, w);
      for (let i = 0; i < w; i++) assert.ok(Math.abs(a.meanOverTime[i]! - b.meanOverTime[i]!) <= 1e-12, `mean lag ${i}`);
      // flatness takes logs of lags as small as 1e-10, where last-bit differences of the two FFT
      // implementations are relatively large: they agree to 1e-8 (measured 7e-10)
      for (let t = 0; t < n; t++) assert.ok(Math.abs(a.frameFlatness[t]! - b.frameFlatness[t]!) <= 1e-8 * b.frameFlatness[t]!, `flatness ${t}`);
    }
  });
});

describe('tempogram statistics: two frames per WASM instruction', () => {
  it('give the bits of one frame at a time (odd and even frame counts, both FFT layouts, silent stretches)', () => {
    const rng = createRng(45);
    for (const [n, w] of [
      [1001, 384], // nPad 1024: odd count of radix-2 bits, and one frame left for the single loop
      [1000, 384],
      [300, 12], // nPad 32: even bit count (a radix-4 first stage)
      [700, 600], // nPad 2048
      [2, 384],
      [1, 384],
    ] as const) {
      const env = new Float32Array(n);
      for (let i = 0; i < n; i++) env[i] = i % 50 < 10 ? 0 : Math.max(0, rng.normal());
      const paired = D.tempogramStats(env, w);
      const single = D.tempogramStatsUnpaired(env, w);
      assert.deepEqual(paired.frameFlatness, single.frameFlatness, `flatness ${n}x${w}`);
      assert.deepEqual(paired.meanOverTime, single.meanOverTime, `mean ${n}x${w}`);
    }
  });
});

describe('mel product: WASM float32 kernel vs JavaScript float64', () => {
  it('agrees to float32 accumulation error across the 4096-frame chunk edge', () => {
    const rng = createRng(55);
    const y = new Float32Array(512 * 4200);
    for (let i = 0; i < y.length; i++) y[i] = rng.normal() * 0.2;
    const P = D.powerOf(D.stftMagnitude(y));
    const fb = D.melFilterbank();
    const a = D.applyMel(P, fb);
    const b = D.applyMelJs(P, fb);
    let max = 0;
    for (const v of b.data) max = Math.max(max, v);
    for (let i = 0; i < a.data.length; i++) {
      assert.ok(Math.abs(a.data[i]! - b.data[i]!) <= 2e-6 * Math.abs(b.data[i]!) + 1e-9 * max, `element ${i}`);
    }
  });
});

describe('mel filterbank', () => {
  it('htk option gives triangles on the HTK scale; Slaney norm gives area normalisation', () => {
    assert.ok(Math.abs(D.hzToMel(1000, true) - 999.9855) < 1e-3);
    assert.ok(Math.abs(D.melToHz(D.hzToMel(4321, true), true) - 4321) < 1e-9);
    assert.ok(Math.abs(D.hzToMel(1000) - 15) < 1e-12);
    const fb = D.melFilterbank({ htk: true, norm: null, nMels: 40 });
    let peak = 0;
    for (const w of fb.weights) for (const v of w) peak = Math.max(peak, v);
    assert.ok(peak <= 1 && peak > 0.9);
    const fbS = D.melFilterbank({ nMels: 40 });
    assert.notDeepEqual(D.melFilterbankDense(fb), D.melFilterbankDense(fbS));
  });
});

describe('power_to_db', () => {
  it('applies ref 1, amin 1e-10 and the 80 dB floor below the maximum', () => {
    const db = D.powerToDb(Float32Array.from([1, 0.1, 0, 1e-12]));
    assert.deepEqual(Array.from(db), [0, Math.fround(-10), -80, -80]);
    const raw = D.powerToDb(Float32Array.from([1, 0]), { topDb: null });
    assert.equal(raw[1], -100);
  });
});

describe('time-domain rms and zero-crossing rate (running sums read at frame edges)', () => {
  // direct per-frame definitions: zero (rms) or edge (zcr) padding, one frame at a time
  function directRms(y: Float32Array, L: number, hop: number, center: boolean): number[] {
    const pad = center ? L >> 1 : 0;
    const nF = 1 + Math.floor((y.length + 2 * pad - L) / hop);
    const out: number[] = [];
    for (let t = 0; t < nF; t++) {
      let s = 0;
      for (let i = 0; i < L; i++) {
        const j = t * hop - pad + i;
        const v = j >= 0 && j < y.length ? y[j]! : 0;
        s += Math.fround(v * v);
      }
      out.push(Math.sqrt(s / L));
    }
    return out;
  }
  function directZcr(y: Float32Array, L: number, hop: number, center: boolean): number[] {
    const pad = center ? L >> 1 : 0;
    const nF = 1 + Math.floor((y.length + 2 * pad - L) / hop);
    const at = (j: number): number => y[Math.min(y.length - 1, Math.max(0, j))]!;
    const out: number[] = [];
    for (let t = 0; t < nF; t++) {
      let c = 0;
      for (let i = 1; i < L; i++) {
        const j = t * hop - pad + i;
        if (at(j) < -1e-10 !== at(j - 1) < -1e-10) c++;
      }
      out.push(c / L);
    }
    return out;
  }
  it('match direct per-frame sums for default, odd and non-dividing frame/hop sizes, centred or not', () => {
    const rng = createRng(11);
    const y = new Float32Array(5003);
    for (let i = 0; i < y.length; i++) y[i] = rng.normal() * 0.3 + (i % 97 < 40 ? 0.2 : -0.1);
    y.fill(0, 1000, 1300);
    for (const [L, hop, center] of [
      [2048, 512, true],
      [1001, 300, true],
      [777, 1000, false],
      [512, 128, false],
    ] as const) {
      const r = D.rms(y, L, hop, center);
      const rd = directRms(y, L, hop, center);
      assert.equal(r.length, rd.length);
      for (let t = 0; t < r.length; t++) assert.ok(Math.abs(r[t]! - rd[t]!) <= 1e-9 * (rd[t]! + 1e-9), `rms ${L}/${hop} frame ${t}`);
      assert.deepEqual([...D.zeroCrossingRate(y, L, hop, center)], directZcr(y, L, hop, center), `zcr ${L}/${hop}`);
    }
  });
});

describe('spectral centroid and bandwidth in one pass', () => {
  it('equal spectralCentroid exactly and spectralBandwidth (p = 2, sequential sums, deviations) to 1e-9, silent frames included', () => {
    const rng = createRng(12);
    const y = new Float32Array(22050);
    for (let i = 0; i < y.length; i++) y[i] = i < 11025 ? Math.sin(i * 0.07) * 0.5 + rng.normal() * 0.05 : 0;
    const S = D.stftMagnitude(y);
    const { centroid, bandwidth } = D.spectralCentroidBandwidth(S, 22050);
    const c = D.spectralCentroid(S, 22050);
    assert.deepEqual(centroid, c);
    assert.deepEqual(bandwidth, D.spectralBandwidth(S, 22050));
    const seq = D.spectralBandwidth(S, 22050, 2, c);
    let worst = 0;
    for (let t = 0; t < seq.length; t++) worst = Math.max(worst, Math.abs(bandwidth[t]! - seq[t]!) / Math.max(seq[t]!, 1e-30));
    assert.ok(worst < 1e-9, `relative difference ${worst}`);
    assert.ok(centroid[5]! > 0 && bandwidth[5]! > 0 && centroid[40]! === 0);
  });
});

describe('spectral contrast: WASM kernel vs JavaScript', () => {
  it('gives identical values across the 4096-frame chunk edge, for default and wider quantiles', () => {
    const rng = createRng(56);
    const y = new Float32Array(512 * 4200);
    for (let i = 0; i < y.length; i++) y[i] = rng.normal() * 0.1 + 0.5 * Math.sin(i * (0.01 + (i % 100000) * 1e-7));
    y.fill(0, 100000, 110000);
    const S = D.stftMagnitude(y);
    const one = new Int32Array([0]);
    assert.ok(wasmContrastMeans(S.data, S.nBins, 2, one, new Int32Array([5]), new Int32Array([1])), 'kernel available');
    for (const o of [{ sr: 22050 }, { sr: 22050, quantile: 0.1, fmin: 100, nBands: 5 }, { sr: 22050, quantile: 0.035 }]) {
      const a = D.spectralContrast(S, o);
      const b = D.spectralContrast(S, { ...o, kernel: 'js' });
      assert.equal(a.nFrames, 4201);
      assert.deepEqual(a.data, b.data);
    }
  });

  it('selects the same values when bands hold NaN, infinities, ties and zeros (register selection and its fallback)', () => {
    const rng = createRng(59);
    const nB = 1025;
    const data = new Float32Array(nB * 40);
    for (let i = 0; i < data.length; i++) data[i] = Math.abs(rng.normal()) * 10 ** (rng.int(6) - 3);
    for (let i = 0; i < data.length; i += 97) data[i] = Number.NaN;
    for (let i = 5; i < data.length; i += 131) data[i] = Number.POSITIVE_INFINITY;
    data.fill(0.5, 3 * nB, 4 * nB);
    data.fill(0, 7 * nB + 300, 7 * nB + 700);
    const S: D.Spectrogram = { nBins: nB, nFrames: 40, data };
    for (const o of [{ sr: 22050 }, { sr: 22050, quantile: 0.035 }]) {
      assert.deepEqual(D.spectralContrast(S, o).data, D.spectralContrast(S, { ...o, kernel: 'js' }).data);
    }
  });
});

describe('piptrack: WASM kernel vs JavaScript', () => {
  const rng = createRng(57);
  const y = new Float32Array(512 * 4200);
  for (let i = 0; i < y.length; i++) {
    const f = 0.05 + 0.02 * Math.sin(i * 2e-5);
    y[i] = 0.4 * Math.sin(i * f) + 0.2 * Math.sin(i * 3.01 * f) + rng.normal() * 0.02;
  }
  y.fill(0, 200000, 220000);
  const S = D.stftMagnitude(y);
  const P = D.powerOf(S, 2);

  it('gives identical peaks, in the same order, across the 4096-frame chunk edge (magnitude and power input, border bins, silent frames)', () => {
    assert.ok(wasmPiptrackPeaks(S.data, S.nBins, 2, 10, 20, 0.1, false, 22050, 2048), 'kernel available');
    const cases: [D.Spectrogram, D.PiptrackOptions][] = [
      [S, { input: 'magnitude' }],
      [P, {}],
      [S, { input: 'magnitude', fmin: 0, fmax: 11025, threshold: 0.01 }],
      [P, { fmin: 37, fmax: 5003, threshold: 0.3 }],
    ];
    for (const [X, o] of cases) {
      const a = D.piptrack(X, o);
      const b = D.piptrackJs(X, o);
      assert.ok(b.pitches.length > 3000, `${JSON.stringify(o)}: ${b.pitches.length} peaks`);
      assert.deepEqual(a.pitches, b.pitches, JSON.stringify(o));
      assert.deepEqual(a.mags, b.mags, JSON.stringify(o));
    }
  });

  it('estimateTuning takes the median magnitude by selection: the same tuning as a full sort', () => {
    for (const [X, input] of [
      [S, 'magnitude'],
      [P, 'power'],
    ] as const) {
      const { pitches, mags } = D.piptrackJs(X, { input });
      const pos = Float32Array.from(mags.filter((_, i) => pitches[i]! > 0)).sort();
      const n = pos.length;
      const f32 = Math.fround;
      const thr = n % 2 === 1 ? pos[(n - 1) >> 1]! : f32(f32(pos[n / 2 - 1]! + pos[n / 2]!) / 2);
      const sel = [...pitches].filter((p, i) => p > 0 && mags[i]! >= thr);
      assert.equal(D.estimateTuning(X, 22050, 0.01, 12, input), D.pitchTuning(sel));
    }
    // even and odd peak counts both reach the two-middle-values branch and the single-middle one
    const odd = { ...S, nFrames: 3, data: S.data.subarray(0, 3 * S.nBins) };
    assert.equal(typeof D.estimateTuning(odd, 22050, 0.01, 12, 'magnitude'), 'number');
  });
});

describe('centroid, bandwidth and flatness: WASM kernels vs JavaScript', () => {
  it('give identical values across the 4096-frame chunk edge, for odd and short frames, silent frames and NaN', () => {
    const rng = createRng(60);
    const y = new Float32Array(512 * 4150);
    for (let i = 0; i < y.length; i++) y[i] = 0.3 * Math.sin(i * (0.03 + (i % 70000) * 1e-7)) + rng.normal() * 0.03;
    y.fill(0, 100000, 120000);
    const big = D.stftMagnitude(y);
    const odd: D.Spectrogram = { nBins: 37, nFrames: 50, data: new Float32Array(37 * 50).map(() => Math.abs(rng.normal())) };
    odd.data[40] = Number.NaN;
    odd.data[37 * 3 + 5] = Number.POSITIVE_INFINITY;
    odd.data.fill(0, 37 * 10, 37 * 11);
    const short: D.Spectrogram = { nBins: 3, nFrames: 4, data: new Float32Array([1, 2, 3, 0, 0, 0, 1e-30, 5, 1e20, 4, 4, 4]) };
    for (const S of [big, odd, short]) {
      for (const withBw of [true, false]) {
        const a = D.spectralCentroidBandwidth(S, 22050, withBw);
        const b = D.spectralCentroidBandwidth(S, 22050, withBw, 'js');
        assert.deepEqual(a, b, `${S.nBins} bins, bandwidth ${withBw}`);
      }
      assert.deepEqual(D.spectralFlatness(S), D.spectralFlatness(S, 2, 1e-10, 'js'), `${S.nBins} bins`);
    }
    assert.ok(D.spectralCentroid(big).some((c) => c > 0));
  });
});

describe('power_to_db: WASM kernel vs JavaScript', () => {
  it('the kernel logarithm equals Math.log bit for bit (random normal doubles, near 1, powers of two)', () => {
    const rng = createRng(61);
    const box = new Float64Array(1);
    const words = new Uint32Array(box.buffer);
    const xs: number[] = [];
    for (let i = 0; i < 200000; i++) {
      words[0] = rng.int(2 ** 32);
      words[1] = 0x00100000 + rng.int(0x7fe00000); // positive normal doubles, little-endian high word
      xs.push(box[0]!);
    }
    for (let i = -500; i <= 500; i++) xs.push(1 + i * 2 ** -40, 1 + i * 2 ** -21, 1 + i * 1e-7, 2 ** (i / 3));
    assert.notEqual(wasmLog(2), undefined, 'kernel available');
    let bad = 0;
    for (const x of xs) if (!Object.is(wasmLog(x), Math.log(x))) bad++;
    assert.equal(bad, 0, `${bad} of ${xs.length} differ`);
  });

  it('gives identical float32 dB values and floor on any float32 input (NaN, ±∞, negative, subnormal) and on a mel spectrogram', () => {
    const rng = createRng(62);
    const x = new Float32Array(300001);
    const bits = new Uint32Array(x.buffer);
    for (let i = 0; i < x.length; i++) bits[i] = rng.int(2 ** 32);
    const y = new Float32Array(512 * 300);
    for (let i = 0; i < y.length; i++) y[i] = Math.sin(i * 0.01) * 0.5 + rng.normal() * 0.01;
    const mel = D.melSpectrogramFromMagnitude(D.stftMagnitude(y));
    for (const data of [x, mel.data]) {
      for (const o of [{}, { topDb: null }, { ref: 3.5, amin: 1e-30, topDb: 40 }]) {
        const a = D.powerToDb(data, o);
        const b = D.powerToDb(data, o, 'js');
        // equal values; NaN payload bits may differ (deepEqual on typed arrays compares bytes)
        let bad = 0;
        for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) bad++;
        assert.equal(bad, 0, `${JSON.stringify(o)}: ${bad} of ${a.length} differ`);
        assert.equal(a.length, b.length);
      }
    }
    assert.ok(x.some((v) => Number.isNaN(v)) && x.some((v) => v < 0) && x.some((v) => v > 0 && v < 1e-38), 'the random input covers NaN, negatives and subnormals');
  });
});

describe('zero crossings and the input check: WASM kernels vs JavaScript', () => {
  it('zero-crossing rate: identical across the sample and position chunk edges, for zeros, NaN and samples at the threshold', () => {
    const rng = createRng(63);
    const y = new Float32Array(512 * 4300 + 11);
    for (let i = 0; i < y.length; i++) y[i] = rng.normal() * 0.1 + 0.05 * Math.sin(i * 0.001);
    y.fill(0, 1000, 5000);
    // the threshold −1e-10 lies between two float32 values: both neighbours must count as in JS
    for (let i = 6000; i < 7000; i += 2) y[i] = i % 4 === 0 ? Math.fround(-1e-10) : -1.0000001e-10;
    for (let i = 9000; i < 9100; i++) y[i] = Number.NaN;
    for (const [L, hop, center] of [
      [2048, 512, true],
      [1000, 300, false],
      [7, 5, true],
    ] as const) {
      const a = D.zeroCrossingRate(y, L, hop, center);
      const b = D.zeroCrossingRate(y, L, hop, center, 1e-10, 'js');
      assert.deepEqual(a, b, `${L}/${hop}/${center}`);
    }
    assert.deepEqual(D.zeroCrossingRate(y, 2048, 512, true, 0.05), D.zeroCrossingRate(y, 2048, 512, true, 0.05, 'js'));
    const short = new Float32Array([1, -1, 0, -2, 3]);
    assert.deepEqual(D.zeroCrossingRate(short, 4, 1), D.zeroCrossingRate(short, 4, 1, true, 1e-10, 'js'));
  });

  it('checkSignal: the same verdicts and messages (silent, non-finite at a chunk edge, valid)', async () => {
    const { checkSignal } = await import('../../src/features/extract.js');
    const verdict = (y: Float32Array, kernel: 'wasm' | 'js') => {
      try {
        checkSignal(y, 22050, kernel);
        return 'ok';
      } catch (e) {
        return (e as Error).message;
      }
    };
    const loud = new Float32Array((1 << 20) + 4099).map((_, i) => 0.5 * Math.sin(i * 0.01));
    const quiet = new Float32Array(5000).fill(1e-6);
    quiet[4999] = -9e-6;
    const negPeak = new Float32Array(5000);
    negPeak[4321] = -0.3;
    const inf = loud.slice();
    inf[(1 << 20) + 3] = Number.NEGATIVE_INFINITY;
    const nan = loud.slice();
    nan[77] = Number.NaN;
    for (const y of [loud, quiet, negPeak, inf, nan, new Float32Array(100)]) assert.equal(verdict(y, 'wasm'), verdict(y, 'js'));
    assert.equal(verdict(inf, 'wasm'), `analysis failed: sample ${(1 << 20) + 3} is not a finite number`);
    assert.match(verdict(quiet, 'wasm'), /silent/);
    assert.equal(verdict(negPeak, 'wasm'), 'ok');
  });
});

describe('resident spectrogram (left in the STFT kernel memory, read in place by the spectral kernels)', () => {
  it('gives the same spectrogram and the same mel, chroma, piptrack and contrast values as a copy, across the chunk edge and a reused memory', () => {
    const rng = createRng(58);
    for (const n of [512 * 4200 + 33, 30000, 512 * 4300]) {
      const y = new Float32Array(n);
      for (let i = 0; i < n; i++) y[i] = 0.3 * Math.sin(i * (0.02 + (i % 50000) * 2e-7)) + rng.normal() * 0.05;
      const lease = D.stftMagnitudeLeased(y);
      const S = lease.S;
      const copy: D.Spectrogram = { ...S, data: Float32Array.from(S.data) };
      assert.ok(residentHome(S.data), 'the leased spectrogram is a view of the kernel memory');
      assert.equal(residentHome(copy.data), undefined);
      assert.deepEqual(copy.data, D.stftMagnitude(y).data, `n = ${n}`);
      assert.deepEqual(D.melSpectrogramFromMagnitude(S).data, D.melSpectrogramFromMagnitude(copy).data);
      const a = D.chromaStftFromMagnitude(S);
      const b = D.chromaStftFromMagnitude(copy);
      assert.equal(a.tuning, b.tuning);
      assert.deepEqual(a.chroma.data, b.chroma.data);
      assert.deepEqual(D.piptrack(S, { input: 'magnitude' }), D.piptrack(copy, { input: 'magnitude' }));
      assert.deepEqual(D.spectralContrast(S).data, D.spectralContrast(copy).data);
      assert.deepEqual(D.spectralCentroidBandwidth(S), D.spectralCentroidBandwidth(copy));
      assert.deepEqual(D.spectralFlatness(S), D.spectralFlatness(copy));
      lease.release();
      assert.equal(residentHome(S.data), undefined, 'released');
      lease.release(); // a second release is harmless
    }
  });

  it('two live leases do not share memory, and a disposed TrackContext computes again', async () => {
    const { TrackContext } = await import('../../src/features/context.js');
    const y1 = new Float32Array(20000).map((_, i) => Math.sin(i * 0.05));
    const y2 = new Float32Array(20000).map((_, i) => 0.5 * Math.sin(i * 0.11));
    const l1 = D.stftMagnitudeLeased(y1);
    const l2 = D.stftMagnitudeLeased(y2);
    assert.deepEqual(l1.S.data, D.stftMagnitude(y1).data);
    assert.deepEqual(l2.S.data, D.stftMagnitude(y2).data);
    l1.release();
    l2.release();
    const ctx = new TrackContext(y1, 22050);
    const c1 = Float64Array.from(ctx.centroid);
    ctx.dispose();
    assert.deepEqual(ctx.magnitude.data, D.stftMagnitude(y1).data);
    assert.deepEqual(ctx.centroid, c1);
    ctx.dispose();
  });
});

describe('bad input', () => {
  it('rolloff at several percents in one pass equals one percent at a time, bit for bit (frames in fours and the rest)', () => {
    const rng = createRng(57);
    for (const [nB, nF] of [
      [1025, 11],
      [7, 4],
      [5, 3],
    ] as const) {
      const data = new Float32Array(nB * nF);
      for (let i = 0; i < data.length; i++) data[i] = rng.next() < 0.2 ? 0 : Math.fround(rng.next() ** 3);
      // a silent frame: every threshold is 0, reached at the first bin
      data.fill(0, 0, nB);
      const S = { nBins: nB, nFrames: nF, data };
      const percents = [0.9, 0.1, 0.85];
      const multi = D.spectralRolloffMulti(S, 22050, percents);
      for (const [j, r] of percents.entries()) assert.deepEqual(multi[j], D.spectralRolloff(S, 22050, r), `rolloff ${r}, ${nB}x${nF}`);
    }
  });

  it('rolloff refuses roll_percent outside (0, 1)', () => {
    const S = D.stftMagnitude(new Float32Array(4096).fill(0.1));
    assert.throws(() => D.spectralRolloff(S, 22050, 1.2), /roll_percent/);
  });
});
