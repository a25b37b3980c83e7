import { cutTree, kmeans, type LinkageMethod, linkage } from '../../cluster/index.js';
import { hdbscan } from '../../cluster/index.js';
import { silhouetteSamples, silhouetteScore } from '../../evaluate/index.js';
import { appendColumns, genreContractedDistances, genreEmbedding } from '../../playlists/index.js';
import type { Matrix } from '../../util/matrix.js';
import { type MethodName, SILHOUETTE_EXACT_MAX, type SweepRow, scoreLabels, sweepSpaces, withinClusterSS } from './clustering.js';
import { Spaces } from './spaces.js';

export interface ClusterOptions {
  method: MethodName;
  /** Linkage of agglomerative clustering; genre-bias mode always uses 'average' (see README). */
  linkage: LinkageMethod;
  space: string;
  /** Fixed number of clusters; undefined = chosen by silhouette over [kMin, kMax]. */
  clusters?: number;
  kMin: number;
  kMax: number;
  seed: number;
  epochLimit: number;
  genreBias: number;
  /** Spaces of the seed's sweep; empty = no sweep. */
  sweepSpaces: string[];
  nInit: number;
  /** Smallest cluster for hdbscan. */
  minClusterSize: number;
}

export interface ClusterOutcome {
  labels: Int32Array;
  k: number;
  reason: string;
  /** Silhouette and k-means-style inertia of the chosen method for each k tried. */
  kCurve: { k: number; silhouette: number | null; inertia: number }[];
  kBySilhouette?: number;
  kByElbow?: number;
  sweep: SweepRow[];
  /** Scores of the chosen clustering. */
  scores: Record<string, number | null>;
  silhouetteSamples: Float64Array;
  spaces: Spaces;
}

/** The k at the knee of a decreasing curve: the point farthest below the chord from first to last. */
export function elbowK(curve: readonly { k: number; inertia: number }[]): number | undefined {
  if (curve.length < 3) return curve[0]?.k;
  const a = curve[0]!;
  const b = curve[curve.length - 1]!;
  const spanK = b.k - a.k;
  const spanY = a.inertia - b.inertia || 1;
  let best = a.k;
  let bestGap = -Infinity;
  for (const p of curve) {
    // both axes normalised to [0, 1] so the knee does not depend on units
    const x = (p.k - a.k) / spanK;
    const y = (a.inertia - p.inertia) / spanY;
    if (y - x > bestGap) {
      bestGap = y - x;
      best = p.k;
    }
  }
  return best;
}

/** Clusters the scaled features as the options say, sweeping and choosing k when asked. */
export function clusterLibrary(
  scaled: Matrix,
  genres: readonly (string | null)[],
  opts: ClusterOptions,
  log: (line: string) => void = () => {},
): ClusterOutcome {
  const n = scaled.rows;
  // Genre-bias mode: each track's genre embedding (3-D PCA mean of its genre), weighted by B, is
  // appended to what the encoders see; B = 0 leaves the input untouched so tags cannot matter.
  let input = scaled;
  if (opts.genreBias > 0) {
    const base = new Spaces(scaled, scaled, { seed: opts.seed, epochLimit: opts.epochLimit });
    input = appendColumns(scaled, genreEmbedding(base.get('pca3'), genres, opts.genreBias, scaled.cols));
  }
  const spaces = new Spaces(scaled, input, { seed: opts.seed, epochLimit: opts.epochLimit });
  const X = spaces.get(opts.space);

  const sweep =
    opts.sweepSpaces.length > 0 && n >= 3
      ? sweepSpaces(
          opts.sweepSpaces.map((name) => {
            log(`sweep: encoding ${name}`);
            return { name, X: spaces.get(name) };
          }),
          ['kmeans', 'agglomerative'],
          opts.kMin,
          opts.kMax,
          genres,
          { seed: opts.seed, linkage: opts.linkage, nInit: opts.nInit },
        )
      : [];

  const distances =
    opts.method === 'agglomerative' && opts.genreBias > 0
      ? { condensed: genreContractedDistances(X, genres, opts.genreBias), n }
      : undefined;
  const linkageMethod: LinkageMethod = distances ? 'average' : opts.linkage;
  let tree: Float64Array | undefined;
  const labelsFor = (k: number): { labels: Int32Array; inertia: number } => {
    if (opts.method === 'kmeans') {
      const r = kmeans(X, k, { seed: opts.seed, nInit: opts.nInit });
      return { labels: r.labels, inertia: r.inertia };
    }
    if (opts.method === 'agglomerative') {
      tree ??= linkage(distances ?? X, linkageMethod);
      const labels = cutTree(tree, n, k);
      return { labels, inertia: withinClusterSS(X, labels) };
    }
    throw new Error('labelsFor: hdbscan chooses its own number of clusters');
  };

  let labels: Int32Array;
  let k: number;
  let reason: string;
  const kCurve: ClusterOutcome['kCurve'] = [];
  let kBySilhouette: number | undefined;
  let kByElbow: number | undefined;
  if (opts.method === 'hdbscan') {
    labels = hdbscan(X, { minClusterSize: opts.minClusterSize }).labels;
    k = new Set(Array.from(labels).filter((l) => l >= 0)).size;
    reason = `hdbscan found ${k} clusters (min cluster size ${opts.minClusterSize})`;
  } else {
    const top = Math.min(opts.kMax, n - 1);
    let bestSil = -Infinity;
    let bestLabels: Int32Array | undefined;
    for (let kk = Math.max(2, opts.kMin); kk <= top; kk++) {
      if (opts.clusters !== undefined) break;
      const r = labelsFor(kk);
      const sil =
        new Set(r.labels).size >= 2
          ? silhouetteScore(distances ?? X, r.labels, {
              sampleSize: SILHOUETTE_EXACT_MAX,
              seed: opts.seed,
            })
          : null;
      kCurve.push({ k: kk, silhouette: sil, inertia: r.inertia });
      if (sil !== null && sil > bestSil) {
        bestSil = sil;
        kBySilhouette = kk;
        bestLabels = r.labels;
      }
    }
    kByElbow = elbowK(kCurve);
    if (opts.clusters !== undefined) {
      k = Math.max(1, Math.min(opts.clusters, n));
      labels = labelsFor(k).labels;
      reason = `--clusters ${opts.clusters}`;
    } else if (bestLabels && kBySilhouette !== undefined) {
      k = kBySilhouette;
      labels = bestLabels;
      reason = `silhouette maximum over k = ${Math.max(2, opts.kMin)}..${top} (elbow suggests ${kByElbow})`;
    } else {
      k = 1;
      labels = new Int32Array(n);
      reason = 'too few tracks to cluster';
    }
  }
  const distinct = new Set(Array.from(labels).filter((l) => l >= 0)).size;
  const silSamples =
    distinct >= 2 && distinct < n && n <= 20000 ? silhouetteSamples(distances ?? X, labels) : new Float64Array(0);
  const scores = scoreLabels(X, labels, genres, opts.seed, withinClusterSS(X, labels));
  return { labels, k, reason, kCurve, kBySilhouette, kByElbow, sweep, scores, silhouetteSamples: silSamples, spaces };
}
