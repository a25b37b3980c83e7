import type { Rng } from '../util/rng.js';
import { type DenseExports, denseArena } from './dense-wasm.js';

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

/** Networks whose weights live in a WASM memory, with that memory's kernels. */
const resident = new WeakMap<DenseNetwork, DenseExports>();
/** Each resident network's scratch buffer for transposed weights. */
const scratch = new WeakMap<DenseNetwork, Float64Array>();
/** Each resident network's Adam moments (m and v per layer), in its memory. */
const adamMoments = new WeakMap<DenseNetwork, { m: LayerGrad[]; v: LayerGrad[] }>();

/** The kernels to use when every buffer is a view into their memory; undefined for the JavaScript loops. */
function kernelsFor(net: DenseNetwork, ...bufs: Float64Array[]): DenseExports | undefined {
  const k = resident.get(net);
  if (!k) return undefined;
  const mem = k.memory.buffer;
  return bufs.every((b) => b.buffer === mem) ? k : undefined;
}

/**
 * A copy of `net` whose weights, and the workspaces for the given batch sizes and the extra
 * buffers (float64 lengths), live in one fresh WASM memory, so that forwardInto and backwardInto
 * run the SIMD kernels on them in place (bit-identical to the JavaScript loops). Null when WASM is
 * unavailable; the caller then keeps using `net` with ordinary workspaces.
 */
export function placeInWasm(
  net: DenseNetwork,
  workspaceRows: readonly number[],
  extras: readonly number[],
): { net: DenseNetwork; workspaces: Workspace[]; extras: Float64Array[] } | null {
  const lengths: number[] = [];
  for (const l of net.layers) lengths.push(l.W.length, l.b.length);
  // scratch for a layer's weights transposed (denseBackward), then Adam's two moments
  lengths.push(Math.max(...net.layers.map((l) => l.W.length)));
  for (let q = 0; q < 2; q++) for (const l of net.layers) lengths.push(l.W.length, l.b.length);
  for (const rows of workspaceRows) {
    for (const l of net.layers) lengths.push(rows * l.outSize);
    for (const l of net.layers) lengths.push(rows * Math.max(l.inSize, l.outSize));
    for (const l of net.layers) lengths.push(l.W.length, l.b.length);
  }
  lengths.push(...extras);
  const arena = denseArena(lengths);
  if (!arena) return null;
  let v = 0;
  const next = (): Float64Array => arena.views[v++]!;
  const placed: DenseNetwork = {
    layers: net.layers.map((l) => {
      const W = next();
      const b = next();
      W.set(l.W);
      b.set(l.b);
      return { ...l, W, b };
    }),
  };
  scratch.set(placed, next());
  const moments = (): LayerGrad[] => net.layers.map(() => ({ W: next(), b: next() }));
  const m = moments();
  adamMoments.set(placed, { m, v: moments() });
  const workspaces = workspaceRows.map((rows) => {
    const acts = [new Float64Array(0), ...net.layers.map(() => next())];
    const deltas = net.layers.map(() => next());
    const grads = net.layers.map(() => ({ W: next(), b: next() }));
    return { rows, acts, deltas, grads };
  });
  const extraViews = extras.map(() => next());
  resident.set(placed, arena.kernels);
  return { net: placed, workspaces, extras: extraViews };
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
  const k = kernelsFor(net, X, ...ws.acts.slice(1, upTo + 1));
  for (let l = 0; l < upTo; l++) {
    const { inSize: m, outSize: o, W, b, activation } = net.layers[l]!;
    const out = ws.acts[l + 1]!;
    if (k) {
      k.denseForward(A.byteOffset, rows, m, o, W.byteOffset, b.byteOffset, out.byteOffset);
      // exp stays in JavaScript: the same Math.exp as the loops below
      if (activation === 'sigmoid') for (let i = 0, len = rows * o; i < len; i++) out[i] = 1 / (1 + Math.exp(-out[i]!));
      A = out;
      continue;
    }
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
  const k = kernelsFor(net, gradOut, ...ws.acts, ...ws.deltas);
  for (let l = L - 1; l >= 0; l--) {
    const { inSize: m, outSize: o, W, activation } = net.layers[l]!;
    const out = ws.acts[l + 1]!;
    const inp = ws.acts[l]!;
    const len = rows * o;
    if (k) {
      const g = ws.grads[l]!;
      if (activation === 'sigmoid') k.sigmoidDelta(dA.byteOffset, out.byteOffset, len);
      const dPrev = ws.deltas[l]!;
      const wantPrev = l > 0 || needInputGrad;
      k.denseBackward(
        inp.byteOffset,
        dA.byteOffset,
        rows,
        m,
        o,
        W.byteOffset,
        g.W.byteOffset,
        g.b.byteOffset,
        wantPrev ? dPrev.byteOffset : 0,
        scratch.get(net)!.byteOffset,
      );
      if (!wantPrev) return dPrev.subarray(0, 0);
      dA = dPrev;
      continue;
    }
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
  /** The SIMD update, when the network and its moments live in a WASM memory. */
  private readonly kernels: DenseExports | undefined;
  private t = 0;
  constructor(
    net: DenseNetwork,
    private readonly lr = 1e-3,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly eps = 1e-7,
  ) {
    const zerosLike = (l: DenseLayer): LayerGrad => ({ W: new Float64Array(l.W.length), b: new Float64Array(l.b.length) });
    const placed = adamMoments.get(net);
    this.m = placed?.m ?? net.layers.map(zerosLike);
    this.v = placed?.v ?? net.layers.map(zerosLike);
    this.kernels = placed ? resident.get(net) : undefined;
  }

  /** Applies one update step with the given gradients. */
  step(net: DenseNetwork, grads: LayerGrad[]): void {
    this.t++;
    const c1 = 1 - this.beta1 ** this.t;
    const c2 = 1 - this.beta2 ** this.t;
    const stepSize = this.lr / c1;
    const k = this.kernels;
    const update = (p: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array): void => {
      const mem = k?.memory.buffer;
      if (k && p.buffer === mem && g.buffer === mem && m.buffer === mem && v.buffer === mem) {
        k.adamStep(p.byteOffset, g.byteOffset, m.byteOffset, v.byteOffset, p.length, this.beta1, this.beta2, stepSize, c2, this.eps);
        return;
      }
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
