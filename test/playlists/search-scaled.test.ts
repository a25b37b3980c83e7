import assert from 'node:assert/strict';
import { test } from 'node:test';
import { standardScale } from '../../src/embed/index.js';
import { descriptorOfValue, featureNames, isPowerValue } from '../../src/features/index.js';
import { searchScaled } from '../../src/playlists/index.js';
import type { Matrix } from '../../src/util/matrix.js';

test('power values are the mel band means; value names find their descriptor by the longest name', () => {
  assert.equal(isPowerValue('melspectrogram.mean.0'), true);
  assert.equal(isPowerValue('melspectrogram.mean.127'), true);
  for (const name of ['rms.mean', 'mfcc.mean.0', 'bark_band_magnitude.clip_mean.2', 'spectral_flatness.mean', 'melspectrogram', 'nothing.mean']) {
    assert.equal(isPowerValue(name), false, name);
  }
  assert.equal(descriptorOfValue('spectral_rolloff_0.1.clip_mean')?.name, 'spectral_rolloff_0.1');
  assert.equal(descriptorOfValue('spectral_rolloff.mean')?.name, 'spectral_rolloff');
  assert.equal(descriptorOfValue('tempo'), undefined);
  assert.equal(featureNames('full').filter(isPowerValue).length, 128);
  assert.equal(featureNames('readme').filter(isPowerValue).length, 0);
});

test('searchScaled takes power to decibels (floored at 1e-10) before scaling, and leaves other columns as the scaler does', () => {
  const columns = ['melspectrogram.mean.0', 'rms.mean', 'melspectrogram.mean.1'];
  const X: Matrix = { rows: 4, cols: 3, data: Float64Array.from([1e-4, 0.1, 0, 1e-2, 0.2, 1e-3, 1, 0.3, 1e-5, 100, 0.9, 1e-1]) };
  const Z = searchScaled(X, columns);
  const db = { rows: 4, cols: 3, data: Float64Array.from(X.data) };
  for (let i = 0; i < 4; i++) {
    db.data[i * 3] = 10 * Math.log10(X.data[i * 3]!);
    db.data[i * 3 + 2] = 10 * Math.log10(Math.max(X.data[i * 3 + 2]!, 1e-10));
  }
  const expected = standardScale(db).Z;
  for (let k = 0; k < Z.data.length; k++) assert.ok(Math.abs(Z.data[k]! - expected.data[k]!) < 1e-12, `element ${k}`);
  // in decibels the four levels 1e-4..100 are evenly spaced: -40, -20, 0, 20 dB
  const col0 = [0, 1, 2, 3].map((i) => Z.data[i * 3]!);
  assert.ok(Math.abs(col0[1]! - col0[0]! - (col0[3]! - col0[2]!)) < 1e-12);
  // raw, one loud track sets the scale: the three quiet ones sit together
  const raw = standardScale(X).Z;
  assert.ok(Math.abs(raw.data[3]! - raw.data[0]!) < 0.02);
  // no power column: exactly the standard scaler
  const plain = searchScaled(X, ['rms.mean', 'mfcc.mean.0', 'zero_crossing_rate.mean']);
  assert.deepEqual(Array.from(plain.data), Array.from(raw.data));
  assert.throws(() => searchScaled(X, columns.slice(0, 2)), /2 column names for 3 columns/);
});
