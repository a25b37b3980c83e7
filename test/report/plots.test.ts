import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildReportHtml } from '../../src/report/html.js';
import { elbowPlot, genreCountsByCluster, sweepMetricsPlot, wantsLogAxis } from '../../src/report/plots/metrics.js';
import { projectPoints } from '../../src/report/plots/projection.js';
import { renderPlots, writePlots } from '../../src/report/write-plots.js';
import { tempDir } from '../helpers.js';
import { makeRunResult } from './fixture.js';
import { xmlProblem } from './xml-check.js';

const HOSTILE_TITLE = '<img src=x onerror=alert(1)>';
const HOSTILE_GENRE = 'a</script><img src=x onerror=alert(2)> & "b"';

test('every plot is well-formed XML, documented names, hostile tag text escaped', () => {
  const r = makeRunResult({
    nTracks: 40,
    genres: ['ambient', HOSTILE_GENRE, 'rock & roll', 'chiptune'],
    title: (i) => (i % 4 === 0 ? HOSTILE_TITLE : `Track ${i}`),
  });
  const dir = tempDir();
  const plots = writePlots(r, dir);
  const names = plots.map((p) => p.file);
  assert.deepEqual(names, [
    'centroid-by-median.svg',
    'centroid-by-genre.svg',
    'feature-heatmap.svg',
    'embedding-pca1-genre.svg',
    'embedding-pca1-cluster.svg',
    'embedding-pca2-genre.svg',
    'embedding-pca2-cluster.svg',
    'embedding-pca3-genre.svg',
    'embedding-pca3-cluster.svg',
    'embedding-ae2-genre.svg',
    'embedding-ae2-cluster.svg',
    'sweep-metrics.svg',
    'elbow.svg',
    'silhouette.svg',
    'genre-by-cluster.svg',
  ]);
  assert.deepEqual(readdirSync(dir).sort(), [...names].sort(), 'only the plots, no temp files left');
  for (const p of plots) {
    const onDisk = readFileSync(join(dir, p.file), 'utf8');
    assert.equal(onDisk, p.svg);
    assert.equal(xmlProblem(onDisk), null, `${p.file}: ${xmlProblem(onDisk)}`);
    assert.ok(onDisk.startsWith('<svg'), p.file);
    assert.ok(!onDisk.includes('<img'), `${p.file} holds a raw <img tag`);
    assert.ok(!/<script/i.test(onDisk), `${p.file} holds a <script tag`);
  }
  // The hostile genre is drawn (legend), as escaped text.
  const genrePlot = plots.find((p) => p.file === 'embedding-pca2-genre.svg')!.svg;
  assert.ok(genrePlot.includes('a&lt;/script&gt;&lt;img'), 'hostile genre shown as escaped text');
  // With 40 files the centroid plot labels each file by title: the hostile title is escaped text.
  const centroid = plots.find((p) => p.file === 'centroid-by-median.svg')!.svg;
  assert.ok(centroid.includes('&lt;img src=x'), 'hostile title shown as escaped text');
});

test('plots without data are left out; genre colours: no-genre grey and legend present', () => {
  const r = makeRunResult({ nTracks: 20 });
  r.centroidStats = undefined;
  r.sweep = [];
  r.elbow = [];
  r.silhouetteSamples = [];
  const names = renderPlots(r).map((p) => p.file);
  for (const gone of ['centroid-by-median.svg', 'centroid-by-genre.svg', 'sweep-metrics.svg', 'elbow.svg', 'silhouette.svg']) {
    assert.ok(!names.includes(gone), gone);
  }
  assert.ok(names.includes('genre-by-cluster.svg'));
  const g = renderPlots(r).find((p) => p.file === 'embedding-pca2-genre.svg')!.svg;
  assert.ok(g.includes('(no genre)'), 'no-genre legend entry');
  assert.ok(g.toLowerCase().includes('#9e9e9e'), 'no-genre grey');
});

test('genre by cluster: every track counted once, in its own cluster, and the bars drawn', () => {
  const r = makeRunResult({ nTracks: 60, nClusters: 4, genres: ['ambient', 'rock', 'chiptune'] });
  r.tracks[3]!.cluster = -1; // one unassigned track, in no playlist
  r.tracks[3]!.playlistIndex = -1;
  for (const p of r.playlists) p.trackIndices = p.trackIndices.filter((i) => i !== 3);
  const { clusters, genres, counts } = genreCountsByCluster(r);
  assert.equal(clusters.at(-1)!.label, 'unassigned');
  assert.equal(counts.flat().reduce((a, b) => a + b, 0), 60);
  clusters.forEach((c, k) => {
    const inCluster = counts.reduce((a, row) => a + row[k]!, 0);
    assert.equal(inCluster, c.members.length, `${c.label} holds ${c.members.length} tracks`);
  });
  genres.forEach((g, gi) => {
    for (const [k, c] of clusters.entries()) {
      const expected = g.members.filter((i) => c.members.includes(i)).length;
      assert.equal(counts[gi]![k], expected, `${g.label} in ${c.label}`);
    }
  });
  // the chart's y axis reaches the largest stack, not 1 (it did when no bar matched its cluster)
  const svg = renderPlots(r).find((p) => p.file === 'genre-by-cluster.svg')!.svg;
  const bars = [...svg.matchAll(/<path d="M[\d.]+ [\d.]+l[\d.]+ 0l0 (-?[\d.]+)/g)].map((m) => Math.abs(Number(m[1])));
  assert.ok(bars.some((h) => h > 10), 'some bars have a visible height');
});

test('scores spanning decades get a log axis; the elbow is drawn as the rule reads it, chosen k ringed', () => {
  assert.equal(wantsLogAxis([5, 80, 4000]), true);
  assert.equal(wantsLogAxis([0.2, 0.9]), false);
  assert.equal(wantsLogAxis([0, 10, 5000]), false, 'a zero cannot sit on a log axis');
  const r = makeRunResult({ nTracks: 30 });
  // an autoencoder space whose near-duplicate codes give Calinski–Harabasz 10^5 next to 10s
  for (const row of r.sweep) row.metrics.calinski_harabasz = row.space === 'pca3' ? 1e5 * row.k : 10 + row.k;
  const sweepSvg = sweepMetricsPlot(r);
  assert.match(sweepSvg, />calinski_harabasz \(log\)</);
  assert.match(sweepSvg, />adjusted_rand</);
  assert.doesNotMatch(sweepSvg, />adjusted_rand \(log\)</);
  r.chosen = { ...r.chosen, space: 'scaled', k: 4 };
  const elbow = elbowPlot(r);
  assert.match(elbow, /inertia \(log scale\)/);
  assert.match(elbow, /ringed: the chosen k = 4/);
  // the silhouette plot names clusters as the playlists do
  const silSvg = renderPlots(r).find((p) => p.file === 'silhouette.svg')!.svg;
  assert.ok(silSvg.includes(`>01 ${r.playlists[0]!.name}<`), 'silhouette rows named by playlist');
  assert.doesNotMatch(silSvg, />cluster \d+</);
  r.elbow[0]!.inertia = 0; // a perfect fit: no log axis, still drawn
  assert.doesNotMatch(elbowPlot(r), /log scale/);
});

test('a 4000-track library renders compact SVGs (sampled/binned, large-mode scatter)', () => {
  const r = makeRunResult({ nTracks: 4000, nClusters: 12, genres: Array.from({ length: 60 }, (_, i) => `genre ${i}`) });
  const plots = renderPlots(r);
  for (const p of plots) {
    assert.equal(xmlProblem(p.svg), null, p.file);
    assert.ok(p.svg.length < 3_000_000, `${p.file} is ${p.svg.length} bytes`);
  }
  const heat = plots.find((p) => p.file === 'feature-heatmap.svg')!.svg;
  assert.ok(heat.includes('each column averages up to'), 'heat map bins tracks into columns');
  const legend = plots.find((p) => p.file === 'embedding-pca2-genre.svg')!.svg;
  assert.ok(legend.includes('legend lists the 40 largest of 61 groups'), 'legend capped with a note');
});

test('3-D views are rotations: pairwise distances kept, orientation not mirrored', () => {
  const pts = [
    [0, 0, 0],
    [1, 0, 0],
    [0, 2, 0],
    [0, 0, 3],
    [1, 1, 1],
  ];
  const base = projectPoints(pts, 0, 0);
  for (const [az, el] of [
    [30, 20],
    [120, 20],
    [210, 75],
  ]) {
    const p = projectPoints(pts, az!, el!);
    const v = (q: typeof p, i: number): number[] => [q.x[i]!, q.y[i]!, q.depth[i]!];
    for (let i = 0; i < pts.length; i++) {
      for (let j = i + 1; j < pts.length; j++) {
        const d = (q: typeof p): number => Math.hypot(...v(q, i).map((a, k) => a - v(q, j)[k]!));
        assert.ok(Math.abs(d(p) - d(base)) < 1e-12, `distance ${i}-${j} at ${az}/${el}`);
      }
    }
    // Determinant of the images of the three unit axes (x right, y up, depth away) keeps its sign.
    const a = [1, 2, 3].map((i) => v(p, i).map((c, k) => c - v(p, 0)[k]!));
    const det = (m: number[][]): number =>
      m[0]![0]! * (m[1]![1]! * m[2]![2]! - m[1]![2]! * m[2]![1]!) -
      m[0]![1]! * (m[1]![0]! * m[2]![2]! - m[1]![2]! * m[2]![0]!) +
      m[0]![2]! * (m[1]![0]! * m[2]![1]! - m[1]![1]! * m[2]![0]!);
    const b = [1, 2, 3].map((i) => v(base, i).map((c, k) => c - v(base, 0)[k]!));
    assert.equal(Math.sign(det(a)), Math.sign(det(b)), `orientation at ${az}/${el}`);
    assert.ok(Math.abs(det(a)) > 0);
  }
});

test('a genre missing from genreOrder still gets its own legend entry; an empty run still renders', () => {
  const r = makeRunResult({ nTracks: 30 });
  r.tracks[0]!.genre = 'zydeco';
  const g = renderPlots(r).find((p) => p.file === 'embedding-pca2-genre.svg')!.svg;
  assert.ok(g.includes('>zydeco<'), 'unlisted genre in the legend');
  const empty = makeRunResult({ nTracks: 0 });
  const plots = renderPlots(empty);
  for (const p of plots) assert.equal(xmlProblem(p.svg), null, p.file);
  assert.ok(!plots.some((p) => p.file.startsWith('embedding-')), 'no embedding plots without tracks');
  assert.match(buildReportHtml(empty, plots), /0 tracks · 0 playlists/);
});

test('plots are deterministic: the same result gives the same bytes', () => {
  const a = renderPlots(makeRunResult({ nTracks: 25 }));
  renderPlots(makeRunResult({ nTracks: 5 })); // advances ECharts' internal instance counter
  const b = renderPlots(makeRunResult({ nTracks: 25 }));
  assert.deepEqual(
    b.map((p) => p.svg),
    a.map((p) => p.svg),
  );
});
