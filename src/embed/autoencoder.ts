import type { Matrix } from '../util/matrix.js';
import { createRng } from '../util/rng.js';
import {
  type Activation,
  Adam,
  backwardInto,
  cloneNetwork,
  createNetwork,
  createWorkspace,
  type DenseNetwork,
  forwardInto,
  mseLoss,
  placeInWasm,
} from './dense-network.js';
import { assertFinite, EmbedError } from './scaler.js';

/** Options of the autoencoder; defaults are stated per field. */
export interface AutoencoderOptions {
  /** Width of the middle (code) layer: the embedding's dimension, e.g. 1, 2, 3 or 8. */
  bottleneck: number;
  /** Encoder hidden widths, outermost first; the decoder mirrors them. Default: those of [16, 8] below the input width and above the bottleneck. */
  hidden?: number[];
  /** Most epochs to train (default 2000). */
  epochLimit?: number;
  /** Rows per mini-batch (default 32). */
  batchSize?: number;
  /** Adam step size (default 1e-3). */
  learningRate?: number;
  /** Fraction of rows held out (seeded) for early stopping (default 0.1; none below 10 rows). */
  validationFraction?: number;
  /** Epochs without a validation improvement before stopping (default 100: with a few dozen held-out rows the validation loss is noisy, and 20 stopped an 8-D code before it had learned anything on the demo library). */
  patience?: number;
  /** Smallest decrease of the validation loss that counts as an improvement (default 0). */
  minDelta?: number;
  /** Seed of the weights, the split and the batch order. */
  seed: number;
  /** 'wasm' (default): train with the SIMD kernels when available; 'js': plain loops. Both give bit-identical results. */
  kernel?: 'wasm' | 'js';
}

/** Training record. */
export interface AutoencoderHistory {
  /** Mean squared reconstruction error on the training rows, per epoch (mean over its mini-batches, as Keras reports it). */
  trainLoss: number[];
  /** Mean squared reconstruction error on the held-out rows, per epoch (empty when none held out). */
  validationLoss: number[];
  /** Epoch (0-based) whose weights were kept. */
  bestEpoch: number;
  /** Epochs run. */
  epochs: number;
  stoppedEarly: boolean;
  /** Layer widths, input to output. */
  sizes: number[];
}

/** A trained autoencoder. */
export interface Autoencoder {
  /** Bottleneck activations (in (0, 1), sigmoid) for the rows of X. */
  encode(X: Matrix): Matrix;
  /** Reconstructions of the rows of X. */
  reconstruct(X: Matrix): Matrix;
  /** encode(Z) of the training matrix. */
  embedding: Matrix;
  history: AutoencoderHistory;
  network: DenseNetwork;
}

/** The default encoder hidden widths for an input width and bottleneck. */
export function defaultHidden(inputs: number, bottleneck: number): number[] {
  return [16, 8].filter((h) => h < inputs && h > bottleneck);
}

/**
 * Trains a symmetric dense autoencoder (sigmoid hidden and code layers, linear output, because
 * standardised features are unbounded z-scores a sigmoid could not reproduce) on the rows of Z
 * with MSE loss, Adam and mini-batches, stopping early on a seeded held-out split and keeping the
 * best weights. Deterministic: the same Z, options and seed give bit-identical embeddings.
 */
export function trainAutoencoder(Z: Matrix, opts: AutoencoderOptions): Autoencoder {
  const { rows: n, cols: d } = Z;
  const bottleneck = opts.bottleneck;
  if (!Number.isInteger(bottleneck) || bottleneck < 1) {
    throw new EmbedError(`autoencoder: bottleneck must be a positive integer, got ${bottleneck}`);
  }
  if (n < 2) throw new EmbedError(`autoencoder: needs at least 2 rows, got ${n}`);
  assertFinite(Z, 'autoencoder');
  const hidden = opts.hidden ?? defaultHidden(d, bottleneck);
  const sizes = [d, ...hidden, bottleneck, ...[...hidden].reverse(), d];
  const acts: Activation[] = sizes.slice(1).map((_, i) => (i === sizes.length - 2 ? 'linear' : 'sigmoid'));
  const codeLayer = hidden.length + 1;
  const epochLimit = opts.epochLimit ?? 2000;
  const batchSize = Math.max(1, Math.floor(opts.batchSize ?? 32));
  const patience = opts.patience ?? 100;
  const minDelta = opts.minDelta ?? 0;
  const rng = createRng(opts.seed);
  let net = createNetwork(sizes, acts, rng);

  const perm = Array.from({ length: n }, (_, i) => i);
  rng.shuffle(perm);
  const nVal = n >= 10 ? Math.max(1, Math.floor(n * (opts.validationFraction ?? 0.1))) : 0;
  const valIdx = perm.slice(0, nVal);
  const trainIdx = perm.slice(nVal);
  const gather = (idx: number[]): Float64Array => {
    const out = new Float64Array(idx.length * d);
    for (let k = 0; k < idx.length; k++) out.set(Z.data.subarray(idx[k]! * d, idx[k]! * d + d), k * d);
    return out;
  };
  const trainX = gather(trainIdx);
  // the network, its workspaces and the batch buffers in one WASM memory when possible
  const evalRows = Math.max(1, nVal);
  const placed = opts.kernel === 'js' ? null : placeInWasm(net, [batchSize, evalRows], [nVal * d, batchSize * d, batchSize * d]);
  if (placed) net = placed.net;
  const adam = new Adam(net, opts.learningRate ?? 1e-3);
  const ws = placed ? placed.workspaces[0]! : createWorkspace(net, batchSize);
  const evalWs = placed ? placed.workspaces[1]! : createWorkspace(net, evalRows);
  const valX = placed ? placed.extras[0]! : new Float64Array(nVal * d);
  valX.set(gather(valIdx));
  const gradBuf = placed ? placed.extras[1]! : new Float64Array(batchSize * d);
  const batch = placed ? placed.extras[2]! : new Float64Array(batchSize * d);
  const lossOn = (X: Float64Array, rows: number): number => {
    if (rows === 0) return Number.NaN;
    const out = forwardInto(net, evalWs, X, rows);
    return mseLoss(out, X, new Float64Array(out.length)).loss;
  };

  const history: AutoencoderHistory = {
    trainLoss: [],
    validationLoss: [],
    bestEpoch: 0,
    epochs: 0,
    stoppedEarly: false,
    sizes,
  };
  let best = Number.POSITIVE_INFINITY;
  let bestNet = cloneNetwork(net);
  let since = 0;
  const order = Array.from({ length: trainIdx.length }, (_, i) => i);
  for (let epoch = 0; epoch < epochLimit; epoch++) {
    rng.shuffle(order);
    let epochLoss = 0;
    for (let start = 0; start < order.length; start += batchSize) {
      const rows = Math.min(batchSize, order.length - start);
      for (let k = 0; k < rows; k++) {
        const r = order[start + k]!;
        batch.set(trainX.subarray(r * d, r * d + d), k * d);
      }
      const X = rows === batchSize ? batch : batch.subarray(0, rows * d);
      const out = forwardInto(net, ws, X, rows);
      const g = gradBuf.subarray(0, rows * d);
      // running mean over the epoch's batches, weighted by rows (as Keras reports the training loss)
      epochLoss += mseLoss(out, X, g).loss * rows;
      backwardInto(net, ws, g, rows);
      adam.step(net, ws.grads);
    }
    const trainLoss = epochLoss / order.length;
    history.trainLoss.push(trainLoss);
    history.epochs = epoch + 1;
    const monitored = nVal > 0 ? lossOn(valX, nVal) : trainLoss;
    if (nVal > 0) history.validationLoss.push(monitored);
    if (!Number.isFinite(monitored)) throw new EmbedError(`autoencoder: loss became ${monitored} at epoch ${epoch}`);
    if (monitored < best - minDelta) {
      best = monitored;
      bestNet = cloneNetwork(net);
      history.bestEpoch = epoch;
      since = 0;
    } else if (++since >= patience) {
      history.stoppedEarly = true;
      break;
    }
  }
  net = bestNet;

  const run = (X: Matrix, upTo: number, cols: number): Matrix => {
    if (X.cols !== d) throw new EmbedError(`autoencoder was trained on ${d} columns, got ${X.cols}`);
    const out = forwardInto(net, createWorkspace(net, X.rows), X.data, X.rows, upTo);
    return { rows: X.rows, cols, data: Float64Array.from(out) };
  };
  const encode = (X: Matrix): Matrix => run(X, codeLayer, bottleneck);
  return {
    encode,
    reconstruct: (X) => run(X, net.layers.length, d),
    embedding: encode(Z),
    history,
    network: net,
  };
}
