/**
 * `npm run eval`: how well each configuration recovers the soundtrack a track comes from, on a
 * library of seven Debian game soundtracks (each package's music labelled by its package, as a
 * stand-in for style). Clusters at k = number of soundtracks; scores V-measure, AMI and ARI.
 * The defaults of the CLI are the best row of this table (README "How the defaults were chosen").
 * Analyses are cached in .cache/eval.sqlite, so reruns only cluster.
 */
import { join } from 'node:path';
import { analyzeLibrary } from '../src/analysis/index.js';
import { cutTree, kmeans, linkage } from '../src/cluster/index.js';
import { standardScale } from '../src/embed/index.js';
import { adjustedMutualInfoScore, adjustedRandScore, homogeneityCompletenessVMeasure } from '../src/evaluate/index.js';
import { featureNames, README16 } from '../src/features/index.js';
import { FeatureStore } from '../src/store/index.js';
import { featureMatrix } from '../src/cli/pipeline/feature-matrix.js';
import { Spaces } from '../src/cli/pipeline/spaces.js';
import { EVAL_PACKAGES, evalLibrary } from './eval-lib.js';

async function main(): Promise<void> {
  const lib = evalLibrary();
  const labelOf = new Map(lib.map((t) => [t.path, t.label]));
  const k = EVAL_PACKAGES.length;
  console.log(`evaluation library: ${lib.length} tracks from ${k} soundtracks; k = ${k}`);
  const store = FeatureStore.open(join(process.cwd(), '.cache', 'eval.sqlite'));
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
  const rows: { features: string; space: string; method: string; v: number; ami: number; ari: number }[] = [];
  for (const [fname, columns] of Object.entries(columnSets)) {
    if (columns.length === 0) continue;
    const { X, kept } = featureMatrix(res.analysed, columns);
    const truth = kept.map((t) => labelOf.get(t.path)!);
    const { Z } = standardScale(X);
    const spaces = new Spaces(Z, Z, { seed: 0, epochLimit: 2000 });
    for (const space of ['full', 'pca3', 'pca8', 'ae3', 'ae8', 'umap3']) {
      const S = spaces.get(space);
      const methods: [string, () => Int32Array][] = [
        ['kmeans', () => kmeans(S, k, { seed: 0, nInit: 10 }).labels],
        ['ward', () => cutTree(linkage(S, 'ward'), S.rows, k)],
        ['average', () => cutTree(linkage(S, 'average'), S.rows, k)],
      ];
      for (const [method, run] of methods) {
        const pred = run();
        const v = homogeneityCompletenessVMeasure(truth, pred).vMeasure;
        rows.push({ features: fname, space, method, v, ami: adjustedMutualInfoScore(truth, pred), ari: adjustedRandScore(truth, pred) });
      }
    }
  }
  rows.sort((a, b) => b.v - a.v);
  console.log('\n| features | space | method | V-measure | AMI | ARI |\n|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.features} | ${r.space} | ${r.method} | ${r.v.toFixed(3)} | ${r.ami.toFixed(3)} | ${r.ari.toFixed(3)} |`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
