/** A matrix whose values live in a SharedArrayBuffer, so that every worker reads it without a copy. */
export interface SharedMatrix {
  rows: number;
  cols: number;
  data: SharedArrayBuffer;
}

/** The clustering stage's jobs that run in worker threads: pure functions of their inputs and seed. */
export type ComputeJob =
  | { kind: 'kmeans'; X: SharedMatrix; k: number; seed: number; nInit: number; silhouette: boolean }
  | { kind: 'autoencoder'; X: SharedMatrix; bottleneck: number; seed: number; epochLimit: number }
  | { kind: 'umap'; X: SharedMatrix; nComponents: number; nNeighbors: number; seed: number };

/** A job's result (or the message of the error it threw), with the worker's seconds. */
export type ComputeReply =
  | {
      ok: true;
      labels?: Int32Array;
      inertia?: number;
      /** The sampled silhouette of the labels (silhouetteScorer with the job's seed), when asked and the matrix is too large for exact ones. */
      silhouette?: number;
      embedding?: { rows: number; cols: number; data: Float64Array };
      seconds: number;
    }
  | { ok: false; message: string };
