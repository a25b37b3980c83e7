import type { Rng } from '../util/rng.js';

/** Activation of a dense layer. */
export type Activation = 'sigmoid' | 'linear';

/** A fully connected layer: out = act(in · W + b), W stored row-major as inSize × outSize. */
export interface DenseLayer {
  inSize: number;
  outSize: number;
  activation: Activation;
  W: Float64Array;
  b: Float64Array;
}

/** A stack of dense layers trained on mean squared error. */
export interface DenseNetwork {
  layers: DenseLayer[];
}

/** A network of dense layers with the given sizes (sizes[0] inputs) and Glorot-uniform weights drawn from rng. */
export function createNetwork(sizes: number[], activations: Activation[], rng: Rng): DenseNetwork {
  if (activations.length !== sizes.length - 1) {
    throw new RangeError(`createNetwork: ${sizes.length - 1} layers need as many activations, got ${activations.length}`);
  }
  const layers: DenseLayer[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const inSize = sizes[l]!;
    const outSize = sizes[l + 1]!;
    const limit = Math.sqrt(6 / (inSize + outSize));
    const W = new Float64Array(inSize * outSize);
    for (let i = 0; i < W.length; i++) W[i] = (2 * rng.next() - 1) * limit;
    layers.push({ inSize, outSize, activation: activations[l]!, W, b: new Float64Array(outSize) });
  }
  return { layers };
}

/** Reusable buffers for one batch size: activations, deltas and gradients of every layer. */
export interface Workspace {
  rows: number;
  /** acts[l + 1] holds layer l's output (rows × outSize); acts[0] is set to the input by forwardInto. */
  acts: Float64Array[];
  deltas: Float64Array[];
  grads: LayerGrad[];
}

/** Buffers for batches of up to `rows` rows. */
export function createWorkspace(net: DenseNetwork, rows: number): Workspace {
  return {
    rows,
    acts: [new Float64Array(0), ...net.layers.map((l) => new Float64Array(rows * l.outSize))],
    deltas: net.layers.map((l) => new Float64Array(rows * Math.max(l.inSize, l.outSize))),
    grads: net.layers.map((l) => ({ W: new Float64Array(l.W.length), b: new Float64Array(l.b.length) })),
  };
}

/** Forward pass of `rows` rows of X through layers [0, upTo) into the workspace; returns the last output (a view). */
export function forwardInto(
  net: DenseNetwork,
  ws: Workspace,
  X: Float64Array,
  rows: number,
  upTo = net.layers.length,
): Float64Array {
  ws.acts[0] = X;
  let A = X;
  for (let l = 0; l < upTo; l++) {
    const { inSize: m, outSize: o, W, b, activation } = net.layers[l]!;
    const out = ws.acts[l + 1]!;
    for (let r = 0; r < rows; r++) {
      const ro = r * o;
      for (let j = 0; j < o; j++) out[ro + j] = b[j]!;
      const ri = r * m;
      for (let i = 0; i < m; i++) {
        const a = A[ri + i]!;
        const wi = i * o;
        for (let j = 0; j < o; j++) out[ro + j]! += a * W[wi + j]!;
      }
      if (activation === 'sigmoid') for (let j = 0; j < o; j++) out[ro + j] = 1 / (1 + Math.exp(-out[ro + j]!));
    }
    A = out;
  }
  return A.subarray(0, rows * (upTo === 0 ? net.layers[0]!.inSize : net.layers[upTo - 1]!.outSize));
}

/** Activations of every layer for a batch (acts[0] is the input, acts[L] the output), each rows × size. */
export function forward(net: DenseNetwork, X: Float64Array, rows: number, upTo = net.layers.length): Float64Array[] {
  const ws = createWorkspace(net, rows);
  forwardInto(net, ws, X, rows, upTo);
  return ws.acts.slice(0, upTo + 1).map((a, l) => (l === 0 ? a : a.subarray(0, rows * net.layers[l - 1]!.outSize)));
}

/** Mean squared error over all entries of a batch; writes its gradient with respect to the predictions into `grad` if given. */
export function mseLoss(pred: Float64Array, target: Float64Array, grad?: Float64Array): { loss: number; grad: Float64Array } {
  const n = pred.length;
  const g = grad ?? new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const e = pred[i]! - target[i]!;
    s += e * e;
    g[i] = (2 * e) / n;
  }
  return { loss: s / n, grad: g };
}

/** Gradients of one layer's weights and biases. */
export interface LayerGrad {
  W: Float64Array;
  b: Float64Array;
}

/**
 * Backpropagates dLoss/dOutput (`gradOut`, overwritten) through the network after forwardInto on the
 * same workspace; fills ws.grads and returns dLoss/dInput (a view into the workspace; empty unless
 * needInputGrad, which training does not need).
 */
export function backwardInto(
  net: DenseNetwork,
  ws: Workspace,
  gradOut: Float64Array,
  rows: number,
  needInputGrad = false,
): Float64Array {
  const L = net.layers.length;
  let dA = gradOut;
  for (let l = L - 1; l >= 0; l--) {
    const { inSize: m, outSize: o, W, activation } = net.layers[l]!;
    const out = ws.acts[l + 1]!;
    const inp = ws.acts[l]!;
    const len = rows * o;
    if (activation === 'sigmoid') {
      for (let i = 0; i < len; i++) {
        const a = out[i]!;
        dA[i] = dA[i]! * a * (1 - a);
      }
    }
    const delta = dA;
    const gW = ws.grads[l]!.W;
    const gb = ws.grads[l]!.b;
    gW.fill(0);
    gb.fill(0);
    const dPrev = ws.deltas[l]!;
    if (l === 0 && !needInputGrad) {
      // the input needs no gradient: weights and biases only
      for (let r = 0; r < rows; r++) {
        const ro = r * o;
        const ri = r * m;
        for (let j = 0; j < o; j++) gb[j]! += delta[ro + j]!;
        for (let i = 0; i < m; i++) {
          const a = inp[ri + i]!;
          const wi = i * o;
          for (let j = 0; j < o; j++) gW[wi + j]! += a * delta[ro + j]!;
        }
      }
      return dPrev.subarray(0, 0);
    }
    for (let r = 0; r < rows; r++) {
      const ro = r * o;
      const ri = r * m;
      for (let j = 0; j < o; j++) gb[j]! += delta[ro + j]!;
      for (let i = 0; i < m; i++) {
        const a = inp[ri + i]!;
        const wi = i * o;
        let s = 0;
        for (let j = 0; j < o; j++) {
          const dj = delta[ro + j]!;
          gW[wi + j]! += a * dj;
          s += W[wi + j]! * dj;
        }
        dPrev[ri + i] = s;
      }
    }
    dA = dPrev;
  }
  return dA.subarray(0, rows * net.layers[0]!.inSize);
}

/** Backpropagates dLoss/dOutput through the network; returns per-layer gradients (and dLoss/dInput). */
export function backward(
  net: DenseNetwork,
  acts: Float64Array[],
  gradOut: Float64Array,
  rows: number,
): { grads: LayerGrad[]; gradInput: Float64Array } {
  const ws = createWorkspace(net, rows);
  for (let l = 1; l < acts.length; l++) ws.acts[l]!.set(acts[l]!);
  ws.acts[0] = acts[0]!;
  const gradInput = Float64Array.from(backwardInto(net, ws, Float64Array.from(gradOut), rows, true));
  return { grads: ws.grads, gradInput };
}

/** Adam optimiser state (Kingma & Ba; Keras defaults β1 0.9, β2 0.999, ε 1e-7). */
export class Adam {
  private readonly m: LayerGrad[];
  private readonly v: LayerGrad[];
  private t = 0;
  constructor(
    net: DenseNetwork,
    private readonly lr = 1e-3,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly eps = 1e-7,
  ) {
    const zerosLike = (l: DenseLayer): LayerGrad => ({ W: new Float64Array(l.W.length), b: new Float64Array(l.b.length) });
    this.m = net.layers.map(zerosLike);
    this.v = net.layers.map(zerosLike);
  }

  /** Applies one update step with the given gradients. */
  step(net: DenseNetwork, grads: LayerGrad[]): void {
    this.t++;
    const c1 = 1 - this.beta1 ** this.t;
    const c2 = 1 - this.beta2 ** this.t;
    const stepSize = this.lr / c1;
    const update = (p: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array): void => {
      for (let i = 0; i < p.length; i++) {
        const gi = g[i]!;
        const mi = this.beta1 * m[i]! + (1 - this.beta1) * gi;
        const vi = this.beta2 * v[i]! + (1 - this.beta2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p[i]! -= (stepSize * mi) / (Math.sqrt(vi / c2) + this.eps);
      }
    };
    for (let l = 0; l < net.layers.length; l++) {
      const layer = net.layers[l]!;
      update(layer.W, grads[l]!.W, this.m[l]!.W, this.v[l]!.W);
      update(layer.b, grads[l]!.b, this.m[l]!.b, this.v[l]!.b);
    }
  }
}

/** A deep copy of the network's parameters. */
export function cloneNetwork(net: DenseNetwork): DenseNetwork {
  return { layers: net.layers.map((l) => ({ ...l, W: Float64Array.from(l.W), b: Float64Array.from(l.b) })) };
}
