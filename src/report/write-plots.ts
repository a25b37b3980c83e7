import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { removeOwnFile, writeFileAtomic } from '../util/atomic-write.js';
import { centroidByGenrePlot, centroidByMedianPlot } from './plots/centroid.js';
import { embeddingPlot } from './plots/embeddings.js';
import { featureHeatmapPlot } from './plots/heatmap.js';
import { elbowPlot, genreByClusterPlot, silhouettePlot, sweepMetricsPlot } from './plots/metrics.js';
import { capitalise } from '../util/text.js';
import { labelNounOf } from './groups.js';
import type { RunResult } from './types.js';

/** One plot: stable file name (under plots/), caption, and a renderer producing SVG markup. */
export interface PlotSpec {
  /** File name, e.g. `embedding-pca2-genre.svg`. */
  file: string;
  /** One-line caption shown in report.html. */
  caption: string;
  render: () => string;
}

/** A rendered plot. */
export interface PlotFile {
  file: string;
  caption: string;
  svg: string;
}

/** The plots this result supports, in report order (plots without data are left out). */
export function plotSpecs(result: RunResult): PlotSpec[] {
  const specs: PlotSpec[] = [];
  // File names keep 'genre' whatever the labels are, so links and scripts do not depend on --labels.
  const noun = labelNounOf(result);
  const n = result.tracks.length;
  if (result.centroidStats && result.centroidStats.length > 0) {
    specs.push(
      { file: 'centroid-by-median.svg', caption: 'Spectral centroid per file, sorted by median', render: () => centroidByMedianPlot(result) },
      { file: 'centroid-by-genre.svg', caption: `Spectral centroid per file, grouped by ${noun}`, render: () => centroidByGenrePlot(result) },
    );
  }
  if (n > 0 && result.featureNames.length > 0) {
    specs.push({ file: 'feature-heatmap.svg', caption: `Feature matrix (scaled), tracks grouped by ${noun}`, render: () => featureHeatmapPlot(result) });
  }
  for (const emb of result.embeddings) {
    if (emb.coords.length !== n || n === 0) continue;
    const safe = emb.name.replace(/[^A-Za-z0-9_-]+/g, '_');
    for (const by of ['genre', 'cluster'] as const) {
      specs.push({
        file: `embedding-${safe}-${by}.svg`,
        caption: `${emb.label} ${emb.dims}-D embedding coloured by ${by === 'genre' ? noun : by}`,
        render: () => embeddingPlot(result, emb, by),
      });
    }
  }
  if (result.sweep.length > 0) {
    specs.push({ file: 'sweep-metrics.svg', caption: 'Sweep metrics against the number of clusters', render: () => sweepMetricsPlot(result) });
  }
  if (result.elbow.length > 0) {
    specs.push({ file: 'elbow.svg', caption: 'Elbow curve (k-means inertia)', render: () => elbowPlot(result) });
  }
  if (result.silhouetteSamples.length === n && n > 0) {
    specs.push({ file: 'silhouette.svg', caption: 'Silhouette plot of the chosen clustering', render: () => silhouettePlot(result) });
  }
  if (n > 0) {
    specs.push({ file: 'genre-by-cluster.svg', caption: `${capitalise(noun)} distribution in each cluster`, render: () => genreByClusterPlot(result) });
  }
  return specs;
}

/** Renders every supported plot to SVG markup (in memory). */
export function renderPlots(result: RunResult): PlotFile[] {
  return plotSpecs(result).map((s) => ({ file: s.file, caption: s.caption, svg: s.render() }));
}

/** The names this stage gives its plot files (anything else in the folder is not ours to touch). */
const OWN_PLOT = /^(centroid-by-(median|genre)|feature-heatmap|embedding-[A-Za-z0-9_-]+-(genre|cluster)|sweep-metrics|elbow|silhouette|genre-by-cluster)\.svg$/;

/**
 * Removes the plot files of an earlier run from `dir`, except those named in `keep`: a plot this run
 * does not draw (no sweep, no elbow, fewer embeddings) would otherwise stay beside the new ones
 * and describe another clustering. Returns the names removed.
 */
export function removeStalePlots(dir: string, keep: ReadonlySet<string> = new Set()): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return []; // no folder yet
  }
  const stale = names.filter((f) => OWN_PLOT.test(f) && !keep.has(f));
  for (const f of stale) removeOwnFile(join(dir, f));
  return stale;
}

/** Writes every plot as `<dir>/<file>.svg` (atomically), removes an earlier run's other plots, and returns them; `dir` is usually out/plots. */
export function writePlots(result: RunResult, dir: string, plots: PlotFile[] = renderPlots(result)): PlotFile[] {
  for (const p of plots) writeFileAtomic(join(dir, p.file), p.svg);
  removeStalePlots(dir, new Set(plots.map((p) => p.file)));
  return plots;
}
