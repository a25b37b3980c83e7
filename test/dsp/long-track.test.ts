import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as D from '../../src/dsp/index.js';
import { residentHome } from '../../src/dsp/resident.js';

test('a spectrogram over 2 GiB (a track of 3.4 hours and more) is computed and read in place, past the 2^31st byte', () => {
  // Until the twelfth session byte offsets were aligned with `& ~15`, which turns them negative past
  // 2^31: a four-hour mix or audiobook failed with "Invalid typed array length".
  const nBins = 1025;
  const nFrames = Math.ceil((2 ** 31 + 2 ** 26) / (nBins * 4));
  const n = (nFrames - 1) * 512;
  const y = new Float32Array(n);
  // a sweep of a prime length, repeated: frames differ from their neighbours, and filling is quick
  const period = 1_000_003;
  for (let i = 0; i < period; i++) y[i] = 0.4 * Math.sin(i * (0.01 + i * 3e-7));
  for (let at = period; at < n; at += period) y.copyWithin(at, 0, Math.min(period, n - at));
  const lease = D.stftMagnitudeLeased(y);
  try {
    const S = lease.S;
    assert.equal(S.nFrames, nFrames);
    assert.ok(residentHome(S.data), 'the kernel holds it (not the JavaScript fallback)');
    // frames on both sides of the 2^31st byte and at the end, against the one-frame JavaScript transform
    const boundary = Math.floor(2 ** 31 / (nBins * 4));
    for (const t of [10, boundary - 1, boundary + 1, nFrames - 10]) {
      const s0 = t * 512 - 1024;
      const ref = D.stftMagnitudeJs(y.subarray(s0, s0 + 2048), { center: false });
      const got = S.data.subarray(t * nBins, (t + 1) * nBins);
      let worst = 0;
      for (let k = 0; k < nBins; k++) worst = Math.max(worst, Math.abs(got[k]! - ref.data[k]!));
      assert.ok(worst < 1e-3, `frame ${t}: differs by ${worst}`);
    }
    // the spectral kernels read it in place and place their scratch after it, beyond 2^31 too
    const tail = 300;
    const copy: D.Spectrogram = { nBins, nFrames: tail, data: Float32Array.from(S.data.subarray((nFrames - tail) * nBins)) };
    const all = D.spectralCentroidBandwidth(S);
    const part = D.spectralCentroidBandwidth(copy);
    assert.deepEqual(all.centroid.subarray(nFrames - tail), part.centroid);
    assert.deepEqual(all.bandwidth.subarray(nFrames - tail), part.bandwidth);
    const melAll = D.melSpectrogramFromMagnitude(S);
    const melPart = D.melSpectrogramFromMagnitude(copy);
    assert.deepEqual(melAll.data.subarray((nFrames - tail) * melAll.nBins), melPart.data);
  } finally {
    lease.release();
  }
});
