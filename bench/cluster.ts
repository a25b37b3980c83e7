/**
 * Encoding, clustering and evaluation benchmarks on synthetic feature matrices (1k–100k rows ×
 * 16–64 columns). `npm run bench` calls run(); `node dist/bench/cluster.js` runs it alone.
 * References from the issue: tfjs autoencoder 118 ms/epoch (2,000 × 16, 16-8-3-8-16); ml-hclust
 * ward 26 s at n = 2,000; density-clustering DBSCAN 12 s at n = 10,000; target 100k PCA + k-means < 10 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseClusterOptions } from '../src/cli/options.js';
import { clusterLibrary } from '../src/cli/pipeline/cluster-library.js';
import { prepareOnWorkers } from '../src/cli/pipeline/run-pipeline.js';
import { dbscan, hdbscan, kmeans, linkage } from '../src/cluster/index.js';
import { UMAP } from 'umap-js';
import { pca, standardScale, trainAutoencoder, umap } from '../src/embed/index.js';
import { silhouetteScore } from '../src/evaluate/index.js';
import { type Matrix, toRows, zeros } from '../src/util/matrix.js';
import { createRng } from '../src/util/rng.js';
import { FeatureStore } from '../src/store/index.js';

/** n rows × d columns around `centres` Gaussian centres, with per-column offsets and scales like raw features. */
function synthetic(n: number, d: number, centres: number, seed: number): Matrix {
  const rng = createRng(seed);
  const C = Array.from({ length: centres }, () => Array.from({ length: d }, () => 3 * rng.normal()));
  const offset = Array.from({ length: d }, () => 100 * rng.next());
  const scale = Array.from({ length: d }, () => 0.1 + 10 * rng.next());
  const m = zeros(n, d);
  for (let i = 0; i < n; i++) {
    const c = C[rng.int(centres)]!;
    for (let k = 0; k < d; k++) m.data[i * d + k] = offset[k]! + scale[k]! * (c[k]! + rng.normal());
  }
  return m;
}

/** Wall time and this thread's CPU time (the code is single-threaded, so CPU time is what an idle machine would show as wall time). */
function time<T>(f: () => T): { value: T; ms: number; cpuMs: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, ms, cpuMs: (c.user + c.system) / 1000 };
}

const fmt = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
/** "wall (cpu)" of a timing. */
const wc = (t: { ms: number; cpuMs: number }): string => `${fmt(t.ms)} (cpu ${fmt(t.cpuMs)})`;

function benchPipeline(): void {
  console.log('scaling + PCA + k-means (k = 16, n_init = 10, seed 0):');
  for (const n of [1000, 10000, 100000]) {
    for (const d of [16, 64]) {
      const X = synthetic(n, d, 20, n + d);
      const s = time(() => standardScale(X));
      for (const nc of [3, 8]) {
        const p = time(() => pca(s.value.Z, nc));
        const k = time(() => kmeans(p.value.transformed, 16, { seed: 0, nInit: 10 }));
        const total = { ms: s.ms + p.ms + k.ms, cpuMs: s.cpuMs + p.cpuMs + k.cpuMs };
        console.log(
          `  n=${n} d=${d} → pca${nc}: scale ${fmt(s.ms)}, pca ${fmt(p.ms)}, k-means ${wc(k)}; total ${wc(total)}` +
            (n === 100000 ? ` (target < 10 s: ${total.ms < 10000 ? 'met' : 'missed'})` : ''),
        );
      }
      if (n <= 10000 || d === 16) {
        const k = time(() => kmeans(s.value.Z, 16, { seed: 0, nInit: 10 }));
        console.log(`  n=${n} d=${d} → k-means on all ${d} scaled columns: ${wc(k)}`);
      }
    }
  }
}

function benchAutoencoder(): void {
  console.log('autoencoder (sigmoid, linear output, Adam, batch 32), fixed epoch count:');
  for (const [n, d, bottleneck, epochs] of [
    [2000, 16, 3, 100],
    [2000, 64, 8, 50],
    [10000, 16, 3, 20],
  ] as const) {
    const Z = standardScale(synthetic(n, d, 10, 7)).Z;
    const r = time(() => trainAutoencoder(Z, { bottleneck, seed: 0, epochLimit: epochs, patience: epochs + 1 }));
    const per = r.ms / r.value.history.epochs;
    const perCpu = r.cpuMs / r.value.history.epochs;
    const note =
      n === 2000 && d === 16
        ? ` — tfjs 118 ms/epoch: ${(118 / per).toFixed(0)}× faster by wall, ${(118 / perCpu).toFixed(0)}× by CPU; 2,000 epochs ≈ ${fmt(perCpu * 2000)} CPU`
        : '';
    console.log(
      `  ${n} × ${d}, layers ${r.value.history.sizes.join('-')}: ${per.toFixed(2)} ms/epoch (cpu ${perCpu.toFixed(2)})${note}`,
    );
  }
}

function benchSilhouette(): void {
  console.log('silhouette (k-means labels, k = 16, 8 columns):');
  for (const n of [1000, 10000, 100000]) {
    const X = pca(standardScale(synthetic(n, 16, 20, 3)).Z, 8).transformed;
    const labels = kmeans(X, 16, { seed: 0, nInit: 1 }).labels;
    if (n <= 10000) {
      const e = time(() => silhouetteScore(X, labels));
      console.log(`  n=${n} exact: ${e.value.toFixed(4)} in ${wc(e)}`);
    }
    if (n >= 10000) {
      for (const sampleSize of [1000, 2000]) {
        const s = time(() => silhouetteScore(X, labels, { sampleSize, seed: 0 }));
        console.log(`  n=${n} sampled (${sampleSize} rows vs all n): ${s.value.toFixed(4)} in ${wc(s)}`);
      }
    }
  }
}

function benchAgglomerative(): void {
  console.log('agglomerative (8 columns; NN-chain on a square Float64 copy up to n = 8,192, ward on centroids above; MST single):');
  for (const n of [2000, 5000, 10000, 20000]) {
    const X = pca(standardScale(synthetic(n, 16, 20, 5)).Z, 8).transformed;
    for (const method of ['ward', 'average', 'single'] as const) {
      if (n >= 10000 && method === 'average') continue;
      const r = time(() => linkage(X, method));
      const mb = method === 'single' ? 0 : n <= 8192 ? (n * n * 8) / 1024 ** 2 : method === 'ward' ? 0 : ((n * (n - 1)) / 2) * 8 / 1024 ** 2;
      const note = n === 2000 && method === 'ward' ? ' (ml-hclust: 26 s)' : '';
      console.log(`  n=${n} ${method}: ${wc(r)}, ${mb.toFixed(0)} MB of distances${note}`);
    }
  }
  console.log('  limit: none for ward on features; 23,170 rows (2 GiB of condensed distances) for the others, above that the call fails and names k-means');
}

function benchDensity(): void {
  console.log('density clustering (10,000 rows):');
  for (const d of [2, 8]) {
    const X = pca(standardScale(synthetic(10000, 16, 8, 9)).Z, d).transformed;
    const h = time(() => hdbscan(X, { minClusterSize: 15 }));
    const noise = h.value.labels.filter((v) => v < 0).length;
    console.log(`  HDBSCAN d=${d}: ${wc(h)}, ${h.value.nClusters} clusters, ${noise} unassigned`);
    const eps = d === 2 ? 0.3 : 1.2;
    const db = time(() => dbscan(X, { eps, minSamples: 10 }));
    const dbNoise = db.value.filter((v) => v < 0).length;
    console.log(
      `  DBSCAN d=${d} (eps ${eps}, minSamples 10): ${wc(db)}, ${new Set(db.value).size - (dbNoise > 0 ? 1 : 0)} clusters, ` +
        `${dbNoise} noise (density-clustering: 12 s at d=2)`,
    );
  }
}

/**
 * The CLI's clustering stage with its defaults (UMAP-3 + k-means, k chosen by the elbow, the seed's
 * sweep over 6 spaces × k 2..20, the report's autoencoders) on a library-sized matrix like the
 * `full` set: everything on this thread, then with the worker threads of `run`.
 */
async function benchStage(): Promise<void> {
  const n = 1300;
  const Z = standardScale(synthetic(n, 215, 12, 5)).Z;
  const genres = new Array<string | null>(n).fill(null);
  const workers = Math.max(2, availableParallelism());
  console.log(`clustering stage of run/cluster, defaults with sweep and report encodings, ${n} × 215:`);
  const base = { ...parseClusterOptions({}, n), report: true };
  const one = time(() => clusterLibrary(Z, genres, base));
  // the report's autoencoders (ae1, ae2) are trained after clustering on one thread, ahead on workers
  const extra = time(() => ['ae1', 'ae2'].map((s) => one.value.spaces.get(s)));
  console.log(`  one thread: ${fmt(one.ms + extra.ms)} (k = ${one.value.k})`);
  const t0 = performance.now();
  const prepared = await prepareOnWorkers(Z, genres, { ...base, concurrency: workers });
  const par = clusterLibrary(Z, genres, base, () => {}, prepared);
  const ms = performance.now() - t0;
  const same = par.k === one.value.k && par.labels.every((v, i) => v === one.value.labels[i]);
  console.log(`  ${workers} worker threads: ${fmt(ms)} (k = ${par.k}; ${same ? 'same labels' : 'DIFFERENT labels'}) — ${((one.ms + extra.ms) / ms).toFixed(1)}× faster`);
  // `cluster` run again on the same store: the autoencoder and UMAP codes are read back
  const dir = mkdtempSync(join(tmpdir(), 'mcp-bench-enc-'));
  const store = FeatureStore.open(join(dir, 'f.sqlite'));
  try {
    const withStore = { ...base, concurrency: workers, encodings: store };
    const runOnce = async (): Promise<{ ms: number; labels: Int32Array }> => {
      const t = performance.now();
      const p = await prepareOnWorkers(Z, genres, withStore);
      const r = clusterLibrary(Z, genres, withStore, () => {}, p);
      return { ms: performance.now() - t, labels: r.labels };
    };
    const first = await runOnce();
    const again = await runOnce();
    const equal = again.labels.every((v, i) => v === first.labels[i]);
    console.log(`  again with the codes stored (${workers} workers): ${fmt(again.ms)} (first run storing them ${fmt(first.ms)}; ${equal ? 'same labels' : 'DIFFERENT labels'})`);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function benchUmap(): void {
  console.log('UMAP to 3 components (15 neighbours; umap-js 1.4 alone for comparison, same neighbours and draws):');
  for (const [n, d, compare] of [
    [2000, 215, true],
    [10000, 64, true],
    [20000, 64, false],
  ] as const) {
    const Z = standardScale(synthetic(n, d, 20, n)).Z;
    const ours = time(() => umap(Z, { nComponents: 3, seed: 0 }));
    let line = `  n=${n} d=${d}: ${wc(ours)}`;
    if (compare) {
      const rng = createRng(0);
      const ref = time(() => new UMAP({ nComponents: 3, nNeighbors: 15, random: () => rng.next() }).fit(toRows(Z)));
      line += `; umap-js ${wc(ref)} — ${(ref.cpuMs / ours.cpuMs).toFixed(1)}× less CPU`;
    }
    console.log(line);
  }
}

/** Runs every cluster benchmark and prints the figures. */
export async function run(): Promise<void> {
  await benchStage();
  benchPipeline();
  benchUmap();
  benchAutoencoder();
  benchSilhouette();
  benchAgglomerative();
  benchDensity();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  run().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
