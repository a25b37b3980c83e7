import type { Matrix } from '../../util/matrix.js';
import { WorkerPool } from '../../util/worker-pool.js';
import type { ComputeJob, ComputeReply, SharedMatrix } from './compute-messages.js';

/** A k-means result computed ahead, with its sampled silhouette when one was computed. */
export interface KmeansDone {
  labels: Int32Array;
  inertia: number;
  silhouette?: number;
}

/**
 * Worker threads for the clustering stage's heavy, independent jobs (the sweep's k-means runs,
 * autoencoder trainings, UMAP). Matrices are copied once into shared memory and read by every
 * worker in place. Each job is a pure function of its inputs and seed, so results are the same
 * as on the main thread, whatever the number of workers.
 */
export class ComputePool {
  private readonly pool: WorkerPool<ComputeJob, ComputeReply>;
  private readonly shared = new WeakMap<Matrix, SharedMatrix>();

  constructor(readonly size: number) {
    this.pool = new WorkerPool<ComputeJob, ComputeReply>(new URL('./compute-worker.js', import.meta.url), size);
  }

  private share(m: Matrix): SharedMatrix {
    let s = this.shared.get(m);
    if (!s) {
      const data = new SharedArrayBuffer(m.data.byteLength);
      new Float64Array(data).set(m.data);
      s = { rows: m.rows, cols: m.cols, data };
      this.shared.set(m, s);
    }
    return s;
  }

  private async run(job: ComputeJob): Promise<ComputeReply & { ok: true }> {
    const r = await this.pool.run(job);
    if (!r.ok) throw new Error(r.message);
    return r;
  }

  /**
   * kmeans(X, k, { seed, nInit }) on a worker: its labels and inertia, and with `silhouette` the
   * labels' sampled silhouette (silhouetteScorer(X, { seed })) when X is too large for exact ones.
   */
  async kmeans(X: Matrix, k: number, seed: number, nInit: number, silhouette = false): Promise<KmeansDone> {
    const r = await this.run({ kind: 'kmeans', X: this.share(X), k, seed, nInit, silhouette });
    return { labels: r.labels!, inertia: r.inertia!, silhouette: r.silhouette };
  }

  /** An autoencoder's embedding (trainAutoencoder with default architecture) on a worker, and the worker's seconds. */
  async autoencoder(X: Matrix, bottleneck: number, seed: number, epochLimit: number): Promise<{ m: Matrix; seconds: number }> {
    const r = await this.run({ kind: 'autoencoder', X: this.share(X), bottleneck, seed, epochLimit });
    return { m: r.embedding!, seconds: r.seconds };
  }

  /** A UMAP embedding on a worker, and the worker's seconds. */
  async umap(X: Matrix, nComponents: number, nNeighbors: number, seed: number): Promise<{ m: Matrix; seconds: number }> {
    const r = await this.run({ kind: 'umap', X: this.share(X), nComponents, nNeighbors, seed });
    return { m: r.embedding!, seconds: r.seconds };
  }

  /** Stops the workers. */
  close(): Promise<void> {
    return this.pool.close();
  }
}
