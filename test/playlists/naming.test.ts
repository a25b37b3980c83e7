import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../src/util/rng.js';
import { clusterProfiles, nameClusters, parseFeatureName } from '../../src/playlists/naming.js';

const SAFE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Tracks whose features are drawn around per-cluster offsets (in library units). */
function tracks(
  offsets: Record<string, number>[],
  perCluster: number,
  base: Record<string, [number, number]>,
  seed: number,
): { values: Record<string, number>[]; labels: Int32Array } {
  const rng = createRng(seed);
  const values: Record<string, number>[] = [];
  const labels: number[] = [];
  offsets.forEach((off, c) => {
    for (let t = 0; t < perCluster; t++) {
      const v: Record<string, number> = {};
      for (const [name, [mean, sd]] of Object.entries(base)) v[name] = mean + sd * ((off[name] ?? 0) + 0.3 * rng.normal());
      values.push(v);
      labels.push(c);
    }
  });
  return { values, labels: Int32Array.from(labels) };
}

test('parseFeatureName splits descriptors that contain dots', () => {
  assert.deepEqual(parseFeatureName('spectral_rolloff_0.9.clip_median'), {
    descriptor: 'spectral_rolloff_0.9',
    summary: 'clip_median',
    band: '',
  });
  assert.deepEqual(parseFeatureName('mfcc.mean.3'), { descriptor: 'mfcc', summary: 'mean', band: '3' });
  assert.deepEqual(parseFeatureName('tempo'), { descriptor: 'tempo', summary: 'value', band: '' });
});

test('nameClusters describes brightness, percussion and loudness relative to the library (readme-like set)', () => {
  const base: Record<string, [number, number]> = {
    'spectral_centroid_mel.clip_mean': [1500, 300],
    'spectral_rolloff_0.9.clip_median': [5000, 1000],
    'hpss_rms_difference.clip_mean': [0.01, 0.02],
    'spectral_flatness.clip_mean': [0.01, 0.005],
    'tempogram_flatness.clip_mean': [0.5, 0.1],
    'bark_magnitude.clip_mean.0': [1, 0.2],
  };
  const { values, labels } = tracks(
    [
      // bright and percussive (harmonic − percussive low)
      { 'spectral_centroid_mel.clip_mean': 2, 'spectral_rolloff_0.9.clip_median': 2, 'hpss_rms_difference.clip_mean': -2 },
      // dark and smooth
      { 'spectral_centroid_mel.clip_mean': -2, 'spectral_rolloff_0.9.clip_median': -2, 'hpss_rms_difference.clip_mean': 2 },
      // noisy, loud
      { 'spectral_flatness.clip_mean': 2.5, 'bark_magnitude.clip_mean.0': 2 },
    ],
    40,
    base,
    1,
  );
  const names = nameClusters(values, labels);
  assert.equal(names.length, 3);
  // Clusters 0 and 1 are also quieter and more tonal than the library (cluster 2 is loud and
  // noisy): either is a fair third word.
  assert.match(names[0]!, /^bright-percussive(-quiet|-tonal)?$/);
  assert.match(names[1]!, /^dark-smooth(-quiet|-tonal)?$/);
  assert.ok(names[2]!.includes('noisy') && names[2]!.includes('loud'), names[2]);
  for (const nm of names) assert.match(nm, SAFE);
  assert.equal(new Set(names).size, 3);
  const prof = clusterProfiles(values, labels);
  assert.equal(prof[0]![0]!.axis === 'brightness' || prof[0]![0]!.axis === 'percussion', true);
  assert.ok(prof[0]![0]!.effect > 1);
});

test('nameClusters works on the blog set (no tempo or HPSS) and ignores unassigned tracks', () => {
  const base: Record<string, [number, number]> = {
    'spectral_bandwidth.mean': [2000, 400],
    'rms.mean': [0.1, 0.03],
    'spectral_flatness.mean': [0.02, 0.01],
    'zero_crossing_rate.mean': [0.08, 0.02],
    'mfcc.mean.1': [100, 20],
  };
  const { values, labels } = tracks(
    [
      { 'spectral_bandwidth.mean': 2, 'rms.mean': -2 },
      { 'spectral_bandwidth.mean': -2, 'rms.mean': 2, 'spectral_flatness.mean': -1, 'zero_crossing_rate.mean': -1 },
    ],
    30,
    base,
    2,
  );
  const lab = Int32Array.from(labels);
  lab[0] = -1;
  const names = nameClusters(values, lab);
  assert.equal(names.length, 2);
  assert.match(names[0]!, /^bright-(noisy-)?quiet$/);
  assert.ok(names[1]!.startsWith('dark-'), names[1]);
  assert.ok(names[1]!.includes('loud'));
});

test('nameClusters disambiguates clusters with the same profile', () => {
  const base: Record<string, [number, number]> = { 'spectral_centroid.mean': [2000, 500], 'rms.mean': [0.1, 0.02] };
  const { values, labels } = tracks(
    [
      { 'spectral_centroid.mean': 2, 'rms.mean': 2 },
      { 'spectral_centroid.mean': 2, 'rms.mean': 2 },
      { 'spectral_centroid.mean': -2, 'rms.mean': -2 },
      { 'spectral_centroid.mean': -2, 'rms.mean': -2 },
    ],
    10,
    base,
    3,
  );
  const names = nameClusters(values, labels);
  assert.equal(new Set(names).size, 4, names.join(' '));
  for (const nm of names) assert.match(nm, SAFE);
  assert.deepEqual(
    names.map((n) => n.replace(/-\d+$/, '')),
    ['bright-loud', 'bright-loud', 'dark-quiet', 'dark-quiet'],
  );
});

test('nameClusters keeps extra words only where they tell clusters apart; alike ones keep their first words and a suffix', () => {
  const base: Record<string, [number, number]> = {
    'spectral_centroid_mel.clip_mean': [1500, 300],
    'hpss_rms_difference.clip_mean': [0.01, 0.02],
    'spectral_flatness.clip_mean': [0.01, 0.005],
    'tempogram_flatness.clip_mean': [0.5, 0.1],
    'bark_magnitude.clip_mean.0': [1, 0.2],
  };
  // three clusters alike on every axis, two alike on their three strongest axes only, one quiet
  const alike = { 'spectral_centroid_mel.clip_mean': 2.5, 'hpss_rms_difference.clip_mean': -2, 'spectral_flatness.clip_mean': 1.6 };
  const pair = { 'spectral_centroid_mel.clip_mean': -2.5, 'hpss_rms_difference.clip_mean': 2, 'spectral_flatness.clip_mean': -1.6 };
  const { values, labels } = tracks(
    [alike, alike, alike, { ...pair, 'tempogram_flatness.clip_mean': 0.4 }, { ...pair, 'tempogram_flatness.clip_mean': -0.4 }, { 'bark_magnitude.clip_mean.0': -2 }],
    30,
    base,
    4,
  );
  const names = nameClusters(values, labels);
  assert.equal(new Set(names).size, 6, names.join(' '));
  const stem = names[0]!;
  assert.equal(stem.split('-').length, 3, `three words, not every axis: ${stem}`);
  assert.deepEqual(names.slice(1, 3), [`${stem}-2`, `${stem}-3`]);
  // the pair differ in their fourth word, which is kept
  const [a, b] = [names[3]!.split('-'), names[4]!.split('-')];
  assert.equal(a.length, 4, names[3]);
  assert.equal(b.length, 4, names[4]);
  // (words stand in axis order) three words shared, one each of their own
  assert.equal(a.filter((w) => b.includes(w)).length, 3, `${names[3]} / ${names[4]}`);
});

test('namesakes get the word that tells them apart, not their next strongest shared word', () => {
  const [C, H, F, T, B] = [
    'spectral_centroid_mel.clip_mean',
    'hpss_rms_difference.clip_mean',
    'spectral_flatness.clip_mean',
    'tempogram_flatness.clip_mean',
    'bark_magnitude.clip_mean.0',
  ];
  const base: Record<string, [number, number]> = { [C]: [1500, 300], [H]: [0.01, 0.02], [F]: [0.01, 0.005], [T]: [0.5, 0.1], [B]: [1, 0.2] };
  // two clusters alike on their four strongest axes (bright, percussive, noisy, loud) that differ
  // in pulse, their weakest; the other clusters spread loudness and pulse widely
  const shared = { [C]: 2, [H]: -2, [F]: 2, [B]: 2 };
  const { values, labels } = tracks(
    [{ ...shared, [T]: 0.6 }, { ...shared, [T]: -0.6 }, { [B]: 3, [T]: 2 }, { [B]: -3, [T]: -2 }, {}],
    30,
    base,
    5,
  );
  const prof = clusterProfiles(values, labels);
  // the premise: after the three first words, both have `loud` next and pulse last
  for (const c of [0, 1]) {
    assert.deepEqual(
      prof[c]!.slice(3).map((e) => e.word),
      ['loud', c === 0 ? 'floating' : 'rhythmic'],
      JSON.stringify(prof[c]),
    );
  }
  const names = nameClusters(values, labels);
  // (the next-strongest rule made `bright-percussive-floating-noisy-loud` and `…-rhythmic-noisy-loud`)
  assert.equal(names[0], 'bright-percussive-floating-noisy');
  assert.equal(names[1], 'bright-percussive-rhythmic-noisy');
  assert.equal(new Set(names).size, names.length, names.join(' '));
});

test('nameClusters falls back to MFCCs and to cluster-N', () => {
  const rng = createRng(4);
  const values = Array.from({ length: 20 }, (_, i) => ({
    'mfcc.mean.0': (i < 10 ? -200 : -100) + rng.normal(),
    'mfcc.mean.1': (i < 10 ? 150 : 50) + rng.normal(),
  }));
  const labels = Int32Array.from({ length: 20 }, (_, i) => (i < 10 ? 0 : 1));
  assert.deepEqual(nameClusters(values, labels), ['dark-quiet', 'bright-loud']);
  const opaque = Array.from({ length: 4 }, (_, i) => ({ 'chroma_stft.mean.0': i }));
  assert.deepEqual(nameClusters(opaque, [0, 0, 1, 1]), ['cluster-1', 'cluster-2']);
});

test('nameClusters reads bass weight from the share of low mel or bark bands', () => {
  const rng = createRng(6);
  const mk = (low: number, bands: string[]): Record<string, number> => {
    const v: Record<string, number> = {};
    bands.forEach((b, k) => {
      v[b] = (k < 2 ? low : 1) * (1 + 0.05 * rng.normal());
    });
    return v;
  };
  const mel = Array.from({ length: 20 }, (_, k) => `melspectrogram.mean.${k}`);
  const bark = Array.from({ length: 6 }, (_, k) => `bark_band_magnitude.clip_mean.${k}`);
  for (const bands of [mel, bark]) {
    const values = [...Array.from({ length: 10 }, () => mk(8, bands)), ...Array.from({ length: 10 }, () => mk(0.2, bands))];
    const labels = values.map((_, i) => (i < 10 ? 0 : 1));
    const names = nameClusters(values, labels);
    assert.ok(names[0]!.split('-').includes('bassy'), names.join(' '));
    assert.ok(names[1]!.split('-').includes('airy'), names.join(' '));
  }
});

test('the percussion axis reads the harmonic–percussive difference relative to loudness: a quiet harmonic cluster is as smooth as a loud one', () => {
  const rng = createRng(3);
  const values: Record<string, number>[] = [];
  const labels: number[] = [];
  // [rms, harmonic share]: loud harmonic, quiet harmonic, mid-level percussive
  const clusters: [number, number][] = [
    [0.3, 0.5],
    [0.03, 0.5],
    [0.1, -0.5],
  ];
  clusters.forEach(([rms, share], c) => {
    for (let t = 0; t < 30; t++) {
      const r = rms * (1 + 0.05 * rng.normal());
      const sh = share + 0.05 * rng.normal();
      values.push({ 'rms.mean': r, 'hpss_rms_difference.clip_mean': sh * r, 'spectral_bandwidth.mean': 2000 + 50 * rng.normal() });
      labels.push(c);
    }
  });
  const prof = clusterProfiles(values, Int32Array.from(labels));
  const perc = (c: number) => prof[c]!.find((e) => e.axis === 'percussion')!;
  assert.equal(perc(0).word, 'smooth');
  assert.equal(perc(1).word, 'smooth');
  assert.equal(perc(2).word, 'percussive');
  // equal shares give equal effects (the absolute difference would put the quiet cluster near 0)
  assert.ok(Math.abs(perc(0).effect - perc(1).effect) < 0.1, `${perc(0).effect} vs ${perc(1).effect}`);
  assert.ok(perc(1).effect < -0.5);
});
