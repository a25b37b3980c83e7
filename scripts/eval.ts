/**
 * `npm run eval`: how well each configuration recovers the soundtrack a track comes from, on a
 * library of seven Debian game soundtracks (each package's music labelled by its package, as a
 * stand-in for style). Clusters at k = number of soundtracks; scores V-measure, AMI and ARI.
 * Table 1: every feature set × space × method at k = 7, seed 0, marking the CLI defaults and the
 * seeds' own configurations. Table 2: the top rows, the defaults and the seeds' configurations again
 * over seeds 0–4 (mean, min–max) and at k − 1 and k + 1, so a lucky seed does not decide. Table 3:
 * leave-one-out nearest-neighbour and shrinkage-LDA accuracy per feature set, and the LDA's predictions
 * scored like a clustering: the supervised ceiling the clustering works under.
 * Table 4: the k that the elbow and the silhouette maximum choose on the defaults, and their scores.
 * Table 5: for `similar`, how many of each track's nearest tracks share its label, per column set ×
 * search space × metric, through the command's own code (projectSpace, similar).
 * Table 6: the playlists' order: the share of neighbouring tracks in the defaults' playlists that
 * share a label, with the tour through the search space (as the CLI orders) and through the scaled
 * features (as it did until the eighth session).
 * Method and results: docs/eval.md. Analyses are cached in .cache/eval.sqlite, so reruns only cluster.
 *
 * `npm run eval -- --library FILE.csv` runs the same tables on another labelled library (rows
 * `path,label`, as for the CLI's --labels; k = the number of labels), cached in
 * .cache/eval-<name>.sqlite: how an independent check scores the defaults on music we never tuned on.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { analyzeLibrary } from '../src/analysis/index.js';
import { DEFAULTS } from '../src/cli/options.js';
import { featureMatrix } from '../src/cli/pipeline/feature-matrix.js';
import { clusteringOrder } from '../src/cli/pipeline/track-order.js';
import { Spaces } from '../src/cli/pipeline/spaces.js';
import { cutTree, kmeans, linkage } from '../src/cluster/index.js';
import { standardScale } from '../src/embed/index.js';
import {
  adjustedMutualInfoScore,
  adjustedRandScore,
  chooseK,
  homogeneityCompletenessVMeasure,
  isMissingLabel,
  leaveOneOutKnn,
  leaveOneOutKnnAccuracy,
  leaveOneOutLda,
  majorityShare,
} from '../src/evaluate/index.js';
import { featureNames, isPowerValue, README16 } from '../src/features/index.js';
import { readLabelsCsv } from '../src/library/index.js';
import { buildClusterPlaylists, DEFAULT_SEARCH_SPACE, defaultSearchRows, projectSpace, searchScaled, similar } from '../src/playlists/index.js';
import { FeatureStore } from '../src/store/index.js';
import type { Matrix } from '../src/util/matrix.js';
import { evalLibrary } from './eval-lib.js';

/** The library to evaluate: the soundtracks, or the labelled tracks of `--library FILE.csv`. */
function chooseLibrary(argv: string[]): { lib: { path: string; label: string }[]; cache: string; what: string } {
  const i = argv.indexOf('--library');
  if (i < 0) return { lib: evalLibrary(), cache: 'eval.sqlite', what: 'soundtracks' };
  const file = argv[i + 1];
  if (file === undefined) throw new Error('--library needs a CSV file of path,label rows');
  // The CSV's keys are composed Unicode (labelKey); a file stored decomposed is found in that form.
  const onDisk = (p: string): string => (existsSync(p) || !existsSync(p.normalize('NFD')) ? p : p.normalize('NFD'));
  const lib = [...readLabelsCsv(file)].filter(([, label]) => !isMissingLabel(label)).map(([path, label]) => ({ path: onDisk(path), label }));
  return { lib, cache: `eval-${basename(file).replace(/\.[^.]*$/, '')}.sqlite`, what: `labels of ${file}` };
}

const SPACE_NAMES = ['full', 'pca3', 'pca8', 'ae3', 'ae8', 'umap3'];
const METHOD_NAMES = ['kmeans', 'ward', 'average'] as const;
type Method = (typeof METHOD_NAMES)[number];
const SEEDS = [0, 1, 2, 3, 4];
/** How many of the best seed-0 rows are re-run over seeds and k. */
const TOP = 8;
/** Shrinkages tried for the supervised LDA ceiling of table 3 (the best is reported). */
const LDA_SHRINKAGES = [0.1, 0.3, 0.5, 0.7, 0.9];

interface Row {
  features: string;
  space: string;
  method: Method;
  v: number;
  ami: number;
  ari: number;
  note: string;
}

/** Search spaces and metrics of table 5 (`similar` and `path`). */
const SEARCH_SPACES = ['full', 'pca8', 'pca16', 'pca32', 'ae8'];
const SEARCH_METRICS = ['euclidean', 'cosine'] as const;

/**
 * Every track in turn as the one seed of `similar`: the share of its nearest 1, 5 and 10 tracks
 * with the same label, and the same share averaged per label first (so the largest package does
 * not dominate).
 */
function neighbourPrecision(X: Matrix, truth: string[], metric: (typeof SEARCH_METRICS)[number]): { p1: number; p5: number; p10: number; perLabel10: number } {
  const hits = { p1: 0, p5: 0, p10: 0 };
  const byLabel = new Map<string, number[]>();
  for (let i = 0; i < X.rows; i++) {
    const near = similar(X, [i], { n: 10, metric });
    const same = near.map((j) => (truth[j] === truth[i] ? 1 : 0));
    hits.p1 += same[0]!;
    hits.p5 += same.slice(0, 5).reduce((a: number, b) => a + b, 0) / 5;
    const p10 = same.reduce((a: number, b) => a + b, 0) / 10;
    hits.p10 += p10;
    byLabel.set(truth[i]!, [...(byLabel.get(truth[i]!) ?? []), p10]);
  }
  const n = X.rows;
  return { p1: hits.p1 / n, p5: hits.p5 / n, p10: hits.p10 / n, perLabel10: mean([...byLabel.values()].map(mean)) };
}

/** The seeds' own configurations: their feature sets, k-means or Ward, on PCA-3 or PCA-8. */
function isSeedConfig(features: string, space: string, method: string): boolean {
  return (features === 'readme16' || features === 'blog') && (space === 'pca3' || space === 'pca8') && (method === 'kmeans' || method === 'ward');
}

/** The CLI defaults as a row key (agglomerative clustering is named by its linkage). */
function defaultsKey(): string {
  const method = DEFAULTS.method === 'agglomerative' ? DEFAULTS.linkage : DEFAULTS.method;
  return `${DEFAULTS.set}/${DEFAULTS.space}/${method}`;
}

function cluster(S: Matrix, method: Method, k: number, seed: number): Int32Array {
  if (method === 'kmeans') return kmeans(S, k, { seed, nInit: DEFAULTS.nInit }).labels;
  return cutTree(linkage(S, method), S.rows, k);
}

function scores(truth: string[], pred: Int32Array): { v: number; ami: number; ari: number } {
  return { v: homogeneityCompletenessVMeasure(truth, pred).vMeasure, ami: adjustedMutualInfoScore(truth, pred), ari: adjustedRandScore(truth, pred) };
}

const mean = (a: number[]): number => a.reduce((s, x) => s + x, 0) / a.length;

async function main(): Promise<void> {
  const { lib, cache, what } = chooseLibrary(process.argv.slice(2));
  const labelOf = new Map(lib.map((t) => [t.path, t.label]));
  const k = new Set(lib.map((t) => t.label)).size;
  console.log(`evaluation library: ${lib.length} tracks, ${k} ${what}; k = ${k}`);
  const store = FeatureStore.open(join(process.cwd(), '.cache', cache));
  const t0 = performance.now();
  const res = await analyzeLibrary(
    lib.map((t) => ({ path: t.path, entry: t.path })),
    { store, set: 'full', cache: 'auto', decoder: 'auto', concurrency: 2, progress: process.stderr, progressEvery: 20 },
  );
  store.close();
  console.log(`analysis: ${res.analysed.length} tracks (${res.reused} cached, ${res.failures.length} failed) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const columnSets: Record<string, string[]> = {
    blog: featureNames('blog'),
    readme: featureNames('readme'),
    readme16: [...README16],
    full: featureNames('full'),
  };
  const inputs = new Map<string, { Z: Matrix; searchZ: Matrix; search: Matrix; truth: string[]; values: Record<string, number>[] }>();
  for (const [fname, columns] of Object.entries(columnSets)) {
    // the CLI's order: UMAP's and k-means' draws follow the rows
    const { X, kept } = featureMatrix(clusteringOrder(res.analysed), columns);
    inputs.set(fname, {
      Z: standardScale(X).Z,
      searchZ: searchScaled(X, columns),
      search: defaultSearchRows(X, columns),
      truth: kept.map((t) => labelOf.get(t.path)!),
      values: kept.map((t) => t.values),
    });
  }
  const spacesFor = (fname: string, seed: number): Spaces => {
    const { Z } = inputs.get(fname)!;
    return new Spaces(Z, Z, { seed, epochLimit: DEFAULTS.epochLimit });
  };

  const dkey = defaultsKey();
  const rows: Row[] = [];
  for (const fname of Object.keys(columnSets)) {
    const { truth } = inputs.get(fname)!;
    const spaces = spacesFor(fname, 0);
    for (const space of SPACE_NAMES) {
      const S = spaces.get(space);
      for (const method of METHOD_NAMES) {
        const notes: string[] = [];
        if (`${fname}/${space}/${method}` === dkey) notes.push('**defaults**');
        if (isSeedConfig(fname, space, method)) notes.push('seed config');
        rows.push({ features: fname, space, method, ...scores(truth, cluster(S, method, k, 0)), note: notes.join(', ') });
      }
    }
  }
  rows.sort((a, b) => b.v - a.v);
  console.log(`\nTable 1: k = ${k}, seed 0 (sorted by V-measure)\n`);
  console.log('| features | space | method | V-measure | AMI | ARI | note |\n|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.features} | ${r.space} | ${r.method} | ${r.v.toFixed(3)} | ${r.ami.toFixed(3)} | ${r.ari.toFixed(3)} | ${r.note} |`);
  }

  // robustness: the best rows, the defaults and the seeds' configurations over seeds and neighbouring k
  const chosen = rows.filter((r, i) => i < TOP || r.note !== '');
  const ks = [k - 1, k, k + 1];
  const perSeed = new Map<string, Map<number, { v: number; ami: number; ari: number }[]>>();
  for (const seed of SEEDS) {
    const cache = new Map<string, Spaces>();
    for (const r of chosen) {
      if (!cache.has(r.features)) cache.set(r.features, spacesFor(r.features, seed));
      const S = cache.get(r.features)!.get(r.space);
      const key = `${r.features}/${r.space}/${r.method}`;
      if (!perSeed.has(key)) perSeed.set(key, new Map(ks.map((kk) => [kk, []])));
      for (const kk of ks) perSeed.get(key)!.get(kk)!.push(scores(inputs.get(r.features)!.truth, cluster(S, r.method, kk, seed)));
    }
  }
  console.log(`\nTable 2: seeds ${SEEDS.join(', ')} (seeded spaces and k-means re-run per seed); mean and min–max\n`);
  console.log(
    `| features | space | method | V k=${k} mean | V k=${k} min–max | AMI k=${k} | ARI k=${k} | V k=${k - 1} | V k=${k + 1} | note |\n|---|---|---|---|---|---|---|---|---|---|`,
  );
  const summary = chosen.map((r) => {
    const m = perSeed.get(`${r.features}/${r.space}/${r.method}`)!;
    const at = m.get(k)!;
    const vs = at.map((s) => s.v);
    return { r, vMean: mean(vs), vMin: Math.min(...vs), vMax: Math.max(...vs), ami: mean(at.map((s) => s.ami)), ari: mean(at.map((s) => s.ari)), vLo: mean(m.get(k - 1)!.map((s) => s.v)), vHi: mean(m.get(k + 1)!.map((s) => s.v)) };
  });
  summary.sort((a, b) => b.vMean - a.vMean);
  for (const s of summary) {
    console.log(
      `| ${s.r.features} | ${s.r.space} | ${s.r.method} | ${s.vMean.toFixed(3)} | ${s.vMin.toFixed(3)}–${s.vMax.toFixed(3)} | ${s.ami.toFixed(3)} | ${s.ari.toFixed(3)} | ${s.vLo.toFixed(3)} | ${s.vHi.toFixed(3)} | ${s.r.note} |`,
    );
  }

  // how much of the labelling the columns carry at all: a supervised nearest-neighbour vote is a
  // ceiling that an unsupervised clustering of the same columns rarely passes
  const anyTruth = inputs.get('full')!.truth;
  console.log(
    `\nTable 3: leave-one-out k-NN and shrinkage-LDA accuracy on the scaled columns, LDA predictions scored as a clustering (majority class alone: ${majorityShare(anyTruth).toFixed(3)})\n`,
  );
  // the supervised ceiling: a shrinkage LDA that learns from the other tracks' labels, its
  // predictions scored like a clustering; the best of several shrinkages, so it flatters the columns
  console.log(
    '| features | columns | 1-NN | 5-NN | 1-NN V-measure | 1-NN on umap3 (seed 0) | LDA accuracy | LDA V-measure | LDA AMI | shrinkage |\n|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const [fname, columns] of Object.entries(columnSets)) {
    const { Z, truth } = inputs.get(fname)!;
    const U = spacesFor(fname, 0).get('umap3');
    let best = { v: -1, ami: 0, acc: 0, a: 0 };
    for (const a of LDA_SHRINKAGES) {
      const r = leaveOneOutLda(Z, truth, a);
      const v = homogeneityCompletenessVMeasure(truth, r.predicted).vMeasure;
      if (v > best.v) best = { v, ami: adjustedMutualInfoScore(truth, r.predicted), acc: r.accuracy, a };
    }
    // the nearest-neighbour vote's own predictions, scored like a clustering: a second ceiling
    const nn = leaveOneOutKnn(Z, truth, 1);
    const nnV = homogeneityCompletenessVMeasure(truth, nn.predicted).vMeasure;
    console.log(
      `| ${fname} | ${columns.length} | ${nn.accuracy.toFixed(3)} | ${leaveOneOutKnnAccuracy(Z, truth, 5).toFixed(3)} | ${nnV.toFixed(3)} | ${leaveOneOutKnnAccuracy(U, truth, 1).toFixed(3)} | ${best.acc.toFixed(3)} | ${best.v.toFixed(3)} | ${best.ami.toFixed(3)} | ${best.a} |`,
    );
  }

  // choosing k without being told: what each rule picks on the defaults' space, and how well the
  // resulting playlists follow the soundtracks (AMI is chance-adjusted, so it compares different k
  // fairly; V-measure tends to grow with k)
  console.log(`\nTable 4: k chosen over ${DEFAULTS.kMin}..${DEFAULTS.kMax} on ${DEFAULTS.set}/${DEFAULTS.space}/k-means, per seed\n`);
  console.log('| seed | elbow k | AMI | V | silhouette k | AMI | V |\n|---|---|---|---|---|---|---|');
  const ruleAmi = { elbow: [] as number[], silhouette: [] as number[] };
  for (const seed of SEEDS) {
    const { truth } = inputs.get(DEFAULTS.set)!;
    const S = spacesFor(DEFAULTS.set, seed).get(DEFAULTS.space);
    const r = chooseK(S, { seed, kMin: DEFAULTS.kMin, kMax: DEFAULTS.kMax, nInit: DEFAULTS.nInit, decide: 'elbow' });
    const silLabels = kmeans(S, r.silhouetteK, { seed, nInit: DEFAULTS.nInit }).labels;
    const e = scores(truth, r.labels);
    const si = scores(truth, silLabels);
    ruleAmi.elbow.push(e.ami);
    ruleAmi.silhouette.push(si.ami);
    console.log(`| ${seed} | ${r.elbowK} | ${e.ami.toFixed(3)} | ${e.v.toFixed(3)} | ${r.silhouetteK} | ${si.ami.toFixed(3)} | ${si.v.toFixed(3)} |`);
  }
  console.log(`| mean | | ${mean(ruleAmi.elbow).toFixed(3)} | | | ${mean(ruleAmi.silhouette).toFixed(3)} | |`);

  // "more like this": what `similar` returns first, per column set, space and metric (seed 0 for
  // the autoencoder); the precision a user hears is the share of the first picks that fit
  console.log(
    `\nTable 5: similar, each track as the seed: share of its nearest 1 / 5 / 10 tracks from the same ${what === 'soundtracks' ? 'soundtrack' : 'label'} (per-label mean of P@10 too); default space ${DEFAULT_SEARCH_SPACE}\n`,
  );
  // power columns: in decibels as `similar` searches (searchScaled), and raw as the clustering scales them
  console.log('| features | power | space | metric | P@1 | P@5 | P@10 | P@10 per label | note |\n|---|---|---|---|---|---|---|---|---|');
  for (const fname of ['blog', 'readme', 'full']) {
    const { Z, searchZ, truth } = inputs.get(fname)!;
    for (const [power, scaled] of [['dB', searchZ], ['raw', Z]] as const) {
      if (power === 'raw' && !columnSets[fname]!.some(isPowerValue)) continue;
      for (const space of SEARCH_SPACES) {
        const X = projectSpace(scaled, space, 0, DEFAULTS.epochLimit);
        for (const metric of SEARCH_METRICS) {
          const r = neighbourPrecision(X, truth, metric);
          const note = power === 'dB' && space === DEFAULT_SEARCH_SPACE && metric === 'euclidean' ? '**default**' : '';
          console.log(
            `| ${fname} | ${power} | ${space} | ${metric} | ${r.p1.toFixed(3)} | ${r.p5.toFixed(3)} | ${r.p10.toFixed(3)} | ${r.perLabel10.toFixed(3)} | ${note} |`,
          );
        }
      }
    }
  }

  // the playlists' order: how often a playlist's next track shares the label, per tour space
  console.log(
    `\nTable 6: playlist order on the defaults' clusters (k = ${k}): share of neighbouring tracks in a playlist with the same ${what === 'soundtracks' ? 'soundtrack' : 'label'}, per seed\n`,
  );
  console.log(`| tour through | ${SEEDS.map((s) => `seed ${s}`).join(' | ')} | mean | note |\n|---|${SEEDS.map(() => '---|').join('')}---|---|`);
  const { Z: fullZ, search: fullSearch, truth: fullTruth, values: fullValues } = inputs.get(DEFAULTS.set)!;
  const tourSpaces = [
    ['the search space (pca32, mel powers in dB)', fullSearch],
    ['the scaled features', fullZ],
  ] as const;
  const shares = tourSpaces.map(() => [] as number[]);
  for (const seed of SEEDS) {
    const labels = cluster(spacesFor(DEFAULTS.set, seed).get(DEFAULTS.space), 'kmeans', k, seed);
    tourSpaces.forEach(([, P], t) => {
      const lists = buildClusterPlaylists(P, labels, fullValues, seed);
      let same = 0;
      let pairs = 0;
      for (const l of lists) {
        for (let j = 1; j < l.members.length; j++) {
          pairs++;
          if (fullTruth[l.members[j]!] === fullTruth[l.members[j - 1]!]) same++;
        }
      }
      shares[t]!.push(same / pairs);
    });
  }
  tourSpaces.forEach(([name], t) => {
    console.log(`| ${name} | ${shares[t]!.map((x) => x.toFixed(3)).join(' | ')} | ${mean(shares[t]!).toFixed(3)} | ${t === 0 ? '**CLI**' : ''} |`);
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
