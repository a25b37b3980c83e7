/**
 * Worker thread of the clustering stage: runs one k-means, autoencoder training or UMAP on a
 * shared matrix and posts the result back. The same functions with the same seed as on the main
 * thread, so where a job runs never changes a result.
 */
import { parentPort } from 'node:worker_threads';
import { kmeans } from '../../cluster/index.js';
import { trainAutoencoder, umap } from '../../embed/index.js';
import { silhouetteScorer } from '../../evaluate/index.js';
import type { Matrix } from '../../util/matrix.js';
import type { ComputeJob, ComputeReply, SharedMatrix } from './compute-messages.js';

const view = (m: SharedMatrix): Matrix => ({ rows: m.rows, cols: m.cols, data: new Float64Array(m.data) });

function run(job: ComputeJob): { reply: ComputeReply; transfer: ArrayBuffer[] } {
  const t0 = performance.now();
  const seconds = (): number => (performance.now() - t0) / 1000;
  if (job.kind === 'kmeans') {
    const X = view(job.X);
    const r = kmeans(X, job.k, { seed: job.seed, nInit: job.nInit });
    // sampled silhouettes are independent per labeling; exact ones share a distance matrix, kept on the main thread
    const scorer = job.silhouette ? silhouetteScorer(X, { seed: job.seed }) : undefined;
    const silhouette = scorer && !scorer.exact && new Set(r.labels).size > 1 ? scorer.score(r.labels) : undefined;
    return { reply: { ok: true, labels: r.labels, inertia: r.inertia, silhouette, seconds: seconds() }, transfer: [r.labels.buffer as ArrayBuffer] };
  }
  const m =
    job.kind === 'autoencoder'
      ? trainAutoencoder(view(job.X), { bottleneck: job.bottleneck, seed: job.seed, epochLimit: job.epochLimit }).embedding
      : umap(view(job.X), { nComponents: job.nComponents, nNeighbors: job.nNeighbors, seed: job.seed });
  return { reply: { ok: true, embedding: m, seconds: seconds() }, transfer: [m.data.buffer as ArrayBuffer] };
}

parentPort!.on('message', (job: ComputeJob | null) => {
  // null: the pool is closing; with the port closed the thread ends by itself
  if (job === null) return parentPort!.close();
  try {
    const { reply, transfer } = run(job);
    parentPort!.postMessage(reply, transfer);
  } catch (err) {
    parentPort!.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) } satisfies ComputeReply);
  }
});
