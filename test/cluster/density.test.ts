import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSortedProjection, dbscan, hdbscan, kthNeighbourDistances, NOISE } from '../../src/cluster/index.js';
import { adjustedRandScore } from '../../src/evaluate/index.js';
import { type Matrix, zeros } from '../../src/util/matrix.js';
import { createRng } from '../../src/util/rng.js';

const CENTRES = [
  [0, 0],
  [10, 0],
  [0, 10],
  [10, 10],
  [5, 5],
];

function blobs(n: number, seed: number, outliers = 0): { X: Matrix; y: number[] } {
  const rng = createRng(seed);
  const X = zeros(n + outliers, 2);
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 5;
    y.push(c);
    X.data[i * 2] = CENTRES[c]![0]! + rng.normal() * 0.8;
    X.data[i * 2 + 1] = CENTRES[c]![1]! + rng.normal() * 0.8;
  }
  // outliers on a ring far from every blob
  for (let o = 0; o < outliers; o++) {
    const a = (2 * Math.PI * o) / outliers;
    X.data[(n + o) * 2] = 5 + 40 * Math.cos(a);
    X.data[(n + o) * 2 + 1] = 5 + 40 * Math.sin(a);
    y.push(-1);
  }
  return { X, y };
}

test('HDBSCAN labels five well-separated blobs nearly perfectly and far outliers as unassigned (−1)', () => {
  const { X, y } = blobs(1000, 3, 12);
  const r = hdbscan(X, { minClusterSize: 10 });
  assert.equal(r.nClusters, 5);
  const inBlobs = Array.from(r.labels.subarray(0, 1000));
  const noiseInBlobs = inBlobs.filter((v) => v === NOISE).length;
  assert.ok(noiseInBlobs <= 20, `${noiseInBlobs} of 1000 blob points left unassigned`);
  const kept = inBlobs.map((v, i) => [v, y[i]!] as const).filter(([v]) => v !== NOISE);
  assert.equal(adjustedRandScore(kept.map((p) => p[1]), kept.map((p) => p[0])), 1);
  for (let o = 1000; o < 1012; o++) assert.equal(r.labels[o], NOISE, `outlier ${o}`);
  for (let i = 0; i < 1012; i++) {
    const p = r.probabilities[i]!;
    assert.ok(p >= 0 && p <= 1);
    if (r.labels[i] === NOISE) assert.equal(p, 0);
  }
});

test('HDBSCAN is deterministic and rejects bad parameters clearly', () => {
  const { X } = blobs(200, 1);
  assert.deepEqual(hdbscan(X).labels, hdbscan(X).labels);
  assert.throws(() => hdbscan(X, { minClusterSize: 1 }), /minClusterSize must be an integer ≥ 2/);
  assert.throws(() => hdbscan(zeros(3, 2)), /needs more than minSamples = 5 rows/);
});

function bruteNeighbours(X: Matrix, i: number, eps: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < X.rows; j++) {
    const dx = X.data[i * 2]! - X.data[j * 2]!;
    const dy = X.data[i * 2 + 1]! - X.data[j * 2 + 1]!;
    if (dx * dx + dy * dy <= eps * eps) out.push(j);
  }
  return out;
}

test('DBSCAN agrees with a brute-force definition: core rows share labels with core neighbours, noise has no core neighbour', () => {
  const { X } = blobs(600, 7, 5);
  const eps = 0.6;
  const minSamples = 5;
  const labels = dbscan(X, { eps, minSamples });
  const core = Array.from({ length: X.rows }, (_, i) => bruteNeighbours(X, i, eps).length >= minSamples);
  let clusters = 0;
  for (let i = 0; i < X.rows; i++) {
    clusters = Math.max(clusters, labels[i]! + 1);
    const nb = bruteNeighbours(X, i, eps);
    if (core[i]) {
      assert.notEqual(labels[i], NOISE);
      for (const j of nb) if (core[j]) assert.equal(labels[j], labels[i], `core ${i} and ${j}`);
    } else if (labels[i] === NOISE) {
      assert.ok(nb.every((j) => !core[j]), `noise row ${i} has a core neighbour`);
    } else {
      assert.ok(nb.some((j) => core[j] && labels[j] === labels[i]), `border row ${i}`);
    }
  }
  assert.ok(clusters >= 5);
  for (let o = 600; o < 605; o++) assert.equal(labels[o], NOISE);
});

test('k-th neighbour distances from the sorted projection equal brute force', () => {
  const { X } = blobs(300, 11);
  const got = kthNeighbourDistances(buildSortedProjection(X), 5);
  for (let i = 0; i < X.rows; i++) {
    const ds: number[] = [];
    for (let j = 0; j < X.rows; j++) {
      ds.push(Math.hypot(X.data[i * 2]! - X.data[j * 2]!, X.data[i * 2 + 1]! - X.data[j * 2 + 1]!));
    }
    ds.sort((a, b) => a - b);
    assert.ok(Math.abs(got[i]! - ds[4]!) < 1e-12, `row ${i}: ${got[i]} vs ${ds[4]}`);
  }
});

test('HDBSCAN allowSingleCluster: one Gaussian blob becomes one cluster; without it the root is never a cluster', () => {
  const rng = createRng(21);
  const X = zeros(300, 2);
  for (let i = 0; i < 600; i++) X.data[i] = rng.normal();
  const single = hdbscan(X, { minClusterSize: 20, allowSingleCluster: true });
  assert.equal(single.nClusters, 1);
  // sklearn's rule: as the single cluster, the root keeps only rows present at its largest λ
  const assigned = single.labels.filter((v) => v === 0).length;
  assert.ok(assigned >= 20 && assigned < 300, `${assigned} rows assigned`);
  const plain = hdbscan(X, { minClusterSize: 20 });
  assert.equal(plain.nClusters, 0);
  assert.ok(plain.labels.every((v) => v === NOISE));
});

test("HDBSCAN's leaf selection (sklearn's cluster_selection_method='leaf') finds the finest clusters, nested in EOM's", () => {
  // two groups 60 apart, each two sub-blobs 2.5 apart: the most stable clusters are the groups
  const rng = createRng(1);
  const n = 800;
  const X = zeros(n, 2);
  const sub: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = i % 4;
    sub.push(s);
    X.data[i * 2] = (s < 2 ? 0 : 60) + (s % 2 ? 1.25 : -1.25) + rng.normal() * 0.5;
    X.data[i * 2 + 1] = rng.normal() * 0.5;
  }
  const eom = hdbscan(X, { minClusterSize: 20 });
  const leaf = hdbscan(X, { minClusterSize: 20, clusterSelectionMethod: 'leaf' });
  assert.equal(eom.nClusters, 2);
  const inEom = sub.flatMap((_, i) => (eom.labels[i]! >= 0 ? [i] : []));
  assert.ok(inEom.length > 0.95 * n);
  assert.equal(adjustedRandScore(inEom.map((i) => eom.labels[i]!), inEom.map((i) => (sub[i]! < 2 ? 0 : 1))), 1);
  assert.equal(leaf.nClusters, 4);
  const kept = sub.flatMap((_, i) => (leaf.labels[i]! >= 0 ? [i] : []));
  assert.ok(kept.length > 0.75 * n, `${kept.length} of ${n} rows in a leaf cluster`);
  // each leaf cluster is one sub-blob (a row from the other's tail aside), and lies inside one EOM cluster
  const ari = adjustedRandScore(kept.map((i) => leaf.labels[i]!), kept.map((i) => sub[i]!));
  assert.ok(ari > 0.98, `ARI ${ari}`);
  for (let c = 0; c < 4; c++) {
    const parents = new Set(kept.filter((i) => leaf.labels[i] === c).map((i) => eom.labels[i]));
    assert.equal(parents.size, 1, `leaf cluster ${c} spans EOM clusters ${[...parents].join(', ')}`);
  }
  assert.throws(() => hdbscan(X, { clusterSelectionMethod: 'best' as 'leaf' }), /clusterSelectionMethod must be 'eom' or 'leaf'/);
});
