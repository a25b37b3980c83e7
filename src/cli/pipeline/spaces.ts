import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type PcaDecomposition, pcaDecompose, pcaFromDecomposition, trainAutoencoder, umap } from '../../embed/index.js';
import { type Matrix, zeros } from '../../util/matrix.js';
import type { ComputePool } from './compute-pool.js';

/** The spaces tracks can be clustered in: the scaled features, PCA, autoencoder or UMAP codes. */
export const SPACES = ['full', 'pca1', 'pca2', 'pca3', 'pca8', 'ae1', 'ae2', 'ae3', 'ae8', 'umap2', 'umap3'] as const;
export type SpaceName = (typeof SPACES)[number] | `pca${number}`;

export interface SpaceOptions {
  seed: number;
  epochLimit: number;
  /**
   * Where autoencoder and UMAP codes are kept between runs (the feature store): a later run on the
   * same matrix with the same seed and settings reuses them instead of training again.
   */
  encodings?: EncodingStore;
}

/** Stored encodings by key (FeatureStore's getEncoding/putEncoding). */
export interface EncodingStore {
  getEncoding(key: string): Matrix | undefined;
  putEncoding(key: string, m: Matrix): void;
}

let codeHash: string | null | undefined;

/**
 * A hash of the compiled encoder and utility code (src/embed, src/util): a stored encoding is only
 * reused by the code that made it, so no change to an encoder can leave stale codes behind.
 * null when the files cannot be read (then nothing is stored or reused).
 */
function encoderCodeHash(): string | null {
  if (codeHash !== undefined) return codeHash;
  try {
    const h = createHash('sha256');
    for (const sub of ['embed', 'util']) {
      const dir = fileURLToPath(new URL(`../../${sub}/`, import.meta.url));
      for (const f of readdirSync(dir).filter((n) => n.endsWith('.js')).sort()) h.update(`${sub}/${f}\0`).update(readFileSync(join(dir, f)));
    }
    codeHash = h.digest('hex').slice(0, 24);
  } catch {
    codeHash = null;
  }
  return codeHash;
}

/**
 * UMAP's neighbourhood size for a library of n tracks: umap-learn's 15, but never more than a tenth
 * of the library (and at least 5). A group of tracks smaller than the neighbourhood is pulled into
 * its neighbours' clump: with 15 neighbours, the demo's 5 styles of 10 tracks come out as 4 clusters
 * (two styles merged) for every seed, with 5 as 5 pure ones. On the 132 soundtracks (13 instead
 * of 15) V-measure and AMI stay within the seed spread (docs/eval.md).
 */
export function umapNeighbours(n: number): number {
  return Math.min(15, Math.max(5, Math.floor(n / 10)));
}

/**
 * Computes encoded spaces on demand and keeps them, so a sweep and the plots share one PCA fit and
 * one autoencoder training per bottleneck size.
 */
export class Spaces {
  private readonly cache = new Map<string, Matrix>();
  private readonly pending = new Map<string, Promise<Matrix | undefined>>();
  readonly explainedVarianceRatio = new Map<string, Float64Array>();
  /** Seconds spent per space, for --debug. */
  readonly seconds = new Map<string, number>();
  /** Spaces computed on a worker thread (their seconds are the worker's). */
  readonly onWorker = new Set<string>();
  /** Spaces read from the encoding store instead of computed. */
  readonly stored = new Set<string>();
  private inputHash: string | undefined;

  /** `input` is what encoders see (scaled features, with genre embeddings appended in genre-bias mode). */
  constructor(
    readonly scaled: Matrix,
    readonly input: Matrix,
    private readonly opts: SpaceOptions,
  ) {}

  private pcaDecomposition: PcaDecomposition | undefined;

  /** The covariance decomposition of the input, computed once for every PCA space. */
  private decomposition(): PcaDecomposition {
    this.pcaDecomposition ??= pcaDecompose(this.input);
    return this.pcaDecomposition;
  }

  /** Seconds spent on all encodings so far. */
  totalSeconds(): number {
    let s = 0;
    for (const v of this.seconds.values()) s += v;
    return s;
  }

  /** True when space `name` has been computed already (so using it again costs nothing). */
  has(name: string): boolean {
    return this.cache.has(name);
  }

  /**
   * Starts computing space `name`: an autoencoder or UMAP on one of the pool's workers, any other
   * here. Resolves with the coordinates `get` will return, or undefined when the worker failed:
   * then `get` computes the space here and raises the error where its caller handles it.
   */
  prefetch(name: string, pool: ComputePool): Promise<Matrix | undefined> {
    const ready = this.cache.get(name) ?? this.fromStore(name);
    if (ready) return Promise.resolve(ready);
    const running = this.pending.get(name);
    if (running) return running;
    const job = name.startsWith('ae')
      ? pool.autoencoder(this.input, this.dims(name, 'ae'), this.opts.seed, this.opts.epochLimit)
      : name.startsWith('umap') && this.input.rows >= 3
        ? pool.umap(this.input, this.dims(name, 'umap'), umapNeighbours(this.input.rows), this.opts.seed)
        : undefined;
    // the others here, once the caller has handed out its worker jobs; an error rejects the promise
    if (!job) return Promise.resolve().then(() => this.get(name));
    const p = job.then(
      ({ m, seconds }) => {
        this.pending.delete(name);
        this.cache.set(name, m);
        this.seconds.set(name, seconds);
        this.onWorker.add(name);
        this.toStore(name, m);
        return m;
      },
      () => {
        this.pending.delete(name);
        return undefined;
      },
    );
    this.pending.set(name, p);
    return p;
  }

  /** The coordinates of every track in space `name` (rows follow the scaled matrix). */
  get(name: string): Matrix {
    const hit = this.cache.get(name) ?? this.fromStore(name);
    if (hit) return hit;
    if (this.pending.has(name)) throw new Error(`space '${name}' is still being computed on a worker: await prefetch() first`);
    const t0 = performance.now();
    const m = this.compute(name);
    this.seconds.set(name, (performance.now() - t0) / 1000);
    this.cache.set(name, m);
    this.toStore(name, m);
    return m;
  }

  /**
   * The store key of an autoencoder or UMAP space (the costly ones): its name and parameters, the
   * encoder code and the input matrix; undefined for the others, or without a store.
   */
  private storeKey(name: string): string | undefined {
    if (!this.opts.encodings || !(name.startsWith('ae') || name.startsWith('umap')) || this.input.rows < 3) return undefined;
    const code = encoderCodeHash();
    if (code === null) return undefined;
    if (this.inputHash === undefined) {
      const { rows, cols, data } = this.input;
      this.inputHash = createHash('sha256')
        .update(`${rows}x${cols}\0`)
        .update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
        .digest('hex')
        .slice(0, 32);
    }
    const dims = this.dims(name, name.startsWith('ae') ? 'ae' : 'umap');
    const params = name.startsWith('ae') ? `epochs=${this.opts.epochLimit}` : `neighbours=${umapNeighbours(this.input.rows)}`;
    return `${name};dims=${dims};seed=${this.opts.seed};${params};code=${code};input=${this.inputHash}`;
  }

  private fromStore(name: string): Matrix | undefined {
    const key = this.storeKey(name);
    const m = key === undefined ? undefined : this.opts.encodings!.getEncoding(key);
    if (!m || m.rows !== this.input.rows) return undefined;
    this.cache.set(name, m);
    this.seconds.set(name, 0);
    this.stored.add(name);
    return m;
  }

  private toStore(name: string, m: Matrix): void {
    const key = this.storeKey(name);
    if (key !== undefined) this.opts.encodings!.putEncoding(key, m);
  }

  /** The dimensions of space `name` (prefix + number), capped by the input's columns and rows. */
  private dims(name: string, prefix: string): number {
    const d = Number(name.slice(prefix.length));
    if (!Number.isInteger(d) || d < 1) throw new Error(`unknown space '${name}'`);
    return Math.min(d, this.input.cols, Math.max(1, this.input.rows - 1));
  }

  private compute(name: string): Matrix {
    if (name === 'full') return this.scaled;
    const dims = (prefix: string): number => this.dims(name, prefix);
    // a one-track library: no encoder can be fitted to one row; the track sits at the origin
    if (this.input.rows < 2) {
      const prefix = ['pca', 'ae', 'umap'].find((p) => name.startsWith(p));
      if (!prefix) throw new Error(`unknown space '${name}' (one of ${SPACES.join(', ')})`);
      return zeros(this.input.rows, name === 'pcafull' ? 1 : dims(prefix));
    }
    if (name === 'pcafull') {
      const r = pcaFromDecomposition(this.decomposition(), this.input, Math.min(this.input.cols, this.input.rows));
      this.explainedVarianceRatio.set(name, r.explainedVarianceRatio);
      return r.transformed;
    }
    if (name.startsWith('pca')) {
      // every PCA space is a slice of one decomposition of the covariance
      const r = pcaFromDecomposition(this.decomposition(), this.input, dims('pca'));
      this.explainedVarianceRatio.set(name, r.explainedVarianceRatio);
      return r.transformed;
    }
    if (name.startsWith('ae')) {
      const ae = trainAutoencoder(this.input, {
        bottleneck: dims('ae'),
        epochLimit: this.opts.epochLimit,
        seed: this.opts.seed,
      });
      return ae.embedding;
    }
    if (name.startsWith('umap')) {
      // UMAP needs a neighbour graph of at least 3 points; a 1- or 2-track library (the default
      // space is umap3) gets the PCA projection of the same size instead of an error
      if (this.input.rows < 3) return pcaFromDecomposition(this.decomposition(), this.input, dims('umap')).transformed;
      return umap(this.input, { nComponents: dims('umap'), seed: this.opts.seed, nNeighbors: umapNeighbours(this.input.rows) });
    }
    throw new Error(`unknown space '${name}' (one of ${SPACES.join(', ')})`);
  }
}
